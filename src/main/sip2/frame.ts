import { decodeText, encodeText, type Sip2Encoding } from './encoding';

/**
 * SIP2 framing and error detection (3M SIP2 spec, "Error Detection" and "Message Terminator"):
 * - a message ends with a carriage return (0x0D); some systems want CR LF;
 * - with error detection on, the message ends with `AY` + one sequence digit 0-9, then `AZ` + four
 *   hex digits: the checksum is the 16-bit sum of every character from the first one up to and
 *   including the "AZ", negated (two's complement) and written as uppercase hex:
 *   `990 402.00AY1AZ` → `FCB4` (the 3M developers guide's example);
 * - 97 (request ACS resend) and 96 (request SC resend) carry a checksum but never a sequence number.
 */

/** What the checksum adds up: bytes on the wire, or Unicode code points (only differs for UTF-8). */
export type ChecksumUnits = 'bytes' | 'characters';

export type Terminator = 'CR' | 'CRLF';

const TERMINATOR_BYTES: Record<Terminator, Buffer> = { CR: Buffer.from([0x0d]), CRLF: Buffer.from([0x0d, 0x0a]) };

/** The checksum of a sum of character values: (-sum) & 0xFFFF as four uppercase hex digits. */
export function checksumOfSum(sum: number): string {
  return ((-sum) & 0xffff).toString(16).toUpperCase().padStart(4, '0');
}

/** The checksum of `units` (byte or code point values), everything from the first character up to and including "AZ". */
export function sip2Checksum(units: Iterable<number>): string {
  let sum = 0;
  for (const unit of units) sum = (sum + unit) & 0xffff;
  return checksumOfSum(sum);
}

function codePoints(text: string): number[] {
  return Array.from(text, (char) => char.codePointAt(0)!);
}

export interface FrameOptions {
  encoding: Sip2Encoding;
  /** Append AZ and the checksum. */
  checksum: boolean;
  terminator: Terminator;
  checksumUnits: ChecksumUnits;
}

/**
 * One message on the wire: `body` (the command and its fields), then `AY<sequence>` when a
 * sequence number is given, then `AZ<checksum>` when checksums are on, then the terminator.
 */
export function encodeFrame(body: string, sequence: number | undefined, options: FrameOptions): Buffer {
  if (sequence !== undefined && (!Number.isInteger(sequence) || sequence < 0 || sequence > 9)) {
    throw new RangeError(`SIP2 sequence number must be a single digit, got ${sequence}`);
  }
  const text = `${body}${sequence === undefined ? '' : `AY${sequence}`}${options.checksum ? 'AZ' : ''}`;
  const bytes = encodeText(text, options.encoding);
  const parts = [bytes];
  if (options.checksum) {
    const units = options.checksumUnits === 'characters' && options.encoding === 'utf8' ? codePoints(text) : bytes;
    parts.push(Buffer.from(sip2Checksum(units), 'latin1'));
  }
  parts.push(TERMINATOR_BYTES[options.terminator]);
  return Buffer.concat(parts);
}

export type ChecksumStatus = 'valid' | 'invalid' | 'missing';

export interface DecodedFrame {
  /** The command identifier and fields, without AY/AZ and the terminator. */
  body: string;
  /** The AY digit, when the message ends with one. */
  sequence: number | undefined;
  checksum: ChecksumStatus;
}

const CHECKSUM_AT_END = /AZ([0-9A-Fa-f]{4})$/;
const SEQUENCE_AT_END = /AY(\d)$/;

/** Splits a received message (terminator already removed) into body, sequence number and checksum verdict. Never throws. */
export function decodeFrame(bytes: Uint8Array, options: Pick<FrameOptions, 'encoding' | 'checksumUnits'>): DecodedFrame {
  const text = decodeText(bytes, options.encoding);
  let rest = text;
  let checksum: ChecksumStatus = 'missing';
  const sum = CHECKSUM_AT_END.exec(text);
  if (sum) {
    const covered = text.slice(0, sum.index + 2);
    // The four hex digits are ASCII, so in every supported encoding they are the last four bytes.
    const units = options.checksumUnits === 'characters' && options.encoding === 'utf8' ? codePoints(covered) : bytes.subarray(0, bytes.length - 4);
    checksum = sip2Checksum(units) === sum[1]!.toUpperCase() ? 'valid' : 'invalid';
    rest = text.slice(0, sum.index);
  }
  let sequence: number | undefined;
  const seq = SEQUENCE_AT_END.exec(rest);
  if (seq) {
    sequence = Number(seq[1]);
    rest = rest.slice(0, seq.index);
  }
  return { body: rest, sequence, checksum };
}

/** Where a received byte stream is cut into messages. */
export type SplitMode =
  /** At every CR or LF (CR, CR LF and bare LF terminators all work; empty lines are skipped). */
  | 'cr-or-lf'
  /** Only at CR LF: what a system that insists on CR LF does (a bare CR stays inside the message). */
  | 'crlf-only';

export interface SplitResult {
  frames: Buffer[];
  /** Bytes were thrown away because no terminator came within the limit. */
  overflowed: boolean;
}

/** Cuts a byte stream into messages at the terminator, holding back a partial message until the rest arrives. */
export class FrameSplitter {
  private pending: Buffer = Buffer.alloc(0);

  constructor(
    private readonly mode: SplitMode = 'cr-or-lf',
    /** The spec caps each variable field at 255 characters; a message far beyond this is a broken stream. */
    private readonly maxFrameBytes = 64 * 1024,
  ) {}

  push(chunk: Uint8Array): SplitResult {
    const data = this.pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.pending, chunk]);
    const frames: Buffer[] = [];
    let start = 0;
    for (let i = 0; i < data.length; i++) {
      const byte = data[i];
      if (this.mode === 'cr-or-lf') {
        if (byte !== 0x0d && byte !== 0x0a) continue;
        if (i > start) frames.push(data.subarray(start, i));
        start = i + 1;
      } else if (byte === 0x0a && i > 0 && data[i - 1] === 0x0d) {
        if (i - 1 > start) frames.push(data.subarray(start, i - 1));
        start = i + 1;
      }
    }
    this.pending = data.subarray(start);
    let overflowed = false;
    if (this.pending.length > this.maxFrameBytes) {
      this.pending = Buffer.alloc(0);
      overflowed = true;
    }
    return { frames, overflowed };
  }

  /** Forgets a partial message (after a reconnect). */
  reset(): void {
    this.pending = Buffer.alloc(0);
  }
}
