import { sql } from '../sql';
import type { RegisterMigration } from './types';

/** Lock key of the change log (see changes.ts): every register write transaction holds it until commit. */
export const changeLogLockKey = 7_313_001;

/**
 * The central register: the same borrower columns as the terminals' SQLite cache
 * (src/main/db/migrations/0002-register.ts) so rows travel unchanged, plus what only the
 * register has: terminals and enrolment, idempotent push results, the change log, audit.
 * Times are ISO-8601 text from the server's clock, like the terminals'.
 */
export const m0001Register: RegisterMigration = {
  version: 1,
  name: 'register',
  async up(tx, { now, randomKey }) {
    await tx.exec(`
      -- One row. The epoch is new with every database: a terminal seeing another epoch knows the
      -- register was restored or replaced and resyncs from scratch (keeping its unsynced outbox).
      CREATE TABLE register_meta (
        id integer PRIMARY KEY CHECK (id = 1),
        epoch uuid NOT NULL DEFAULT gen_random_uuid(),
        -- Key of the door kiosks' identity hashes (door.ts); rotating it means recomputing them.
        door_hash_key text NOT NULL,
        created_at text NOT NULL
      );

      CREATE TABLE library (
        id text PRIMARY KEY,
        name text NOT NULL,
        country text NOT NULL CHECK (country IN ('SE', 'DK', 'NO')),
        municipality text NOT NULL DEFAULT '',
        updated_at text NOT NULL
      );

      -- A branch belongs to one library. Terminals keep libraries and branches in one table
      -- (parent_id), so branch ids and library ids must not collide (checked by the admin API).
      CREATE TABLE branch (
        id text PRIMARY KEY,
        library_id text NOT NULL REFERENCES library (id),
        name text NOT NULL,
        municipality text NOT NULL DEFAULT '',
        updated_at text NOT NULL,
        UNIQUE (id, library_id)
      );

      CREATE TABLE user_group (
        code text PRIMARY KEY,
        name text NOT NULL,
        published integer NOT NULL DEFAULT 1 CHECK (published IN (0, 1)),
        updated_at text NOT NULL
      );

      CREATE TABLE staff (
        id text PRIMARY KEY,
        library_id text NOT NULL REFERENCES library (id),
        email text NOT NULL,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('registrar', 'technician', 'admin')),
        password_hash text NOT NULL,
        active integer NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at text NOT NULL,
        updated_at text NOT NULL
      );
      CREATE UNIQUE INDEX staff_email ON staff (lower(email));

      CREATE TABLE borrower (
        id text PRIMARY KEY,
        library_id text REFERENCES library (id),
        branch_id text,
        register_type text NOT NULL CHECK (register_type IN ('adult', 'minor', 'adult-lma', 'minor-lma')),
        identity_kind text NOT NULL,
        identity_number text NOT NULL,
        birth_date text,
        first_name text NOT NULL,
        last_name text NOT NULL,
        email text NOT NULL,
        valid_until text,
        guardian_name text,
        guardian_birth_date text,
        protected integer NOT NULL DEFAULT 0 CHECK (protected IN (0, 1)),
        blocked integer NOT NULL DEFAULT 0 CHECK (blocked IN (0, 1)),
        password_hash text,
        agreement_accepted_at text NOT NULL,
        created_at text NOT NULL,
        created_by text NOT NULL,
        updated_at text NOT NULL,
        last_login_at text,
        last_activity_at text,
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT borrower_identity_number_key UNIQUE (identity_number),
        CONSTRAINT borrower_branch_fkey FOREIGN KEY (branch_id, library_id) REFERENCES branch (id, library_id),
        CHECK (protected = 0 OR (library_id IS NULL AND branch_id IS NULL)),
        CHECK (register_type NOT IN ('minor', 'minor-lma') OR (guardian_name IS NOT NULL AND guardian_birth_date IS NOT NULL))
      );
      CREATE UNIQUE INDEX borrower_email_key ON borrower (lower(email));
      CREATE INDEX borrower_library ON borrower (library_id);

      CREATE TABLE borrower_group (
        borrower_id text NOT NULL REFERENCES borrower (id) ON DELETE CASCADE,
        group_code text NOT NULL REFERENCES user_group (code),
        PRIMARY KEY (borrower_id, group_code)
      );

      CREATE TABLE card (
        number text PRIMARY KEY,
        borrower_id text NOT NULL REFERENCES borrower (id) ON DELETE CASCADE,
        added_at text NOT NULL
      );
      CREATE INDEX card_borrower ON card (borrower_id);

      CREATE TABLE transfer_request (
        id text PRIMARY KEY,
        borrower_id text NOT NULL REFERENCES borrower (id) ON DELETE CASCADE,
        from_library_id text NOT NULL REFERENCES library (id),
        to_library_id text NOT NULL REFERENCES library (id),
        requested_by text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
        created_at text NOT NULL,
        decided_at text,
        decided_by text,
        CHECK (from_library_id <> to_library_id)
      );
      CREATE INDEX transfer_borrower ON transfer_request (borrower_id);
      CREATE UNIQUE INDEX transfer_one_pending ON transfer_request (borrower_id) WHERE status = 'pending';

      -- A duplicate offline registration (same identity number, another id) merged into the
      -- borrower that was there first. Later changes naming the alias go to the survivor.
      CREATE TABLE borrower_alias (
        alias_id text PRIMARY KEY,
        survivor_id text NOT NULL,
        created_at text NOT NULL
      );

      -- Erased borrower ids (id only): erasure is final, a late create or edit of one is refused.
      CREATE TABLE erasure (
        borrower_id text PRIMARY KEY,
        erased_at text NOT NULL,
        terminal_id uuid
      );

      -- Field conflicts and merges the register resolved, for staff to review (pulled by terminals).
      CREATE TABLE conflict_note (
        id uuid PRIMARY KEY,
        borrower_id text NOT NULL,
        field text,
        kind text NOT NULL,
        details jsonb NOT NULL,
        terminal_id uuid,
        created_at text NOT NULL
      );
      CREATE INDEX conflict_note_borrower ON conflict_note (borrower_id);

      CREATE TABLE enrolment_code (
        id uuid PRIMARY KEY,
        -- SHA-256 of the code: the code itself is shown once to the administrator.
        code_hash text NOT NULL UNIQUE,
        library_id text REFERENCES library (id),
        note text NOT NULL DEFAULT '',
        created_at text NOT NULL,
        expires_at text NOT NULL,
        used_at text,
        terminal_id uuid
      );

      CREATE TABLE terminal (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        mode text NOT NULL CHECK (mode IN ('desk', 'kiosk', 'door', 'technician')),
        library_id text REFERENCES library (id),
        -- SHA-256 of the bearer token (256 random bits, so a fast hash is enough); the token is never stored.
        token_hash text NOT NULL UNIQUE,
        enrolled_at text NOT NULL,
        revoked_at text,
        last_seen_at text
      );

      -- The answer to every pushed mutation, by idempotency key: a repeated delivery gets the
      -- stored answer and is never applied twice. Stored in the transaction that applied it.
      CREATE TABLE push_result (
        idempotency_key text PRIMARY KEY,
        terminal_id uuid NOT NULL,
        seq bigint NOT NULL,
        kind text NOT NULL,
        result jsonb NOT NULL,
        created_at text NOT NULL
      );
      CREATE INDEX push_result_terminal ON push_result (terminal_id, seq);

      -- The change log terminals pull from: the newest state of each entity (one row per entity,
      -- moved to the end on every change), tombstones and id-only erasures. See changes.ts for why
      -- the id order is commit order: ids are drawn under a transaction-level advisory lock.
      CREATE SEQUENCE change_log_id_seq;
      CREATE TABLE change_log (
        id bigint PRIMARY KEY,
        entity_type text NOT NULL,
        entity_id text NOT NULL,
        kind text NOT NULL,
        data jsonb NOT NULL,
        -- The borrower an entry belongs to, so erasure can remove every trace of them.
        borrower_id text,
        created_at text NOT NULL,
        UNIQUE (entity_type, entity_id)
      );
      CREATE INDEX change_log_borrower ON change_log (borrower_id) WHERE borrower_id IS NOT NULL;

      -- Staff and terminal actions on the register (kept; SPEC 3). No identity numbers in details.
      CREATE TABLE audit (
        id bigserial PRIMARY KEY,
        at text NOT NULL,
        terminal_id uuid,
        actor text NOT NULL,
        action text NOT NULL,
        subject_type text NOT NULL,
        subject_id text,
        details jsonb NOT NULL DEFAULT '{}'
      );
      CREATE INDEX audit_subject ON audit (subject_type, subject_id);

      -- Door kiosks' keyed slow hashes of identity numbers (door.ts), computed on demand.
      CREATE TABLE door_identity (
        borrower_id text PRIMARY KEY REFERENCES borrower (id) ON DELETE CASCADE,
        -- HMAC of the identity number it was computed from: a changed number is noticed and recomputed.
        fingerprint text NOT NULL,
        identity_hash text NOT NULL,
        computed_at text NOT NULL
      );
    `);
    // Belt and braces for the commit-order guarantee: even a writer that forgot to take the lock
    // (an ad-hoc SQL session) takes it here and draws its id under it, so no id can commit late.
    await tx.exec(`
      CREATE FUNCTION change_log_assign_id() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(${changeLogLockKey});
        NEW.id := nextval('change_log_id_seq');
        RETURN NEW;
      END $$;
      CREATE TRIGGER change_log_assign_id BEFORE INSERT ON change_log
        FOR EACH ROW EXECUTE FUNCTION change_log_assign_id();
    `);
    await tx.query(sql`INSERT INTO register_meta (id, door_hash_key, created_at) VALUES (1, ${randomKey()}, ${now})`);
  },
};
