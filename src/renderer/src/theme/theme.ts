import { createTheme, type MantineThemeOverride } from '@mantine/core';
import { shadesOf, type Brand } from './brand';

/** 'standard' for the staff screens; 'contrast' for the borrowers' kiosk and door: black, white and one signal yellow. */
export type ThemeVariant = 'standard' | 'contrast';

/** The one signal colour of the high-contrast screens: 14:1 against black. */
export const contrastAccent = '#ffd400';

// Design tokens shared by every screen; the variants change colour and size, not structure.
const fontFamily = "system-ui, 'Segoe UI', Roboto, 'Noto Sans', 'Helvetica Neue', Arial, sans-serif";

export function createAppTheme(brand: Brand, variant: ThemeVariant): MantineThemeOverride {
  const standard = variant === 'standard';
  return createTheme({
    fontFamily,
    headings: { fontFamily, fontWeight: '650' },
    primaryColor: 'brand',
    primaryShade: 6,
    // Text on a library's own colour turns black when white would not be readable.
    autoContrast: true,
    luminanceThreshold: 0.4,
    defaultRadius: 'sm',
    cursorType: 'pointer',
    // Someone who asked their system for less motion gets none (transitions end at once; WCAG 2.3.3).
    respectReducedMotion: true,
    focusRing: 'auto',
    colors: {
      brand: standard ? shadesOf(brand.primaryColor) : shadesOf(contrastAccent),
      // The dark palette is the kiosk's: pure black ground (index 7), white text (index 0).
      dark: ['#ffffff', '#f1f1f1', '#d9d9d9', '#bdbdbd', '#8c8c8c', '#3a3a3a', '#1a1a1a', '#000000', '#000000', '#000000'],
    },
    // Dense staff screens at 1280×800 (14–16 px body text); reading at arm's length at the kiosk (24 px and up).
    fontSizes: standard
      ? { xs: '0.75rem', sm: '0.875rem', md: '0.9375rem', lg: '1.0625rem', xl: '1.25rem' }
      : { xs: '1.25rem', sm: '1.5rem', md: '1.75rem', lg: '2.25rem', xl: '2.75rem' },
    spacing: standard
      ? { xs: '0.5rem', sm: '0.75rem', md: '1rem', lg: '1.5rem', xl: '2rem' }
      : { xs: '0.75rem', sm: '1rem', md: '1.5rem', lg: '2.25rem', xl: '3rem' },
    other: { brandName: brand.name, brandColor: brand.primaryColor, variant },
    components: {
      // Scroll locking injects a <style> tag the CSP refuses (style-src 'self'); dialogs here are short anyway.
      Modal: { defaultProps: { lockScroll: false } },
      Drawer: { defaultProps: { lockScroll: false } },
      Button: { defaultProps: { size: standard ? 'sm' : 'xl' } },
      TextInput: { defaultProps: { size: standard ? 'sm' : 'xl' } },
      PasswordInput: { defaultProps: { size: standard ? 'sm' : 'xl' } },
      Table: { defaultProps: { verticalSpacing: 6, horizontalSpacing: 'sm', highlightOnHover: true } },
    },
  });
}
