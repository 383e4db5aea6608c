import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { all, get, run, sql } from '../db/sql';
import { MailAddressSchema } from './address';
import { MailValidationError } from './errors';
import {
  isSecretTemplate,
  mailLanguages,
  mailTemplateIds,
  renderMail,
  type MailLanguage,
  type MailParams,
  type MailTemplateId,
} from './templates';

/** SPEC 3: message content is deleted 30 days after sending; only the fact that it was sent stays. */
export const MAIL_CONTENT_RETENTION_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

interface NewMailOf<T extends MailTemplateId> {
  template: T;
  to: string;
  language: MailLanguage;
  params: MailParams<T>;
  /**
   * Makes the enqueue idempotent: a second enqueue with the same key is a no-op
   * (the first mail wins). Defaults to a fresh UUID. Must not contain personal
   * data (it is kept after the content is purged), e.g. `registration:<borrowerId>`.
   */
  idempotencyKey?: string;
  /** Opaque borrower id, kept after the content is purged as the record that a message was sent. */
  borrowerId?: string;
}

/** A mail to enqueue; `params` is typed by `template`. */
export type NewMail = { [T in MailTemplateId]: NewMailOf<T> }[MailTemplateId];

const EnvelopeSchema = z.object({
  template: z.enum(mailTemplateIds, { error: 'unknown mail template' }),
  to: MailAddressSchema,
  language: z.enum(mailLanguages),
  idempotencyKey: z.string().min(1).max(200).optional(),
  borrowerId: z.string().min(1).max(200).optional(),
  params: z.record(z.string(), z.unknown()),
});

export interface EnqueuedMail {
  id: number;
  /** True when a mail with this idempotency key already existed; nothing new was written. */
  duplicate: boolean;
}

/**
 * Validates, renders and stores a mail to be sent by the mail sender.
 *
 * Call it INSIDE the transaction that makes the change the mail is about
 * (e.g. the borrower registration): it opens no transaction of its own, so the
 * mail is stored if and only if the change commits. It refuses to run outside
 * a transaction. Subject and body are rendered now, so what is sent is what
 * was decided here. Throws MailValidationError (nothing written) on a bad
 * address, template, language or params; let it roll the transaction back.
 */
export function enqueueMail(db: Database, mail: NewMail, now: Date): EnqueuedMail {
  if (!db.inTransaction) throw new Error('enqueueMail must be called inside the transaction of the change it belongs to');
  const envelope = EnvelopeSchema.safeParse(mail);
  if (!envelope.success) throw MailValidationError.fromZod(envelope.error);
  const { template, to, language, borrowerId } = envelope.data;
  const rendered = renderMail(template, language, envelope.data.params as MailParams<typeof template>);
  const key = envelope.data.idempotencyKey ?? randomUUID();
  const at = now.toISOString();

  const inserted = get<{ id: number }>(
    db,
    sql`INSERT INTO mail_outbox
          (idempotency_key, borrower_id, recipient, language, template_id, params, subject, body, created_at, next_attempt_at)
        VALUES (${key}, ${borrowerId ?? null}, ${to}, ${language}, ${template}, ${JSON.stringify(rendered.params)},
                ${rendered.subject}, ${rendered.body}, ${at}, ${at})
        ON CONFLICT (idempotency_key) DO NOTHING
        RETURNING id`,
  );
  if (inserted) return { id: inserted.id, duplicate: false };
  const existing = get<{ id: number }>(db, sql`SELECT id FROM mail_outbox WHERE idempotency_key = ${key}`);
  if (!existing) throw new Error('mail_outbox insert neither inserted nor found a duplicate');
  return { id: existing.id, duplicate: true };
}

/** A row the sender works on. */
export interface DueMail {
  id: number;
  idempotencyKey: string;
  templateId: string;
  recipient: string;
  subject: string;
  body: string;
  attempts: number;
}

/** Pending mails whose time has come, oldest due first. */
export function dueMails(db: Database, now: Date, limit: number): DueMail[] {
  return all<DueMail>(
    db,
    sql`SELECT id, idempotency_key AS idempotencyKey, template_id AS templateId, recipient, subject, body, attempts
        FROM mail_outbox
        WHERE state = 'pending' AND next_attempt_at <= ${now.toISOString()}
        ORDER BY next_attempt_at, id
        LIMIT ${limit}`,
  );
}

const secureDeleteModes = ['OFF', 'ON', 'FAST'] as const;

/**
 * Runs an UPDATE that blanks content with SQLite's secure_delete on, so the
 * old bytes are zeroed in the page instead of lingering in free space, then
 * (outside a caller's transaction) checkpoints and truncates the WAL, which
 * still holds the old page images. Without this a "blanked" password would
 * stay readable in the database file.
 */
function scrubbing(db: Database, blank: () => void): void {
  const previous = db.pragma('secure_delete', { simple: true }) as number;
  db.pragma('secure_delete = ON');
  try {
    blank();
  } finally {
    db.pragma(`secure_delete = ${secureDeleteModes[previous] ?? 'OFF'}`);
  }
  // Best effort: with readers active the WAL is truncated at a later checkpoint.
  if (!db.inTransaction && !db.memory) db.pragma('wal_checkpoint(TRUNCATE)');
}

/** The SMTP server accepted the mail. A secret mail (login details) loses its body and params right away. */
export function markMailSent(db: Database, id: number, templateId: string, now: Date): void {
  const secret = isSecretTemplate(templateId);
  const update = () =>
    run(
      db,
      sql`UPDATE mail_outbox
          SET state = 'sent', sent_at = ${now.toISOString()}, attempts = attempts + 1, last_error = NULL,
              body = CASE WHEN ${secret ? 1 : 0} THEN NULL ELSE body END,
              params = CASE WHEN ${secret ? 1 : 0} THEN NULL ELSE params END
          WHERE id = ${id} AND state = 'pending'`,
    );
  if (secret) scrubbing(db, update);
  else update();
}

/** Temporary failure: try again at `nextAttemptAt`. */
export function markMailRetry(db: Database, id: number, error: string, nextAttemptAt: Date): void {
  run(
    db,
    sql`UPDATE mail_outbox
        SET attempts = attempts + 1, last_error = ${error}, next_attempt_at = ${nextAttemptAt.toISOString()}
        WHERE id = ${id} AND state = 'pending'`,
  );
}

/**
 * Permanent failure (e.g. the recipient was rejected): shown to staff by
 * listMailProblems. A secret mail's password is blanked: it can never be
 * delivered, and the borrower gets a new password instead.
 */
export function markMailFailed(db: Database, id: number, templateId: string, error: string, now: Date): void {
  const secret = isSecretTemplate(templateId);
  const update = () =>
    run(
      db,
      sql`UPDATE mail_outbox
          SET state = 'failed', failed_at = ${now.toISOString()}, attempts = attempts + 1, last_error = ${error},
              body = CASE WHEN ${secret ? 1 : 0} THEN NULL ELSE body END,
              params = CASE WHEN ${secret ? 1 : 0} THEN NULL ELSE params END
          WHERE id = ${id} AND state = 'pending'`,
    );
  if (secret) scrubbing(db, update);
  else update();
}

export interface MailProblem {
  id: number;
  /** 'failed': given up for good; 'retrying': still pending after failed attempts (e.g. the mail server is down). */
  problem: 'failed' | 'retrying';
  templateId: MailTemplateId;
  /** NULL once the content has been purged. */
  recipient: string | null;
  subject: string | null;
  borrowerId: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  /** When it failed for good, or when the next attempt is due. */
  at: string;
}

/**
 * Mails staff should know about: permanently failed ones (newest first), then
 * pending ones that have failed at least once. Never includes bodies.
 */
export function listMailProblems(db: Database, limit = 200): MailProblem[] {
  return all<MailProblem>(
    db,
    sql`SELECT id, problem, templateId, recipient, subject, borrowerId, attempts, lastError, createdAt, at FROM (
          SELECT id, 'failed' AS problem, template_id AS templateId, recipient, subject, borrower_id AS borrowerId,
                 attempts, last_error AS lastError, created_at AS createdAt, failed_at AS at, 0 AS rank
          FROM mail_outbox WHERE state = 'failed'
          UNION ALL
          SELECT id, 'retrying', template_id, recipient, subject, borrower_id,
                 attempts, last_error, created_at, next_attempt_at, 1
          FROM mail_outbox WHERE state = 'pending' AND attempts > 0
        )
        ORDER BY rank, at DESC, id DESC
        LIMIT ${limit}`,
  );
}

export function pendingMailCount(db: Database): number {
  return get<{ n: number }>(db, sql`SELECT count(*) AS n FROM mail_outbox WHERE state = 'pending'`)?.n ?? 0;
}

/**
 * Retention (SPEC 3): for mails sent, or given up, more than 30 days before
 * `now`, deletes the content — recipient, subject, body, params and the last
 * error (which may quote the address) — keeping template id, sent_at and the
 * borrower reference as the record that a message was sent. Idempotent; run
 * it daily. Returns how many rows were blanked.
 */
export function purgeMailContent(db: Database, now: Date): number {
  const cutoff = new Date(now.getTime() - MAIL_CONTENT_RETENTION_DAYS * DAY_MS).toISOString();
  let changes = 0;
  scrubbing(db, () => {
    changes = run(
      db,
      sql`UPDATE mail_outbox
          SET recipient = NULL, subject = NULL, body = NULL, params = NULL, last_error = NULL
          WHERE ((state = 'sent' AND sent_at < ${cutoff}) OR (state = 'failed' AND failed_at < ${cutoff}))
            AND (recipient IS NOT NULL OR subject IS NOT NULL OR body IS NOT NULL OR params IS NOT NULL OR last_error IS NOT NULL)`,
    ).changes;
  });
  return changes;
}
