import { afterEach, describe, expect, it } from 'vitest';
import { doorConfigSchema } from '../../../../src/main/hardware/door/config';
import { createDoorController, type DoorController } from '../../../../src/main/hardware/door/controller';
import { createRelayInputContact, type RelayInputContact } from '../../../../src/main/hardware/door/relay-input-contact';
import { relayConfigSchema } from '../../../../src/main/hardware/relays/config';
import { createRelay } from '../../../../src/main/hardware/relays/create-relay';
import { decodeReadCoils, encodeReadDiscreteInputs, modbusFrame } from '../../../../src/main/hardware/relays/protocol/modbus';
import type { Relay } from '../../../../src/main/hardware/relays/types';
import { silentLogger } from '../../../helpers/logger';
import { createPtyPair, type PtyPair } from '../../../helpers/pty';
import { nextEvent, openBoard, type Board } from '../../../helpers/relay-board';

let pair: PtyPair | undefined;
let relay: Relay | undefined;
let contact: RelayInputContact | undefined;
let door: DoorController | undefined;
let board: Board | undefined;
let serving = false;
afterEach(async () => {
  serving = false;
  contact?.close();
  await door?.close();
  await relay?.close();
  board?.close();
  await pair?.close();
  [contact, door, relay, board, pair] = [undefined, undefined, undefined, undefined, undefined];
});

describe('Modbus Read Discrete Inputs frames (function 0x02)', () => {
  it('matches the recorded frames of a real coupler (Beckhoff BK7300 manual: slave 11, inputs 0-9)', () => {
    expect([...encodeReadDiscreteInputs(11, 0, 10)]).toEqual([0x0b, 0x02, 0x00, 0x00, 0x00, 0x0a, 0xf8, 0xa7]);
    const reply = Uint8Array.from([0x0b, 0x02, 0x02, 0x01, 0x00, 0x20, 0x29]);
    expect(decodeReadCoils(reply, 10)).toEqual([true, false, false, false, false, false, false, false, false, false]);
    expect([...modbusFrame(11, [0x02, 0x02, 0x01, 0x00])]).toEqual([...reply]);
  });
});

/**
 * The board's end of the line: answers coil writes (05, echo) and input reads (02) from `inputs`, until stopped.
 * Every request is 8 bytes; the frames it receives are checked byte for byte.
 */
async function serve(b: Board, inputs: { levels: boolean[] }, seen: number[][]): Promise<void> {
  serving = true;
  while (serving) {
    let request: number[];
    try {
      request = await b.take(8, 500);
    } catch {
      continue;
    }
    seen.push(request);
    if (request[1] === 0x05) b.write(request);
    else if (request[1] === 0x02) {
      const address = (request[2]! << 8) | request[3]!;
      const bit = inputs.levels[address] ? 1 : 0;
      b.write([...modbusFrame(request[0]!, [0x02, 0x01, bit])]);
    }
  }
}

describe('a real door contact on the relay board’s input, over a pty (socat)', () => {
  it('reads input 3 with function 02, reports open and closed, and a forced door raises the alarm while the lock relay keeps working', async () => {
    pair = await createPtyPair();
    board = openBoard(pair.device);
    relay = createRelay(
      relayConfigSchema.parse({ kind: 'modbus-rtu', slave: 1, channels: 2, port: { path: pair.app }, reconnect: { initialMs: 20, maxMs: 80 }, presenceCheckMs: 20 }),
      { log: silentLogger },
    );
    const r = relay;
    if (r.status !== 'connected') await nextEvent((l) => r.on('connected', l));
    const inputs = { levels: [false, false, false, true] }; // NC reed switch on input 3: on = door closed
    const seen: number[][] = [];
    const served = serve(board, inputs, seen);

    contact = createRelayInputContact({ relay: r, input: 3, openLevel: 'off', pollMs: 30, log: silentLogger });
    await contact.polled();
    expect(contact.read()).toBe('closed');
    // The request as it went over the line: slave 1, function 02, input 3, one input, CRC.
    expect(seen.find((f) => f[1] === 0x02)).toEqual([...encodeReadDiscreteInputs(1, 3, 1)]);

    door = createDoorController({
      relay: r,
      contact,
      config: doorConfigSchema.parse({ channel: 1, lockType: 'fail-safe', pulseMs: 100, feedTimeoutMs: 0, watchdogIntervalMs: 50, forcedGraceMs: 0 }),
      log: silentLogger,
    });
    await door.start();
    const forced = nextEvent((l) => door!.on('alarm', l));
    inputs.levels[3] = false; // the door is pushed open while locked
    expect((await forced)[0]).toMatchObject({ alarm: 'forced' });
    expect(contact.read()).toBe('open');
    const cleared = nextEvent((l) => door!.on('alarm-cleared', l));
    inputs.levels[3] = true;
    expect((await cleared)[0]).toMatchObject({ alarm: 'forced' });
    // Coil writes and input reads share the line without garbling each other.
    expect(await door.pulse()).toMatchObject({ ok: true });
    expect(seen.some((f) => f[1] === 0x05)).toBe(true);
    serving = false;
    await served;
  });

  it('keeps the last known state while the board does not answer, and reads again when it does', async () => {
    pair = await createPtyPair();
    board = openBoard(pair.device);
    relay = createRelay(
      relayConfigSchema.parse({ kind: 'modbus-rtu', slave: 1, channels: 1, responseTimeoutMs: 40, retries: 0, port: { path: pair.app }, reconnect: { initialMs: 20, maxMs: 80 } }),
      { log: silentLogger },
    );
    const r = relay;
    if (r.status !== 'connected') await nextEvent((l) => r.on('connected', l));
    const inputs = { levels: [false] }; // off: open
    const seen: number[][] = [];
    const served = serve(board, inputs, seen);
    contact = createRelayInputContact({ relay: r, input: 0, openLevel: 'off', pollMs: 20, log: silentLogger });
    await contact.polled();
    expect(contact.read()).toBe('open');
    serving = false;
    await served;
    // Silence on the line: reads time out, the state stays.
    await contact.polled();
    await contact.polled();
    expect(contact.read()).toBe('open');
    const changed = nextEvent((l) => contact!.onChange(l));
    inputs.levels[0] = true;
    const again = serve(board, inputs, seen);
    expect((await changed)[0]).toBe('closed');
    serving = false;
    await again;
  });
});
