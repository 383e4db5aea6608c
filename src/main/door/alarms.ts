import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { DoorAlarmKind, DoorAlarmRow } from '../../shared/door/alarms';
import { withOutbox } from '../db/outbox';
import { all, run, sql } from '../db/sql';

/*
 * Door alarms (issue 13). A door records each alarm and queues `door.alarm` in the same transaction (the outbox
 * keeps it while offline; its idempotency key and the alarm's id make the register store it once). The register
 * sends the alarm to every desk of the library (`door_alarm.upsert`), where staff acknowledge it
 * (`door.alarm_ack`). The same table holds a door's own alarms and a desk's copies.
 */

export interface RaisedAlarm {
  libraryId: string;
  branchId: string;
  kind: DoorAlarmKind;
  detail?: string | undefined;
}

/** Records the alarm and queues it for the register; returns its id. */
export function raiseDoorAlarm(db: Database, now: () => Date, alarm: RaisedAlarm): string {
  const id = randomUUID();
  const raisedAt = now().toISOString();
  withOutbox(db, now, () => {
    run(
      db,
      sql`INSERT INTO door_alarm (id, library_id, branch_id, kind, detail, raised_at) VALUES (${id}, ${alarm.libraryId}, ${alarm.branchId}, ${alarm.kind}, ${alarm.detail ?? null}, ${raisedAt})`,
    );
    return { result: undefined, outbox: [{ kind: 'door.alarm', idempotencyKey: `door.alarm:${id}`, payload: { id, kind: alarm.kind, detail: alarm.detail ?? null, raisedAt } }] };
  });
  return id;
}

/** `door_alarm.upsert` pulled from the register (the register's row wins: acknowledgements arrive this way). */
export function applyDoorAlarm(db: Database, row: DoorAlarmRow): void {
  run(
    db,
    sql`INSERT INTO door_alarm (id, library_id, branch_id, kind, detail, raised_at, terminal_name, acknowledged_at, acknowledged_by)
        VALUES (${row.id}, ${row.library_id}, ${row.branch_id}, ${row.kind}, ${row.detail}, ${row.raised_at}, ${row.terminal_name}, ${row.acknowledged_at}, ${row.acknowledged_by})
        ON CONFLICT (id) DO UPDATE SET terminal_name = excluded.terminal_name,
          acknowledged_at = coalesce(door_alarm.acknowledged_at, excluded.acknowledged_at), acknowledged_by = coalesce(door_alarm.acknowledged_by, excluded.acknowledged_by)`,
  );
}

export interface OpenDoorAlarm {
  id: string;
  branchId: string;
  kind: DoorAlarmKind;
  detail: string | null;
  raisedAt: string;
  terminalName: string | null;
}

/** Alarms not yet acknowledged, of one library's doors, newest first. */
export function openDoorAlarms(db: Database, libraryId: string): OpenDoorAlarm[] {
  return all<OpenDoorAlarm>(
    db,
    sql`SELECT id, branch_id AS branchId, kind, detail, raised_at AS raisedAt, terminal_name AS terminalName FROM door_alarm
        WHERE library_id = ${libraryId} AND acknowledged_at IS NULL ORDER BY raised_at DESC, id`,
  );
}

/** Staff acknowledged the alarm here; returns false for an unknown or already acknowledged one. Call inside withOutbox. */
export function acknowledgeDoorAlarmLocally(db: Database, id: string, staffId: string, at: string): { kind: 'door.alarm_ack'; payload: { id: string; staffId: string } } | undefined {
  const changed = run(db, sql`UPDATE door_alarm SET acknowledged_at = ${at}, acknowledged_by = ${staffId} WHERE id = ${id} AND acknowledged_at IS NULL`).changes;
  return changed === 0 ? undefined : { kind: 'door.alarm_ack', payload: { id, staffId } };
}
