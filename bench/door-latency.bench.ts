import { closeSync, constants, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tty from 'node:tty';
import { createAppServices } from '../src/main/app/services';
import { get, sql } from '../src/main/db/sql';
import { DoorAccessService, MemoryDoorFeedKeyStore, saveFeedParams } from '../src/main/door';
import type { Authorizer } from '../src/main/hardware/service';
import { createRootLogger } from '../src/main/log';
import { buildHealthCardTracks } from '../src/shared/cards';
import { DoorPolicySchema } from '../src/shared/door/policy';
import { createPtyPair } from '../test/helpers/pty';
import { benchFeedParams, loadDoorFeed } from './door-feed-fixture';
import { percentile } from './stats';
import type { BenchFigure } from './types';

/**
 * Card to door over real serial lines (socat pty pairs), through the whole app of a door-mode terminal: a Danish
 * health card swiped at a serial door reader → framing → decoding → the door's decision from the register's
 * keyed-hash feed (1,000,000 entitlements: one scrypt of the CPR number with the feed's parameters, off the main
 * thread, one indexed SELECT, the rules, the visit log in a transaction) → door pulse → LCUS relay command.
 * Measured from the moment the last byte of the swipe is written on the reader's line to the moment the relay's ON
 * command has arrived on the relay's line. Target: 10 ms.
 */
const targetMs = 10;
const borrowers = Number(process.env.LANEDISK_BENCH_DOOR_ENTITLEMENTS ?? 1_000_000);
/** The register's default door hash cost (src/server/config.ts). */
const feedLogN = 10;
const reads = 1000;
const warmup = 50;
/** The borrowers whose cards are read (their identity hashes are real; see loadDoorFeed). */
const probes = new Set(Array.from({ length: 2000 }, (_, k) => Math.floor((k * borrowers) / 2000)));
const probeList = [...probes];
const LCUS_ON = [0xa0, 0x01, 0x01, 0xa2];
const LCUS_OFF = [0xa0, 0x01, 0x00, 0xa1];

const log = createRootLogger({ level: 'silent' });

/** A fictitious, valid CPR per index: DDMMYY with day 1-28, 1900s serials (7th digit 1-3), all distinct. */
function cpr(i: number): string {
  const dates = 28 * 12 * 100;
  const d = i % dates;
  const day = (d % 28) + 1;
  const month = (Math.floor(d / 28) % 12) + 1;
  const year = Math.floor(d / (28 * 12));
  const serial = 1000 + Math.floor(i / dates);
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  return `${pad(day, 2)}${pad(month, 2)}${pad(year, 2)}${pad(serial, 4)}`;
}

/** The real door decision, open round the clock, with a 1 ms opening so the door relocks before the next card. */
function feedAuthorizer(service: DoorAccessService): Authorizer {
  return async (credential) => {
    const decision = await service.decide('malmo', credential);
    return decision.admit ? { allow: true, openMs: 1 } : { allow: false, reason: decision.reason };
  };
}

/** The relay board's end of its line: resolves when a command arrives, with the time it arrived. */
function relayBoard(devicePath: string) {
  const fd = openSync(devicePath, constants.O_RDWR | constants.O_NOCTTY);
  const stream = new tty.ReadStream(fd);
  let buffer: number[] = [];
  let waiting: { command: number[]; resolve: (at: bigint) => void } | undefined;
  const check = () => {
    if (!waiting) return;
    const { command } = waiting;
    for (let i = 0; i + command.length <= buffer.length; i++) {
      if (command.every((b, k) => buffer[i + k] === b)) {
        const resolve = waiting.resolve;
        buffer = buffer.slice(i + command.length);
        waiting = undefined;
        resolve(process.hrtime.bigint());
        return;
      }
    }
  };
  stream.on('data', (chunk: Buffer) => {
    buffer.push(...chunk);
    check();
  });
  stream.on('error', () => undefined);
  return {
    next(command: number[], timeoutMs = 5000): Promise<bigint> {
      return new Promise<bigint>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`relay command ${command.map((b) => b.toString(16)).join(' ')} did not arrive`)), timeoutMs);
        waiting = {
          command,
          resolve: (at) => {
            clearTimeout(timer);
            resolve(at);
          },
        };
        check();
      });
    },
    close: () => stream.destroy(),
  };
}

export async function run(): Promise<BenchFigure[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'lanedisk-bench-door-'));
  const readerLine = await createPtyPair();
  const relayLine = await createPtyPair();
  const board = relayBoard(relayLine.device);
  // The door key as the terminal's key store holds it (memory here: the bench has no database key).
  const keys = new MemoryDoorFeedKeyStore();
  const services = createAppServices({
    dataDir,
    host: 'web',
    appVersion: 'bench',
    log,
    serialPorts: { list: () => Promise.resolve([{ path: readerLine.app }, { path: relayLine.app }]) },
    initialConfig: { mode: 'door' },
    hardware: {
      hid: null,
      hotplugIntervalMs: 60_000,
      authorizer: ({ db }) =>
        feedAuthorizer(
          new DoorAccessService({
            db,
            keys,
            now: () => new Date(),
            policyFor: () => DoorPolicySchema.parse({ schedule: { timeZone: 'Europe/Copenhagen', weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from: '00:00', to: '24:00' }]])) } }),
          }),
        ),
    },
  });
  const readerFd = openSync(readerLine.device, constants.O_RDWR | constants.O_NOCTTY);
  try {
    const params = benchFeedParams(feedLogN);
    keys.save(Buffer.from(params.key, 'base64'));
    saveFeedParams(services.db, params);
    const loaded = await loadDoorFeed(services.db, { total: borrowers, params, identity: cpr, card: (i) => `2900${String(i).padStart(10, '0')}`, probes });
    const count = get<{ n: number }>(services.db, sql`SELECT count(*) AS n FROM door_entitlement`)?.n ?? 0;
    const ctx = { host: 'web' } as const;
    const safe = board.next(LCUS_OFF);
    const applied = [
      await services.dispatcher.dispatch(
        'hardware.applyReaders',
        { readers: [{ id: 'door', kind: 'serial', role: 'door', profileId: 'dk-health-card', path: readerLine.app, terminator: 'cr' }] },
        ctx,
      ),
      await services.dispatcher.dispatch(
        'hardware.applyDoor',
        { relay: { kind: 'lcus', port: { path: relayLine.app } }, door: { channel: 1, lockType: 'fail-secure', openTimeMs: 100 } },
        ctx,
      ),
    ];
    if (!applied.every((r) => r.ok)) throw new Error(`configuring the door failed: ${JSON.stringify(applied)}`);
    await safe; // the relay is open and holds the locked level
    const deadline = Date.now() + 5000;
    while (services.hardware.status().readers[0]?.status !== 'connected') {
      if (Date.now() > deadline) throw new Error('the door reader did not connect');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }

    const samples: number[] = [];
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < warmup + reads; i++) {
      const { track2 } = buildHealthCardTracks({ cpr: cpr(probeList[Math.floor(random() * probeList.length)]!), surname: 'Bench', given: 'Card' });
      const opened = board.next(LCUS_ON);
      writeSync(readerFd, Buffer.from(`${track2}\r`, 'latin1'));
      const written = process.hrtime.bigint();
      const arrived = await opened;
      if (i >= warmup) samples.push(Number(arrived - written) / 1e6);
      await board.next(LCUS_OFF); // relocked: the next card switches the relay again
    }
    const p50 = percentile(samples, 50);
    const p99 = percentile(samples, 99);
    return [
      { name: 'door feed entitlements on the door terminal', value: count, unit: 'rows', note: `stored in ${loaded.seconds.toFixed(0)} s by the sync client's SQL; identity hash scrypt logN ${feedLogN}` },
      { name: 'card-to-relay latency over ptys, p50', value: p50, unit: 'ms', note: `${reads} reads, last card byte written → relay ON command received` },
      { name: 'card-to-relay latency over ptys, p99', value: p99, unit: 'ms' },
      { name: 'card-to-relay latency over ptys, max', value: Math.max(...samples), unit: 'ms' },
      { name: `p50 / ${targetMs} ms target`, value: p50 / targetMs, unit: 'x', note: 'below 1 meets the target' },
      { name: `p99 / ${targetMs} ms target`, value: p99 / targetMs, unit: 'x', note: 'below 1 meets the target' },
    ];
  } finally {
    closeSync(readerFd);
    await services.shutdown();
    board.close();
    await readerLine.close();
    await relayLine.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
