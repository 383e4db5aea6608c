import { demoBorrower, demoItems } from '../src/main/circulation/demo-seed';
import type { EventPayload } from '../src/shared/ipc/contract';
import { openFakeFeigReader } from '../test/helpers/feig-device';
import { silentLogger } from '../test/helpers/logger';
import { createPtyPair } from '../test/helpers/pty';
import { testServices } from '../test/helpers/services';
import { percentile } from './stats';
import type { BenchFigure } from './types';

const rounds = 30;
const tags = 5;

/** Bytes on the line for one round of `n` tags with 9 blocks each (inventory, then per tag read blocks and write AFI). */
function lineBytes(n: number): number {
  const inventory = 7 + (6 + 1 + 10 * n);
  const perTag = 17 + (6 + 2 + 9 * 5) + 16 + 6;
  return inventory + n * perTag;
}

/**
 * RFID pad with 5 tags → items listed, through the whole app of a kiosk: a FEIG reader (a fake one speaking the ISO
 * host protocol on the device end of a socat pty pair) holds 5 ISO 28560-3 item tags; the kiosk's borrow step starts
 * (kiosk.rfid) and the time runs until the 5th item's outcome event (loan done, AFI written) is out. Then the return
 * step does the same for the 5 returns. The pad is asked at once when the step starts, so no poll interval is in the
 * figure; a pty has no baud rate, so the serial line's own time (below) comes on top on a real reader.
 */
export async function run(): Promise<BenchFigure[]> {
  const pair = await createPtyPair();
  const reader = openFakeFeigReader(pair.device);
  const services = testServices({ initialConfig: { mode: 'kiosk', language: 'en' }, log: silentLogger, now: () => new Date() });
  const borrow: number[] = [];
  const giveBack: number[] = [];
  let lent = 0;
  try {
    const call = async (channel: string, payload: unknown) => {
      const result = await services.dispatcher.dispatch(channel, payload, { host: 'web' });
      if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
      return result.value;
    };
    // A 10 s poll interval: each measured round is the one the step's start asks for.
    await call('hardware.applyRfid', { rfid: { kind: 'feig', path: pair.app, parity: 'none', pollMs: 10_000, responseTimeoutMs: 1000 } });
    await services.seedDemo();
    const items = demoItems.slice(0, tags).map(([barcode]) => barcode);
    items.forEach((id, i) => reader.put(`E0040100000000${(i + 1).toString(16).toUpperCase().padStart(2, '0')}`, { id, usageCode: 1, country: 'SE', isil: 'SE-Mm' }));
    await call('kiosk.identify', { cardNumber: demoBorrower.cardNumber });
    await call('kiosk.pin', { pin: demoBorrower.pin });
    // The demo borrower holds some of these already: return them all first.
    for (const id of items) await call('kiosk.checkin', { itemId: id, language: 'en' });

    let seen: EventPayload<'kiosk.rfidItem'>[] = [];
    let wake: (() => void) | undefined;
    services.events.forward((event, payload) => {
      if (event !== 'kiosk.rfidItem') return;
      seen.push(payload as EventPayload<'kiosk.rfidItem'>);
      if (seen.length >= tags) wake?.();
    });
    const step = async (mode: 'borrow' | 'return'): Promise<number> => {
      seen = [];
      const done = new Promise<void>((resolve) => (wake = resolve));
      const start = process.hrtime.bigint();
      await call('kiosk.rfid', { mode, language: 'en' });
      await done;
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (mode === 'borrow') lent += seen.filter((e) => e.outcome.ok && !e.securityMessage).length;
      await call('kiosk.rfid', { mode: 'off', language: 'en' });
      return ms;
    };
    // Warm-up.
    await step('borrow');
    await step('return');
    lent = 0;
    for (let i = 0; i < rounds; i++) {
      borrow.push(await step('borrow'));
      giveBack.push(await step('return'));
    }
  } finally {
    services.close();
    reader.close();
    await pair.close();
  }
  const bits = lineBytes(tags) * 11; // 8 data bits, parity, start and stop bit (38400 8E1)
  return [
    { name: `RFID pad, ${tags} tags → ${tags} loans listed (FEIG over pty), p50`, value: percentile(borrow, 50), unit: 'ms', note: `${rounds} rounds, ${lent} of ${rounds * tags} loans with AFI set; the fake reader runs in the same process` },
    { name: `RFID pad, ${tags} tags → ${tags} loans listed (FEIG over pty), p95`, value: percentile(borrow, 95), unit: 'ms' },
    { name: `RFID pad, ${tags} tags → ${tags} returns listed (FEIG over pty), p95`, value: percentile(giveBack, 95), unit: 'ms' },
    { name: 'serial line time on top at 38400 baud 8E1 (not in the figures above)', value: (bits / 38_400) * 1000, unit: 'ms', note: `${lineBytes(tags)} bytes per round` },
  ];
}
