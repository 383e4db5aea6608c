import { describe, expect, it } from 'vitest';
import { contrastRatio, LibraryBrandingSchema, maxLogoBytes, pngDimensions } from '../../../src/shared/branding/library-branding';

/** A PNG header (signature + IHDR) of the given size; the rest of the file does not matter to the check. */
function png(width: number, height: number, padTo = 64): string {
  const bytes = Buffer.alloc(Math.max(padTo, 33));
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes, 0);
  bytes.writeUInt32BE(13, 8);
  bytes.write('IHDR', 12, 'latin1');
  bytes.writeUInt32BE(width, 16);
  bytes.writeUInt32BE(height, 20);
  return bytes.toString('base64');
}

const problems = (value: unknown) => {
  const parsed = LibraryBrandingSchema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('library branding values (issue 17)', () => {
  it('computes WCAG contrast ratios', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBe(21);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
    expect(Math.round(contrastRatio('#767676', '#ffffff') * 100) / 100).toBe(4.54);
  });

  it('accepts a dark enough colour (lower-cased) and a small PNG', () => {
    const parsed = LibraryBrandingSchema.parse({ colour: '#1A4D8F', logo: { mediaType: 'image/png', base64: png(200, 80) } });
    expect(parsed.colour).toBe('#1a4d8f');
    expect(LibraryBrandingSchema.parse({ colour: null, logo: null })).toEqual({ displayName: null, colour: null, logo: null });
  });

  it('refuses a colour white text cannot be read on, and one that is not #rrggbb', () => {
    expect(problems({ colour: '#ffcc00', logo: null })).toEqual(['colour: colour-contrast']);
    expect(problems({ colour: '#777777', logo: null })).toEqual(['colour: colour-contrast']);
    expect(problems({ colour: 'red', logo: null })).toEqual(['colour: colour-format']);
    expect(problems({ colour: '#12345', logo: null })).toEqual(['colour: colour-format']);
  });

  it('refuses SVG, a file that only claims to be PNG, a large file and large dimensions', () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>').toString('base64');
    expect(problems({ colour: null, logo: { mediaType: 'image/svg+xml', base64: svg } })).toEqual(['logo.mediaType: logo-format']);
    expect(problems({ colour: null, logo: { mediaType: 'image/png', base64: svg } })).toEqual(['logo.base64: logo-format']);
    expect(problems({ colour: null, logo: { mediaType: 'image/png', base64: png(100, 100, maxLogoBytes + 1) } })).toEqual(['logo.base64: logo-too-large']);
    expect(problems({ colour: null, logo: { mediaType: 'image/png', base64: png(513, 100) } })).toEqual(['logo.base64: logo-dimensions']);
    expect(problems({ colour: null, logo: { mediaType: 'image/png', base64: png(100, 100), href: 'https://evil.example/x.png' } })).toEqual(['logo: Unrecognized key: "href"']);
  });

  it('draws the contrast line at exactly 4.5:1: #767676 passes, #777777 (4.48:1) does not; any case of hex is one colour', () => {
    expect(contrastRatio('#767676', '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio('#777777', '#ffffff')).toBeLessThan(4.5);
    expect(problems({ colour: '#767676', logo: null })).toEqual([]);
    expect(problems({ colour: '#000000', logo: null })).toEqual([]);
    expect(problems({ colour: '#ffffff', logo: null })).toEqual(['colour: colour-contrast']);
    expect(LibraryBrandingSchema.parse({ colour: '#7A1F3D', logo: null }).colour).toBe('#7a1f3d');
    // CSS that would escape a style value is not a colour.
    expect(problems({ colour: '#000000;background:url(x)', logo: null })).toEqual(['colour: colour-format']);
  });

  it('reads the size from the bytes and refuses forged headers: a wrong chunk, a wrong IHDR length, a short file, a zero size', () => {
    const bytes = (base64: string) => new Uint8Array(Buffer.from(base64, 'base64'));
    expect(pngDimensions(bytes(png(300, 120)))).toEqual({ width: 300, height: 120 });
    const wrongChunk = Buffer.from(png(10, 10), 'base64');
    wrongChunk.write('tEXt', 12, 'latin1');
    expect(pngDimensions(new Uint8Array(wrongChunk))).toBeUndefined();
    const wrongLength = Buffer.from(png(10, 10), 'base64');
    wrongLength.writeUInt32BE(0x7fffffff, 8);
    expect(pngDimensions(new Uint8Array(wrongLength))).toBeUndefined();
    expect(pngDimensions(bytes(png(10, 10)).slice(0, 20))).toBeUndefined();
    // A GIF renamed to .png, declared as image/png.
    expect(problems({ colour: null, logo: { mediaType: 'image/png', base64: Buffer.from('GIF89a\x01\x00\x01\x00'.padEnd(40, '\0')).toString('base64') } })).toEqual(['logo.base64: logo-format']);
    expect(problems({ colour: null, logo: { mediaType: 'image/png', base64: png(0, 10) } })).toEqual(['logo.base64: logo-dimensions']);
    expect(problems({ colour: null, logo: { mediaType: 'image/png', base64: png(512, 512) } })).toEqual([]);
    expect(new Set(problems({ colour: null, logo: { mediaType: 'image/png', base64: 'not base64!' } }))).toEqual(new Set(['logo.base64: logo-format']));
  });

  it('takes a display name of 1-120 characters, trimmed, or null for the library\'s own', () => {
    expect(LibraryBrandingSchema.parse({ displayName: '  Malmö bibliotek ', colour: null, logo: null }).displayName).toBe('Malmö bibliotek');
    expect(problems({ displayName: ' ', colour: null, logo: null })).toHaveLength(1);
    expect(problems({ displayName: 'x'.repeat(121), colour: null, logo: null })).toHaveLength(1);
  });
});
