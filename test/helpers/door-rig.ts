import { afterEach } from 'vitest';
import type { AppServices } from '../../src/main/app/services';
import { recordEvents, waitForEvent } from './hardware';
import { signInTechnicianIfAsked } from './desk';
import { feedDoor, type FeedBorrower } from './door-feed';
import type { PtyPair } from './pty';
import type { Board } from './relay-board';

/** Danish borrowers of Malmö whose health cards carry `cpr`, as the register's door feed lists them (door tests). */
export async function feedDanishBorrowers(services: AppServices, borrowers: readonly { ref: string; cpr: string; blocked?: boolean }[]): Promise<void> {
  const listed: FeedBorrower[] = borrowers.map((b) => ({ ref: b.ref, identityNumber: b.cpr, blocked: b.blocked ?? false }));
  await feedDoor(services.db, services.doorFeedKeys, listed);
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

/**
 * What a door test over pseudo-terminals opens: the services, the pty pairs and the relay boards it puts in
 * here, closed after each test (the services first, so nothing writes to a closed pty).
 */
export function usePtyRig(): { services: AppServices | undefined; pairs: PtyPair[]; boards: Board[] } {
  const rig = { services: undefined as AppServices | undefined, pairs: [] as PtyPair[], boards: [] as Board[] };
  afterEach(async () => {
    await rig.services?.shutdown();
    rig.services = undefined;
    for (const board of rig.boards.splice(0)) board.close();
    for (const pair of rig.pairs.splice(0)) await pair.close();
  });
  return rig;
}
