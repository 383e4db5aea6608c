import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hex } from '../../../../src/main/hardware/relays/protocol/bytes';
import {
  crc16Modbus,
  decodeReadCoils,
  describeModbusException,
  encodeReadCoils,
  encodeWriteSingleCoil,
  isWriteCoilEcho,
  modbusCrcOk,
  modbusFrame,
  modbusSilenceMs,
  parseModbusReply,
  type ModbusReply,
} from '../../../../src/main/hardware/relays/protocol/modbus';
import { drainParser } from '../../../helpers/parse-stream';

const bytes = (text: string) => Uint8Array.from(text.split(' ').map((h) => parseInt(h, 16)));

/** The Modbus replies in `stream` for `slave` and function `fn`, as the serial driver finds them. */
function drain(stream: Uint8Array, slave: number, fn: number): { frames: ModbusReply[]; left: number } {
  return drainParser(stream, (buffer) => parseModbusReply(buffer, slave, fn));
}

describe('CRC-16/MODBUS', () => {
  it('matches the catalogue check value (crc-catalog CRC_16_MODBUS: "123456789" → 0x4B37)', () => {
    expect(crc16Modbus(new TextEncoder().encode('123456789'))).toBe(0x4b37);
  });

  it.each([
    // Write Single Coil frames as published for common relay modules and Modbus tools.
    ['01 05 00 00 FF 00', '8C 3A'],
    ['01 05 00 00 00 00', 'CD CA'],
    ['01 05 00 01 FF 00', 'DD FA'],
    ['01 05 00 01 00 00', '9C 0A'],
    ['01 05 00 02 FF 00', '2D FA'],
    ['01 05 00 03 FF 00', '7C 3A'],
    ['01 05 00 03 00 00', '3D CA'],
    // Other functions from the same public examples.
    ['01 03 00 00 00 02', 'C4 0B'],
    ['01 06 00 01 00 03', '98 0B'],
  ])('%s → CRC %s (low byte first on the wire)', (pdu, crc) => {
    const frame = modbusFrame(bytes(pdu)[0]!, bytes(pdu).subarray(1));
    expect(hex(frame)).toBe(`${pdu} ${crc}`);
    expect(modbusCrcOk(frame)).toBe(true);
  });

  it('leaves residue 0 over a frame with its CRC, and catches any single flipped bit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 247 }), fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.nat(), (slave, pdu, flip) => {
        const frame = modbusFrame(slave, pdu);
        expect(crc16Modbus(frame)).toBe(0);
        const broken = frame.slice();
        const bit = flip % (broken.length * 8);
        broken[bit >> 3]! ^= 1 << (bit & 7);
        expect(modbusCrcOk(broken)).toBe(false);
      }),
    );
  });
});

describe('Modbus encoders', () => {
  it('writes a single coil with FF 00 for on and 00 00 for off at the given slave and address', () => {
    expect(hex(encodeWriteSingleCoil(1, 0, true))).toBe('01 05 00 00 FF 00 8C 3A');
    expect(hex(encodeWriteSingleCoil(1, 1, false))).toBe('01 05 00 01 00 00 9C 0A');
    const far = encodeWriteSingleCoil(17, 0x1234, true);
    expect(hex(far.subarray(0, 6))).toBe('11 05 12 34 FF 00');
    expect(modbusCrcOk(far)).toBe(true);
  });

  it('reads coils with start address and quantity, big endian (Waveshare Modbus RTU Relay example 01 01 00 00 00 08 3D CC)', () => {
    expect(hex(encodeReadCoils(1, 0, 8))).toBe('01 01 00 00 00 08 3D CC');
  });

  it('refuses addresses outside the protocol', () => {
    expect(() => encodeWriteSingleCoil(248, 0, true)).toThrow(RangeError);
    expect(() => encodeWriteSingleCoil(1, 0x10000, true)).toThrow(RangeError);
    expect(() => encodeReadCoils(1, 0xffff, 2)).toThrow(RangeError);
  });
});

describe('Modbus reply parser', () => {
  it('takes the echo of a write and checks it against the request', () => {
    const request = encodeWriteSingleCoil(1, 0, true);
    const step = parseModbusReply(request, 1, 0x05);
    expect(step).toMatchObject({ kind: 'frame', length: 8, value: { kind: 'ok', function: 5 } });
    if (step.kind !== 'frame' || step.value.kind !== 'ok') throw new Error('no frame');
    expect(isWriteCoilEcho(step.value.frame, request)).toBe(true);
    expect(isWriteCoilEcho(step.value.frame, encodeWriteSingleCoil(1, 0, false))).toBe(false);
  });

  it('reads an exception reply (function | 0x80) with its code', () => {
    const reply = modbusFrame(1, [0x85, 0x02]);
    expect(parseModbusReply(reply, 1, 0x05)).toEqual({ kind: 'frame', length: 5, value: { kind: 'exception', function: 5, code: 2 } });
    expect(describeModbusException(2)).toBe('illegal data address (0x02)');
  });

  it('waits for more bytes while a frame is incomplete', () => {
    const reply = encodeWriteSingleCoil(1, 0, true);
    for (let n = 0; n < reply.length; n++) expect(parseModbusReply(reply.subarray(0, n), 1, 0x05).kind).toBe('need-more');
  });

  it('skips noise, other slaves and bad CRCs to find the reply behind them', () => {
    const reply = encodeWriteSingleCoil(3, 7, false);
    const otherSlave = encodeWriteSingleCoil(4, 7, false);
    const badCrc = reply.slice();
    badCrc[7]! ^= 0xff;
    const stream = Uint8Array.from([0x00, 0xff, ...otherSlave, ...badCrc, ...reply]);
    const { frames } = drain(stream, 3, 0x05);
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatchObject({ kind: 'ok' });
  });

  it('parses the published read-coils reply 01 01 01 00 51 88 (all eight relays off)', () => {
    const step = parseModbusReply(bytes('01 01 01 00 51 88'), 1, 0x01);
    if (step.kind !== 'frame' || step.value.kind !== 'ok') throw new Error(`not a frame: ${JSON.stringify(step)}`);
    expect(decodeReadCoils(step.value.frame, 8)).toEqual(Array.from({ length: 8 }, () => false));
  });

  it('decodes read-coils replies LSB first', () => {
    const frame = modbusFrame(1, [0x01, 0x02, 0b0000_0101, 0b0000_0010]);
    expect(parseModbusReply(frame, 1, 0x01)).toMatchObject({ kind: 'frame', length: 7 });
    expect(decodeReadCoils(frame, 10)).toEqual([true, false, true, false, false, false, false, false, false, true]);
    expect(decodeReadCoils(frame, 20)).toBeUndefined();
  });

  it('never throws on garbage and always makes progress (fast-check)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 0, max: 247 }), fc.constantFrom(0x01, 0x05, 0x03, 0x10, 0x2b), (garbage, slave, fn) => {
        const step = parseModbusReply(garbage, slave, fn);
        if (step.kind === 'skip') expect(step.count).toBeGreaterThanOrEqual(1);
        if (step.kind === 'frame') {
          expect(step.length).toBeLessThanOrEqual(garbage.length);
          expect(modbusCrcOk(garbage.subarray(0, step.length))).toBe(true);
        }
        const { left } = drain(garbage, slave, fn);
        expect(left).toBeLessThanOrEqual(garbage.length);
      }),
      { numRuns: 500 },
    );
  });

  it('finds a real reply behind any noise that does not contain the slave address (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 247 }), fc.integer({ min: 0, max: 0xffff }), fc.boolean(), fc.uint8Array({ maxLength: 60 }), (slave, address, on, noise) => {
        const reply = encodeWriteSingleCoil(slave, address, on);
        const clean = noise.filter((b) => b !== slave);
        const { frames } = drain(Uint8Array.from([...clean, ...reply]), slave, 0x05);
        expect(frames).toHaveLength(1);
        const frame = frames[0]!;
        expect(frame.kind === 'ok' && isWriteCoilEcho(frame.frame, reply)).toBe(true);
      }),
    );
  });
});

describe('Modbus RTU frame gap', () => {
  it('is 3.5 character times of 11 bits, and 1.75 ms above 19200 baud', () => {
    expect(modbusSilenceMs(9600)).toBe(5); // 4.01 ms rounded up
    expect(modbusSilenceMs(19_200)).toBe(3); // 2.005 ms rounded up
    expect(modbusSilenceMs(115_200)).toBe(2); // 1.75 ms rounded up
  });
});
