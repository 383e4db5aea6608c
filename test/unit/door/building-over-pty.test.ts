import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { BuildingService } from '../../../src/main/door/building/service';
import { doorConfigSchema } from '../../../src/main/hardware/door/config';
import { createDoorController, type DoorController } from '../../../src/main/hardware/door/controller';
import { relayConfigSchema } from '../../../src/main/hardware/relays/config';
import { createRelay } from '../../../src/main/hardware/relays/create-relay';
import type { Relay } from '../../../src/main/hardware/relays/types';
import { BuildingSettingsSchema } from '../../../src/shared/door/building';
import { ScheduleSchema } from '../../../src/shared/door/schedule';
import { FakeClock } from '../../helpers/clock';
import { silentLogger } from '../../helpers/logger';
import { createPtyPair, type PtyPair } from '../../helpers/pty';
import { nextEvent, openBoard, serveModbusBoard, type Board } from '../../helpers/relay-board';
import { doorDatabase, usualHours } from './helpers';

/** One terminal's run: its database connection, the relay on the pty, the door controller and the building service. */
interface Terminal {
  db: Database;
  relay: Relay;
  door: DoorController;
  service: BuildingService;
}

let pair: PtyPair | undefined;
let board: Board | undefined;
let serving = false;
let served: Promise<void> | undefined;
const open: Terminal[] = [];
const file = path.join(os.tmpdir(), `building-pty-${process.pid}.db`);

afterEach(async () => {
  for (const t of open.splice(0)) await stop(t);
  serving = false;
  await served;
  board?.close();
  await pair?.close();
  [pair, board, served] = [undefined, undefined, undefined];
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
});


const settings = BuildingSettingsSchema.parse({
  outputs: [
    { function: 'lights', channel: 2, beforeOpeningMinutes: 10, afterClosingMinutes: 15 },
    { function: 'alarm-arm', channel: 3, beforeOpeningMinutes: 30, afterClosingMinutes: 20 },
  ],
  lockUp: { stepSeconds: 60 },
});
const schedule = ScheduleSchema.parse(usualHours());

async function startTerminal(clock: FakeClock, appPath: string): Promise<Terminal> {
  const db = doorDatabase(file);
  const relay = createRelay(
    relayConfigSchema.parse({ kind: 'modbus-rtu', slave: 1, channels: 4, port: { path: appPath }, reconnect: { initialMs: 20, maxMs: 80 }, presenceCheckMs: 0 }),
    { log: silentLogger },
  );
  if (relay.status !== 'connected') await nextEvent((l) => relay.on('connected', l));
  // Fail-secure lock on channel 1: locked = relay off.
  const door = createDoorController({ relay, config: doorConfigSchema.parse({ channel: 1, lockType: 'fail-secure', feedTimeoutMs: 0 }), log: silentLogger });
  await door.start();
  const service = new BuildingService({
    db,
    clock,
    log: silentLogger,
    settings: () => settings,
    schedule: () => schedule,
    relay: {
      set: (channel, on) =>
        relay.setChannel(channel, on).then(
          () => true,
          () => false,
        ),
      onConnected: (listener) => relay.on('connected', listener),
    },
    door: { lock: () => door.lockNow(), heldOpenUntil: () => null },
    announce: () => undefined,
    alarm: () => undefined,
    tickMs: 5000,
  });
  const terminal = { db, relay, door, service };
  open.push(terminal);
  await service.start();
  await service.idle();
  return terminal;
}

async function stop(t: Terminal): Promise<void> {
  const index = open.indexOf(t);
  if (index >= 0) open.splice(index, 1);
  t.service.close();
  await t.service.idle();
  await t.door.close();
  await t.relay.close();
  t.db.close();
}

/** Moves the fake clock tick by tick, letting each tick's relay writes finish on the real line. */
async function runUntil(clock: FakeClock, t: Terminal, iso: string): Promise<void> {
  const target = Date.parse(iso);
  while (clock.now() < target) {
    await clock.advance(Math.min(5000, target - clock.now()));
    await t.service.idle();
  }
}

describe('the building over a Modbus relay board on a pty (socat)', () => {
  it('switches the outputs on the board, and a restart in the middle of the lock-up resumes it with the door locked', { timeout: 60_000 }, async () => {
    pair = await createPtyPair();
    board = openBoard(pair.device);
    const coils: [number, boolean][] = [];
    serving = true;
    served = serveModbusBoard(board, coils, [], () => serving);
    // Wednesday 14 January 2026, Stockholm: closes 21:00 CET = 20:00Z.
    const clock = new FakeClock('2026-01-14T19:59:00Z');

    const first = await startTerminal(clock, pair.app);
    // The door's safe level, then every output once.
    expect(coils).toEqual([
      [1, false],
      [2, true],
      [3, false],
    ]);
    coils.length = 0;
    await runUntil(clock, first, '2026-01-14T20:01:02Z');
    // The lights warning is under way (lights off for 3 s) when the terminal stops.
    expect(first.service.view().lockUp).toMatchObject({ step: 'occupancy-check', status: 'running' });
    expect(coils).toEqual([[2, false]]);
    await stop(first);
    coils.length = 0;

    const second = await startTerminal(clock, pair.app);
    // Door locked first (safe level, and lockNow finds it locked), every output written again: the flick is over.
    expect(coils).toEqual([
      [1, false],
      [2, true],
      [3, false],
    ]);
    expect(second.door.state).toBe('locked');
    expect(second.service.view().log.map((e) => e.detail)).toContain('{"event":"resumed","step":"occupancy-check","status":"running"}');
    coils.length = 0;
    await runUntil(clock, second, '2026-01-14T20:02:10Z');
    expect(second.service.view().lockUp).toMatchObject({ step: 'done', status: 'done' });
    // Lights off, alarm armed; the door's channel is never switched on.
    expect(coils).toEqual([
      [2, false],
      [3, true],
    ]);
    expect(second.door.state).toBe('locked');

    // Another restart after the lock-up: the outputs stay as the lock-up left them, written once.
    await stop(second);
    coils.length = 0;
    const third = await startTerminal(clock, pair.app);
    expect(coils).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    expect(third.service.view().lockUp?.status).toBe('done');
  });
});
