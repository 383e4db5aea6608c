import { missingCaseError } from '../../../shared/result';
import { hexBytes, type SerialReaderConfig, type SerialTerminator } from './config';
import type { FramerOptions } from './framer';

/** What the serial port is opened with: only settings every platform's driver accepts. */
export interface SerialOpenOptions {
  path: string;
  baudRate: number;
  dataBits: 7 | 8;
  parity: 'none' | 'even' | 'odd' | 'mark' | 'space';
  stopBits: 1 | 2;
}

export interface SerialSettings {
  open: SerialOpenOptions;
  /** Applied to every received byte before framing (mark-parity emulation). */
  transform: ((byte: number) => number) | null;
  /** Reason given for a byte ≥ 0x80 in a frame. */
  highBitReason: 'invalid-bytes' | 'parity-error';
  framer: FramerOptions;
  prefix: Uint8Array | null;
  suffix: Uint8Array | null;
}

export type SerialSettingsResult = { ok: true; settings: SerialSettings } | { ok: false; reason: 'unsupported-framing'; detail: string };

/**
 * Turns a reader config into port options. The serialport driver on Linux and macOS refuses mark and space
 * parity (Windows has them), so there they are emulated for receiving: 7 data bits + space parity is the same
 * line signal as 8 data bits with the top bit 0, and mark parity the same with the top bit 1 (flipped back here),
 * so a byte with the wrong top bit is a parity error. 8 data bits with mark parity read as 8N (the mark bit looks
 * like a stop bit); 8 data bits with space parity cannot be received without it.
 */
export function serialSettings(config: SerialReaderConfig, platform: NodeJS.Platform = process.platform): SerialSettingsResult {
  const open: SerialOpenOptions = {
    path: config.path,
    baudRate: config.baudRate,
    dataBits: config.dataBits,
    parity: config.parity,
    stopBits: config.stopBits,
  };
  let transform: SerialSettings['transform'] = null;
  let highBitReason: SerialSettings['highBitReason'] = 'invalid-bytes';
  const nativeMarkSpace = platform === 'win32';
  if (!nativeMarkSpace && (config.parity === 'mark' || config.parity === 'space')) {
    if (config.dataBits === 7) {
      open.dataBits = 8;
      open.parity = 'none';
      highBitReason = 'parity-error';
      if (config.parity === 'mark') transform = (byte) => byte ^ 0x80;
    } else if (config.parity === 'mark') {
      open.parity = 'none';
    } else {
      return {
        ok: false,
        reason: 'unsupported-framing',
        detail: `8 data bits with space parity is not supported on ${platform}; set the reader to 7 data bits or no parity`,
      };
    }
  }
  const terminator = terminatorBytes(config.terminator);
  return {
    ok: true,
    settings: {
      open,
      transform,
      highBitReason,
      framer: {
        terminator,
        trimLineEnds: terminator !== null && terminator.every((b) => b === 0x0d || b === 0x0a),
        maxFrameLength: config.maxFrameLength,
      },
      prefix: config.stripPrefix ? hexBytes(config.stripPrefix) : null,
      suffix: config.stripSuffix ? hexBytes(config.stripSuffix) : null,
    },
  };
}

export function terminatorBytes(terminator: SerialTerminator): Uint8Array | null {
  if (typeof terminator === 'object') return hexBytes(terminator.custom);
  switch (terminator) {
    case 'cr':
      return Uint8Array.of(0x0d);
    case 'lf':
      return Uint8Array.of(0x0a);
    case 'crlf':
      return Uint8Array.of(0x0d, 0x0a);
    case 'etx':
      return Uint8Array.of(0x03);
    case 'none':
      return null;
    default:
      throw missingCaseError(terminator);
  }
}

/** Drops `prefix` from the start and `suffix` from the end when present. */
export function stripAffixes(bytes: Uint8Array, prefix: Uint8Array | null, suffix: Uint8Array | null): Uint8Array {
  let start = 0;
  let end = bytes.length;
  if (prefix && startsWithAt(bytes, prefix, 0)) start = prefix.length;
  if (suffix && end - suffix.length >= start && startsWithAt(bytes, suffix, end - suffix.length)) end -= suffix.length;
  return bytes.subarray(start, end);
}

function startsWithAt(bytes: Uint8Array, part: Uint8Array, at: number): boolean {
  if (at < 0 || at + part.length > bytes.length) return false;
  for (let i = 0; i < part.length; i++) if (bytes[at + i] !== part[i]) return false;
  return true;
}

/**
 * Readers send printable ASCII; CR, LF and TAB may separate tracks inside a frame. Anything else (NUL, other
 * control bytes, bytes ≥ 0x80) is line noise or a framing mismatch. The detail names the byte value and offset, not the data.
 */
export function checkTextFrame(bytes: Uint8Array, highBitReason: SerialSettings['highBitReason']): { reason: string; detail: string } | null {
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] ?? 0;
    const printable = (byte >= 0x20 && byte <= 0x7e) || byte === 0x0d || byte === 0x0a || byte === 0x09;
    if (printable) continue;
    const reason = byte >= 0x80 ? highBitReason : byte === 0 ? 'nul-bytes' : 'invalid-bytes';
    return { reason, detail: `byte 0x${byte.toString(16).padStart(2, '0').toUpperCase()} at offset ${i} of ${bytes.length}` };
  }
  return null;
}
