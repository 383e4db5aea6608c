import { randomUUID } from 'node:crypto';
import { sql } from '../../db/sql';
import type { ConflictNote } from '../../../shared/sync/protocol';
import { emitNote } from '../changes';
import type { ApplyContext } from './context';

const hidden = '[hidden]';
/** Password hashes never appear in a note; identity numbers do (staff need them to resolve it). */
const shown = (field: string | null, value: unknown) => (field === 'password_hash' && value !== undefined ? hidden : (value ?? null));

export async function note(
  ctx: ApplyContext,
  fields: { borrowerId: string; field: string | null; kind: ConflictNote['kind']; kept: unknown; notApplied: unknown; base?: unknown },
): Promise<string> {
  const n: ConflictNote = {
    id: randomUUID(),
    borrowerId: fields.borrowerId,
    field: fields.field,
    kind: fields.kind,
    kept: shown(fields.field, fields.kept),
    notApplied: shown(fields.field, fields.notApplied),
    base: shown(fields.field, fields.base),
    terminalId: ctx.terminal.id,
    terminalName: ctx.terminal.name,
    madeAt: ctx.mutation.createdAt ?? null,
    createdAt: ctx.at,
  };
  await ctx.tx.query(
    sql`INSERT INTO conflict_note (id, borrower_id, field, kind, details, terminal_id, created_at)
        VALUES (${n.id}, ${n.borrowerId}, ${n.field}, ${n.kind}, ${JSON.stringify(n)}::jsonb, ${ctx.terminal.id}, ${n.createdAt})`,
  );
  await emitNote(ctx.tx, n);
  return n.id;
}
