/** `A0 01 01 A2`: for logs and error messages (relay commands carry no personal data). */
export function hex(bytes: ArrayLike<number>): string {
  return Array.from(bytes, (b) => (b & 0xff).toString(16).padStart(2, '0').toUpperCase()).join(' ');
}

/**
 * One step of parsing a reply out of a receive buffer that may start with noise:
 * wait for more bytes, drop `count` leading bytes and try again, or take a frame of `length` bytes.
 */
export type ParseStep<T> =
  | { kind: 'need-more' }
  | { kind: 'skip'; count: number; reason: string }
  | { kind: 'frame'; length: number; value: T };

export const needMore = { kind: 'need-more' } as const;

export function skip(reason: string, count = 1): { kind: 'skip'; count: number; reason: string } {
  return { kind: 'skip', count, reason };
}

export function assertChannel(channel: number, max: number, protocol: string): void {
  if (!Number.isInteger(channel) || channel < 1 || channel > max) {
    throw new RangeError(`${protocol}: channel must be an integer 1..${max}, got ${channel}`);
  }
}

/**
 * A CRC-16 processed least significant bit first ("reflected"), start 0xFFFF, no final XOR, over the first
 * `length` bytes: 0xA001 is CRC-16/MODBUS, 0x8408 is FEIG's (CRC-16/MCRF4XX).
 */
export function crc16Reflected(polynomial: number, bytes: ArrayLike<number>, length = bytes.length): number {
  let crc = 0xffff;
  for (let i = 0; i < length; i++) {
    crc ^= (bytes[i] ?? 0) & 0xff;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ polynomial : crc >>> 1;
  }
  return crc;
}
