import { z } from 'zod';

/**
 * An addr-spec without display name or comments: dot-atoms of letters (any
 * script), digits and the RFC 5322 atext symbols, then a dotted domain with a
 * letter TLD. Looser than zod's default (which refuses å/ä/ö and IDN domains)
 * but with no whitespace, control characters, quotes or angle brackets, so it
 * can never smuggle a header or a second recipient.
 */
const atom = String.raw`[\p{L}\p{N}!#$%&'*+/=?^_\x60{|}~-]+`;
const label = String.raw`[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?`;
const addressPattern = new RegExp(String.raw`^(?=[^@]{1,64}@)${atom}(?:\.${atom})*@(?:${label}\.)+\p{L}[\p{L}\p{N}-]{1,62}$`, 'u');

export const MailAddressSchema = z
  .string()
  .trim()
  .max(254, { error: 'not a valid e-mail address (too long)' })
  .regex(addressPattern, { error: 'not a valid e-mail address' });

export function isMailAddress(value: string): boolean {
  return MailAddressSchema.safeParse(value).success;
}

/** A From header: `addr` or `Display Name <addr>`. */
export const FromAddressSchema = z
  .string()
  .trim()
  .refine(
    (value) => {
      const named = /^([^<>\p{Cc}]*)<([^<>]+)>$/u.exec(value);
      return named ? isMailAddress(named[2] ?? '') : isMailAddress(value);
    },
    { error: 'not a valid sender address (use addr@example.org or "Name <addr@example.org>")' },
  );

/** The domain of a From value, for Message-IDs. */
export function fromDomain(from: string): string {
  const match = /@([^>\s]+)>?\s*$/.exec(from);
  return match?.[1] ?? 'lanedisk.invalid';
}
