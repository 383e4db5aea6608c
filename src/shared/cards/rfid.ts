import { bytesToLatin1, parseHex, toHex } from './bytes';
import { stepFail, type CardWarning, type StepResult } from './types';

/**
 * CRC-16 with polynomial 0x1021, initial value 0xFFFF, MSB first, no reflection, no final XOR
 * (CRC-16/IBM-3740, a.k.a. "CCITT-FALSE"; check value for ASCII "123456789" is 0x29B1).
 */
export function crc16(bytes: Uint8Array | readonly number[], init = 0xffff): number {
  let crc = init & 0xffff;
  for (let i = 0; i < bytes.length; i++) {
    crc ^= ((bytes[i] ?? 0) & 0xff) << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc;
}

// ---------------------------------------------------------------------------------------------------------------
// ISO 15693 UID

export type UidByteOrder = 'msb-first' | 'lsb-first' | 'auto';

/** IC manufacturer codes (ISO/IEC 7816-6) that appear on library tags. */
const MANUFACTURERS: Record<number, string> = {
  0x02: 'STMicroelectronics',
  0x04: 'NXP',
  0x05: 'Infineon',
  0x07: 'Texas Instruments',
  0x16: 'EM Microelectronic',
};

export interface Iso15693Uid {
  /** 16 upper-case hex digits, most significant byte (E0) first. */
  uid: string;
  manufacturer?: string;
  /** The input was least significant byte first and was reversed. */
  reversed: boolean;
}

/**
 * Normalises an ISO 15693 UID (8 bytes, E0 in the most significant byte) given as bytes or as hex text with or
 * without separators. Readers differ in byte order: 'auto' keeps a UID starting with E0 and reverses one ending
 * with E0. With `requireE0` a UID without E0 in the most significant byte is refused.
 */
export function normaliseIso15693Uid(
  input: Uint8Array | string,
  options: { byteOrder: UidByteOrder; requireE0: boolean },
): StepResult<Iso15693Uid> {
  let bytes: Uint8Array | null;
  if (typeof input === 'string') {
    bytes = parseHex(input);
    if (!bytes) return stepFail('invalid-hex', 'expected hexadecimal digits');
  } else if (input.length === 8) {
    bytes = input;
  } else {
    // Serial readers send the UID as hex text.
    bytes = parseHex(bytesToLatin1(input).replace(/[\r\n\0]+/g, ''));
    if (!bytes) return stepFail('uid-length', `expected 8 bytes, got ${input.length}`);
  }
  if (bytes.length !== 8) return stepFail('uid-length', `expected 8 bytes, got ${bytes.length}`);
  let ordered = Array.from(bytes);
  let reversed = false;
  if (options.byteOrder === 'lsb-first' || (options.byteOrder === 'auto' && ordered[0] !== 0xe0 && ordered[7] === 0xe0)) {
    ordered = ordered.reverse();
    reversed = true;
  }
  if (options.requireE0 && ordered[0] !== 0xe0) return stepFail('uid-not-iso15693', 'an ISO 15693 UID starts with E0');
  const result: Iso15693Uid = { uid: toHex(ordered), reversed };
  const manufacturer = ordered[0] === 0xe0 ? MANUFACTURERS[ordered[1] ?? -1] : undefined;
  if (manufacturer) result.manufacturer = manufacturer;
  return { ok: true, value: result };
}

// ---------------------------------------------------------------------------------------------------------------
// ISO 28560-3 (Danish data model, DS/INF 163) basic block

/**
 * Type of usage (low nibble of byte 0; the high nibble is the data model version, 1).
 * 0x18 = version 1, patron card.
 */
export const iso28560Usages = {
  0: 'acquisition-item',
  1: 'circulating-item',
  2: 'non-circulating-item',
  3: 'local-3',
  4: 'local-4',
  5: 'reserved-5',
  6: 'reserved-6',
  7: 'discarded-item',
  8: 'patron-card',
  9: 'library-equipment',
} as const;
export type Iso28560Usage = (typeof iso28560Usages)[keyof typeof iso28560Usages] | 'unknown';
export const iso28560UsageNames = [...Object.values(iso28560Usages), 'unknown'] as const;

export function iso28560UsageName(nibble: number): Iso28560Usage {
  return (iso28560Usages as Record<number, Iso28560Usage>)[nibble] ?? 'unknown';
}

/**
 * Layout of the basic block: 0 version/usage, 1 parts in set, 2 part number, 3-18 primary item identifier
 * (16 bytes ASCII, NUL padded), 19-20 CRC (least significant byte first), 21-22 country of the owner library,
 * 23-33 owner library ISIL (11 bytes; a 32-byte tag holds only 9, bytes 23-31).
 *
 * CRC (checked against GallusMax/libdanrfid, CRC.java and its test vector
 * `11010131313232333334340000000000000000513e4445373035000000000000` → 0x3E51): crc16() above over bytes
 * 0-18 and 21-33 of the 34-byte block, a 32-byte tag counting as followed by two 0x00 bytes.
 * Some readers return each 4-byte block in reverse byte order ('reversed').
 */
export type BlockOrder = 'as-read' | 'reversed' | 'auto';
export type BasicBlockLayout = 32 | 34;

export interface Iso28560Tag {
  version: number;
  usageCode: number;
  usage: Iso28560Usage;
  partsInSet: number;
  partNumber: number;
  /** Primary item identifier: the patron card number or item barcode. */
  id: string;
  country: string;
  isil: string;
  crc: { stored: number; computed: number; ok: boolean };
  layout: BasicBlockLayout;
  blockOrder: 'as-read' | 'reversed';
}

function reverseBlocks(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += 4) {
    const end = Math.min(i + 4, bytes.length);
    for (let j = i; j < end; j++) out[j] = bytes[end - 1 - (j - i)] ?? 0;
  }
  return out;
}

function basicBlock(bytes: Uint8Array, layout: BasicBlockLayout): Uint8Array {
  const block = new Uint8Array(34);
  block.set(bytes.subarray(0, layout));
  return block;
}

function blockCrc(block: Uint8Array): number {
  const covered = new Uint8Array(32);
  covered.set(block.subarray(0, 19), 0);
  covered.set(block.subarray(21, 34), 19);
  return crc16(covered);
}

function asciiField(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) {
    const b = bytes[i] ?? 0;
    if (b === 0) break;
    s += String.fromCharCode(b);
  }
  return s;
}

function readTag(block: Uint8Array, layout: BasicBlockLayout, blockOrder: 'as-read' | 'reversed'): Iso28560Tag {
  const versionUsage = block[0] ?? 0;
  const stored = (block[19] ?? 0) | ((block[20] ?? 0) << 8);
  const computed = blockCrc(block);
  return {
    version: versionUsage >> 4,
    usageCode: versionUsage & 0x0f,
    usage: iso28560UsageName(versionUsage & 0x0f),
    partsInSet: block[1] ?? 0,
    partNumber: block[2] ?? 0,
    id: asciiField(block, 3, 19),
    country: asciiField(block, 21, 23),
    isil: asciiField(block, 23, layout === 34 ? 34 : 32),
    crc: { stored, computed, ok: stored === computed },
    layout,
    blockOrder,
  };
}

export interface Iso28560ParseOptions {
  blockOrder?: BlockOrder;
  /** 'auto' uses 34 bytes when that many are given and falls back to 32 when only that layout's CRC matches. */
  layout?: BasicBlockLayout | 'auto';
}

/**
 * Reads the basic block of a 28560-3 tag (at least 32 bytes). Tries the layouts and block orders allowed by the
 * options and returns the first whose CRC matches; when none matches, the first candidate with `crc.ok` false
 * (the caller decides whether that is fatal). Fails only on short or blank memory.
 */
export function parseIso28560Tag(bytes: Uint8Array, options: Iso28560ParseOptions = {}): StepResult<Iso28560Tag> & { warnings?: CardWarning[] } {
  if (bytes.length < 32) return stepFail('tag-too-short', `expected at least 32 bytes, got ${bytes.length}`);
  const head = bytes.subarray(0, 32);
  if (head.every((b) => b === 0) || head.every((b) => b === 0xff)) return stepFail('tag-blank', 'the tag memory is empty');
  const orders: Array<'as-read' | 'reversed'> =
    options.blockOrder === 'reversed' ? ['reversed'] : options.blockOrder === 'as-read' ? ['as-read'] : ['as-read', 'reversed'];
  const wanted = options.layout ?? 'auto';
  const layouts: BasicBlockLayout[] =
    wanted === 32 ? [32] : wanted === 34 ? (bytes.length >= 34 ? [34] : [32]) : bytes.length >= 34 ? [34, 32] : [32];
  let first: Iso28560Tag | null = null;
  for (const order of orders) {
    const ordered = order === 'reversed' ? reverseBlocks(bytes.subarray(0, Math.min(bytes.length, 36))) : bytes;
    for (const layout of layouts) {
      const tag = readTag(basicBlock(ordered, layout), layout, order);
      first ??= tag;
      if (tag.crc.ok) return { ok: true, value: tag, warnings: order === 'reversed' ? ['blocks-reversed'] : [] };
    }
  }
  return first ? { ok: true, value: first, warnings: [] } : stepFail('tag-too-short');
}

export interface Iso28560Spec {
  id: string;
  /** Type of usage nibble (default 8, patron card). */
  usageCode?: number;
  version?: number;
  partsInSet?: number;
  partNumber?: number;
  country?: string;
  isil?: string;
  layout?: BasicBlockLayout;
  blockOrder?: 'as-read' | 'reversed';
  /** Write a wrong CRC on purpose (tests). */
  corruptCrc?: boolean;
}

/** Builds tag memory for a 28560-3 basic block with its CRC: for tests and the reader simulator. */
export function encodeIso28560Tag(spec: Iso28560Spec): Uint8Array {
  const layout = spec.layout ?? 32;
  const block = new Uint8Array(34);
  block[0] = (((spec.version ?? 1) & 0x0f) << 4) | ((spec.usageCode ?? 8) & 0x0f);
  block[1] = (spec.partsInSet ?? 1) & 0xff;
  block[2] = (spec.partNumber ?? 1) & 0xff;
  const put = (text: string, start: number, width: number): void => {
    for (let i = 0; i < Math.min(text.length, width); i++) block[start + i] = text.charCodeAt(i) & 0x7f;
  };
  put(spec.id, 3, 16);
  put(spec.country ?? 'DK', 21, 2);
  put(spec.isil ?? '', 23, layout === 34 ? 11 : 9);
  let crc = blockCrc(block);
  if (spec.corruptCrc) crc ^= 0x0101;
  block[19] = crc & 0xff;
  block[20] = crc >> 8;
  const out = block.slice(0, layout);
  return spec.blockOrder === 'reversed' ? reverseBlocks(out) : out;
}
