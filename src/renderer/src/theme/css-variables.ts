import { defaultCssVariablesResolver, type MantineTheme } from '@mantine/core';

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
    // Mantine's dimmed grey (gray.6) is 3.3:1 on white; axe wants 4.5:1 for text, gray.7 gives 8:1.
    ...(scheme === 'light' ? { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' } : {}),
  };
  for (const [name, value] of Object.entries(variables)) root.style.setProperty(name, value);
  root.setAttribute('data-mantine-color-scheme', scheme);
}
