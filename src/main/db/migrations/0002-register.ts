import type { Migration } from './types';

/** The borrower register cache (SPEC section 2): libraries, staff, borrowers, cards, groups, transfers, audit. */
export const m0002Register: Migration = {
  version: 2,
  name: 'register',
  up(db) {
    db.exec(`
      -- A library, or a branch when parent_id is set.
      CREATE TABLE library (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        parent_id TEXT REFERENCES library (id),
        country TEXT NOT NULL CHECK (country IN ('SE', 'DK', 'NO')),
        municipality TEXT NOT NULL DEFAULT ''
      ) STRICT;
      CREATE INDEX library_parent ON library (parent_id);

      CREATE TABLE staff (
        id TEXT PRIMARY KEY,
        library_id TEXT NOT NULL REFERENCES library (id),
        email TEXT NOT NULL COLLATE NOCASE UNIQUE,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('registrar', 'technician', 'admin')),
        password_hash TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE user_group (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        published INTEGER NOT NULL DEFAULT 1 CHECK (published IN (0, 1))
      ) STRICT;

      CREATE TABLE borrower (
        id TEXT PRIMARY KEY,
        -- NULL for a protected identity: the account belongs to no library.
        library_id TEXT REFERENCES library (id),
        branch_id TEXT REFERENCES library (id),
        register_type TEXT NOT NULL CHECK (register_type IN ('adult', 'minor', 'adult-lma', 'minor-lma')),
        identity_kind TEXT NOT NULL,
        identity_number TEXT NOT NULL UNIQUE,
        birth_date TEXT,
        first_name TEXT NOT NULL,
        last_name TEXT NOT NULL,
        email TEXT NOT NULL COLLATE NOCASE UNIQUE,
        valid_until TEXT,
        guardian_name TEXT,
        guardian_birth_date TEXT,
        protected INTEGER NOT NULL DEFAULT 0 CHECK (protected IN (0, 1)),
        blocked INTEGER NOT NULL DEFAULT 0 CHECK (blocked IN (0, 1)),
        password_hash TEXT,
        agreement_accepted_at TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        last_login_at TEXT,
        last_activity_at TEXT,
        version INTEGER NOT NULL DEFAULT 1,
        CHECK (protected = 0 OR (library_id IS NULL AND branch_id IS NULL)),
        CHECK (register_type NOT IN ('minor', 'minor-lma') OR (guardian_name IS NOT NULL AND guardian_birth_date IS NOT NULL))
      ) STRICT;
      CREATE INDEX borrower_library ON borrower (library_id, last_name, first_name);

      CREATE TABLE borrower_group (
        borrower_id TEXT NOT NULL REFERENCES borrower (id) ON DELETE CASCADE,
        group_code TEXT NOT NULL REFERENCES user_group (code),
        PRIMARY KEY (borrower_id, group_code)
      ) STRICT;

      CREATE TABLE card (
        number TEXT PRIMARY KEY,
        borrower_id TEXT NOT NULL REFERENCES borrower (id) ON DELETE CASCADE,
        added_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX card_borrower ON card (borrower_id);

      CREATE TABLE transfer_request (
        id TEXT PRIMARY KEY,
        borrower_id TEXT NOT NULL REFERENCES borrower (id) ON DELETE CASCADE,
        from_library_id TEXT NOT NULL REFERENCES library (id),
        to_library_id TEXT NOT NULL REFERENCES library (id),
        requested_by TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
        created_at TEXT NOT NULL,
        decided_at TEXT,
        decided_by TEXT,
        CHECK (from_library_id <> to_library_id)
      ) STRICT;
      CREATE INDEX transfer_incoming ON transfer_request (to_library_id, status);
      -- At most one open request per borrower.
      CREATE UNIQUE INDEX transfer_one_pending ON transfer_request (borrower_id) WHERE status = 'pending';

      -- Who viewed or changed what, when (kept; SPEC section 3). No identity numbers in details.
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        staff_id TEXT,
        library_id TEXT,
        action TEXT NOT NULL,
        subject_type TEXT NOT NULL,
        subject_id TEXT,
        details TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details))
      ) STRICT;
      CREATE INDEX audit_subject ON audit_log (subject_type, subject_id);
      CREATE INDEX audit_staff ON audit_log (staff_id, at);

      -- Name and e-mail search; identity and card numbers use their unique indexes.
      CREATE VIRTUAL TABLE borrower_fts USING fts5(
        first_name, last_name, email,
        content = 'borrower', content_rowid = 'rowid',
        tokenize = "unicode61 remove_diacritics 2",
        -- Prefix indexes: search-as-you-type queries are prefixes of 2-4 characters and more.
        prefix = '2 3 4'
      );
      CREATE TRIGGER borrower_fts_insert AFTER INSERT ON borrower BEGIN
        INSERT INTO borrower_fts (rowid, first_name, last_name, email) VALUES (new.rowid, new.first_name, new.last_name, new.email);
      END;
      CREATE TRIGGER borrower_fts_delete AFTER DELETE ON borrower BEGIN
        INSERT INTO borrower_fts (borrower_fts, rowid, first_name, last_name, email) VALUES ('delete', old.rowid, old.first_name, old.last_name, old.email);
      END;
      CREATE TRIGGER borrower_fts_update AFTER UPDATE OF first_name, last_name, email ON borrower BEGIN
        INSERT INTO borrower_fts (borrower_fts, rowid, first_name, last_name, email) VALUES ('delete', old.rowid, old.first_name, old.last_name, old.email);
        INSERT INTO borrower_fts (rowid, first_name, last_name, email) VALUES (new.rowid, new.first_name, new.last_name, new.email);
      END;
    `);
  },
};
