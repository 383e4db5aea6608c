import { sql } from '../../db/sql';
import type { Queryable } from '../../db/client';
import { DoorAlarmRowSchema } from '../../../shared/door/alarms';
import type { MutationResult } from '../../../shared/sync/protocol';
import { recordChange } from '../changes';
import type { Payload } from '../payloads';
import { applied, deferred, Rejection, type ApplyContext } from './context';

const alarmColumns = sql`a.id::text AS id, a.library_id, a.branch_id, a.kind, a.detail, a.raised_at, t.name AS terminal_name, a.acknowledged_at, a.acknowledged_by`;

/** Sends the alarm's current row to the library's desks (`door_alarm.upsert`, pull.ts). */
export async function emitDoorAlarm(tx: Queryable, id: string, at: string): Promise<void> {
  const [row] = await tx.query(sql`SELECT ${alarmColumns} FROM door_alarm a LEFT JOIN terminal t ON t.id = a.terminal_id WHERE a.id = ${id}`);
  if (!row) return;
  const data = DoorAlarmRowSchema.parse(row);
  await recordChange(tx, { entityType: 'door_alarm', entityId: id, kind: 'door_alarm.upsert', data, borrowerId: null, at });
}

/** Open alarms of a branch (or of a library: every branch of it), oldest first (admin API). */
export async function openDoorAlarms(db: Queryable, scopeId: string): Promise<unknown[]> {
  return db.query(
    sql`SELECT ${alarmColumns} FROM door_alarm a LEFT JOIN terminal t ON t.id = a.terminal_id
        WHERE (a.branch_id = ${scopeId} OR a.library_id = ${scopeId}) AND a.acknowledged_at IS NULL ORDER BY a.raised_at, a.id`,
  );
}

/** Marks the alarm acknowledged (once) and tells the desks; false when unknown or already acknowledged. */
export async function acknowledgeDoorAlarm(tx: Queryable, id: string, by: string, at: string): Promise<boolean> {
  const changed = await tx.query(sql`UPDATE door_alarm SET acknowledged_at = ${at}, acknowledged_by = ${by} WHERE id = ${id} AND acknowledged_at IS NULL RETURNING id`);
  if (changed.length > 0) await emitDoorAlarm(tx, id, at);
  return changed.length > 0;
}

/** A door's alarm: stored once (the id is the key), under the door's enrolled library and branch. */
export async function receiveDoorAlarm(ctx: ApplyContext, p: Payload<'door.alarm'>): Promise<MutationResult> {
  const [terminal] = await ctx.tx.query<{ library_id: string | null; branch_id: string | null }>(sql`SELECT library_id, branch_id FROM terminal WHERE id = ${ctx.terminal.id}`);
  if (!terminal?.library_id) throw new Rejection('forbidden-no-library', 'this door was enrolled without a library');
  const stored = await ctx.tx.query(
    sql`INSERT INTO door_alarm (id, library_id, branch_id, terminal_id, kind, detail, raised_at, received_at)
        VALUES (${p.id}, ${terminal.library_id}, ${terminal.branch_id ?? terminal.library_id}, ${ctx.terminal.id}, ${p.kind}, ${p.detail}, ${new Date(p.raisedAt).toISOString()}, ${ctx.at})
        ON CONFLICT (id) DO NOTHING RETURNING id`,
  );
  if (stored.length > 0) await emitDoorAlarm(ctx.tx, p.id, ctx.at);
  return applied();
}

/** A desk acknowledged the alarm (authorization checked its library). An unknown one may still be on its way: later. */
export async function receiveDoorAlarmAck(ctx: ApplyContext, p: Payload<'door.alarm_ack'>): Promise<MutationResult> {
  const [alarm] = await ctx.tx.query(sql`SELECT 1 AS found FROM door_alarm WHERE id = ${p.id}`);
  if (!alarm) return deferred('unknown-alarm');
  await acknowledgeDoorAlarm(ctx.tx, p.id, p.staffId, ctx.at);
  return applied();
}
