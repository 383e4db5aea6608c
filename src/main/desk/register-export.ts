import type { StaffSession } from '../../shared/ipc/contract';
import type { MessageKey } from '../../shared/i18n/resources';
import { ok, refuse } from '../../shared/result';
import type { DeskSubjectExportRequest, DeskSubjectExportResponse } from '../../shared/sync/protocol';
import { borrowerFor, mayAskRegisterExport } from './access';
import { actor, type DeskContext, type DeskResult } from './context';

/** Why the register said no, or could not be asked (app/features/desk-register.ts reads its errors). */
export type RegisterExportRefusal = 'offline' | 'wrong-password' | 'locked' | 'not-administrator' | 'not-your-borrower';
export type RegisterExportAnswer = { ok: true; data: DeskSubjectExportResponse } | { ok: false; refusal: RegisterExportRefusal; retryAfterMs?: number };
/** Asks the register (POST /sync/subject-export over the terminal's authenticated channel). */
export type RegisterExporter = (request: DeskSubjectExportRequest) => Promise<RegisterExportAnswer>;

const words: Record<RegisterExportRefusal, MessageKey> = {
  offline: 'desk.registerExport.offline',
  'wrong-password': 'desk.registerExport.wrongPassword',
  locked: 'desk.registerExport.locked',
  'not-administrator': 'desk.registerExport.notAdministrator',
  'not-your-borrower': 'desk.registerExport.notYourBorrower',
};

/**
 * Everything the central register holds on the borrower (GDPR art. 15, all libraries), for an administrator of the
 * library who types their password again: the register checks it against its own hash, the role and the library
 * (src/server/routes/desk-subject-export.ts), since it cannot take this terminal's word for who is signed in.
 * Refusals in the terminal's words; an unreachable register is the offline message. Audited here too.
 */
export async function exportFromRegister(
  ctx: DeskContext,
  s: StaffSession,
  id: string,
  password: string,
  exporter: RegisterExporter | undefined,
): Promise<DeskResult<{ json: string; fileName: string }>> {
  const found = borrowerFor(ctx, s, id);
  if (!found.ok) return found;
  const row = found.value;
  // Where the register would refuse (another library's borrower who never moved away from here, a protected identity),
  // the desk does not ask: the same words as the register's refusal, audited the same way.
  const ask = async (): Promise<RegisterExportAnswer> => {
    if (!mayAskRegisterExport(ctx.db, s, row)) return { ok: false, refusal: 'not-your-borrower' };
    return exporter ? exporter({ staffId: s.staffId, password, borrowerId: row.id }) : { ok: false, refusal: 'offline' };
  };
  const answer = await ask();
  if (!answer.ok) {
    ctx.audit({ ...actor(s), action: 'borrower.register-export-refused', subjectType: 'borrower', subjectId: row.id, details: { reason: answer.refusal } });
    const minutes = Math.max(1, Math.ceil((answer.retryAfterMs ?? 60_000) / 60_000));
    return refuse(answer.refusal === 'not-your-borrower' ? 'not-found' : answer.refusal === 'offline' ? 'unavailable' : 'forbidden', words[answer.refusal], answer.refusal === 'locked' ? { minutes } : undefined);
  }
  ctx.audit({ ...actor(s), action: 'borrower.register-export', subjectType: 'borrower', subjectId: row.id });
  return ok({ json: JSON.stringify(answer.data, null, 2), fileName: `borrower-${row.id}-register-${ctx.today()}` });
}
