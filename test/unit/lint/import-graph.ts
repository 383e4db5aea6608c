import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * The relative imports of our own TypeScript files, read with the TypeScript compiler's import scanner
 * (type-only imports, re-exports and dynamic imports included). Paths are repository-relative with `/`.
 */

const root = process.cwd();
const repo = (file: string) => path.relative(root, file).split(path.sep).join('/');

function resolveImport(from: string, specifier: string): string | undefined {
  const base = path.resolve(root, path.dirname(from), specifier);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')];
  const found = candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
  return found === undefined ? undefined : repo(found);
}

/** The TypeScript files under `folder`. */
export function sourceFiles(folder: string): string[] {
  return readdirSync(path.resolve(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.tsx?$/.test(name))
    .map((name) => repo(path.resolve(root, folder, name)))
    .sort();
}

export function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(path.resolve(root, file), 'utf8'), true, true);
  return importedFiles
    .map((i) => i.fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => resolveImport(file, specifier))
    .filter((resolved): resolved is string => resolved !== undefined);
}

/** Every file `entry` reaches through relative imports, itself included. */
export function reachableFrom(entry: string): Set<string> {
  const seen = new Set<string>();
  const pending = [entry];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    pending.push(...importsOf(file));
  }
  return seen;
}

/** The import cycles among `files` (imports leaving the set are ignored), each as the path that closes it. */
export function importCycles(files: readonly string[]): string[][] {
  const inSet = new Set(files);
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[][] = [];
  const visit = (file: string, trail: string[]) => {
    state.set(file, 'open');
    const here = [...trail, file];
    for (const next of importsOf(file).filter((f) => inSet.has(f))) {
      if (state.get(next) === 'open') cycles.push([...here.slice(here.indexOf(next)), next]);
      else if (!state.has(next)) visit(next, here);
    }
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file, []);
  return cycles;
}
