import { auditRowHash } from '../../common/audit-row-hash';
import { audit } from '../auth';
import type { RegisterDb } from '../db/client';
import { sql } from '../db/sql';
import type { AuditEntry, AuditUploadResponse } from '../../shared/sync/audit-protocol';

/** The terminal's own formula (src/common/audit-row-hash.ts), so the register checks every uploaded hash. */
function terminalHash(entry: AuditEntry): string {
  return auditRowHash(entry.prevHash, {
    id: entry.localId,
    at: entry.at,
    staff_id: entry.actor,
    library_id: entry.libraryId,
    action: entry.action,
    subject_type: entry.subjectType,
    subject_id: entry.subjectId,
    details: entry.details,
  });
}

/**
 * Stores a batch of a terminal's audit entries: each once per (terminal, localId), checked against the
 * terminal's chain (its hash formula and the previous entry's hash, including the newest entry already
 * here: the anchor), and chained into the register's audit as `terminal-audit.<action>`. An entry already
 * stored with another hash, or one that does not follow on, stops the batch there: what came before it is
 * kept, and the refusal itself is audited.
 */
export async function storeTerminalAudit(db: RegisterDb, terminalId: string, entries: readonly AuditEntry[], now: Date): Promise<AuditUploadResponse> {
  const at = now.toISOString();
  return db.transaction(async (tx) => {
    // One upload per terminal at a time.
    await tx.query(sql`SELECT id FROM terminal WHERE id = ${terminalId} FOR UPDATE`);
    const sorted = [...entries].sort((a, b) => a.localId - b.localId);
    const ids = sorted.map((e) => e.localId);
    const stored = new Map(
      (await tx.query<{ local_id: number; hash: string }>(sql`SELECT local_id, hash FROM terminal_audit WHERE terminal_id = ${terminalId} AND local_id IN (${sql.join(ids)})`)).map(
        (r) => [r.local_id, r.hash],
      ),
    );
    const headRow = async () =>
      (await tx.query<{ local_id: number; hash: string }>(sql`SELECT local_id, hash FROM terminal_audit WHERE terminal_id = ${terminalId} ORDER BY local_id DESC LIMIT 1`))[0];
    let accepted = 0;
    let duplicates = 0;
    let problem: AuditUploadResponse['problem'];
    for (const entry of sorted) {
      const known = stored.get(entry.localId);
      if (known !== undefined) {
        if (known === entry.hash) {
          duplicates++;
          continue;
        }
        problem = { localId: entry.localId, reason: 'anchor-mismatch' };
        break;
      }
      const [previous] = await tx.query<{ hash: string }>(
        sql`SELECT hash FROM terminal_audit WHERE terminal_id = ${terminalId} AND local_id < ${entry.localId} ORDER BY local_id DESC LIMIT 1`,
      );
      if (previous && previous.hash !== entry.prevHash) {
        problem = { localId: entry.localId, reason: 'prev-mismatch' };
        break;
      }
      if (terminalHash(entry) !== entry.hash) {
        problem = { localId: entry.localId, reason: 'hash-mismatch' };
        break;
      }
      const [row] = await tx.query<{ id: number }>(
        sql`INSERT INTO audit (at, terminal_id, actor, action, subject_type, subject_id, details)
            VALUES (${at}, ${terminalId}, ${entry.actor ? `staff:${entry.actor}` : `terminal:${terminalId}`}, ${`terminal-audit.${entry.action}`},
                    ${entry.subjectType}, ${entry.subjectId}, ${JSON.stringify({ localId: entry.localId, localAt: entry.at, hash: entry.hash })}::jsonb)
            RETURNING id`,
      );
      await tx.query(
        sql`INSERT INTO terminal_audit (terminal_id, local_id, at, actor, library_id, action, subject_type, subject_id, details, prev_hash, hash, received_at, audit_id)
            VALUES (${terminalId}, ${entry.localId}, ${entry.at}, ${entry.actor}, ${entry.libraryId}, ${entry.action}, ${entry.subjectType}, ${entry.subjectId},
                    ${entry.details}, ${entry.prevHash}, ${entry.hash}, ${at}, ${row!.id})`,
      );
      accepted++;
    }
    if (problem) {
      await audit(tx, { at, terminalId, actor: `terminal:${terminalId}`, action: 'terminal-audit.refused', subjectType: 'terminal', subjectId: terminalId, details: problem });
    }
    const head = await headRow();
    return { accepted, duplicates, head: head ? { localId: head.local_id, hash: head.hash } : null, ...(problem ? { problem } : {}) };
  });
}
