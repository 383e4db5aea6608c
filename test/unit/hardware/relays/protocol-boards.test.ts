import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hex } from '../../../../src/main/hardware/relays/protocol/bytes';
import {
  encodeKmtronicCommand,
  encodeKmtronicStatusOne,
  KMTRONIC_STATUS_ALL,
  kmtronicStatusMode,
  parseKmtronicStatusAll,
  parseKmtronicStatusOne,
} from '../../../../src/main/hardware/relays/protocol/kmtronic';
import { encodeLcusCommand, lcusChecksum } from '../../../../src/main/hardware/relays/protocol/lcus';
import {
  decodeUsbRelayReport,
  encodeUsbRelayAll,
  encodeUsbRelayCommand,
  maskToStates,
  usbRelayChannelsFromProduct,
} from '../../../../src/main/hardware/relays/protocol/usb-hid';

describe('LCUS / CH340 relay commands', () => {
  it('are A0 ch op sum, as in the vendor examples (A0 01 01 A2 on, A0 01 00 A1 off)', () => {
    expect(hex(encodeLcusCommand(1, true))).toBe('A0 01 01 A2');
    expect(hex(encodeLcusCommand(1, false))).toBe('A0 01 00 A1');
    expect(hex(encodeLcusCommand(2, true))).toBe('A0 02 01 A3');
    expect(hex(encodeLcusCommand(8, false))).toBe('A0 08 00 A8');
  });

  it('checksum is the byte sum modulo 256', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.boolean(), (channel, on) => {
        const [start, ch, op, sum] = encodeLcusCommand(channel, on);
        expect(sum).toBe((start! + ch! + op!) & 0xff);
        expect(sum).toBe(lcusChecksum(channel, on ? 1 : 0));
      }),
    );
  });

  it('refuses channels the boards do not have', () => {
    expect(() => encodeLcusCommand(0, true)).toThrow(RangeError);
    expect(() => encodeLcusCommand(9, true)).toThrow(RangeError);
    expect(() => encodeLcusCommand(1.5, true)).toThrow(RangeError);
  });
});

describe('KMTronic commands and status', () => {
  it('switch with FF nn 01 / FF nn 00', () => {
    expect(hex(encodeKmtronicCommand(1, true))).toBe('FF 01 01');
    expect(hex(encodeKmtronicCommand(8, false))).toBe('FF 08 00');
    expect(() => encodeKmtronicCommand(9, true)).toThrow(RangeError);
  });

  it('ask all relays with FF 09 00 on 4/8-relay boards and one relay with FF nn 03 on 1/2-relay boards', () => {
    expect(hex(KMTRONIC_STATUS_ALL)).toBe('FF 09 00');
    expect(hex(encodeKmtronicStatusOne(2))).toBe('FF 02 03');
    expect(kmtronicStatusMode(1)).toBe('per-relay');
    expect(kmtronicStatusMode(2)).toBe('per-relay');
    expect(kmtronicStatusMode(4)).toBe('all');
    expect(kmtronicStatusMode(8)).toBe('all');
  });

  it('parse one byte per relay (01 on, 00 off), relay 1 first', () => {
    expect(parseKmtronicStatusAll(Uint8Array.of(1, 0, 0, 1), 4)).toEqual({ kind: 'frame', length: 4, value: [true, false, false, true] });
    expect(parseKmtronicStatusAll(Uint8Array.of(1, 0), 4)).toEqual({ kind: 'need-more' });
    expect(parseKmtronicStatusAll(Uint8Array.of(1, 7, 0, 1), 4)).toMatchObject({ kind: 'skip', count: 2 });
  });

  it('parse the single-relay answer FF nn xx', () => {
    expect(parseKmtronicStatusOne(Uint8Array.of(0xff, 1, 1), 1)).toEqual({ kind: 'frame', length: 3, value: true });
    expect(parseKmtronicStatusOne(Uint8Array.of(0xff, 2, 0), 2)).toEqual({ kind: 'frame', length: 3, value: false });
    expect(parseKmtronicStatusOne(Uint8Array.of(0xff, 2, 0), 1)).toMatchObject({ kind: 'skip' });
    expect(parseKmtronicStatusOne(Uint8Array.of(0xff, 1), 1)).toEqual({ kind: 'need-more' });
  });

  it('status parsers never throw on garbage (fast-check)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.integer({ min: 1, max: 8 }), (garbage, channels) => {
        const all = parseKmtronicStatusAll(garbage, channels);
        if (all.kind === 'frame') expect(all.value).toHaveLength(channels);
        if (all.kind === 'skip') expect(all.count).toBeGreaterThanOrEqual(1);
        const one = parseKmtronicStatusOne(garbage, Math.min(channels, 2));
        if (one.kind === 'frame') expect(garbage[0]).toBe(0xff);
      }),
      { numRuns: 500 },
    );
  });
});

describe('USB HID relay reports', () => {
  it('are 9-byte feature reports: report id 0, FF/FD, channel, zeros', () => {
    expect(encodeUsbRelayCommand(1, true)).toEqual([0, 0xff, 1, 0, 0, 0, 0, 0, 0]);
    expect(encodeUsbRelayCommand(2, false)).toEqual([0, 0xfd, 2, 0, 0, 0, 0, 0, 0]);
    expect(encodeUsbRelayAll(true)).toEqual([0, 0xfe, 0, 0, 0, 0, 0, 0, 0]);
    expect(encodeUsbRelayAll(false)).toEqual([0, 0xfc, 0, 0, 0, 0, 0, 0, 0]);
    expect(() => encodeUsbRelayCommand(9, true)).toThrow(RangeError);
  });

  it('take the channel count from the product string', () => {
    expect(usbRelayChannelsFromProduct('USBRelay1')).toBe(1);
    expect(usbRelayChannelsFromProduct('USBRelay8')).toBe(8);
    expect(usbRelayChannelsFromProduct('USBRelay9')).toBeUndefined();
    expect(usbRelayChannelsFromProduct('Keyboard')).toBeUndefined();
    expect(usbRelayChannelsFromProduct(undefined)).toBeUndefined();
  });

  it('decode the state read back as node-hid returns it: report id, 5-char id, …, bitmask at index 8', () => {
    const report = [0, ...Array.from('QWERT', (c) => c.charCodeAt(0)), 0, 0, 0b101];
    expect(decodeUsbRelayReport(report)).toEqual({ ok: true, boardId: 'QWERT', stateMask: 0b101 });
    expect(maskToStates(0b101, 4)).toEqual([true, false, true, false]);
  });

  it('also decode the 8 data bytes without the report id (bitmask at index 7)', () => {
    const data = [...Array.from('ABCDE', (c) => c.charCodeAt(0)), 0, 0, 0b10];
    expect(decodeUsbRelayReport(data)).toEqual({ ok: true, boardId: 'ABCDE', stateMask: 0b10 });
  });

  it('refuse reports of another length, and never throw on garbage (fast-check)', () => {
    expect(decodeUsbRelayReport([0, 1, 2])).toMatchObject({ ok: false });
    expect(decodeUsbRelayReport([])).toMatchObject({ ok: false });
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 255 }), fc.integer(), fc.double())), (garbage) => {
        const decoded = decodeUsbRelayReport(garbage);
        if (decoded.ok) {
          expect(decoded.stateMask).toBeGreaterThanOrEqual(0);
          expect(decoded.stateMask).toBeLessThanOrEqual(255);
        }
      }),
      { numRuns: 500 },
    );
  });
});
