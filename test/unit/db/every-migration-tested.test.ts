import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every migration file has its own test (STYLE.md 5): `src/main/db/migrations/NNNN-name.ts` is tested in
 * `test/unit/db/migrations/NNNN-name.test.ts`, the register's `src/server/db/migrations/NNNN-name.ts` in
 * `test/unit/server/migrations/NNNN-name.test.ts`. A new migration without a test fails here.
 */
const folders = [
  { migrations: 'src/main/db/migrations', tests: 'test/unit/db/migrations' },
  { migrations: 'src/server/db/migrations', tests: 'test/unit/server/migrations' },
];

const migrationFiles = (folder: string) =>
  readdirSync(folder)
    .filter((file) => /^\d{4}-.+\.ts$/.test(file))
    .sort();

describe.each(folders)('every migration in $migrations', ({ migrations, tests }) => {
  it('has a test file of the same name', () => {
    const files = migrationFiles(migrations);
    expect(files.length).toBeGreaterThan(0);
    const untested = files.filter((file) => !existsSync(path.join(tests, file.replace(/\.ts$/, '.test.ts'))));
    expect(untested).toEqual([]);
  });

  it('has no test left for a migration that does not exist', () => {
    const known = new Set(migrationFiles(migrations).map((file) => file.replace(/\.ts$/, '.test.ts')));
    const orphans = readdirSync(tests).filter((file) => file.endsWith('.test.ts') && !known.has(file));
    expect(orphans).toEqual([]);
  });

  it('sees only NNNN-name.ts migrations besides index.ts and types.ts', () => {
    expect(readdirSync(migrations).filter((file) => !/^\d{4}-.+\.ts$/.test(file)).sort()).toEqual(['index.ts', 'types.ts']);
  });
});
