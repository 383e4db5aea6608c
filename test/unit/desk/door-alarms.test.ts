import { afterEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { all, sql } from '../../../src/main/db/sql';
import { applyDoorAlarm } from '../../../src/main/door/alarms';
import { signIn } from '../../helpers/desk';
import { testServices } from '../../helpers/services';

const ctx = { host: 'web' } as const;
let services: AppServices | undefined;
afterEach(() => {
  services?.close();
  services = undefined;
});

const alarm = (id: string, libraryId: string, kind: 'forced' | 'held-open') => ({
  id,
  library_id: libraryId,
  branch_id: libraryId,
  kind,
  detail: null,
  raised_at: `2026-11-25T10:0${id.slice(-1)}:00.000Z`,
  terminal_name: 'Entrance door',
  acknowledged_at: null,
  acknowledged_by: null,
});

describe('desk: the door alarms of the library (issue 13)', () => {
  it('lists the open alarms of its own library, acknowledges one (audited, queued for the register), refuses an unknown one', async () => {
    const s = (services = testServices({ initialConfig: { mode: 'desk', language: 'en' } }));
    const staff = await signIn(s);
    const a1 = '00000000-0000-4000-8000-000000000001';
    const a2 = '00000000-0000-4000-8000-000000000002';
    applyDoorAlarm(s.db, alarm(a1, staff.libraryId, 'forced'));
    applyDoorAlarm(s.db, alarm(a2, staff.libraryId, 'held-open'));
    applyDoorAlarm(s.db, alarm('00000000-0000-4000-8000-000000000003', 'elsewhere', 'forced'));
    const listed = await s.dispatcher.dispatch('desk.doorAlarms', {}, ctx);
    expect(listed).toMatchObject({ ok: true, value: [{ id: a2, kind: 'held-open', terminalName: 'Entrance door' }, { id: a1, kind: 'forced' }] });

    expect(await s.dispatcher.dispatch('desk.acknowledgeDoorAlarm', { id: a1 }, ctx)).toMatchObject({ ok: true, value: [{ id: a2 }] });
    expect(await s.dispatcher.dispatch('desk.acknowledgeDoorAlarm', { id: a1 }, ctx)).toMatchObject({ ok: false, error: { kind: 'not-found' } });
    expect(all<{ kind: string; payload: string }>(s.db, sql`SELECT kind, payload FROM outbox WHERE kind = 'door.alarm_ack'`).map((o) => JSON.parse(o.payload) as unknown)).toEqual([
      { id: a1, staffId: staff.staffId },
    ]);
    expect(all(s.db, sql`SELECT action, subject_id FROM audit_log WHERE action = 'door-alarm.acknowledge'`)).toEqual([{ action: 'door-alarm.acknowledge', subject_id: a1 }]);
    // The register's copy of the acknowledgement arriving later does not reopen or overwrite it.
    applyDoorAlarm(s.db, { ...alarm(a1, staff.libraryId, 'forced'), acknowledged_at: '2026-11-25T11:00:00.000Z', acknowledged_by: 'someone' });
    expect(all(s.db, sql`SELECT acknowledged_by FROM door_alarm WHERE id = ${a1}`)).toEqual([{ acknowledged_by: staff.staffId }]);
  });
});
