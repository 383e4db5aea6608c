import type { Migration } from './types';

/**
 * The mail outbox (src/main/mail). Stands alone: no foreign keys, so it does
 * not depend on the borrower tables and survives a borrower's erasure.
 */
export const m0003Mail: Migration = {
  version: 3,
  name: 'mail',
  up(db) {
    db.exec(`
      -- One row per mail decided inside a local transaction (enqueueMail).
      -- Subject and body are rendered at enqueue time, so what is sent is exactly
      -- what was decided. Content columns are NULL once blanked: secret mails
      -- (login details) lose body and params as soon as they are sent or given up,
      -- and purgeMailContent() keeps only template_id, sent_at and borrower_id
      -- 30 days after sending (SPEC 3).
      CREATE TABLE mail_outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        idempotency_key TEXT NOT NULL UNIQUE,
        -- Borrower reference for "a message was sent"; no FK so erasing the borrower keeps the fact.
        borrower_id TEXT,
        recipient TEXT,
        language TEXT NOT NULL CHECK (language IN ('sv', 'da', 'en')),
        template_id TEXT NOT NULL,
        params TEXT CHECK (params IS NULL OR json_valid(params)),
        subject TEXT,
        body TEXT,
        created_at TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at TEXT NOT NULL,
        last_error TEXT,
        sent_at TEXT,
        failed_at TEXT,
        CHECK ((state = 'sent') = (sent_at IS NOT NULL)),
        CHECK ((state = 'failed') = (failed_at IS NOT NULL)),
        -- A mail still to be sent has all it needs.
        CHECK (state <> 'pending' OR (recipient IS NOT NULL AND subject IS NOT NULL AND body IS NOT NULL))
      ) STRICT;
      CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at, id) WHERE state = 'pending';
      CREATE INDEX mail_outbox_sent ON mail_outbox (sent_at) WHERE state = 'sent';
      CREATE INDEX mail_outbox_failed ON mail_outbox (failed_at) WHERE state = 'failed';
    `);
  },
};
