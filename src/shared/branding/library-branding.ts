import { z } from 'zod';

/**
 * A library's branding (issue 17), validated the same way on the register's admin API and on the terminals that
 * pull it. Stored on the register (migration 0021, routes/branding.ts), pulled as `library_branding.set`, kept by the
 * terminal (migration 0023) and shown through the renderer's theme (src/renderer/src/theme/brand.ts).
 *
 * Colour: `#rrggbb`. The theme puts white text on the brand colour (filled buttons, the header) and uses the colour
 * for links and accents on white, so it must reach WCAG AA (4.5:1) against white. Checking "white or black" would
 * refuse nothing: every colour reaches 4.5:1 against one of the two.
 *
 * Logo: PNG only, at most 64 KiB and 512×512 pixels. SVG is refused on purpose: making an SVG safe means parsing
 * it and removing scripts, event attributes, foreignObject, external references (href, xlink:href, CSS url(),
 * @import) and entity tricks, and one missed case runs in the page. A PNG is pixels; it is checked by its signature
 * and header, and shown through the app's own origin (CSP img-src), never as markup.
 */

export const minBrandContrast = 4.5;
export const maxLogoBytes = 64 * 1024;
export const maxLogoPixels = 512;

/** WCAG 2 relative luminance of `#rrggbb`. */
export function relativeLuminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

/** WCAG 2 contrast ratio of two `#rrggbb` colours (1 … 21). */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** Reasons a brand value is refused; the admin page shows each in the staff member's language. */
export const brandingProblems = ['colour-format', 'colour-contrast', 'logo-format', 'logo-too-large', 'logo-dimensions'] as const;
export type BrandingProblem = (typeof brandingProblems)[number];

export const BrandColourSchema = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'colour-format' satisfies BrandingProblem)
  .transform((hex) => hex.toLowerCase())
  .refine((hex) => contrastRatio(hex, '#ffffff') >= minBrandContrast, 'colour-contrast' satisfies BrandingProblem);

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from a PNG's IHDR, or undefined when the bytes are not a PNG. */
export function pngDimensions(bytes: Uint8Array): { width: number; height: number } | undefined {
  if (bytes.length < 24 || pngSignature.some((b, i) => bytes[i] !== b)) return undefined;
  // The first chunk must be IHDR (length 13): bytes 12-15 its type, 16-23 width and height (big-endian).
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(8) !== 13 || String.fromCharCode(...bytes.slice(12, 16)) !== 'IHDR') return undefined;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

const base64Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes base64 without Node's Buffer or atob (src/shared also runs in the renderer); undefined when malformed. */
function base64Bytes(base64: string): Uint8Array | undefined {
  const clean = base64.replace(/=+$/, '');
  if (clean.length % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let value = 0;
  let bits = 0;
  let at = 0;
  for (const ch of clean) {
    const digit = base64Alphabet.indexOf(ch);
    if (digit < 0) return undefined;
    value = ((value << 6) | digit) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (value >> bits) & 0xff;
    }
  }
  return out;
}

/** The logo as it travels (admin API, sync): a base64 PNG. */
export const LibraryLogoSchema = z
  .object({
    mediaType: z.literal('image/png', { message: 'logo-format' satisfies BrandingProblem }),
    // A cheap bound before decoding; the decoded size is checked exactly below.
    base64: z
      .string()
      .max(Math.ceil(maxLogoBytes / 3) * 4, 'logo-too-large' satisfies BrandingProblem)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'logo-format' satisfies BrandingProblem),
  })
  .strict()
  .superRefine((logo, ctx) => {
    const bytes = base64Bytes(logo.base64);
    if (bytes && bytes.length > maxLogoBytes) return void ctx.addIssue({ code: 'custom', message: 'logo-too-large' satisfies BrandingProblem, path: ['base64'] });
    const size = bytes && pngDimensions(bytes);
    if (!size) return void ctx.addIssue({ code: 'custom', message: 'logo-format' satisfies BrandingProblem, path: ['base64'] });
    if (size.width < 1 || size.height < 1 || size.width > maxLogoPixels || size.height > maxLogoPixels) {
      ctx.addIssue({ code: 'custom', message: 'logo-dimensions' satisfies BrandingProblem, path: ['base64'] });
    }
  });

/** The name the screens show for the library (null: the library's own name in the register). */
export const BrandDisplayNameSchema = z.string().trim().min(1).max(120);

/** A library's branding; null clears a value (the library's name, the theme's default colour, no logo). */
export const LibraryBrandingSchema = z
  .object({ displayName: BrandDisplayNameSchema.nullable().default(null), colour: BrandColourSchema.nullable(), logo: LibraryLogoSchema.nullable() })
  .strict();
export type LibraryBranding = z.infer<typeof LibraryBrandingSchema>;
