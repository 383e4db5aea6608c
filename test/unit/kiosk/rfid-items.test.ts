import { describe, expect, it } from 'vitest';
import { SimulatedPad } from '../../../src/main/hardware/rfid';
import { KioskRfid, type RfidItemEvent, type RfidNotice } from '../../../src/main/kiosk/rfid-items';
import type { CirculationOutcome } from '../../../src/shared/ipc/contract';
import { ok } from '../../../src/shared/result';
import { FakeClock } from '../../helpers/clock';
import { captureLogger } from '../../helpers/logger';

function rig() {
  const pad = new SimulatedPad({ secured: 0x07, checkedOut: 0xc2 });
  const logger = captureLogger();
  const calls: string[] = [];
  const items: RfidItemEvent[] = [];
  const notices: RfidNotice[] = [];
  const rfid = new KioskRfid({
    pad: () => pad,
    pollMs: () => 500,
    clock: new FakeClock(0),
    log: logger.log,
    circulate: (kind, itemId) => {
      calls.push(`${kind} ${itemId}`);
      const outcome: CirculationOutcome = itemId === 'REFUSED' ? { ok: false, itemId, message: 'no' } : { ok: true, itemId, title: `Title ${itemId}`, message: `done ${itemId}` };
      return Promise.resolve(ok(outcome));
    },
    onItem: (event) => items.push(event),
    onNotice: (notice) => notices.push(notice),
  });
  return { pad, rfid, calls, items, notices, logger };
}

describe('items by RFID at the kiosk', () => {
  it('lends 3 items on the pad once each and sets their tags to checked out', async () => {
    const { pad, rfid, calls, items } = rig();
    const uids = ['A1', 'A2', 'A3'].map((itemId) => pad.place({ itemId }));
    rfid.setMode('borrow', 'en');
    await rfid.poll();
    await rfid.poll();
    expect(calls).toEqual(['checkout A1', 'checkout A2', 'checkout A3']);
    expect(items.map((i) => [i.outcome.itemId, i.securityFailed])).toEqual([
      ['A1', undefined],
      ['A2', undefined],
      ['A3', undefined],
    ]);
    expect(uids.map((uid) => pad.afiOf(uid))).toEqual([0xc2, 0xc2, 0xc2]);
    rfid.close();
  });

  it('returns items and secures their tags again; a new step counts the same tag again', async () => {
    const { pad, rfid, calls } = rig();
    const uid = pad.place({ itemId: 'B1' });
    rfid.setMode('borrow', 'en');
    await rfid.poll();
    expect(pad.afiOf(uid)).toBe(0xc2);
    rfid.setMode('return', 'en');
    await rfid.poll();
    expect(calls).toEqual(['checkout B1', 'checkin B1']);
    expect(pad.afiOf(uid)).toBe(0x07);
    rfid.close();
  });

  it('a step that begins during a round gets its own round at once', async () => {
    const { pad, rfid, calls } = rig();
    pad.place({ itemId: 'E1' });
    rfid.setMode('borrow', 'en');
    const first = rfid.poll();
    rfid.setMode('return', 'en');
    await rfid.poll();
    await first;
    expect(calls).toEqual(['checkin E1']);
    rfid.close();
  });

  it('reports a failed security write on the item and in the log, and leaves a refused item unsecured', async () => {
    const { pad, rfid, items, logger } = rig();
    const uid = pad.place({ itemId: 'C1' });
    const refused = pad.place({ itemId: 'REFUSED' });
    pad.failSecurityWrites = 1;
    rfid.setMode('borrow', 'sv');
    await rfid.poll();
    expect(items.map((i) => [i.outcome.itemId, i.outcome.ok, i.securityFailed])).toEqual([
      ['C1', true, true],
      ['REFUSED', false, undefined],
    ]);
    expect(pad.afiOf(uid)).toBe(0x07);
    expect(pad.afiOf(refused)).toBe(0x07);
    expect(logger.lines().filter((l) => l['msg'] === 'RFID security (AFI) write failed')).toEqual([expect.objectContaining({ uid, itemId: 'C1', secured: false, level: 50 })]);
    rfid.close();
  });

  it('lends an item in two parts once both are on the pad, and sets both tags', async () => {
    const { pad, rfid, calls, notices } = rig();
    const first = pad.place({ itemId: 'D1', partNumber: 1, partsInSet: 2 });
    rfid.setMode('borrow', 'da');
    await rfid.poll();
    expect(calls).toEqual([]);
    expect(notices).toEqual([{ kind: 'parts-missing', itemId: 'D1', have: 1, total: 2 }]);
    const second = pad.place({ itemId: 'D1', partNumber: 2, partsInSet: 2 });
    await rfid.poll();
    expect(calls).toEqual(['checkout D1']);
    expect([pad.afiOf(first), pad.afiOf(second)]).toEqual([0xc2, 0xc2]);
    rfid.close();
  });

  it('ignores library cards on the pad and reports a tag without item data once', async () => {
    const { pad, rfid, calls, notices } = rig();
    pad.place({ itemId: '29000000000019', usageCode: 8 });
    const blank = pad.place({ itemId: 'x', corrupt: true });
    rfid.setMode('return', 'en');
    await rfid.poll();
    await rfid.poll();
    expect(calls).toEqual([]);
    expect(notices).toEqual([{ kind: 'unreadable', uid: blank }]);
    rfid.close();
  });
});
