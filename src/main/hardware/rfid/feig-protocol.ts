import { crc16Reflected, needMore, skip, type ParseStep } from '../relays/protocol/bytes';

/**
 * FEIG's ISO host protocol (OBID i-scan HF readers, e.g. ID ISC.MR101, ISC.LR1002), as its public system
 * manuals describe it.
 *
 * Host → reader (standard frame): LENGTH, COM-ADR, CONTROL-BYTE, DATA…, CRC16 (low byte first).
 * Reader → host: LENGTH, COM-ADR, CONTROL-BYTE, STATUS, DATA…, CRC16; a reply longer than 255 bytes comes as
 * the advanced frame 0x02 (STX), ALENGTH (2 bytes, high first), COM-ADR, CONTROL-BYTE, STATUS, DATA…, CRC16.
 * LENGTH counts the whole frame. CRC16: polynomial x^16 + x^12 + x^5 + 1 processed backward (0x8408), start
 * 0xFFFF, over every byte before the CRC (CRC-16/MCRF4XX). Data is sent most significant byte first.
 */

export const FEIG_BROADCAST_ADDRESS = 0xff;
/** CONTROL-BYTE values used here. */
export const feigCommands = { baudDetection: 0x52, softwareVersion: 0x65, isoHost: 0xb0 } as const;
/** ISO 15693 host commands inside 0xB0. */
export const isoCommands = { inventory: 0x01, readMultipleBlocks: 0x23, writeAfi: 0x27 } as const;
/** Inventory MODE bit 7: fetch the data sets a previous inventory could not fit (after status 0x94). */
export const INVENTORY_MORE = 0x80;
/** Request MODE: addressed (the UID follows). */
const ADDRESSED = 0x01;
/** TR-TYPE of an ISO 15693 transponder in inventory records. */
export const TR_TYPE_ISO15693 = 0x03;

/** The STATUS bytes a reader answers with (the manuals' annex "Index of Status Bytes"). */
export const feigStatuses: Record<number, string> = {
  0x00: 'ok',
  0x01: 'no transponder',
  0x02: 'data false (CRC error from the transponder)',
  0x03: 'write error',
  0x04: 'address error',
  0x05: 'wrong transponder type',
  0x08: 'authentication error',
  0x0e: 'general error',
  0x10: 'EEPROM failure',
  0x11: 'parameter range error',
  0x80: 'unknown command',
  0x81: 'length error',
  0x82: 'command not available',
  0x83: 'RF communication error',
  0x84: 'RF warning',
  0x93: 'data buffer overflow',
  0x94: 'more data',
  0x95: 'ISO 15693 error',
};
export const FEIG_OK = 0x00;
export const FEIG_NO_TRANSPONDER = 0x01;
export const FEIG_MORE_DATA = 0x94;
export const FEIG_ISO_ERROR = 0x95;

export function describeFeigStatus(status: number): string {
  return `0x${status.toString(16).padStart(2, '0')} (${feigStatuses[status] ?? 'unknown status'})`;
}

/** CRC-16 with 0x8408 (0x1021 reflected), start 0xFFFF, no final XOR: the check of every FEIG frame. */
export function crc16Feig(bytes: ArrayLike<number>, length = bytes.length): number {
  return crc16Reflected(0x8408, bytes, length);
}

function withCrc(frame: Uint8Array): Uint8Array {
  const crc = crc16Feig(frame, frame.length - 2);
  frame[frame.length - 2] = crc & 0xff;
  frame[frame.length - 1] = crc >>> 8;
  return frame;
}

/** A host request in the standard frame. */
export function encodeFeigRequest(comAdr: number, command: number, data: ArrayLike<number> = []): Uint8Array {
  const length = data.length + 5;
  if (length > 255) throw new RangeError(`a FEIG standard frame holds at most 250 data bytes, got ${data.length}`);
  const frame = new Uint8Array(length);
  frame[0] = length;
  frame[1] = comAdr & 0xff;
  frame[2] = command & 0xff;
  frame.set(Array.from(data), 3);
  return withCrc(frame);
}

export interface FeigReply {
  comAdr: number;
  command: number;
  status: number;
  data: Uint8Array;
}

/** A reader's reply as a frame: standard when it fits in 255 bytes, else advanced (tests and the simulated reader). */
export function encodeFeigReply(reply: Omit<FeigReply, 'data'> & { data?: ArrayLike<number> }): Uint8Array {
  const data = Array.from(reply.data ?? []);
  const standard = data.length + 6;
  if (standard <= 255) {
    const frame = new Uint8Array(standard);
    frame.set([standard, reply.comAdr, reply.command, reply.status, ...data]);
    return withCrc(frame);
  }
  const length = data.length + 8;
  const frame = new Uint8Array(length);
  frame.set([0x02, length >>> 8, length & 0xff, reply.comAdr, reply.command, reply.status, ...data]);
  return withCrc(frame);
}

/**
 * Picks the reply to `command` from `comAdr` (any address when the request went to 255) out of the received
 * bytes: waits for a whole frame, and skips a byte at a time past noise, wrong lengths and bad CRCs.
 */
export function parseFeigReply(buffer: Uint8Array, command: number, comAdr?: number): ParseStep<FeigReply> {
  if (buffer.length < 1) return needMore;
  const advanced = buffer[0] === 0x02;
  const header = advanced ? 3 : 1;
  if (buffer.length < header) return needMore;
  if (advanced && buffer.length < 3) return needMore;
  const length = advanced ? ((buffer[1] ?? 0) << 8) | (buffer[2] ?? 0) : (buffer[0] ?? 0);
  const minimum = header + 5;
  if (length < minimum) return skip(`frame length ${length} is too short`);
  if (buffer.length < length) {
    // A length byte from noise or a garbled frame would make us wait for bytes that never come: a whole valid
    // frame further on shows the start was wrong.
    const later = validFrameAfter(buffer);
    return later === undefined ? needMore : skip('a valid frame follows', later);
  }
  const frame = buffer.subarray(0, length);
  const crc = crc16Feig(frame, length - 2);
  if (frame[length - 2] !== (crc & 0xff) || frame[length - 1] !== crc >>> 8) return skip('CRC mismatch');
  const replyAdr = frame[header] ?? 0;
  const replyCommand = frame[header + 1] ?? 0;
  if (replyCommand !== command) return skip(`reply to command 0x${replyCommand.toString(16)}, expected 0x${command.toString(16)}`, length);
  if (comAdr !== undefined && comAdr !== FEIG_BROADCAST_ADDRESS && replyAdr !== comAdr) return skip(`reply from address ${replyAdr}`, length);
  return {
    kind: 'frame',
    length,
    value: { comAdr: replyAdr, command: replyCommand, status: frame[header + 2] ?? 0, data: frame.slice(header + 3, length - 2) },
  };
}

/** The offset of the first whole frame with a good CRC after the buffer's start, if there is one. */
function validFrameAfter(buffer: Uint8Array): number | undefined {
  for (let at = 1; at + 6 <= buffer.length; at++) {
    const advanced = buffer[at] === 0x02;
    const length = advanced ? ((buffer[at + 1] ?? 0) << 8) | (buffer[at + 2] ?? 0) : (buffer[at] ?? 0);
    if (length < (advanced ? 8 : 6) || at + length > buffer.length) continue;
    const crc = crc16Feig(buffer.subarray(at, at + length), length - 2);
    if (buffer[at + length - 2] === (crc & 0xff) && buffer[at + length - 1] === crc >>> 8) return at;
  }
  return undefined;
}

/** A UID as 8 bytes, most significant (0xE0) first, from 16 hex digits. */
export function uidBytes(uid: string): Uint8Array {
  if (!/^[0-9A-Fa-f]{16}$/.test(uid)) throw new RangeError(`an ISO 15693 UID is 16 hex digits, got ${uid.length} characters`);
  return Uint8Array.from(uid.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
}

export function uidText(bytes: ArrayLike<number>): string {
  return Array.from(bytes, (b) => (b & 0xff).toString(16).padStart(2, '0').toUpperCase()).join('');
}

export function encodeInventory(comAdr: number, more = false): Uint8Array {
  return encodeFeigRequest(comAdr, feigCommands.isoHost, [isoCommands.inventory, more ? INVENTORY_MORE : 0x00]);
}

export interface InventoryRecord {
  trType: number;
  dsfid: number;
  uid: string;
}

/** The data of an inventory reply (status 0x00 or 0x94): DATA-SETS, then TR-TYPE, DSFID and UID per tag. */
export function decodeInventory(data: Uint8Array): InventoryRecord[] | null {
  const count = data[0];
  if (count === undefined || data.length !== 1 + count * 10) return null;
  const records: InventoryRecord[] = [];
  for (let i = 0; i < count; i++) {
    const at = 1 + i * 10;
    records.push({ trType: data[at] ?? 0, dsfid: data[at + 1] ?? 0, uid: uidText(data.subarray(at + 2, at + 10)) });
  }
  return records;
}

export function encodeInventoryReply(comAdr: number, records: readonly InventoryRecord[], status = FEIG_OK): Uint8Array {
  const data = [records.length, ...records.flatMap((r) => [r.trType, r.dsfid, ...uidBytes(r.uid)])];
  return encodeFeigReply({ comAdr, command: feigCommands.isoHost, status, data });
}

export function encodeReadMultipleBlocks(comAdr: number, uid: string, firstBlock: number, count: number): Uint8Array {
  return encodeFeigRequest(comAdr, feigCommands.isoHost, [isoCommands.readMultipleBlocks, ADDRESSED, ...uidBytes(uid), firstBlock & 0xff, count & 0xff]);
}

export interface BlockData {
  blockSize: number;
  /** The blocks' bytes one after the other, as the reader sent them. */
  bytes: Uint8Array;
  /** Each block's security status byte (1: locked). */
  security: number[];
}

/** The data of a read-multiple-blocks reply: DB-N, DB-SIZE, then per block its security status and DB-SIZE bytes. */
export function decodeReadBlocks(data: Uint8Array): BlockData | null {
  const count = data[0];
  const size = data[1];
  if (count === undefined || size === undefined || size === 0 || data.length !== 2 + count * (size + 1)) return null;
  const bytes = new Uint8Array(count * size);
  const security: number[] = [];
  for (let i = 0; i < count; i++) {
    const at = 2 + i * (size + 1);
    security.push(data[at] ?? 0);
    bytes.set(data.subarray(at + 1, at + 1 + size), i * size);
  }
  return { blockSize: size, bytes, security };
}

export function encodeReadBlocksReply(comAdr: number, bytes: Uint8Array, blockSize: number, status = FEIG_OK): Uint8Array {
  const count = Math.ceil(bytes.length / blockSize);
  const data: number[] = [count, blockSize];
  for (let i = 0; i < count; i++) {
    data.push(0x00);
    for (let j = 0; j < blockSize; j++) data.push(bytes[i * blockSize + j] ?? 0);
  }
  return encodeFeigReply({ comAdr, command: feigCommands.isoHost, status, data });
}

export function encodeWriteAfi(comAdr: number, uid: string, afi: number): Uint8Array {
  return encodeFeigRequest(comAdr, feigCommands.isoHost, [isoCommands.writeAfi, ADDRESSED, ...uidBytes(uid), afi & 0xff]);
}

/** Baud rate detection: the reader answers status 0x00 at the speed it listens on. */
export function encodeBaudDetection(comAdr: number): Uint8Array {
  return encodeFeigRequest(comAdr, feigCommands.baudDetection, [0x00]);
}

export function encodeSoftwareVersion(comAdr: number): Uint8Array {
  return encodeFeigRequest(comAdr, feigCommands.softwareVersion);
}

/** SW-REV (2 bytes), D-REV, HW-TYPE, SW-TYPE, TR-TYPE (2 bytes) as "3.04 (hw 0x4a, sw 0x30)". */
export function decodeSoftwareVersion(data: Uint8Array): string | null {
  if (data.length < 5) return null;
  const hex2 = (b: number | undefined) => `0x${(b ?? 0).toString(16).padStart(2, '0')}`;
  return `${data[0]}.${String(data[1]).padStart(2, '0')} (hw ${hex2(data[3])}, sw ${hex2(data[4])})`;
}
