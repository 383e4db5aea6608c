// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';
import path from 'node:path';

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

/**
 * The rooms of src/main, top to bottom (STYLE.md "Our own house"). A room imports rooms of its own rank or
 * below, never one above: what two rooms share moves down. Files directly in src/main (log.ts, version.ts)
 * are at the bottom; a new room must be given its place here.
 */
const mainRooms = [['shell'], ['web'], ['app'], ['kiosk', 'circulation'], ['sync', 'desk'], ['privacy'], ['hardware', 'door', 'mail'], ['sip2', 'db', 'ipc', 'security']];
const roomRank = new Map(mainRooms.flatMap((rooms, rank) => rooms.map((room) => [room, rank])));
const roomOrder = mainRooms.map((rooms) => rooms.join('/')).join(' → ');

const terminal = ['src/main/', 'src/renderer/', 'src/preload/'];
/** The one-command demo embeds the real register in the web host (not in the Electron app). */
const registerEmbedders = ['src/main/web/embedded-register.ts'];
/** The SIP2 emulator (an ACS for tests, benchmarks and demos) is not part of the app: only tests, bench and the emulator itself import it. */
const emulatorFiles = ['src/main/sip2/emulator.ts', 'src/main/sip2/emulator-library.ts'];

/** What a file in `from` (repository path) may not import from `to` (repository path, without extension); undefined when allowed. */
function layerViolation(from, to) {
  const under = (file, prefixes) => prefixes.some((prefix) => file.startsWith(prefix));
  const toModule = (file) => file.replace(/\.(ts|tsx|js|mjs)$/, '').replace(/\/index$/, '');
  if (!to.startsWith('src/')) return undefined;
  if (from.startsWith('src/server/') && under(to, terminal)) {
    return 'The register (src/server) never imports the terminal (src/main, src/renderer, src/preload): put what both need in src/common (Node) or src/shared (pure).';
  }
  if (under(from, terminal) && to.startsWith('src/server/') && !registerEmbedders.includes(from)) {
    return `The terminal never imports the register (only ${registerEmbedders.join(', ')} embeds it): put what both need in src/common (Node) or src/shared (pure).`;
  }
  if (from.startsWith('src/common/') && !under(to, ['src/common/', 'src/shared/'])) {
    return 'src/common is shared by terminal and register: it imports only src/common, src/shared and Node.';
  }
  if (from.startsWith('src/shared/') && to.startsWith('src/common/')) {
    return 'src/shared is pure TypeScript: src/common is Node-only.';
  }
  if (emulatorFiles.map(toModule).includes(toModule(to)) && !emulatorFiles.includes(from)) {
    return 'The SIP2 emulator is test and demo code: the app does not import it (tests and bench do).';
  }
  const room = (file) => {
    const parts = file.split('/');
    // `src/main/log` is a file at the bottom; `src/main/web` is the room's index.
    return parts[0] === 'src' && parts[1] === 'main' && (parts.length > 3 || roomRank.has(parts[2] ?? '')) ? parts[2] : undefined;
  };
  const [fromRoom, toRoom] = [room(from), room(to)];
  if (fromRoom === undefined || toRoom === undefined || fromRoom === toRoom) return undefined;
  const [fromRank, toRank] = [roomRank.get(fromRoom), roomRank.get(toRoom)];
  if (fromRank === undefined) return `src/main/${fromRoom} has no place in the room order (${roomOrder}): add it to mainRooms in eslint.config.js.`;
  if (toRank === undefined) return `src/main/${toRoom} has no place in the room order (${roomOrder}): add it to mainRooms in eslint.config.js.`;
  if (toRank < fromRank) return `src/main/${fromRoom} may not import src/main/${toRoom}, a higher room (${roomOrder}): move what they share down.`;
  return undefined;
}

/** @type {import('eslint').Rule.RuleModule} */
const layersRule = {
  meta: { type: 'problem', docs: { description: 'Folder layering between register, terminal, src/common, src/shared and the rooms of src/main' }, schema: [] },
  create(context) {
    const repo = (file) => path.relative(import.meta.dirname, file).split(path.sep).join('/');
    const from = repo(context.filename);
    /** @param {import('estree').Node | null | undefined} source */
    const check = (source) => {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
      const message = layerViolation(from, repo(path.resolve(path.dirname(context.filename), source.value)));
      if (message) context.report({ node: source, message });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};

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
  // Folder layering (STYLE.md "Our own house"); see layerViolation above.
  { files: ['src/**'], plugins: { lanedisk: { rules: { layers: layersRule } } }, rules: { 'lanedisk/layers': 'error' } },
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
    ['src/main/**', 'src/server/**', 'src/common/**', 'test/**', 'bench/**', 'scripts/**'],
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
  // The register's admin page (a browser app served by the register): no Node, no terminal, no register code.
  layer(
    ['src/admin/**'],
    { paths: ['electron', ...nodeBuiltins, ...nativeAndNodePackages], patterns: ['**/main/**', '**/preload/**', '**/renderer/**', '**/server/**', '**/common/**'] },
    'The admin page talks to the register only over HTTP (src/admin/api.ts); what it shares with it lives in src/shared.',
  ),
  {
    files: ['src/admin/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
);
