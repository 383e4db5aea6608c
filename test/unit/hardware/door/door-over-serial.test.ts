import { afterEach, describe, expect, it } from 'vitest';
import { doorConfigSchema } from '../../../../src/main/hardware/door/config';
import { createDoorController, type DoorController } from '../../../../src/main/hardware/door/controller';
import { relayConfigSchema } from '../../../../src/main/hardware/relays/config';
import { createRelay } from '../../../../src/main/hardware/relays/create-relay';
import type { Relay } from '../../../../src/main/hardware/relays/types';
import { silentLogger } from '../../../helpers/logger';
import { createPtyPair, type PtyPair } from '../../../helpers/pty';
import { nextEvent, openBoard, type Board } from '../../../helpers/relay-board';

let pair: PtyPair | undefined;
let relay: Relay | undefined;
let door: DoorController | undefined;
let board: Board | undefined;
afterEach(async () => {
  await door?.close();
  await relay?.close();
  board?.close();
  await pair?.close();
});

const ON = [0xa0, 0x01, 0x01, 0xa2];
const OFF = [0xa0, 0x01, 0x00, 0xa1];

describe('door controller driving an LCUS relay over a real serial line', () => {
  it('locks at start, pulses open for the configured time, survives an unplug, and locks on exit', async () => {
    pair = await createPtyPair();
    board = openBoard(pair.device);
    relay = createRelay(
      relayConfigSchema.parse({ kind: 'lcus', port: { path: pair.app }, reconnect: { initialMs: 20, maxMs: 80 }, presenceCheckMs: 20 }),
      { log: silentLogger },
    );
    const r = relay;
    door = createDoorController({
      relay: r,
      config: doorConfigSchema.parse({ channel: 1, lockType: 'fail-safe', pulseMs: 150, feedTimeoutMs: 0, watchdogIntervalMs: 50 }),
      log: silentLogger,
    });
    await door.start(); // the port may still be opening: the relay applies the registered safe level once it is
    if (r.status !== 'connected') await nextEvent((l) => r.on('connected', l));
    expect(await board.take(4)).toEqual(ON); // fail-safe: energised = locked

    // Another write of ON may follow (the controller re-asserts its level on 'connected'); drop repeats.
    const started = Date.now();
    expect(await door.pulse()).toMatchObject({ ok: true });
    let bytes = await board.take(4);
    while (bytes.join() === ON.join()) bytes = await board.take(4);
    expect(bytes).toEqual(OFF);
    expect(await board.take(4)).toEqual(ON);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);

    const disconnected = nextEvent((l) => r.on('disconnected', l));
    board.close();
    await pair.unplug();
    await disconnected;
    expect(await door.pulse()).toMatchObject({ ok: false, reason: 'relay-error' });

    const connected = nextEvent((l) => r.on('connected', l));
    await pair.replug();
    board = openBoard(pair.device);
    await connected;
    expect(await board.take(4)).toEqual(ON); // the safe level, straight after reconnecting

    await door.close();
    await relay.close(); // drives the registered safe level once more
    await new Promise((resolve) => setTimeout(resolve, 50));
    const tail = board.pending();
    expect(tail.length).toBeGreaterThanOrEqual(4);
    expect(tail).toEqual(Array.from({ length: tail.length / 4 }, () => ON).flat());
    door = undefined;
    relay = undefined;
  });
});
