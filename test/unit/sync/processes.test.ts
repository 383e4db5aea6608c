import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BorrowerDetail, BorrowerSummary, StaffSession, SyncStatusView } from '../../../src/shared/ipc/contract';
import type { RegistrationInput } from '../../../src/shared/desk/registration';
import { pnr } from '../../helpers/desk';
import { eventually, freePort } from '../../helpers/eventually';
import { connectIpc, spawnTs, waitForHttp, type IpcSocket, type TsProcess } from '../../helpers/processes';
import { adminToken, seedReferenceData } from '../../helpers/register-fixture';

/**
 * Two terminals and the register, all real processes: the register (src/server/main.ts on PGlite
 * in a folder) and two web hosts (src/main/web/cli.ts, each with its own SQLite data folder),
 * driven over their WebSocket IPC the way the renderer drives them. The register is killed
 * (SIGKILL), both terminals work offline, the register comes back on the same port and folder,
 * and both terminals end up with the same borrowers, once each, with both offline edits.
 */

/** Borrowers of this test carry this e-mail domain, so they can be told from the web host's demo borrower. */
const domain = 'konvergens.example';

function registration(firstName: string, lastName: string, identityNumber: string): RegistrationInput {
  return {
    registerType: 'adult',
    identityNumber,
    firstName,
    lastName,
    email: `${firstName.toLowerCase()}.${lastName.toLowerCase()}@${domain}`,
    agreementAccepted: true,
    sendLoginDetails: false,
    password: 'hemligt-123',
  };
}

interface Terminal {
  name: string;
  port: number;
  dataDir: string;
  proc: TsProcess;
  ipc: IpcSocket;
}

describe('two terminals and the register, all real processes', () => {
  const dirs: string[] = [];
  const procs: TsProcess[] = [];
  const sockets: IpcSocket[] = [];
  let registerPort: number;
  let pgliteDir: string;
  let register: TsProcess | undefined;
  const registerUrl = () => `http://127.0.0.1:${registerPort}`;
  let a: Terminal;
  let b: Terminal;

  const tempDir = (prefix: string) => {
    const dir = mkdtempSync(path.join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };

  const startRegister = async () => {
    register = spawnTs('register', 'src/server/main.ts', [], {
      LANEDISK_REGISTER_DATABASE_URL: undefined,
      LANEDISK_REGISTER_PGLITE_DIR: pgliteDir,
      LANEDISK_REGISTER_PORT: String(registerPort),
      LANEDISK_REGISTER_ADMIN_TOKEN: adminToken,
      LANEDISK_REGISTER_LOG_LEVEL: 'warn',
      // A cheap door hash: the test does not use doors.
      LANEDISK_REGISTER_DOOR_HASH_LOGN: '10',
    });
    procs.push(register);
    await waitForHttp(register, `${registerUrl()}/health`, 30_000);
  };

  const admin = async <T>(method: 'GET' | 'POST' | 'PUT', p: string, body?: unknown) => {
    const r = await fetch(new URL(p, registerUrl()), {
      method,
      headers: { authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: (text ? JSON.parse(text) : undefined) as T };
  };

  const registrar = { email: 'registrar@proc.example', password: 'proc-registrar-secret' };
  const enrolmentCode = async () => {
    const r = await admin<{ code: string }>('POST', '/admin/enrolment-codes', { libraryId: 'malmo', branchId: 'malmo', mode: 'desk' });
    expect(r.status).toBe(200);
    return r.body.code;
  };

  const startTerminal = async (name: string): Promise<Terminal> => {
    const port = await freePort();
    const dataDir = tempDir(`lanedisk-proc-${name}-`);
    const proc = spawnTs(`terminal ${name}`, 'src/main/web/cli.ts', ['--port', String(port), '--data-dir', dataDir, '--mode', 'desk', '--language', 'en'], {
      LANEDISK_REGISTER_URL: registerUrl(),
      LANEDISK_PORT: undefined,
      LANEDISK_DATA_DIR: undefined,
      LANEDISK_SMTP_HOST: undefined,
    });
    procs.push(proc);
    await waitForHttp(proc, `http://127.0.0.1:${port}/`, 30_000);
    const ipc = await connectIpc(`http://127.0.0.1:${port}`);
    sockets.push(ipc);
    return { name, port, dataDir, proc, ipc };
  };

  const status = (t: Terminal) => t.ipc.call<SyncStatusView>('sync.status');
  const syncNow = (t: Terminal) => t.ipc.call<SyncStatusView>('sync.now', {}, 30_000);
  const search = (t: Terminal, query: string) => t.ipc.call<BorrowerSummary[]>('desk.search', { query, limit: 200 });
  const getBorrower = (t: Terminal, id: string) => t.ipc.call<BorrowerDetail>('desk.get', { id });
  /** Exactly one hit for the query on the terminal; returns its full record. */
  const findOne = async (t: Terminal, query: string) => {
    const hits = await search(t, query);
    expect(hits, `${t.name}: search ${query}`).toHaveLength(1);
    return getBorrower(t, hits[0]!.id);
  };
  /** This test's borrowers on the terminal, by id. */
  const testBorrowers = async (t: Terminal) =>
    (await search(t, ''))
      .filter((s) => s.email?.endsWith(`@${domain}`))
      .map((s) => s.id)
      .sort();

  beforeAll(async () => {
    registerPort = await freePort();
    pgliteDir = tempDir('lanedisk-proc-register-');
    await startRegister();
    await seedReferenceData(admin);
    // The register's own registrar: enrolment removes the terminals' local demo accounts.
    expect((await admin('PUT', '/admin/staff/proc-registrar', { ...registrar, libraryId: 'malmo', name: 'Proc Registrar', role: 'registrar' })).status).toBe(200);
    [a, b] = await Promise.all([startTerminal('A'), startTerminal('B')]);
  }, 60_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    // Every child, even after a failure: the terminals get SIGTERM (then SIGKILL), the register SIGKILL.
    await Promise.all(procs.map((p) => (p === register ? p.kill() : p.stop(5_000))));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }, 20_000);

  it('converge after offline edits on both while the register was down (SIGKILL) and restarted', async () => {
    // The renderer's steps: a technician enrols the terminal with its own code (a registrar may not), then the Malmö registrar signs in.
    for (const t of [a, b]) {
      await expect(t.ipc.call('sync.enrol', { code: await enrolmentCode() })).rejects.toThrow(/technician\.login\.required/);
      expect(await t.ipc.call('technician.login', { email: 'technician@malmo.example', password: 'demo-technician' })).toMatchObject({ signedIn: true });
      const enrolled = await t.ipc.call<SyncStatusView>('sync.enrol', { code: await enrolmentCode() }, 30_000);
      expect(enrolled, `${t.name} enrolled`).toMatchObject({ configured: true, enrolled: true, online: true, pendingOutbox: 0, quarantined: 0, lastError: null });
      const session = await t.ipc.call<StaffSession>('desk.login', registrar);
      expect(session).toMatchObject({ role: 'registrar', libraryId: 'malmo' });
    }

    // Z is registered on A and reaches B through the register before the outage.
    const z = await a.ipc.call<BorrowerDetail>('desk.register', registration('Zelma', 'Zorngren', pnr('1984-05-06', 321)));
    expect(await syncNow(a)).toMatchObject({ online: true, pendingOutbox: 0 });
    expect(await syncNow(b)).toMatchObject({ online: true, pendingOutbox: 0 });
    const zOnB = await findOne(b, 'Zorngren');
    expect(zOnB).toMatchObject({ id: z.id, firstName: 'Zelma', email: `zelma.zorngren@${domain}` });
    const zOnA = await getBorrower(a, z.id);
    expect(zOnB.version).toBe(zOnA.version);

    // The register dies.
    await register!.kill();

    // Offline: A registers X, B registers Y, and each edits a different field of Z.
    const x = await a.ipc.call<BorrowerDetail>('desk.register', registration('Xenia', 'Xanderberg', pnr('1979-02-03', 456)));
    const y = await b.ipc.call<BorrowerDetail>('desk.register', registration('Yngve', 'Ylvesson', pnr('1990-07-08', 654)));
    const zA = await a.ipc.call<BorrowerDetail>('desk.update', { id: z.id, expectedVersion: zOnA.version, firstName: 'Zelmira' });
    const zB = await b.ipc.call<BorrowerDetail>('desk.update', { id: z.id, expectedVersion: zOnB.version, email: `zelma.ny@${domain}` });
    expect(zA.firstName).toBe('Zelmira');
    expect(zB.email).toBe(`zelma.ny@${domain}`);
    for (const t of [a, b]) {
      const offline = await syncNow(t);
      expect(offline, `${t.name} while the register is down`).toMatchObject({ online: false });
      expect(offline.pendingOutbox, `${t.name} outbox while the register is down`).toBe(2);
    }

    // The register comes back on the same port and the same PGlite folder.
    await startRegister();

    // Sync both until neither has anything left to push and both hold the same borrowers.
    await eventually(
      async () => {
        const sa = await syncNow(a);
        const sb = await syncNow(b);
        const sa2 = await syncNow(a);
        for (const [name, s] of [
          ['A', sa2],
          ['B', sb],
        ] as const) {
          expect(s, `${name} after the register is back`).toMatchObject({ online: true, pendingOutbox: 0, quarantined: 0, lastError: null });
        }
        expect(sa.online).toBe(true);
        expect(await testBorrowers(a)).toEqual(await testBorrowers(b));
        expect((await getBorrower(a, z.id)).version).toBe((await getBorrower(b, z.id)).version);
      },
      40_000,
      250,
    );

    // A last round changes nothing.
    const before = await Promise.all([a, b].map((t) => search(t, '')));
    for (const t of [a, b]) expect(await syncNow(t)).toMatchObject({ online: true, pendingOutbox: 0, quarantined: 0 });
    expect(await Promise.all([a, b].map((t) => search(t, '')))).toEqual(before);

    for (const t of [a, b]) {
      // X, Y and Z once each, under the ids they were registered with; nothing else of this test.
      expect(await testBorrowers(t), `${t.name}: this test's borrowers`).toEqual([x.id, y.id, z.id].sort());
      expect(await findOne(t, 'Xanderberg')).toMatchObject({ id: x.id, firstName: 'Xenia', email: `xenia.xanderberg@${domain}` });
      expect(await findOne(t, 'Ylvesson')).toMatchObject({ id: y.id, firstName: 'Yngve', email: `yngve.ylvesson@${domain}` });
      // Z carries both offline edits: A's first name and B's e-mail.
      expect(await findOne(t, 'Zorngren')).toMatchObject({ id: z.id, firstName: 'Zelmira', lastName: 'Zorngren', email: `zelma.ny@${domain}` });
      // By identity number too: one borrower per person.
      expect(await search(t, pnr('1984-05-06', 321))).toHaveLength(1);
      expect(await search(t, pnr('1979-02-03', 456))).toHaveLength(1);
      expect(await search(t, pnr('1990-07-08', 654))).toHaveLength(1);
      // Different fields merge without a conflict note.
      expect(await status(t), `${t.name} final status`).toMatchObject({ enrolled: true, online: true, pendingOutbox: 0, quarantined: 0, conflicts: 0, lastError: null });
    }
    const [zFinalA, zFinalB] = await Promise.all([getBorrower(a, z.id), getBorrower(b, z.id)]);
    expect(zFinalA).toEqual(zFinalB);
  }, 75_000);

  /** The same terminal again (same data folder and port) after its process died, signed in. */
  const restartTerminal = async (t: Terminal): Promise<Terminal> => {
    const proc = spawnTs(`terminal ${t.name} (restarted)`, 'src/main/web/cli.ts', ['--port', String(t.port), '--data-dir', t.dataDir, '--mode', 'desk', '--language', 'en'], {
      LANEDISK_REGISTER_URL: registerUrl(),
      LANEDISK_PORT: undefined,
      LANEDISK_DATA_DIR: undefined,
      LANEDISK_SMTP_HOST: undefined,
    });
    procs.push(proc);
    await waitForHttp(proc, `http://127.0.0.1:${t.port}/`, 30_000);
    const ipc = await connectIpc(`http://127.0.0.1:${t.port}`);
    sockets.push(ipc);
    await ipc.call<StaffSession>('desk.login', registrar);
    return { ...t, proc, ipc };
  };

  it('loses and duplicates nothing when a terminal process is killed mid-push and another mid-pull (SIGKILL)', async () => {
    // Runs after the convergence test above: A and B are signed in and enrolled.
    const killDomain = 'avbrott.example';
    const ofThisTest = async (t: Terminal) => (await search(t, '')).filter((s) => s.email?.endsWith(`@${killDomain}`)).map((s) => s.id).sort();
    // A builds up a queue while the register is down, so the next push carries many rows.
    await register!.kill();
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      const borrower = await a.ipc.call<BorrowerDetail>('desk.register', {
        ...registration('Avbrott', `Nummer${i}`, pnr('1970-01-01', 100 + i)),
        email: `avbrott${i}@${killDomain}`,
      });
      ids.push(borrower.id);
    }
    expect(await status(a)).toMatchObject({ pendingOutbox: 40 });
    await startRegister();

    // Kill A while it pushes: the register may have applied some, all or none of the batch.
    void a.ipc.invoke('sync.now', {}, 30_000).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 40));
    a.ipc.close();
    await a.proc.kill();
    // Kill B while it pulls whatever A got through.
    void b.ipc.invoke('sync.now', {}, 30_000).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 20));
    b.ipc.close();
    await b.proc.kill();

    a = await restartTerminal(a);
    b = await restartTerminal(b);
    await eventually(
      async () => {
        const [sa, sb] = [await syncNow(a), await syncNow(b)];
        expect(sa).toMatchObject({ online: true, pendingOutbox: 0, quarantined: 0 });
        expect(sb).toMatchObject({ online: true, pendingOutbox: 0, quarantined: 0 });
        expect(await ofThisTest(b)).toEqual([...ids].sort());
      },
      40_000,
      250,
    );
    // Exactly once each on both terminals, under the ids A gave them.
    expect(await ofThisTest(a)).toEqual([...ids].sort());
    for (const t of [a, b]) expect(await search(t, 'Avbrott'), t.name).toHaveLength(40);
  }, 90_000);
});
