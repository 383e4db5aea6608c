// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const nativeAndNodePackages = ['better-sqlite3', 'serialport', '@serialport/*', 'node-hid', 'pino', 'ws', 'fastify', 'pg'];

/** Process layering (STYLE.md 1): which runtime each folder may reach. */
const layer = (files, { paths = [], patterns = [] }, message) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: paths.map((name) => ({ name, message })),
        patterns: patterns.map((group) => ({ group: [group], message })),
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'native/**', 'node_modules/**', '.lanedisk-data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      'no-console': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  // vitest's asymmetric matchers (expect.objectContaining …) are typed any.
  { files: ['test/**'], rules: { '@typescript-eslint/no-unsafe-assignment': 'off' } },

  // src/shared: pure TypeScript. No Electron, Node, DOM, native packages or other layers.
  layer(
    ['src/shared/**'],
    {
      paths: ['electron', 'react', 'react-dom', ...nodeBuiltins, ...nativeAndNodePackages],
      patterns: ['**/main/**', '**/renderer/**', '**/preload/**', '**/server/**', '@serialport/*'],
    },
    'src/shared is pure TypeScript: it may not import Electron, Node, the DOM or another layer.',
  ),
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'localStorage', 'process', 'Buffer', 'require', '__dirname'].map((name) => ({
          name,
          message: 'src/shared is pure: pass it in instead.',
        })),
      ],
    },
  },
  // Only the Electron shell (src/main/shell) and the preload may import electron.
  layer(
    ['src/main/**', 'src/server/**', 'test/**', 'bench/**', 'scripts/**'],
    { paths: ['electron'], patterns: ['**/renderer/**', '**/preload/**'] },
    'Only src/main/shell and src/preload may import electron; everything else must run in plain Node.',
  ),
  {
    files: ['src/main/shell/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/renderer/**'], message: 'The shell does not import the renderer.' }] }] },
  },
  // End-to-end tests use test/helpers, never the unit tests' own helpers (electron stays banned, as for test/**).
  layer(
    ['test/e2e/**'],
    { paths: ['electron'], patterns: ['**/renderer/**', '**/preload/**', '**/unit/**'] },
    'test/e2e may not import electron, the renderer, the preload or test/unit: shared test helpers live in test/helpers.',
  ),
  layer(
    ['src/renderer/**'],
    {
      paths: ['electron', ...nodeBuiltins, ...nativeAndNodePackages],
      patterns: ['**/main/**', '**/preload/**', '**/server/**'],
    },
    'The renderer talks to main only through the Bridge (src/renderer/src/bridge); no Electron or Node here.',
  ),
  layer(
    ['src/preload/**'],
    { paths: [...nodeBuiltins, ...nativeAndNodePackages, 'zod'], patterns: ['**/main/**', '**/renderer/**'] },
    'The sandboxed preload may import electron and src/shared/ipc/channels only.',
  ),
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
);
