import { createRootLogger } from '../src/main/log';
import { Sip2Client } from '../src/main/sip2/client';
import { Sip2Emulator } from '../src/main/sip2/emulator';
import { formatSip2Timestamp } from '../src/main/sip2/fields';
import { decodeFrame, encodeFrame, type FrameOptions } from '../src/main/sip2/frame';
import { checkoutResponse, encodeMessage, parseMessage, type CheckoutResponse } from '../src/main/sip2/messages';
import { msSince, percentile } from './stats';
import type { BenchFigure } from './types';

const PATRON = '0707614285';
const ITEMS = 20;

/** Times one awaited call in milliseconds. */
async function timed(call: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await call();
  return msSince(start);
}

/** Encode → frame → unframe → parse of a checkout response, without I/O. */
function codecOpsPerSecond(ms: number): number {
  const options: FrameOptions = { encoding: 'utf8', checksum: true, terminator: 'CR', checksumUnits: 'bytes' };
  const message: CheckoutResponse = {
    ok: true,
    renewalOk: false,
    magneticMedia: false,
    desensitize: true,
    transactionDate: formatSip2Timestamp(new Date()),
    institutionId: 'KK',
    patronId: PATRON,
    itemId: '39001000000011',
    title: 'Pippi Långstrump går ombord',
    dueDate: formatSip2Timestamp(new Date()),
    screenMessages: ['Due 2025-04-01.'],
    printLines: [],
  };
  let count = 0;
  let check = 0;
  const start = process.hrtime.bigint();
  while (msSince(start) < ms) {
    for (let i = 0; i < 500; i++) {
      const frame = encodeFrame(encodeMessage(checkoutResponse, message), i % 10, options);
      const parsed = parseMessage(checkoutResponse, decodeFrame(frame.subarray(0, -1), options).body);
      if (parsed.ok) check += parsed.message.title.length;
      count++;
    }
  }
  if (check === 0) throw new Error('codec bench parsed nothing');
  return (count / msSince(start)) * 1000;
}

/**
 * SIP2 over loopback TCP against the emulator: checkout/checkin pairs as a kiosk sends them (one
 * request at a time, checksums and sequence numbers on), and a patron information with a list.
 */
export async function run(): Promise<BenchFigure[]> {
  const emulator = new Sip2Emulator({
    accounts: [{ user: 'kiosk', password: 'secret' }],
    patrons: [{ id: PATRON, pin: '1234', name: 'Åsa Øster' }],
    items: Array.from({ length: ITEMS }, (_, i) => ({ id: `3900100000${String(i).padStart(4, '0')}`, title: `Bok nummer ${i}` })),
  });
  const { port } = await emulator.start();
  const client = new Sip2Client({
    config: { host: '127.0.0.1', port, institutionId: 'KK', login: { user: 'kiosk', password: 'secret' } },
    log: createRootLogger({ level: 'silent' }),
  });
  try {
    await client.connect();
    const itemIds = [...emulator.library.items.keys()];
    const pair = async (i: number) => {
      const itemId = itemIds[i % itemIds.length]!;
      const out = await client.checkout(PATRON, itemId);
      const back = await client.checkin(itemId);
      if (!out.ok || !back.ok) throw new Error('checkout/checkin refused during the bench');
    };
    for (let i = 0; i < 200; i++) await pair(i); // warm-up

    const latencies: number[] = [];
    let pairs = 0;
    const start = process.hrtime.bigint();
    while (msSince(start) < 3_000 && pairs < 20_000) {
      const itemId = itemIds[pairs % itemIds.length]!;
      latencies.push(await timed(() => client.checkout(PATRON, itemId)));
      latencies.push(await timed(() => client.checkin(itemId)));
      pairs++;
    }
    const elapsed = msSince(start);

    // A patron with all items on loan asking for the charged list.
    for (const itemId of itemIds) await client.checkout(PATRON, itemId);
    const infoLatencies: number[] = [];
    for (let i = 0; i < 300; i++) infoLatencies.push(await timed(() => client.patronInformation(PATRON, { password: '1234', summary: 'charged' })));

    const codec = codecOpsPerSecond(1_000);
    return [
      { name: 'SIP2 checkout+checkin pairs over loopback', value: (pairs / elapsed) * 1000, unit: 'pairs/s', note: `${pairs} pairs, checksums and AY on` },
      { name: 'SIP2 request round trips over loopback', value: ((pairs * 2) / elapsed) * 1000, unit: 'req/s' },
      { name: 'SIP2 round trip p50', value: percentile(latencies, 50), unit: 'ms' },
      { name: 'SIP2 round trip p99', value: percentile(latencies, 99), unit: 'ms' },
      { name: `SIP2 patron information with ${ITEMS} charged items p50`, value: percentile(infoLatencies, 50), unit: 'ms' },
      { name: `SIP2 patron information with ${ITEMS} charged items p99`, value: percentile(infoLatencies, 99), unit: 'ms' },
      { name: 'SIP2 encode+frame+unframe+parse, checkout response (no I/O)', value: codec, unit: 'ops/s' },
    ];
  } finally {
    await client.close();
    await emulator.stop();
  }
}
