/**
 * Text encodings a SIP2 link may use. The 3M spec's default character set is code page 850 and
 * leaves other sets to agreement between the SC and the ACS; current library systems mostly speak
 * UTF-8 or Latin-1. Every encoding here maps CR, LF, NUL and '|' to themselves, so framing and
 * field splitting can work on bytes before decoding.
 */
export const sip2Encodings = ['utf8', 'latin1', 'cp850', 'ascii'] as const;
export type Sip2Encoding = (typeof sip2Encodings)[number];

/** Stands in for a character the encoding cannot carry. */
const REPLACEMENT_BYTE = 0x3f; // '?'

/** Code points of bytes 0x80..0xFF in IBM code page 850 (checked against Python's cp850 codec in the tests). */
const CP850_HIGH: readonly number[] = [
  0x00c7, 0x00fc, 0x00e9, 0x00e2, 0x00e4, 0x00e0, 0x00e5, 0x00e7, 0x00ea, 0x00eb, 0x00e8, 0x00ef, 0x00ee, 0x00ec, 0x00c4, 0x00c5,
  0x00c9, 0x00e6, 0x00c6, 0x00f4, 0x00f6, 0x00f2, 0x00fb, 0x00f9, 0x00ff, 0x00d6, 0x00dc, 0x00f8, 0x00a3, 0x00d8, 0x00d7, 0x0192,
  0x00e1, 0x00ed, 0x00f3, 0x00fa, 0x00f1, 0x00d1, 0x00aa, 0x00ba, 0x00bf, 0x00ae, 0x00ac, 0x00bd, 0x00bc, 0x00a1, 0x00ab, 0x00bb,
  0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x00c1, 0x00c2, 0x00c0, 0x00a9, 0x2563, 0x2551, 0x2557, 0x255d, 0x00a2, 0x00a5, 0x2510,
  0x2514, 0x2534, 0x252c, 0x251c, 0x2500, 0x253c, 0x00e3, 0x00c3, 0x255a, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256c, 0x00a4,
  0x00f0, 0x00d0, 0x00ca, 0x00cb, 0x00c8, 0x0131, 0x00cd, 0x00ce, 0x00cf, 0x2518, 0x250c, 0x2588, 0x2584, 0x00a6, 0x00cc, 0x2580,
  0x00d3, 0x00df, 0x00d4, 0x00d2, 0x00f5, 0x00d5, 0x00b5, 0x00fe, 0x00de, 0x00da, 0x00db, 0x00d9, 0x00fd, 0x00dd, 0x00af, 0x00b4,
  0x00ad, 0x00b1, 0x2017, 0x00be, 0x00b6, 0x00a7, 0x00f7, 0x00b8, 0x00b0, 0x00a8, 0x00b7, 0x00b9, 0x00b3, 0x00b2, 0x25a0, 0x00a0,
];
const CP850_ENCODE = new Map<number, number>(CP850_HIGH.map((codePoint, i) => [codePoint, 0x80 + i]));

function encodeSingleByte(text: string, byteFor: (codePoint: number) => number | undefined): Buffer {
  const out: number[] = [];
  for (const char of text) {
    const byte = byteFor(char.codePointAt(0)!);
    out.push(byte ?? REPLACEMENT_BYTE);
  }
  return Buffer.from(out);
}

/** Text to bytes; characters the encoding lacks become '?' (never silently truncated to their low byte). */
export function encodeText(text: string, encoding: Sip2Encoding): Buffer {
  switch (encoding) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'latin1':
      return encodeSingleByte(text, (cp) => (cp <= 0xff ? cp : undefined));
    case 'ascii':
      return encodeSingleByte(text, (cp) => (cp <= 0x7f ? cp : undefined));
    case 'cp850':
      return encodeSingleByte(text, (cp) => (cp <= 0x7f ? cp : CP850_ENCODE.get(cp)));
  }
}

/** Bytes to text; bytes that are not valid in the encoding become U+FFFD. */
export function decodeText(bytes: Uint8Array, encoding: Sip2Encoding): string {
  switch (encoding) {
    case 'utf8':
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    case 'latin1':
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    case 'ascii': {
      let text = '';
      for (const byte of bytes) text += byte <= 0x7f ? String.fromCharCode(byte) : '\uFFFD';
      return text;
    }
    case 'cp850': {
      let text = '';
      for (const byte of bytes) text += String.fromCodePoint(byte <= 0x7f ? byte : CP850_HIGH[byte - 0x80]!);
      return text;
    }
  }
}
