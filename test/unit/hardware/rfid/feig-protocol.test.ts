import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hex } from '../../../../src/main/hardware/relays/protocol/bytes';
import {
  crc16Feig,
  decodeInventory,
  decodeReadBlocks,
  encodeFeigReply,
  encodeFeigRequest,
  encodeInventory,
  encodeInventoryReply,
  encodeReadBlocksReply,
  encodeReadMultipleBlocks,
  encodeWriteAfi,
  parseFeigReply,
  type FeigReply,
} from '../../../../src/main/hardware/rfid/feig-protocol';
import { drainParser } from '../../../helpers/parse-stream';

const bytes = (text: string) => Uint8Array.from(text.split(' ').map((h) => parseInt(h, 16)));

/** The replies to `command` in `stream`, as the serial exchange finds them. */
function drain(stream: Uint8Array, command: number, comAdr?: number): { replies: FeigReply[]; left: number } {
  const { frames, left } = drainParser(stream, (buffer) => parseFeigReply(buffer, command, comAdr));
  return { replies: frames, left };
}

describe('FEIG ISO host protocol frames', () => {
  it('uses CRC-16 0x8408 reflected with start 0xFFFF (check value of "123456789" is 0x6F91)', () => {
    expect(crc16Feig(Buffer.from('123456789', 'latin1'))).toBe(0x6f91);
  });

  it('encodes the requests byte for byte (recorded frames)', () => {
    expect(hex(encodeInventory(0xff))).toBe('07 FF B0 01 00 1C 56');
    expect(hex(encodeWriteAfi(0xff, 'E004010000000001', 0xc2))).toBe('10 FF B0 27 01 E0 04 01 00 00 00 00 01 C2 49 A1');
    expect(hex(encodeReadMultipleBlocks(0x00, 'E004010000000001', 0, 9))).toBe('11 00 B0 23 01 E0 04 01 00 00 00 00 01 00 09 DE DF');
  });

  it('reads a recorded inventory reply with two tags, and "no transponder"', () => {
    const reply = bytes('1B 00 B0 00 02 03 00 E0 04 01 00 00 00 00 01 03 00 E0 04 01 00 00 00 00 02 5F 44');
    const step = parseFeigReply(reply, 0xb0, 0xff);
    expect(step.kind).toBe('frame');
    if (step.kind !== 'frame') return;
    expect(step.length).toBe(27);
    expect(step.value.status).toBe(0);
    expect(decodeInventory(step.value.data)).toEqual([
      { trType: 3, dsfid: 0, uid: 'E004010000000001' },
      { trType: 3, dsfid: 0, uid: 'E004010000000002' },
    ]);
    const none = parseFeigReply(bytes('06 00 B0 01 5C 63'), 0xb0);
    expect(none.kind === 'frame' && none.value.status).toBe(1);
  });

  it('skips a frame with a corrupted CRC, and waits for the rest of a partial one', () => {
    const good = bytes('06 00 B0 01 5C 63');
    const bad = Uint8Array.from(good);
    bad[5] = 0x64;
    expect(parseFeigReply(bad, 0xb0)).toEqual({ kind: 'skip', count: 1, reason: 'CRC mismatch' });
    expect(parseFeigReply(good.subarray(0, 4), 0xb0)).toEqual({ kind: 'need-more' });
    expect(drain(Uint8Array.from([...bad, ...good]), 0xb0).replies.map((r) => r.status)).toEqual([1]);
    // Noise whose first byte reads as a long frame does not hold up the good frame behind it.
    expect(drain(Uint8Array.from([0xb0, 0x13, ...good]), 0xb0).replies.map((r) => r.status)).toEqual([1]);
  });

  it('skips replies from another reader address or to another command', () => {
    const other = encodeFeigReply({ comAdr: 3, command: 0xb0, status: 0 });
    expect(parseFeigReply(other, 0xb0, 2)).toMatchObject({ kind: 'skip', count: other.length });
    const version = encodeFeigReply({ comAdr: 2, command: 0x65, status: 0, data: [3, 4, 0, 0x4a, 0x30, 0, 0] });
    expect(parseFeigReply(version, 0xb0, 2)).toMatchObject({ kind: 'skip', count: version.length });
  });

  it('reads the advanced frame (STX, two length bytes) of a long reply', () => {
    const records = Array.from({ length: 30 }, (_, i) => ({ trType: 3, dsfid: 0, uid: `E0040100000000${i.toString(16).toUpperCase().padStart(2, '0')}` }));
    const frame = encodeInventoryReply(0xff, records);
    expect(frame[0]).toBe(0x02);
    const step = parseFeigReply(frame, 0xb0);
    expect(step.kind === 'frame' && decodeInventory(step.value.data)?.length).toBe(30);
  });

  it('round-trips any request and reply through encode and parse (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 400 }), (comAdr, command, status, data) => {
        const frame = encodeFeigReply({ comAdr, command, status, data });
        const step = parseFeigReply(frame, command, comAdr);
        expect(step).toEqual({ kind: 'frame', length: frame.length, value: { comAdr, command, status, data: Uint8Array.from(data) } });
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 250 }), (comAdr, command, data) => {
        const frame = encodeFeigRequest(comAdr, command, data);
        expect(frame[0]).toBe(frame.length);
        const crc = crc16Feig(frame, frame.length - 2);
        expect([frame[frame.length - 2], frame[frame.length - 1]]).toEqual([crc & 0xff, crc >>> 8]);
      }),
    );
  });

  it('round-trips inventories and block reads (fast-check)', () => {
    const uid = fc.uint8Array({ minLength: 7, maxLength: 7 }).map((rest) => hex([0xe0, ...rest]).replace(/ /g, ''));
    fc.assert(
      fc.property(fc.array(fc.record({ trType: fc.constant(3), dsfid: fc.integer({ min: 0, max: 255 }), uid }), { maxLength: 40 }), (records) => {
        const step = parseFeigReply(encodeInventoryReply(1, records), 0xb0, 1);
        expect(step.kind === 'frame' ? decodeInventory(step.value.data) : null).toEqual(records);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 20 }), (blockSize, count) => {
        const memory = Uint8Array.from({ length: blockSize * count }, (_, i) => (i * 7) & 0xff);
        const step = parseFeigReply(encodeReadBlocksReply(1, memory, blockSize), 0xb0, 1);
        const blocks = step.kind === 'frame' ? decodeReadBlocks(step.value.data) : null;
        expect(blocks?.bytes).toEqual(memory);
        expect(blocks?.blockSize).toBe(blockSize);
      }),
    );
  });

  it('never throws on garbage and always makes progress (fast-check)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (garbage) => {
        const { left } = drain(garbage, 0xb0);
        expect(left).toBeLessThanOrEqual(garbage.length);
      }),
    );
  });

  it('refuses UIDs that are not 16 hex digits', () => {
    expect(() => encodeWriteAfi(1, 'E0040100', 7)).toThrow(RangeError);
  });
});
