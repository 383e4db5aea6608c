import { afterEach } from 'vitest';
import type { AppServices } from '../../src/main/app/services';
import { recordEvents, waitForEvent } from './hardware';
import { signInTechnicianIfAsked } from './desk';
import { feedDoor, type FeedBorrower } from './door-feed';
import { createPtyPair, type PtyPair } from './pty';
import { openBoard, type Board } from './relay-board';
import { fakeSerialPorts, testServices } from './services';

/** Danish borrowers of Malmö whose health cards carry `cpr`, as the register's door feed lists them (door tests). */
export async function feedDanishBorrowers(services: AppServices, borrowers: readonly { ref: string; cpr: string; blocked?: boolean }[]): Promise<void> {
  const listed: FeedBorrower[] = borrowers.map((b) => ({ ref: b.ref, identityNumber: b.cpr, blocked: b.blocked ?? false }));
  await feedDoor(services.db, services.doorFeedKeys, listed);
}

/**
 * Configures, through IPC as the technician screen does, a reader on `readerPath` (a health-card reader unless `profileId` says otherwise)
 * and an LCUS relay on `relayPath` for the door, and waits until the reader is connected.
 */
export async function configurePtyDoor(services: AppServices, readerPath: string, relayPath: string, profileId = 'dk-health-card') {
  const events = recordEvents(services);
  const dispatch = (channel: string, payload: unknown) => services.dispatcher.dispatch(channel, payload, { host: 'web' });
  await signInTechnicianIfAsked(services);
  const readers = await dispatch('hardware.applyReaders', {
    readers: [{ id: 'door', kind: 'serial', role: 'door', profileId, path: readerPath, baudRate: 9600, terminator: 'cr' }],
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

/** Reader and relay ptys, the relay board on the relay's, and door-mode services over them with reference data; all kept in `rig` for closing. */
export async function ptyDoorServices(rig: ReturnType<typeof usePtyRig>, now: () => Date) {
  const readerPair = await createPtyPair();
  const relayPair = await createPtyPair();
  rig.pairs.push(readerPair, relayPair);
  const board = openBoard(relayPair.device);
  rig.boards.push(board);
  const services = testServices({
    now,
    initialConfig: { mode: 'door' },
    serialPorts: fakeSerialPorts([{ path: readerPair.app }, { path: relayPair.app }]),
    hardware: { hid: null, readerBackoff: { initialMs: 20, maxMs: 100 } },
  });
  rig.services = services;
  await services.seedDemo({ borrowers: false });
  return { readerPair, board, services };
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
