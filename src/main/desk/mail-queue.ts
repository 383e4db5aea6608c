import type { Database } from 'better-sqlite3';
import type { NewMail } from '../mail/outbox';

/**
 * A mail as the desk writes it; the language is the terminal's, added when it is queued. `to` is null for a
 * borrower without e-mail (optional at Danish libraries): nothing is sent and the audit says why.
 */
export type DeskMail = NewMail extends infer M ? (M extends unknown ? Omit<M, 'language' | 'to'> & { to: string | null } : never) : never;

/** Puts a mail in the mail outbox; called inside the transaction of the change that causes it. */
export interface MailQueue {
  enqueue(db: Database, mail: NewMail, now: Date): void;
}
