import { darken, lighten, type MantineColorsTuple } from '@mantine/core';
import type { TerminalInfo } from '../../../shared/ipc/contract';

/** What a library shows of itself on every screen: its name, an optional logo and one accent colour. */
export interface Brand {
  name: string;
  /** A CSS hex colour (#rrggbb); buttons, links and the active navigation take it. */
  primaryColor: string;
  /** A data: URL (the CSP allows images from 'self' and data: only). */
  logo?: string | undefined;
}

/** Lånedisk's own look, used until a library gives its own. A blue that keeps 4.5:1 against white text. */
export const defaultBrand: Brand = { name: 'Lånedisk', primaryColor: '#1c5d99' };

const hex = /^#[0-9a-f]{6}$/i;

/** The terminal's brand: the library's where the terminal knows it, Lånedisk's for the rest. */
export function brandOf(info: Pick<TerminalInfo, 'brand'> | undefined): Brand {
  const brand = info?.brand;
  if (!brand) return defaultBrand;
  return {
    name: brand.name || defaultBrand.name,
    primaryColor: brand.primaryColor && hex.test(brand.primaryColor) ? brand.primaryColor : defaultBrand.primaryColor,
    logo: brand.logo,
  };
}

/** Mantine's ten shades around one colour: the colour itself at index 6 (the primary shade). */
export function shadesOf(color: string): MantineColorsTuple {
  return [
    lighten(color, 0.92),
    lighten(color, 0.8),
    lighten(color, 0.65),
    lighten(color, 0.5),
    lighten(color, 0.35),
    lighten(color, 0.18),
    color,
    darken(color, 0.15),
    darken(color, 0.3),
    darken(color, 0.45),
  ];
}
