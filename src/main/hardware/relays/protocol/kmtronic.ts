import { assertChannel, needMore, skip, type ParseStep } from './bytes';

/**
 * KMTronic USB / RS-232 relay boards (9600 8N1), from KMTronic's "USB Relay Test software" page
 * (info.kmtronic.com/kmtronic-usb-relay-test-software.html):
 * - `FF nn 01` switches relay nn (1-based) on, `FF nn 00` off; no answer.
 * - One- and two-relay boards: `FF nn 03` asks one relay, answered `FF nn xx` (xx 01 on, 00 off).
 * - Four- and eight-relay boards: `FF 09 00` asks all, answered with one byte per relay (01 on, 00 off),
 *   relay 1 first.
 */
export const KMTRONIC_MAX_CHANNELS = 8;

export function encodeKmtronicCommand(channel: number, on: boolean): Uint8Array {
  assertChannel(channel, KMTRONIC_MAX_CHANNELS, 'KMTronic relay');
  return Uint8Array.of(0xff, channel, on ? 0x01 : 0x00);
}

/** Which status query a board understands: per relay on 1-2 relay boards, all at once on 4 and 8. */
export function kmtronicStatusMode(channels: number): 'per-relay' | 'all' {
  return channels <= 2 ? 'per-relay' : 'all';
}

export const KMTRONIC_STATUS_ALL = Uint8Array.of(0xff, 0x09, 0x00);

export function encodeKmtronicStatusOne(channel: number): Uint8Array {
  assertChannel(channel, 2, 'KMTronic status');
  return Uint8Array.of(0xff, channel, 0x03);
}

function relayByte(byte: number): boolean | undefined {
  if (byte === 0x01) return true;
  if (byte === 0x00) return false;
  return undefined;
}

/** Parses the answer to `FF 09 00`: `channels` bytes, each 00 or 01. */
export function parseKmtronicStatusAll(buffer: Uint8Array, channels: number): ParseStep<boolean[]> {
  if (buffer.length < channels) {
    for (let i = 0; i < buffer.length; i++) if (relayByte(buffer[i] ?? 0xff) === undefined) return skip(`status byte ${i} is not 00/01`, i + 1);
    return needMore;
  }
  const states: boolean[] = [];
  for (let i = 0; i < channels; i++) {
    const state = relayByte(buffer[i] ?? 0xff);
    if (state === undefined) return skip(`status byte ${i} is not 00/01`, i + 1);
    states.push(state);
  }
  return { kind: 'frame', length: channels, value: states };
}

/** Parses the answer to `FF nn 03`: `FF nn xx`. */
export function parseKmtronicStatusOne(buffer: Uint8Array, channel: number): ParseStep<boolean> {
  if (buffer.length === 0) return needMore;
  if (buffer[0] !== 0xff) return skip('answer does not start with FF');
  if (buffer.length < 2) return needMore;
  if (buffer[1] !== channel) return skip(`answer is for relay ${buffer[1]}, not ${channel}`);
  if (buffer.length < 3) return needMore;
  const state = relayByte(buffer[2] ?? 0xff);
  if (state === undefined) return skip('relay state is not 00/01');
  return { kind: 'frame', length: 3, value: state };
}
