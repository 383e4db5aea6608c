import { execFile as execFileCb } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describePostgres, postgresBinDir, startPostgres, type TestPostgres } from '../../helpers/postgres';
import { eventually } from '../../helpers/eventually';
import { startSyncRig, type SyncRig, type TerminalProcess } from '../../helpers/sync-rig';
import { editOnBoth, expectConverged, expectation, registerMany, scenario, sharedBorrower, type Expected } from '../../helpers/sync-scenario';
import { seedReferenceData } from '../../helpers/register-fixture';

const execFile = promisify(execFileCb);

/**
 * The sync fault scenarios of issue 6 with every party a real process: the register
 * (src/server/main.ts) and two web-host terminals (src/main/web/cli.ts) driven over their IPC, each
 * terminal reaching the register through its own in-test proxy (test/helpers/sync-proxy.ts) that can
 * duplicate, hold back, cut or refuse deliveries. Every scenario ends in `expectConverged`: both
 * terminals and the register hold the same borrowers, each registration once, both edits of the
 * shared borrower, and nothing pending, quarantined or in conflict (test/helpers/sync-scenario.ts).
 */

const pushes = (t: TerminalProcess) => t.proxy.requests.filter((r) => r.path === '/sync/push');

describe('sync faults with real processes: register on PGlite', () => {
  let rig: SyncRig;
  let a: TerminalProcess;
  let b: TerminalProcess;
  const maxBackoffMs = 400;

  beforeAll(async () => {
    rig = await startSyncRig();
    await rig.register.start({ pgliteDir: rig.tempDir('lanedisk-faults-register-') });
    await seedReferenceData((method, p, body) => rig.register.admin(method, p, body));
    // Offline the terminals retry at most every 400 ms (LANEDISK_SYNC_MAX_BACKOFF_MS), online every second.
    const env = { LANEDISK_SYNC_INTERVAL_MS: '1000', LANEDISK_SYNC_MAX_BACKOFF_MS: String(maxBackoffMs) };
    [a, b] = await Promise.all([rig.terminal('A', env), rig.terminal('B', env)]);
  }, 90_000);

  afterAll(async () => {
    await rig?.close();
  }, 30_000);

  it('applies nothing twice when pushes are delivered twice, overtaken, or their answers lost', async () => {
    const s = scenario(1962, 'dubbel.example');
    const z = await sharedBorrower(a, b, s);

    // (a) Every push of A reaches the register twice at once; A registers five and edits one of them.
    a.proxy.rule = ({ path: p }) => (p === '/sync/push' ? 'twice' : 'forward');
    const fromA = await registerMany(a, s, 5, 'Anna');
    const edited = await a.update({ id: fromA[0]!.id, expectedVersion: (await a.get(fromA[0]!.id)).version, lastName: 'Dubbelsson' });
    fromA[0] = expectation(edited);
    expect(await a.syncNow()).toMatchObject({ online: true, pendingOutbox: 0, quarantined: 0 });
    expect(pushes(a).filter((r) => r.action === 'twice' && r.status === 200).length).toBeGreaterThan(0);

    // (b) A's next push is held at the proxy while B's later one overtakes it.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    a.proxy.rule = ({ path: p }) => (p === '/sync/push' ? { hold: held } : 'forward');
    const heldBefore = pushes(a).length;
    const laterFromA = await registerMany(a, s, 3, 'Astrid');
    const zEdited = await editOnBoth(a, b, z, s);
    await eventually(() => expect(pushes(a).slice(heldBefore).some((r) => r.action === 'hold')).toBe(true));
    const fromB = await registerMany(b, s, 3, 'Bo');
    expect(await b.syncNow()).toMatchObject({ online: true, pendingOutbox: 0 });
    const bLastPush = pushes(b).at(-1)!;
    const aHeld = pushes(a).slice(heldBefore).find((r) => r.action === 'hold')!;
    expect(aHeld.at).toBeLessThan(bLastPush.at);
    expect(aHeld.status).toBeUndefined();
    a.proxy.rule = () => 'forward';
    release();
    await eventually(() => expect(aHeld.status).toBe(200));

    // (c) B's next push is applied by the register, but the answer never reaches B: B sends it again.
    let dropped = 0;
    b.proxy.rule = ({ path: p }) => (p === '/sync/push' && dropped++ === 0 ? 'drop-response' : 'forward');
    const lostAnswer = await registerMany(b, s, 2, 'Birgit');
    await eventually(() => expect(pushes(b).some((r) => r.action === 'drop-response' && r.status === 200)).toBe(true));
    expect(await b.syncNow()).toMatchObject({ online: true, pendingOutbox: 0 });

    await expectConverged(rig, [a, b], s, [...fromA, ...laterFromA, ...fromB, ...lostAnswer, zEdited]);
  }, 120_000);

  it('rides out a long register outage with a capped backoff while both terminals keep working', async () => {
    const s = scenario(1963, 'avbrott.example');
    const z = await sharedBorrower(a, b, s);
    await rig.register.kill();

    // Offline work in rounds, with quiet spells in between in which the terminals only retry.
    const made: Expected[] = [];
    const zEdited = await editOnBoth(a, b, z, s);
    for (let round = 0; round < 2; round++) {
      made.push(...(await registerMany(a, s, 4, `A${round}`)), ...(await registerMany(b, s, 4, `B${round}`)));
      for (const t of [a, b]) {
        const from = t.proxy.requests.length;
        // With the 400 ms cap, 6 more attempts come within about 2 s (the wait allows a loaded machine far more).
        await eventually(() => expect(t.proxy.requests.slice(from).filter((r) => r.status === 0).length).toBeGreaterThanOrEqual(6), 60_000, 100);
        const attempts = t.proxy.requests.slice(from).map((r) => r.at);
        for (let i = 1; i < attempts.length; i++) {
          const gap = attempts[i]! - attempts[i - 1]!;
          // Backing off, not hammering: the jittered delay is at least half the cap (200 ms); timers never fire early.
          expect(gap, `${t.name} retry gap`).toBeGreaterThanOrEqual(maxBackoffMs / 2 - 50);
          // Capped: uncapped (1, 2, 4, 8, 16 s, jittered down to half) the fifth gap alone would be 8 s or more.
          // The bound leaves a loaded machine seconds of slack over the 400 ms cap.
          expect(gap, `${t.name} retry gap`).toBeLessThan(5_000);
        }
      }
      for (const t of [a, b]) expect(await t.status(), t.name).toMatchObject({ online: false });
    }
    expect((await a.status()).pendingOutbox).toBe(9);
    expect((await b.status()).pendingOutbox).toBe(9);

    // The register comes back (same folder and port): the terminals catch up on their own.
    await rig.register.restart();
    await eventually(
      async () => {
        for (const t of [a, b]) expect(await t.status(), t.name).toMatchObject({ online: true, pendingOutbox: 0 });
      },
      30_000,
      200,
    );
    await expectConverged(rig, [a, b], s, [...made, zEdited]);
  }, 150_000);
});

describePostgres('sync faults with real processes: register on PostgreSQL', {}, () => {
  let cluster: TestPostgres;
  let databaseUrl: string;
  let rig: SyncRig;
  let a: TerminalProcess;
  let b: TerminalProcess;

  beforeAll(async () => {
    cluster = await startPostgres();
    databaseUrl = cluster.url;
    rig = await startSyncRig();
    await rig.register.start({ databaseUrl });
    await seedReferenceData((method, p, body) => rig.register.admin(method, p, body));
    const env = { LANEDISK_SYNC_INTERVAL_MS: '1000', LANEDISK_SYNC_MAX_BACKOFF_MS: '1000' };
    [a, b] = await Promise.all([rig.terminal('A', env), rig.terminal('B', env)]);
  }, 120_000);

  afterAll(async () => {
    await rig?.close();
    await cluster?.stop();
  }, 30_000);

  const borrowersIn = async (url: string, ids: string[]) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const r = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM borrower WHERE id = ANY($1)', [ids]);
      return r.rows[0]!.n;
    } finally {
      await client.end();
    }
  };
  const epoch = async () => ((await (await fetch(`${rig.register.url}/health`)).json()) as { epoch: string }).epoch;

  it('loses and duplicates nothing when the register is SIGKILLed inside the transaction of a large push', async () => {
    const s = scenario(1961, 'mitt-i.example');
    const z = await sharedBorrower(a, b, s);
    // Offline (the proxies refuse): A registers 200, B 5, both edit Z.
    for (const t of [a, b]) t.proxy.rule = () => 'refuse';
    const fromA = await registerMany(a, s, 200, 'Massa');
    const fromB = await registerMany(b, s, 5, 'Bengt');
    const zEdited = await editOnBoth(a, b, z, s);
    expect((await a.status()).pendingOutbox).toBe(201);

    // The push's answers are written at the end of its transaction: holding a SHARE lock on
    // push_result stops A's first batch (100 rows) there, its borrowers inserted but not committed.
    // (Watched from another connection: pg_stat_activity is a snapshot for the rest of a transaction.)
    const holder = new pg.Client({ connectionString: databaseUrl });
    const watcher = new pg.Client({ connectionString: databaseUrl });
    await Promise.all([holder.connect(), watcher.connect()]);
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE push_result IN SHARE MODE');
      a.proxy.rule = () => 'forward';
      const pushing = a.syncNow();
      const stalled = await eventually(
        async () => {
          const r = await watcher.query<{ pid: number }>(
            `SELECT pid FROM pg_stat_activity
              WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'
                AND backend_xid IS NOT NULL AND query LIKE 'INSERT INTO push_result%'`,
          );
          expect(r.rows).toHaveLength(1);
          return r.rows[0]!.pid;
        },
        30_000,
        20,
      );
      await rig.register.kill();
      await holder.query('ROLLBACK');
      expect(await pushing).toMatchObject({ online: false, pendingOutbox: 201 });
      // The orphaned transaction ends without a COMMIT: none of the batch is in the register.
      await eventually(async () => {
        const r = await watcher.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [stalled]);
        expect(r.rows).toHaveLength(0);
      });
    } finally {
      await Promise.all([holder.end(), watcher.end()]);
    }
    expect(await borrowersIn(databaseUrl, fromA.map((e) => e.id))).toBe(0);

    await rig.register.restart();
    b.proxy.rule = () => 'forward';
    await expectConverged(rig, [a, b], s, [...fromA, ...fromB, zEdited]);
  }, 240_000);

  it('restores the register from an older pg_dump: both terminals resync and re-push what it lost', async () => {
    const s = scenario(1964, 'backup.example');
    const z = await sharedBorrower(a, b, s);
    const beforeBackup = [...(await registerMany(a, s, 3, 'Fore')), ...(await registerMany(b, s, 3, 'Fore'))];
    for (const t of [a, b]) expect(await t.syncNow()).toMatchObject({ online: true, pendingOutbox: 0 });
    const oldEpoch = await epoch();
    const dump = path.join(rig.tempDir('lanedisk-faults-backup-'), 'register.dump');
    await execFile(path.join(postgresBinDir()!, 'pg_dump'), ['--format=custom', `--file=${dump}`, databaseUrl]);

    // After the backup: more registrations and both edits of Z reach the register.
    const afterBackup = [...(await registerMany(a, s, 3, 'Efter')), ...(await registerMany(b, s, 3, 'Efter'))];
    const zEdited = await editOnBoth(a, b, z, s);
    for (const t of [a, b, a, b]) expect(await t.syncNow()).toMatchObject({ online: true, pendingOutbox: 0 });
    expect(await borrowersIn(databaseUrl, afterBackup.map((e) => e.id))).toBe(6);

    // The register dies and comes back from the backup in a new database; A registers two while it is down.
    await rig.register.kill();
    const whileDown = await registerMany(a, s, 2, 'Under');
    const restoredUrl = await cluster.createDatabase();
    await execFile(path.join(postgresBinDir()!, 'pg_restore'), ['--no-owner', `--dbname=${restoredUrl}`, dump]);
    expect(await borrowersIn(restoredUrl, afterBackup.map((e) => e.id))).toBe(0);
    expect(await borrowersIn(restoredUrl, beforeBackup.map((e) => e.id))).toBe(6);
    const seen = new Map([a, b].map((t) => [t, t.proxy.requests.length]));
    await rig.register.start({ databaseUrl: restoredUrl });
    expect(await epoch()).not.toBe(oldEpoch);

    await expectConverged(rig, [a, b], s, [...beforeBackup, ...afterBackup, ...whileDown, zEdited]);
    for (const t of [a, b]) {
      // Each terminal noticed the new epoch and pulled everything again from the start.
      const pulls = t.proxy.requests.slice(seen.get(t)).filter((r) => r.path === '/sync/pull');
      expect(pulls.some((r) => new URL(r.url, 'http://x').searchParams.get('after') === '0'), t.name).toBe(true);
    }
  }, 180_000);
});
