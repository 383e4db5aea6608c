import { execFile as execFileCb, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { describe, it, type TestOptions } from 'vitest';
import { freePort } from './eventually';

const execFile = promisify(execFileCb);

/**
 * A throwaway PostgreSQL cluster for one test file: initdb into a temp folder, postgres on
 * 127.0.0.1 with a free port and its socket in the folder, stopped and removed by stop().
 * Each test file calls startPostgres() in beforeAll, so files stay independent (no globalSetup).
 * As root (CI) it runs initdb and postgres as the `postgres` system user, which owns the folder:
 * PostgreSQL refuses to run as root.
 */
export interface TestPostgres {
  /** URL of the database created for the caller. */
  url: string;
  /** Creates another empty database in the same cluster and returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /**
   * pg_ctl on the running cluster: `restart` and `stop` in fast mode (every session is ended with 57P01, as
   * a real restart does), `start` with the same settings and port. For tests of the register riding out its database.
   */
  pgCtl(action: 'restart' | 'stop' | 'start'): Promise<void>;
  stop(): Promise<void>;
}

/** The newest installed PostgreSQL's bin folder (Debian: /usr/lib/postgresql/N/bin), or LANEDISK_TEST_PG_BIN. */
export function postgresBinDir(): string | undefined {
  const fromEnv = process.env.LANEDISK_TEST_PG_BIN;
  if (fromEnv) return existsSync(path.join(fromEnv, 'initdb')) ? fromEnv : undefined;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v) && existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : undefined;
}

/** Why real-PostgreSQL tests cannot run here, or undefined when they can. */
export function postgresUnavailable(): string | undefined {
  return postgresBinDir() ? undefined : 'PostgreSQL binaries not found (scripts/install-system-deps.sh installs them)';
}

/** The register's two database backends. */
export type Backend = 'postgres' | 'pglite';
export const registerBackends: readonly Backend[] = ['postgres', 'pglite'];

/**
 * A suite that needs real PostgreSQL. Where PostgreSQL is missing it is skipped, with the reason in its
 * name (test/helpers/summary-reporter.ts lists skipped suites at the end of the run), except on CI
 * (`CI` set, as .ci/run does): CI installs PostgreSQL, so there its absence fails the run.
 */
export function describePostgres(name: string, options: TestOptions, body: () => void): void {
  const missing = postgresUnavailable();
  if (!missing) describe(name, options, body);
  else if (process.env.CI) {
    describe(name, () => {
      it('has PostgreSQL to run against (required on CI)', () => {
        throw new Error(`${missing}: CI must run the register's PostgreSQL tests`);
      });
    });
  } else describe.skip(`${name} [skipped: ${missing}]`, options, body);
}

/**
 * `describe.each` over both register backends: `name` gets the backend for `%s`. The PostgreSQL half
 * goes through describePostgres (reported as skipped where PostgreSQL is missing, a failure on CI).
 */
export function describeEachBackend(name: string, options: TestOptions, body: (backend: Backend) => void): void {
  for (const backend of registerBackends) {
    const title = name.replace('%s', backend);
    if (backend === 'postgres') describePostgres(title, options, () => body(backend));
    else describe(title, options, () => body(backend));
  }
}

const asRoot = process.getuid?.() === 0;

function run(bin: string, args: string[]) {
  return asRoot ? execFile('runuser', ['-u', 'postgres', '--', bin, ...args]) : execFile(bin, args);
}

let counter = 0;

export async function startPostgres(options: { durable?: boolean } = {}): Promise<TestPostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error(postgresUnavailable());
  const dir = mkdtempSync(path.join(tmpdir(), 'lanedisk-pg-'));
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  const logFile = path.join(dir, 'postgres.log');
  let port = 0;
  let startOptions = '';
  try {
    await run(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync', '--no-instructions']);
    // Durability off: a test cluster is thrown away anyway, and this makes commits fast. Benches that
    // measure commits (durable) keep PostgreSQL's defaults: fsync and synchronous commit on.
    const settings = options.durable
      ? ['-c max_connections=300', '-c shared_buffers=64MB']
      : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off', '-c max_connections=200', '-c shared_buffers=32MB'];
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      try {
        startOptions = `-p ${port} -h 127.0.0.1 -k ${dir} ${settings.join(' ')}`;
        await run(path.join(bin, 'pg_ctl'), ['-D', data, '-l', logFile, '-w', '-t', '30', '-o', startOptions, 'start']);
        break;
      } catch (error) {
        // Someone took the port between our check and the start: try another.
        if (attempt >= 3) throw error;
      }
    }
  } catch (error) {
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-2000) : '';
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not start PostgreSQL: ${(error as Error).message}\n${log}`);
  }

  const base = `postgres://postgres@127.0.0.1:${port}`;
  const createDatabase = async (name = `lanedisk_${process.pid}_${++counter}`) => {
    if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`not a plain database name: ${name}`);
    const client = new pg.Client({ connectionString: `${base}/postgres` });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${name}`);
    } finally {
      await client.end();
    }
    return `${base}/${name}`;
  };
  const url = await createDatabase();
  const pgCtl = path.join(bin, 'pg_ctl');
  return {
    url,
    createDatabase,
    async pgCtl(action) {
      // The same options every time (restart would reuse postmaster.opts; start after stop needs them again);
      // the log goes to the file, never to pg_ctl's output (the server would hold that pipe open).
      const args =
        action === 'stop'
          ? ['-D', data, '-m', 'fast', '-w', '-t', '30', 'stop']
          : ['-D', data, '-l', logFile, ...(action === 'restart' ? ['-m', 'fast'] : []), '-w', '-t', '30', '-o', startOptions, action];
      await run(pgCtl, args);
    },
    async stop() {
      await run(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
