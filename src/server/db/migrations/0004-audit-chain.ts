import type { RegisterMigration } from './types';

/** Lock key serialising appends to the audit chain (the change log's is 7313001). */
export const auditChainLockKey = 7_313_004;

/** prev_hash of the first row. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/**
 * The canonical text of an audit row that is hashed, in SQL (the JS twin is auditCanonicalText in
 * src/server/privacy/audit-chain.ts): every field as `<utf-8 byte length>:<text>` (NULL as `-`), joined
 * with `|`, so no two rows share a text. details is hashed as jsonb's own text form (normalised by jsonb).
 */
const canonicalSql = (r: string) => `
  concat_ws('|',
    ${['id::text', 'at', 'terminal_id::text', 'actor', 'action', 'subject_type', 'subject_id', 'details::text']
      .map((f) => `coalesce(octet_length(${r}.${f.replace('::text', '')}::text)::text || ':' || ${r}.${f.replace('::text', '')}::text, '-')`)
      .join(',\n    ')})`;

/**
 * Tamper-evident audit on the register, and the terminals' uploaded audit logs.
 *
 * - audit gets prev_hash and hash; hash = sha256(prev_hash || canonical text) with PostgreSQL's own
 *   sha256(bytea) (PGlite has it too). A BEFORE INSERT trigger takes an advisory lock, draws the id
 *   under it (so id order is chain order, like change_log) and computes the hash; UPDATE, DELETE and
 *   TRUNCATE are refused (SPEC 3: the audit is kept). Existing rows are chained here, in id order.
 * - terminal_audit: each terminal's local audit rows (src/main/privacy/audit-chain.ts), once per
 *   (terminal_id, local_id), with the terminal's own hashes; the newest one is the terminal's anchored head.
 */
export const m0004AuditChain: RegisterMigration = {
  version: 4,
  name: 'audit-chain',
  async up(tx) {
    await tx.exec(`
      ALTER TABLE audit ADD COLUMN prev_hash text;
      ALTER TABLE audit ADD COLUMN hash text;
      ALTER TABLE audit ALTER COLUMN id DROP DEFAULT;

      CREATE FUNCTION audit_canonical(r audit) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT ${canonicalSql('r')}
      $$;

      DO $$
      DECLARE
        r audit;
        prev text := '${AUDIT_GENESIS_HASH}';
      BEGIN
        FOR r IN SELECT * FROM audit ORDER BY id LOOP
          UPDATE audit SET prev_hash = prev, hash = encode(sha256(convert_to(prev || audit_canonical(r), 'UTF8')), 'hex') WHERE id = r.id
            RETURNING hash INTO prev;
        END LOOP;
      END $$;

      -- New ids must follow the highest one (rows written with explicit ids would otherwise be overtaken).
      SELECT setval('audit_id_seq', coalesce((SELECT max(id) FROM audit), 1), (SELECT max(id) FROM audit) IS NOT NULL);

      ALTER TABLE audit ALTER COLUMN prev_hash SET NOT NULL;
      ALTER TABLE audit ALTER COLUMN hash SET NOT NULL;
      CREATE INDEX audit_actor ON audit (actor, id);
      CREATE INDEX audit_action ON audit (action, id);
      CREATE INDEX audit_terminal ON audit (terminal_id, id);

      CREATE FUNCTION audit_chain_append() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        prev text;
      BEGIN
        PERFORM pg_advisory_xact_lock(${auditChainLockKey});
        NEW.id := nextval('audit_id_seq');
        SELECT a.hash INTO prev FROM audit a ORDER BY a.id DESC LIMIT 1;
        NEW.prev_hash := coalesce(prev, '${AUDIT_GENESIS_HASH}');
        NEW.hash := encode(sha256(convert_to(NEW.prev_hash || audit_canonical(NEW), 'UTF8')), 'hex');
        RETURN NEW;
      END $$;
      CREATE TRIGGER audit_chain_append BEFORE INSERT ON audit FOR EACH ROW EXECUTE FUNCTION audit_chain_append();

      CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER audit_refuse_change BEFORE UPDATE OR DELETE ON audit FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
      CREATE TRIGGER audit_refuse_truncate BEFORE TRUNCATE ON audit FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

      CREATE TABLE terminal_audit (
        terminal_id uuid NOT NULL REFERENCES terminal (id),
        local_id bigint NOT NULL,
        at text NOT NULL,
        actor text,
        library_id text,
        action text NOT NULL,
        subject_type text NOT NULL,
        subject_id text,
        -- The terminal's details text as it hashed it (no identity numbers: src/main/desk/audit.ts).
        details text NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        received_at text NOT NULL,
        -- The register's own audit row recording this entry (chained there).
        audit_id bigint NOT NULL,
        PRIMARY KEY (terminal_id, local_id)
      );
    `);
  },
};
