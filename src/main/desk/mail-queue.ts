import type { Database } from 'better-sqlite3';
import type { NewMail } from '../mail/outbox';

/** A mail as the desk writes it; the language is the terminal's, added when it is queued. */
export type DeskMail = NewMail extends infer M ? (M extends unknown ? Omit<M, 'language'> : never) : never;

/** Puts a mail in the mail outbox; called inside the transaction of the change that causes it. */
export interface MailQueue {
  enqueue(db: Database, mail: NewMail, now: Date): void;
}
