import { describe, expect, it } from 'vitest';
import electronViteConfig from '../../../electron.vite.config';
import { importCycles, importsOf, reachableFrom, sourceFiles } from './import-graph';

describe('src/shared imports', () => {
  it('form no cycle', () => {
    const files = sourceFiles('src/shared');
    expect(files).toContain('src/shared/vocabulary.ts');
    expect(importCycles(files)).toEqual([]);
  });

  it('have a leaf vocabulary that imports nothing', () => {
    expect(importsOf('src/shared/vocabulary.ts')).toEqual([]);
  });

  it('are walked with type-only imports and re-exports (the walker sees a cycle made of them)', () => {
    // registration → vocabulary is type-only; the contract re-exports the feature contracts.
    expect(importsOf('src/shared/desk/registration.ts')).toContain('src/shared/vocabulary.ts');
    expect(importsOf('src/shared/ipc/contract.ts')).toContain('src/shared/ipc/features/terminal.contract.ts');
    expect(importCycles(['test/unit/lint/fixtures/cycle-a.ts', 'test/unit/lint/fixtures/cycle-b.ts'])).toEqual([
      ['test/unit/lint/fixtures/cycle-a.ts', 'test/unit/lint/fixtures/cycle-b.ts', 'test/unit/lint/fixtures/cycle-a.ts'],
    ]);
  });
});

describe('the Electron main bundle', () => {
  const config = electronViteConfig as { main: { build: { rollupOptions: { input: { index: string } } } } };
  const entry = config.main.build.rollupOptions.input.index.slice(process.cwd().length + 1);
  const bundled = reachableFrom(entry);

  it('starts at the shell and reaches the SIP2 client', () => {
    expect(entry).toBe('src/main/shell/main.ts');
    expect(bundled).toContain('src/main/sip2/client.ts');
  });

  it('does not reach the SIP2 emulator (test and demo code)', () => {
    expect([...bundled].filter((file) => file.startsWith('src/main/sip2/emulator'))).toEqual([]);
    // The same walk does find it from a test that uses it.
    expect(reachableFrom('test/unit/sip2/emulator.test.ts')).toContain('src/main/sip2/emulator-library.ts');
  });
});

describe('translations', () => {
  it('have one layout: feature files src/shared/i18n/*-messages.ts (all three languages each), all merged by resources.ts', () => {
    const i18n = sourceFiles('src/shared/i18n');
    const messageFiles = i18n.filter((file) => file.endsWith('-messages.ts'));
    expect(i18n.filter((file) => !messageFiles.includes(file))).toEqual(['src/shared/i18n/define.ts', 'src/shared/i18n/resources.ts']);
    expect(messageFiles).toContain('src/shared/i18n/core-messages.ts');
    expect(importsOf('src/shared/i18n/resources.ts').filter((file) => file.endsWith('-messages.ts')).sort()).toEqual(messageFiles);
    // No translations elsewhere (the door's used to live in src/shared/door).
    const definers = sourceFiles('src').filter((file) => importsOf(file).includes('src/shared/i18n/define.ts'));
    expect(definers.filter((file) => !messageFiles.includes(file))).toEqual([]);
  });
});
