import { redactCredential, type DecodeSuccess } from '../../shared/cards';
import type { EventPayload } from '../../shared/ipc/contract';

/**
 * What the technician view may see of a read. Identity numbers never leave main unmasked: the
 * credential goes through redactCredential, and in raw frames every run of digits long enough to
 * be an identity or card number is hidden (the frame's shape — sentinels, separators, terminators,
 * lengths — is what a technician needs to set up framing).
 */

/** Digit runs at least this long are masked in raw frames (a CPR has 10, a Swedish date part 6). */
const minMaskedRun = 6;

function isDigit(byte: number): boolean {
  return byte >= 0x30 && byte <= 0x39;
}

/** Hex bytes (as the reader service reports them) to bytes. */
export function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(Math.floor(hex.length / 2));
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Which bytes belong to a run of ASCII digits of at least minMaskedRun. */
function maskedPositions(bytes: Uint8Array): boolean[] {
  const masked = new Array<boolean>(bytes.length).fill(false);
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && isDigit(bytes[i] ?? 0)) continue;
    if (i - start >= minMaskedRun) masked.fill(true, start, i);
    start = i + 1;
  }
  return masked;
}

const controlNames: Record<number, string> = { 0x0d: '␍', 0x0a: '␊', 0x09: '␉', 0x02: '␂', 0x03: '␃' };

/** A raw frame for the live view: spaced hex and printable text, long digit runs masked in both. */
export function maskRawFrame(bytes: Uint8Array): { hex: string; text: string; length: number } {
  const masked = maskedPositions(bytes);
  const hex: string[] = [];
  let text = '';
  bytes.forEach((byte, i) => {
    if (masked[i]) {
      hex.push('**');
      text += '•';
      return;
    }
    hex.push(byte.toString(16).padStart(2, '0').toUpperCase());
    text += byte >= 0x20 && byte <= 0x7e ? String.fromCharCode(byte) : (controlNames[byte] ?? '·');
  });
  return { hex: hex.join(' '), text, length: bytes.length };
}

/** A decoded read as the technician view may see it (no raw input, identity masked, initials only). */
export function viewOfRead(
  decoded: DecodeSuccess,
): Pick<EventPayload<'hardware.read'>, 'profileId' | 'credential' | 'initials' | 'details' | 'warnings'> {
  const { credential } = decoded;
  const view: Pick<EventPayload<'hardware.read'>, 'profileId' | 'credential' | 'initials' | 'details' | 'warnings'> = {
    profileId: decoded.profileId,
    credential: redactCredential(credential),
    warnings: [...decoded.warnings],
  };
  if (credential.name) {
    const initials = [credential.name.given, credential.name.surname]
      .map((part) => part.trim().charAt(0))
      .filter(Boolean)
      .map((c) => `${c.toUpperCase()}.`)
      .join(' ');
    if (initials) view.initials = initials;
  }
  if (credential.details) view.details = { ...credential.details };
  return view;
}
