import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

/**
 * Proves the layering rules in eslint.config.js bite: snippets are linted as
 * if they lived in each folder. Type-aware rules are off for these virtual
 * files (they are not on disk); the import and global rules are what we test.
 */
const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfig: [
    {
      files: ['**/__fixture__*', 'src/main/web/embedded-register.ts', 'src/main/sip2/emulator.ts'],
      ...tseslint.configs.disableTypeChecked,
      languageOptions: { parserOptions: { projectService: false, program: null, project: null } },
    },
  ],
});

async function ruleIds(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

async function messages(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

const importing = (specifier: string) => `import { x } from '${specifier}';\nexport const a = x;\n`;

describe('layering lint', () => {
  it.each([
    ['src/shared/__fixture__.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['src/shared/__fixture__.ts', "import fs from 'node:fs';\nexport const a = fs;\n"],
    ['src/shared/__fixture__.ts', "import fs from 'fs';\nexport const a = fs;\n"],
    ['src/shared/__fixture__.ts', "import { x } from '../main/app/services';\nexport const a = x;\n"],
    ['src/main/db/__fixture__.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['src/common/__fixture__.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['src/main/__fixture__.ts', "import { x } from '../renderer/src/App';\nexport const a = x;\n"],
    ['src/renderer/src/__fixture__.ts', "import Database from 'better-sqlite3';\nexport const a = Database;\n"],
    ['src/renderer/src/__fixture__.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n"],
    ['src/preload/__fixture__.ts', "import { z } from 'zod';\nexport const a = z;\n"],
    ['test/__fixture__.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['test/e2e/__fixture__.ts', "import { x } from '../unit/door/helpers';\nexport const a = x;\n"],
    ['test/e2e/__fixture__.ts', "import { app } from 'electron';\nexport const a = app;\n"],
  ])('%s may not import that', async (file, code) => {
    expect(await ruleIds(file, code)).toContain('no-restricted-imports');
  });

  it.each(['window.location.href', 'process.env.HOME', "Buffer.from('x')", 'document.title'])(
    'src/shared may not touch the global %s',
    async (expression) => {
      expect(await ruleIds('src/shared/__fixture__.ts', `export const a = ${expression};\n`)).toContain('no-restricted-globals');
    },
  );

  it.each([
    ['src/main/shell/__fixture__.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['src/preload/__fixture__.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n"],
    ['src/main/db/__fixture__.ts', "import fs from 'node:fs';\nexport const a = fs;\n"],
    ['src/shared/__fixture__.ts', "import { z } from 'zod';\nexport const a = z;\n"],
    ['test/e2e/__fixture__.ts', "import { x } from '../helpers/relay-board';\nexport const a = x;\n"],
  ])('%s may import that', async (file, code) => {
    expect(await ruleIds(file, code)).toEqual([]);
  });

  it('forbids console everywhere in src', async () => {
    expect(await ruleIds('src/main/__fixture__.ts', "console.log('x');\n")).toContain('no-console');
  });

  describe('folders (lanedisk/layers)', () => {
    it.each([
      // The register never imports the terminal.
      ['src/server/routes/__fixture__.ts', '../../main/desk/passwords', 'The register (src/server) never imports the terminal'],
      ['src/server/__fixture__.ts', '../renderer/src/App', 'The register (src/server) never imports the terminal'],
      // The terminal never imports the register, except the web host's embedded register.
      ['src/main/sync/__fixture__.ts', '../../server/door-hash', 'The terminal never imports the register'],
      ['src/main/web/__fixture__.ts', '../../server/app', 'The terminal never imports the register'],
      ['src/preload/__fixture__.ts', '../server/app', 'The terminal never imports the register'],
      // src/common imports only src/common, src/shared and Node; src/shared does not import src/common.
      ['src/common/__fixture__.ts', '../main/log', 'src/common is shared by terminal and register'],
      ['src/common/__fixture__.ts', '../server/db/sql', 'src/common is shared by terminal and register'],
      ['src/shared/door/__fixture__.ts', '../../common/passwords', 'src/shared is pure TypeScript: src/common is Node-only'],
      // A lower room of src/main never imports a higher one.
      ['src/main/privacy/__fixture__.ts', '../desk/service', 'src/main/privacy may not import src/main/desk, a higher room'],
      ['src/main/desk/__fixture__.ts', '../circulation/types', 'src/main/desk may not import src/main/circulation, a higher room'],
      ['src/main/db/__fixture__.ts', '../privacy/retention', 'src/main/db may not import src/main/privacy, a higher room'],
      ['src/main/hardware/readers/__fixture__.ts', '../../sync/client', 'src/main/hardware may not import src/main/sync, a higher room'],
      ['src/main/app/__fixture__.ts', '../shell/main', 'src/main/app may not import src/main/shell, a higher room'],
      ['src/main/kiosk/__fixture__.ts', '../web', 'src/main/kiosk may not import src/main/web, a higher room'],
      ['src/main/attic/__fixture__.ts', '../db/sql', 'src/main/attic has no place in the room order'],
      // The SIP2 emulator stays out of the app.
      ['src/main/circulation/__fixture__.ts', '../sip2/emulator', 'The SIP2 emulator is test and demo code'],
      ['src/main/sip2/__fixture__.ts', './emulator-library', 'The SIP2 emulator is test and demo code'],
      ['src/main/shell/__fixture__.ts', '../sip2/emulator.ts', 'The SIP2 emulator is test and demo code'],
    ])('%s may not import %s', async (file, specifier, message) => {
      const found = (await messages(file, importing(specifier))).filter((m) => m.startsWith('lanedisk/layers'));
      expect(found).toHaveLength(1);
      expect(found[0]).toContain(`lanedisk/layers: ${message}`);
    });

    it('checks re-exports and dynamic imports too', async () => {
      expect(await ruleIds('src/server/__fixture__.ts', "export { x } from '../main/log';\n")).toEqual(['lanedisk/layers']);
      expect(await ruleIds('src/server/__fixture__.ts', "export * from '../main/log';\n")).toEqual(['lanedisk/layers']);
      expect(await ruleIds('src/main/db/__fixture__.ts', "export const a = import('../desk/service');\n")).toEqual(['lanedisk/layers']);
    });

    it.each([
      ['src/main/web/embedded-register.ts', '../../server/app'],
      ['src/main/sync/__fixture__.ts', '../../common/door-hash'],
      ['src/server/routes/__fixture__.ts', '../../common/passwords'],
      ['src/server/__fixture__.ts', '../shared/sync/protocol'],
      ['src/common/__fixture__.ts', '../shared/sync/protocol'],
      ['src/common/__fixture__.ts', './passwords'],
      ['src/common/__fixture__.ts', 'node:crypto'],
      ['src/main/kiosk/__fixture__.ts', '../desk/service'],
      ['src/main/kiosk/__fixture__.ts', '../circulation/types'],
      ['src/main/privacy/__fixture__.ts', '../../shared/desk/registration'],
      ['src/main/privacy/__fixture__.ts', '../db/pragmas'],
      ['src/main/hardware/readers/__fixture__.ts', '../door/controller'],
      ['src/main/shell/__fixture__.ts', '../security/trusted-url'],
      ['src/main/door/__fixture__.ts', '../log'],
      ['src/main/sip2/emulator.ts', './emulator-library'],
      ['test/unit/sip2/__fixture__.ts', '../../../src/main/sip2/emulator'],
      ['test/unit/server/__fixture__.ts', '../../../src/main/privacy/audit-chain'],
      ['bench/__fixture__.ts', '../src/main/sip2/emulator'],
    ])('%s may import %s', async (file, specifier) => {
      expect(await ruleIds(file, importing(specifier))).toEqual([]);
    });
  });
});
