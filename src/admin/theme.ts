import { createTheme } from '@mantine/core';

/**
 * The admin page's own small theme (the coordinator unifies it with the terminal's theme module later).
 * Colours that change CSS variables live in admin.css, not here: the page's CSP allows no inline <style>,
 * so MantineProvider runs without its injected variables and classes (main.tsx).
 */
export const adminTheme = createTheme({
  primaryColor: 'blue',
  defaultRadius: 'sm',
});
