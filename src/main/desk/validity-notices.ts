import type { Database } from 'better-sqlite3';
import type { Language } from '../../shared/ipc/contract';
import { all, sql } from '../db/sql';
import { MailValidationError } from '../mail/errors';
import { enqueueMail } from '../mail/outbox';
import type { Logger } from '../log';
import { withheldEmailDomain } from '../../shared/sync/withheld';

/** SPEC 2 (MTM handbook): a notice goes out 2 weeks before an account's validity ends. */
export const VALIDITY_NOTICE_DAYS = 14;

interface Due {
  id: string;
  first_name: string;
  last_name: string;
  email: string;
  valid_until: string;
  library_name: string | null;
}

/** Protected identities belong to no library (SPEC 2): their notice names the library in general. */
const anyLibrary: Record<Language, string> = { sv: 'biblioteket', da: 'biblioteket', en: 'the library' };

function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Queues the "your account expires on …" mail for every borrower whose validity ends within the next
 * 14 days (and has not ended), once per borrower and validity date: the mail's idempotency key is
 * `validity-expiring:<borrower>:<valid until>`, so re-runs and restarts send nothing twice, and an
 * extended validity gets its own notice later. Each mail in its own transaction; one that cannot be
 * rendered (a bad stored e-mail) is logged by borrower id and skipped. `libraryId` limits it to one
 * library's borrowers (the terminal's, when several terminals could send).
 */
export function queueValidityNotices(db: Database, options: { now: Date; language: Language; libraryId?: string | null; log: Logger }): { queued: number; skipped: number } {
  const today = options.now.toISOString().slice(0, 10);
  const until = addDays(today, VALIDITY_NOTICE_DAYS);
  const library = options.libraryId ? sql`AND (b.library_id = ${options.libraryId} OR b.library_id IN (SELECT id FROM library WHERE parent_id = ${options.libraryId}))` : sql``;
  const due = all<Due>(
    db,
    sql`SELECT b.id, b.first_name, b.last_name, b.email, b.valid_until, coalesce(p.name, l.name) AS library_name
        FROM borrower b
        LEFT JOIN library l ON l.id = b.library_id
        LEFT JOIN library p ON p.id = l.parent_id
        WHERE b.valid_until IS NOT NULL AND b.valid_until >= ${today} AND b.valid_until <= ${until} ${library}
          -- No e-mail (optional at Danish libraries): no notice; the borrower page says so (desk.borrower.noEmailMail).
          AND b.email IS NOT NULL AND b.email NOT LIKE ${`%@${withheldEmailDomain}`}
          AND b.processing_restricted = 0
          AND NOT EXISTS (SELECT 1 FROM mail_outbox m WHERE m.idempotency_key = 'validity-expiring:' || b.id || ':' || b.valid_until)
        ORDER BY b.valid_until, b.id`,
  );
  let queued = 0;
  let skipped = 0;
  for (const b of due) {
    try {
      db.transaction(() => {
        const result = enqueueMail(
          db,
          {
            template: 'validity-expiring',
            to: b.email,
            language: options.language,
            borrowerId: b.id,
            idempotencyKey: `validity-expiring:${b.id}:${b.valid_until}`,
            params: { name: `${b.first_name} ${b.last_name}`.trim(), validUntil: b.valid_until, libraryName: b.library_name ?? anyLibrary[options.language] },
          },
          options.now,
        );
        if (!result.duplicate) queued++;
      })();
    } catch (error) {
      if (!(error instanceof MailValidationError)) throw error;
      skipped++;
      options.log.warn({ borrowerId: b.id, err: error.message }, 'validity notice not queued: the stored address or fields do not make a valid mail');
    }
  }
  return { queued, skipped };
}
