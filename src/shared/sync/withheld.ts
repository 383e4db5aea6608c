/**
 * The e-mail domain of a protected identity's row on a library's terminals, which the register sends
 * without name, guardian and e-mail (src/server/sync/protected-fields.ts). Reserved (RFC 2606): nothing
 * can be delivered there, and terminals send nothing to it (src/main/desk/validity-notices.ts).
 */
export const withheldEmailDomain = 'withheld.invalid';
