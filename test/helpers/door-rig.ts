import type { AppServices } from '../../src/main/app/services';
import { run, sql } from '../../src/main/db/sql';
import { recordEvents, waitForEvent } from './hardware';
import { signInTechnicianIfAsked } from './desk';

/** A Danish borrower of Malmö whose health card carries `cpr` (door tests). */
export function insertDanishBorrower(services: AppServices, id: string, cpr: string, blocked = false): void {
  run(
    services.db,
    sql`INSERT INTO borrower (id, library_id, register_type, identity_kind, identity_number, birth_date, first_name, last_name, email,
          blocked, agreement_accepted_at, created_at, created_by, updated_at)
        VALUES (${id}, 'malmo', 'adult', 'dk-cpr', ${cpr}, '1985-03-15', 'Marie', 'Testesen', ${`${id}@example.dk`}, ${blocked ? 1 : 0}, 'x', 'x', 'x', 'x')`,
  );
}

/**
 * Configures, through IPC as the technician screen does, a health-card reader on `readerPath`
 * and an LCUS relay on `relayPath` for the door, and waits until the reader is connected.
 */
export async function configurePtyDoor(services: AppServices, readerPath: string, relayPath: string) {
  const events = recordEvents(services);
  const dispatch = (channel: string, payload: unknown) => services.dispatcher.dispatch(channel, payload, { host: 'web' });
  await signInTechnicianIfAsked(services);
  const readers = await dispatch('hardware.applyReaders', {
    readers: [{ id: 'door', kind: 'serial', role: 'door', profileId: 'dk-health-card', path: readerPath, baudRate: 9600, terminator: 'cr' }],
  });
  if (!readers.ok) throw new Error(`applyReaders: ${readers.error.message}`);
  const door = await dispatch('hardware.applyDoor', {
    relay: { kind: 'lcus', port: { path: relayPath, baudRate: 9600 }, reconnect: { initialMs: 20, maxMs: 100 }, presenceCheckMs: 50 },
    door: { channel: 1, lockType: 'fail-secure', openTimeMs: 200, heldOpenAlarmSeconds: 30 },
  });
  if (!door.ok) throw new Error(`applyDoor: ${door.error.message}`);
  await waitForEvent(events, 'hardware.readerStatus', (s) => s.readerId === 'door' && s.status === 'connected');
  return events;
}
