import type { Database } from 'better-sqlite3';
import type { GuardianConsentInput } from '../../shared/door/consent';
import type { BorrowerDetail, StaffSession } from '../../shared/ipc/contract';
import type { OutboxEntry } from '../db/outbox';
import { run, sql } from '../db/sql';
import { borrowerToChange } from './access';
import { auditedBorrowerWrite } from './audited-write';
import { invalidField, type DeskContext, type DeskResult } from './context';

/*
 * A guardian's consent to a minor's use of the open-library door alone (SPEC 6, issue 13): recorded by desk staff
 * at registration or later, withdrawable. Stored here (guardian_consent, migration 0013) and pushed as
 * `borrower.door_consent {id, consent | null, staffId}`; the register keeps the history (who withdrew, when) and
 * the door learns a yes/no with the next feed refresh.
 */

const isMinor = (registerType: string) => registerType === 'minor' || registerType === 'minor-lma';

/** Stores (or, with null, removes) the consent and returns the outbox entry. Call inside withOutbox. */
export function writeDoorConsent(db: Database, borrowerId: string, consent: GuardianConsentInput | null, staffId: string, at: string): OutboxEntry {
  if (consent) {
    run(
      db,
      sql`INSERT INTO guardian_consent (borrower_id, guardian_name, relation, consented_at, recorded_by)
          VALUES (${borrowerId}, ${consent.guardianName}, ${consent.relation}, ${at}, ${staffId})
          ON CONFLICT (borrower_id) DO UPDATE SET guardian_name = excluded.guardian_name, relation = excluded.relation,
            consented_at = excluded.consented_at, recorded_by = excluded.recorded_by`,
    );
  } else {
    run(db, sql`DELETE FROM guardian_consent WHERE borrower_id = ${borrowerId}`);
  }
  return { kind: 'borrower.door_consent', payload: { id: borrowerId, consent, staffId } };
}

/** Desk staff record or withdraw (null) the guardian's door consent of a minor of their library; audited. */
export function setDoorConsent(ctx: DeskContext, s: StaffSession, borrowerId: string, consent: GuardianConsentInput | null): DeskResult<BorrowerDetail> {
  const found = borrowerToChange(ctx, s, borrowerId);
  if (!found.ok) return found;
  const row = found.value;
  if (consent && !isMinor(row.register_type)) return invalidField('doorConsent', 'door.consent.error.notMinor');
  return auditedBorrowerWrite(ctx, s, row.id, () => writeDoorConsent(ctx.db, row.id, consent, s.staffId, ctx.nowIso()), {
    action: consent ? 'borrower.door-consent' : 'borrower.door-consent-withdrawn',
    ...(consent ? { details: { relation: consent.relation } } : {}),
  });
}
