/** Byte helpers without Buffer or TextDecoder (src/shared is pure ES2023). */

/** Bytes as Latin-1 text (each byte one UTF-16 code unit); readers send ASCII. */
export function bytesToLatin1(bytes: Uint8Array | readonly number[], start = 0, end = bytes.length): string {
  let out = '';
  const stop = Math.min(end, bytes.length);
  for (let i = Math.max(0, start); i < stop; i += 4096) {
    const chunk: number[] = [];
    const chunkEnd = Math.min(stop, i + 4096);
    for (let j = i; j < chunkEnd; j++) chunk.push((bytes[j] ?? 0) & 0xff);
    out += String.fromCharCode(...chunk);
  }
  return out;
}

/** Text as Latin-1 bytes; characters above U+00FF become `?`. */
export function latin1ToBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    out[i] = code > 0xff ? 0x3f : code;
  }
  return out;
}

/** Upper-case hex, optionally with a separator between bytes. */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, '0'));

export function toHex(bytes: Uint8Array | readonly number[], separator = ''): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    if (i > 0 && separator !== '') out += separator;
    out += HEX[(bytes[i] ?? 0) & 0xff] ?? '';
  }
  return out;
}

/**
 * Hex text to bytes: an optional `0x` prefix, and white space, `:`, `-` or `,` between digits are ignored.
 * Null for an odd digit count or a non-hex character.
 */
export function parseHex(text: string): Uint8Array | null {
  let s = text.trim();
  if (/^0x/i.test(s)) s = s.slice(2);
  s = s.replace(/[\s:,-]+/g, '');
  if (s.length % 2 !== 0 || !/^[0-9A-Fa-f]*$/.test(s)) return null;
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(i * 2, i * 2 + 2), 16);
  return out;
}
