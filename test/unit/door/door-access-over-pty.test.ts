import { describe, expect, it } from 'vitest';
import { buildHealthCardTracks } from '../../../src/shared/cards';
import { configurePtyDoor, feedDanishBorrowers, ptyDoorServices, usePtyRig } from '../../helpers/door-rig';
import { doorSequence, healthCard, payloads, testCpr, waitForEvent, type Recorded } from '../../helpers/hardware';
import { writeToPty } from '../../helpers/pty';
import { FakeClock } from '../../helpers/clock';
import type { Board } from '../../helpers/relay-board';

/**
 * The open-library door with its real access rules, end to end over real
 * serial lines: card bytes in on the reader pty → decision from the register's
 * keyed-hash feed stored on the door → relay command bytes out on the relay pty.
 */
const LCUS_ON = [0xa0, 0x01, 0x01, 0xa2];
const LCUS_OFF = [0xa0, 0x01, 0x00, 0xa1];

const rig = usePtyRig();


async function setUp(clock: FakeClock) {
  const { readerPair, board, services } = await ptyDoorServices(rig, clock.date);
  const relayPair = rig.pairs[1]!;
  // The register's door feed: a Danish borrower whose health card is the test card, and one blocked borrower.
  await feedDanishBorrowers(services, [
    { ref: 'dk-1', cpr: testCpr },
    { ref: 'dk-2', cpr: '0101901234', blocked: true },
  ]);
  const events = await configurePtyDoor(services, readerPair.app, relayPair.app);
  expect(await board.take(4)).toEqual(LCUS_OFF);
  return { readerPair, board, events };
}

/** The next command that is not a repeat of `skip` (the door may re-send its safe level after connecting). */
async function nextCommand(board: Board, skip: number[]): Promise<number[]> {
  for (;;) {
    const bytes = await board.take(4);
    if (bytes.join() !== skip.join()) return bytes;
  }
}

async function swipe(readerPath: string, events: Recorded[], track2: string) {
  const from = events.length;
  writeToPty(readerPath, `${track2}\r`);
  return waitForEvent(events, 'hardware.read', (r) => r.access !== undefined, from);
}

describe('open-library door with its access rules, over real serial lines', () => {
  it('admits a registered borrower during self-service hours and pulses the relay; refuses unknown and blocked cards without a pulse', async () => {
    // Wednesday 11:00 in Malmö: the default self-service hours are 08-21.
    const clock = new FakeClock('2026-11-25T10:00:00Z');
    const { readerPair, board, events } = await setUp(clock);

    const admitted = await swipe(readerPair.device, events, healthCard.track2);
    expect(admitted.access).toEqual({ allowed: true, opened: true });
    expect(await nextCommand(board, LCUS_OFF)).toEqual(LCUS_ON);
    expect(await board.take(4)).toEqual(LCUS_OFF);

    const refusalsFrom = events.length;
    const stranger = buildHealthCardTracks({ cpr: '0202024321', surname: 'Ukendt', given: 'Ole', address: 'Vej 1', postcode: '2100' });
    const unknown = await swipe(readerPair.device, events, stranger.track2);
    expect(unknown.access).toMatchObject({ allowed: false, reason: 'unknown-card', opened: false });

    const blockedCard = buildHealthCardTracks({ cpr: '0101901234', surname: 'Spærret', given: 'Bo', address: 'Vej 2', postcode: '2100' });
    const blocked = await swipe(readerPair.device, events, blockedCard.track2);
    expect(blocked.access).toMatchObject({ allowed: false, reason: 'blocked', opened: false });

    // Neither refusal moved the relay: the next admission's pulse is the first since, and its ON the next
    // command on the wire.
    const again = await swipe(readerPair.device, events, healthCard.track2);
    expect(again.access).toEqual({ allowed: true, opened: true });
    expect(doorSequence(events, refusalsFrom)).toEqual(['refused: unknown-card', 'refused: blocked', 'pulse', 'admitted']);
    expect(await nextCommand(board, LCUS_OFF)).toEqual(LCUS_ON);
    // The visit log has every decision, without identity numbers.
    const visits = rig.services!.db.prepare('SELECT result FROM door_visit ORDER BY rowid').all() as { result: string }[];
    expect(visits.map((v) => v.result)).toEqual(['admitted', 'unknown-card', 'blocked', 'admitted']);
    expect(JSON.stringify(rig.services!.db.prepare('SELECT * FROM door_visit').all())).not.toContain(testCpr);
    expect(JSON.stringify(payloads(events, 'hardware.read'))).not.toContain(testCpr);
  });

  it('keeps the door shut outside self-service hours, from the local cache alone', async () => {
    // Wednesday 23:30 in Malmö.
    const clock = new FakeClock('2026-11-25T22:30:00Z');
    const { readerPair, board, events } = await setUp(clock);
    const from = events.length;
    const closed = await swipe(readerPair.device, events, healthCard.track2);
    expect(closed.access).toMatchObject({ allowed: false, reason: 'closed', opened: false });
    // The next morning the same card opens the door: that pulse is the first, and its ON the next command.
    clock.set('2026-11-26T07:30:00Z');
    const morning = await swipe(readerPair.device, events, healthCard.track2);
    expect(morning.access).toEqual({ allowed: true, opened: true });
    expect(doorSequence(events, from)).toEqual(['refused: closed', 'pulse', 'admitted']);
    expect(await nextCommand(board, LCUS_OFF)).toEqual(LCUS_ON);
  });
});
