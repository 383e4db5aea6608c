import { describe, expect, it } from 'vitest';
import { decodeWithProfile, findBuiltinProfile } from '../../../src/shared/cards';
import { configurePtyDoor, ptyDoorServices, usePtyRig } from '../../helpers/door-rig';
import { feedDoor } from '../../helpers/door-feed';
import { waitForEvent, type Recorded } from '../../helpers/hardware';
import { writeToPty } from '../../helpers/pty';
import { FakeClock } from '../../helpers/clock';
import { cpr } from '../../helpers/desk';

/**
 * A Danish borrower types the alternative borrower number (seed 002) instead of the CPR number on the door's keypad
 * (a serial keypad with the typed Danish number profile): admitted by the keyed hash in the register's feed; after the
 * number was changed (the feed's next entry), the old number is refused and the new one admits.
 */
const LCUS_OFF = [0xa0, 0x01, 0x00, 0xa1];
const rig = usePtyRig();

describe('the door admits by a typed alternative borrower number', () => {
  it('decodes typed digits that are not a CPR number as the alternative number, a CPR number as an identity', () => {
    const keypad = findBuiltinProfile('typed-identity-dk', 'typed-identity')!;
    expect(decodeWithProfile(keypad, { type: 'text', text: '40006666\r' }, { today: '2026-11-25' })).toMatchObject({ ok: true, credential: { kind: 'library-card', value: '40006666' } });
    expect(decodeWithProfile(keypad, { type: 'text', text: cpr('1975-04-02', 1234) }, { today: '2026-11-25' })).toMatchObject({ ok: true, credential: { kind: 'identity' } });
    expect(decodeWithProfile(keypad, { type: 'text', text: '12a45' }, { today: '2026-11-25' })).toMatchObject({ ok: false, reason: 'invalid-identity' });
  });

  it('admits by the typed number over the keypad, and after the change only by the new one', { timeout: 30_000 }, async () => {
    const { readerPair, board, services } = await ptyDoorServices(rig, new FakeClock('2026-11-25T10:00:00Z').date);
    await feedDoor(services.db, services.doorFeedKeys, [{ ref: 'dk-1', cards: ['40005555'] }]);
    const events = await configurePtyDoor(services, readerPair.app, rig.pairs[1]!.app, 'typed-identity-dk');
    expect(await board.take(4)).toEqual(LCUS_OFF);
    const type = async (digits: string, list: Recorded[]) => {
      const from = list.length;
      writeToPty(readerPair.device, `${digits}\r`);
      return (await waitForEvent(list, 'hardware.read', (r) => r.access !== undefined, from)).access;
    };

    expect(await type('40005555', events)).toEqual({ allowed: true, opened: true });
    // The number changed at the desk: the register's feed lists the borrower with the new number only.
    await feedDoor(services.db, services.doorFeedKeys, [{ ref: 'dk-1', cards: ['40006666'] }], 2);
    expect(await type('40005555', events)).toMatchObject({ allowed: false, reason: 'unknown-card', opened: false });
    expect(await type('40006666', events)).toEqual({ allowed: true, opened: true });
    const visits = services.db.prepare('SELECT result FROM door_visit ORDER BY rowid').all() as { result: string }[];
    expect(visits.map((v) => v.result)).toEqual(['admitted', 'unknown-card', 'admitted']);
  });
});
