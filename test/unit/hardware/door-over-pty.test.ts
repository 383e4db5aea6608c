import { allowEveryCredential } from '../../../src/main/hardware/service';
import { describe, expect, it } from 'vitest';
import { healthCard, payloads, recordEvents, testCpr, testCprMasked, waitForEvent } from '../../helpers/hardware';
import { createPtyPair, writeToPty, type PtyPair } from '../../helpers/pty';
import { fakeSerialPorts, testServices } from '../../helpers/services';
import { openBoard, type Board } from '../../helpers/relay-board';
import { usePtyRig } from '../../helpers/door-rig';

const ctx = { host: 'web' } as const;
const LCUS_ON = [0xa0, 0x01, 0x01, 0xa2];
const LCUS_OFF = [0xa0, 0x01, 0x00, 0xa1];
const KM_ON = [0xff, 0x01, 0x01];
const KM_OFF = [0xff, 0x01, 0x00];

const rig = usePtyRig();

async function pair(): Promise<PtyPair> {
  const p = await createPtyPair();
  rig.pairs.push(p);
  return p;
}


/** Takes 4-byte LCUS commands until one differs from `skip` (repeats of the safe level are allowed). */
async function nextCommand(board: Board, size: number, skip: number[]): Promise<number[]> {
  for (;;) {
    const bytes = await board.take(size);
    if (bytes.join() !== skip.join()) return bytes;
  }
}

async function setUp(relay: { kind: 'lcus' | 'kmtronic' }) {
  const readerPair = await pair();
  const relayPair = await pair();
  const board = openBoard(relayPair.device);
  rig.boards.push(board);
  rig.services = testServices({
    initialConfig: { language: 'en' },
    serialPorts: fakeSerialPorts([{ path: readerPair.app }, { path: relayPair.app }]),
    // The hardware path, not the access rules (test/unit/kiosk/door-access-over-pty.test.ts): every card opens.
    hardware: { hid: null, readerBackoff: { initialMs: 20, maxMs: 100 }, authorizer: () => allowEveryCredential },
  });
  const events = recordEvents(rig.services);
  const dispatch = (channel: string, payload: unknown) => rig.services!.dispatcher.dispatch(channel, payload, ctx);

  const readers = await dispatch('hardware.applyReaders', {
    readers: [{ id: 'front-door', kind: 'serial', role: 'door', profileId: 'dk-health-card', path: readerPair.app, baudRate: 9600, terminator: 'cr' }],
  });
  expect(readers).toMatchObject({ ok: true });
  const door = await dispatch('hardware.applyDoor', {
    relay: { kind: relay.kind, port: { path: relayPair.app, baudRate: 9600 }, reconnect: { initialMs: 20, maxMs: 100 }, presenceCheckMs: 50 },
    door: { channel: 1, lockType: 'fail-secure', openTimeMs: 300, heldOpenAlarmSeconds: 30 },
  });
  expect(door).toMatchObject({ ok: true });
  await waitForEvent(events, 'hardware.readerStatus', (s) => s.readerId === 'front-door' && s.status === 'connected');
  return { readerPair, relayPair, board, events, dispatch };
}

describe('card to door over real serial lines, configured through IPC', () => {
  it('a Danish health card swiped at the door reader pulses an LCUS relay; the view sees only the masked CPR', async () => {
    const { readerPair, board, events, dispatch } = await setUp({ kind: 'lcus' });
    // Fail-secure: locked = relay off. The safe level is written as soon as the relay port opens.
    expect(await board.take(4)).toEqual(LCUS_OFF);

    writeToPty(readerPair.device, `${healthCard.track2}\r`);
    expect(await nextCommand(board, 4, LCUS_OFF)).toEqual(LCUS_ON);
    const read = await waitForEvent(events, 'hardware.read');
    expect(read).toMatchObject({
      readerId: 'front-door',
      role: 'door',
      credential: { kind: 'identity', value: testCprMasked, identityKind: 'dk-cpr' },
      access: { allowed: true, opened: true },
    });
    const raw = payloads(events, 'hardware.raw')[0];
    expect(raw).toMatchObject({ readerId: 'front-door', length: healthCard.track2.length });
    expect(raw?.text).toBe(`;${'•'.repeat(37)}?`);
    expect(JSON.stringify(events)).not.toContain(testCpr);

    // Relocks after the open time.
    expect(await board.take(4)).toEqual(LCUS_OFF);
    await waitForEvent(events, 'hardware.door', (d) => d.state === 'locked' && d.cause === 'pulse-end');

    // The technician's test pulse.
    expect(await dispatch('hardware.testPulse', {})).toEqual({ ok: true, value: { openMs: 300 } });
    expect(await board.take(4)).toEqual(LCUS_ON);
    expect(await board.take(4)).toEqual(LCUS_OFF);

    // On exit the relay is driven to the safe level once more.
    await rig.services!.shutdown();
    rig.services = undefined;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const tail = board.pending();
    expect(tail.length).toBeGreaterThanOrEqual(4);
    expect(tail).toEqual(Array.from({ length: tail.length / 4 }, () => LCUS_OFF).flat());
  });

  it('drives a KMTronic board the same way, and reports the reader unplugged and back', async () => {
    const { readerPair, board, events } = await setUp({ kind: 'kmtronic' });
    expect(await board.take(3)).toEqual(KM_OFF);
    writeToPty(readerPair.device, `${healthCard.track1}${healthCard.track2}\r`);
    expect(await nextCommand(board, 3, KM_OFF)).toEqual(KM_ON);
    expect((await waitForEvent(events, 'hardware.read')).initials).toBe('M. T.');
    await waitForEvent(events, 'hardware.door', (d) => d.state === 'locked' && d.cause === 'pulse-end');

    const from = events.length;
    await readerPair.unplug();
    await waitForEvent(events, 'hardware.readerStatus', (s) => s.readerId === 'front-door' && s.status === 'disconnected', from);
    await readerPair.replug();
    await waitForEvent(events, 'hardware.readerStatus', (s) => s.readerId === 'front-door' && s.status === 'connected', from);
    writeToPty(readerPair.device, `${healthCard.track2}\r`);
    expect(await nextCommand(board, 3, KM_OFF)).toEqual(KM_ON);
  });
});
