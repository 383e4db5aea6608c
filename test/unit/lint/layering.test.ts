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
      files: ['**/__fixture__*'],
      ...tseslint.configs.disableTypeChecked,
      languageOptions: { parserOptions: { projectService: false, program: null, project: null } },
    },
  ],
});

async function ruleIds(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('layering lint', () => {
  it.each([
    ['src/shared/__fixture__.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['src/shared/__fixture__.ts', "import fs from 'node:fs';\nexport const a = fs;\n"],
    ['src/shared/__fixture__.ts', "import fs from 'fs';\nexport const a = fs;\n"],
    ['src/shared/__fixture__.ts', "import { x } from '../main/app/services';\nexport const a = x;\n"],
    ['src/main/db/__fixture__.ts', "import { app } from 'electron';\nexport const a = app;\n"],
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
});
