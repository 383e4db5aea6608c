import { afterEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { demoBorrower } from '../../../src/main/circulation/demo-seed';
import { systemClock } from '../../../src/main/hardware/relays/clock';
import { FeigPad } from '../../../src/main/hardware/rfid';
import { parseIso28560Tag } from '../../../src/shared/cards';
import type { EventPayload } from '../../../src/shared/ipc/contract';
import { eventually, waitFor } from '../../helpers/eventually';
import { openFakeFeigReader, type FakeFeigReader } from '../../helpers/feig-device';
import { silentLogger } from '../../helpers/logger';
import { createPtyPair, type PtyPair } from '../../helpers/pty';
import { testServices } from '../../helpers/services';

let pair: PtyPair | undefined;
let reader: FakeFeigReader | undefined;
let pad: FeigPad | undefined;
let services: AppServices | undefined;
afterEach(async () => {
  await pad?.close();
  services?.close();
  reader?.close();
  await pair?.close();
  pad = undefined;
  services = undefined;
  reader = undefined;
  pair = undefined;
});

const uids = ['E004010000000001', 'E004010000000002', 'E004010000000003'] as const;

function openPad(path: string, responseTimeoutMs = 500): FeigPad {
  return new FeigPad({
    port: { path, baudRate: 38_400, dataBits: 8, parity: 'none', stopBits: 1 },
    reconnect: { initialMs: 50, maxMs: 500, factor: 2 },
    presenceCheckMs: 0,
    writeTimeoutMs: 1000,
    comAdr: 0,
    responseTimeoutMs,
    blocks: 9,
    afi: { secured: 0x07, checkedOut: 0xc2 },
    clock: systemClock,
    log: silentLogger,
  });
}

/** The first call once the port is open (the link opens in the background). */
function whenOpen<T>(call: () => Promise<T>): Promise<T> {
  return eventually(call, 5000, 20);
}

describe('FEIG RFID pad over a serial line (pty + fake reader)', () => {
  it('lists several tags, reads their ISO 28560-3 data and writes their AFI, in the recorded frames', async () => {
    pair = await createPtyPair();
    reader = openFakeFeigReader(pair.device);
    reader.put(uids[0], { id: '39000000000011', usageCode: 1, isil: 'SE-Mm' });
    reader.put(uids[1], { id: '39000000000029', usageCode: 1, partNumber: 1, partsInSet: 2 });
    pad = openPad(pair.app);

    const seen = await whenOpen(() => pad!.inventory());
    expect(seen).toEqual([
      { uid: uids[0], dsfid: 0 },
      { uid: uids[1], dsfid: 0 },
    ]);
    const memory = await pad.readBlocks(uids[1]);
    expect(memory.length).toBe(36);
    const tag = parseIso28560Tag(memory);
    expect(tag.ok && { id: tag.value.id, part: tag.value.partNumber, of: tag.value.partsInSet, crc: tag.value.crc.ok }).toEqual({ id: '39000000000029', part: 1, of: 2, crc: true });
    await pad.setSecurity(uids[0], false);
    expect(reader.afi(uids[0])).toBe(0xc2);
    await pad.setSecurity(uids[0], true);
    expect(reader.afi(uids[0])).toBe(0x07);
    // What went over the line, byte for byte (CRC-16 0x8408 over everything before it, low byte first).
    expect(reader.requests.slice(-4)).toEqual([
      '0700B00100CE93',
      '1100B02301E0040100000000020009BA30',
      '1000B02701E004010000000001C2E1DE',
      '1000B02701E00401000000000107404F',
    ]);
  });

  it('fails a reply with a corrupted CRC as a timeout and carries on with the next request', async () => {
    pair = await createPtyPair();
    reader = openFakeFeigReader(pair.device);
    reader.put(uids[0], { id: '39000000000011', usageCode: 1 });
    pad = openPad(pair.app, 300);
    await whenOpen(() => pad!.inventory());
    reader.corruptNext();
    await expect(pad.inventory()).rejects.toMatchObject({ name: 'RfidError', code: 'timeout' });
    expect(await pad.inventory()).toEqual([{ uid: uids[0], dsfid: 0 }]);
  });

  it('times out when the reader does not answer, and reports a tag that left the pad as no-tag', async () => {
    pair = await createPtyPair();
    reader = openFakeFeigReader(pair.device);
    pad = openPad(pair.app, 300);
    expect(await whenOpen(() => pad!.inventory())).toEqual([]);
    reader.silenceNext();
    await expect(pad.readBlocks(uids[2])).rejects.toMatchObject({ code: 'timeout' });
    await expect(pad.setSecurity(uids[2], false)).rejects.toMatchObject({ code: 'no-tag' });
  });
});

describe('items by RFID at the kiosk (FEIG pad over a pty)', () => {
  it('lends the 3 items put on the pad, once each, and sets each tag to checked out', async () => {
    pair = await createPtyPair();
    reader = openFakeFeigReader(pair.device);
    const items = ['39000000000011', '39000000000029', '39000000000037'];
    items.forEach((id, i) => reader!.put(uids[i]!, { id, usageCode: 1, country: 'SE', isil: 'SE-Mm' }));
    services = testServices({ initialConfig: { mode: 'kiosk', language: 'en' } });
    const events: EventPayload<'kiosk.rfidItem'>[] = [];
    services.events.forward((event, payload) => {
      if (event === 'kiosk.rfidItem') events.push(payload as EventPayload<'kiosk.rfidItem'>);
    });
    const call = async (channel: string, payload: unknown) => {
      const result = await services!.dispatcher.dispatch(channel, payload, { host: 'web' });
      if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
      return result.value;
    };
    await call('hardware.applyRfid', { rfid: { kind: 'feig', path: pair.app, parity: 'none', pollMs: 100 } });
    await services.seedDemo();
    await call('kiosk.identify', { cardNumber: demoBorrower.cardNumber });
    await call('kiosk.pin', { pin: demoBorrower.pin });
    await call('kiosk.rfid', { mode: 'borrow', language: 'en' });

    await waitFor(() => events.length >= 3, 'three items from the pad', 10_000);
    expect(events.map((e) => [e.outcome.ok, e.outcome.itemId, e.securityMessage])).toEqual(items.map((id) => [true, id, undefined]));
    expect(events[0]!.outcome.message).toBe('Borrowed: Pippi Långstrump. Return by 23 December 2026.');
    for (const uid of uids) expect(reader.afi(uid)).toBe(0xc2);
    const session = (await call('kiosk.session', {})) as { transactions: { kind: string; itemId: string }[] };
    expect(session.transactions.map((t) => [t.kind, t.itemId])).toEqual(items.map((itemId) => ['checkout', itemId]));
    // Left on the pad, they are not lent again: two more rounds, and still three loans, three AFI writes.
    const writes = () => reader!.requests.filter((r) => r.startsWith('10FFB027')).length;
    expect(writes()).toBe(3);
    const rounds = reader.requests.filter((r) => r.startsWith('07FFB001')).length;
    await waitFor(() => reader!.requests.filter((r) => r.startsWith('07FFB001')).length >= rounds + 2, 'two more inventory rounds', 5000);
    expect(events.length).toBe(3);
    expect(writes()).toBe(3);
    await call('kiosk.rfid', { mode: 'off', language: 'en' });
  });
});
