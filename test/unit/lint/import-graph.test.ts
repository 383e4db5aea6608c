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
