import { darken, defaultCssVariablesResolver, keys, type MantineTheme } from '@mantine/core';

/**
 * Mantine's theme variables, set on <html> through the CSSOM. Mantine would write them into a <style> tag,
 * which our CSP (style-src 'self', no 'unsafe-inline') refuses; style properties set from script are allowed.
 * The defaults come from @mantine/core/styles.css; this sets the theme's (brand colour, sizes) over them.
 */
export function applyCssVariables(theme: MantineTheme, scheme: 'light' | 'dark', root: HTMLElement = document.documentElement): void {
  const resolved = defaultCssVariablesResolver(theme);
  const variables = {
    ...resolved.variables,
    ...resolved[scheme],
    '--mantine-color-scheme': scheme,
    // The library's colour in every variant (the kiosk's contrast theme keeps yellow as its primary): the kiosk header's band.
    ...(typeof theme.other.brandColor === 'string' ? { '--lanedisk-brand': theme.other.brandColor } : {}),
    ...(scheme === 'light' ? readableOnWhite(theme) : {}),
  };
  for (const [name, value] of Object.entries(variables)) root.style.setProperty(name, value);
  root.setAttribute('data-mantine-color-scheme', scheme);
}

/**
 * Mantine's light-scheme text colours for dimmed text, errors and light/outline badges are shade 6, which is
 * 3–4:1 on white; axe (and WCAG AA) want 4.5:1 for text. These take darker shades.
 */
function readableOnWhite(theme: MantineTheme): Record<string, string> {
  const out: Record<string, string> = {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-8)',
  };
  for (const name of keys(theme.colors)) {
    const shades = theme.colors[name];
    if (name === 'dark' || !shades) continue;
    const deep = darken(shades[9], 0.25);
    out[`--mantine-color-${name}-light-color`] = deep;
    out[`--mantine-color-${name}-outline`] = deep;
    out[`--mantine-color-${name}-text`] = deep;
  }
  return out;
}
