import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { all, get, run, sql } from '../../../src/main/db/sql';
import { exportOutbox, listConflicts, listQuarantined, requeueQuarantined, acknowledgeConflict } from '../../../src/main/sync/state';
import { sql as pgSql } from '../../../src/server/db/sql';
import { adult, pnr } from '../../helpers/desk';
import { describePostgres } from '../../helpers/postgres';
import { startRegister, type TestRegister } from '../../helpers/register-fixture';
import { syncTerminal, type SyncTerminal } from './terminal-fixture';
import { value } from '../../helpers/result';

const outboxStates = (t: SyncTerminal) => all<{ kind: string; state: string }>(t.services.db, sql`SELECT kind, state FROM outbox ORDER BY seq`);
const localBorrower = (t: SyncTerminal, id: string) => get<Record<string, unknown>>(t.services.db, sql`SELECT * FROM borrower WHERE id = ${id}`);
const localCount = (t: SyncTerminal, table: string) => get<{ n: number }>(t.services.db, sql`SELECT count(*) AS n FROM ${sql.identifier(table)}`)!.n;

describePostgres('SyncClient against the register (real PostgreSQL)', { timeout: 30_000 }, () => {
  let register: TestRegister;
  const open: SyncTerminal[] = [];
  const terminal = async (...args: Parameters<typeof syncTerminal> extends [unknown, ...infer R] ? R : never) => {
    const t = await syncTerminal(register, ...args);
    open.push(t);
    return t;
  };
  beforeAll(async () => {
    register = await startRegister({ backend: 'postgres' });
  }, 60_000);
  afterEach(async () => {
    for (const t of open.splice(0)) await t.close();
  });
  afterAll(() => register?.stop());

  it('a sync asked for while one is running runs once more after it, so a change made meanwhile is pushed', async () => {
    const a = await terminal({ name: 'Desk A' });
    let release!: () => void;
    a.net.hold = new Promise<void>((resolve) => (release = resolve));
    const sent = a.net.requests.length;
    const first = a.client.syncOnce();
    await expect.poll(() => a.net.requests.length).toBeGreaterThan(sent);
    // The running attempt has already read its outbox: this registration is not in its push.
    const late = await a.register(adult());
    const asked = a.client.syncOnce();
    expect(a.client.syncOnce()).toBe(asked);
    a.net.hold = undefined;
    release();
    await first;
    expect(await asked).toMatchObject({ online: true, pendingOutbox: 0 });
    expect(await register.db.query(pgSql`SELECT id FROM borrower WHERE id = ${late.id}`)).toEqual([{ id: late.id }]);
  });

  it('enrols (token in the credential store, never in the database), pushes a registration and another desk pulls it', async () => {
    const a = await terminal({ name: 'Desk A' });
    const b = await terminal({ name: 'Desk B' });
    const token = await a.store.get();
    expect(token).toBeTruthy();
    const dump = JSON.stringify(all(a.services.db, sql`SELECT * FROM sync_state`));
    expect(dump).not.toContain(token);
    expect(a.client.status()).toMatchObject({ enrolled: true, revoked: false, online: null, pendingOutbox: 0 });

    const asa = await a.register(adult({ groups: ['laddare'], cardNumbers: ['29000000011111'] }));
    expect(a.client.status().pendingOutbox).toBe(1);
    const status = await a.client.syncOnce();
    expect(status).toMatchObject({ online: true, pendingOutbox: 0, quarantined: 0, lastError: null });
    expect(outboxStates(a)).toEqual([{ kind: 'borrower.create', state: 'sent' }]);

    await b.client.syncOnce();
    expect(localBorrower(b, asa.id)).toMatchObject({ email: asa.email, library_id: 'malmo' });
    expect(value(b.services.desk.get(asa.id))).toMatchObject({ groups: ['laddare'], cards: ['29000000011111'] });
    // The libraries came from the register too (the branch arrives as a library with its parent).
    expect(get(b.services.db, sql`SELECT parent_id FROM library WHERE id = 'malmo-limhamn'`)).toEqual({ parent_id: 'malmo' });
  });

  it('quarantines what the register rejects, visible to staff, never dropped; re-queues on request', async () => {
    const a = await terminal();
    const b = await terminal();
    await a.register(adult({ email: 'shared@example.se' }));
    await a.client.syncOnce();
    // b registers another person with the same e-mail before it has pulled a's registration.
    const clash = await b.register(adult({ email: 'shared@example.se' }));
    const status = await b.client.syncOnce();
    expect(status).toMatchObject({ quarantined: 1, pendingOutbox: 0 });
    const [q] = listQuarantined(b.services.db);
    expect(q).toMatchObject({ kind: 'borrower.create', state: 'quarantined', reason: expect.stringContaining('email-taken'), payload: { id: clash.id } });
    // The local row stays, its e-mail parked while the register's borrower holds it.
    expect(localBorrower(b, clash.id)).toMatchObject({ email: `${clash.id}@parked.invalid` });
    expect(requeueQuarantined(b.services.db, [q!.seq])).toBe(1);
    expect(b.client.status()).toMatchObject({ quarantined: 0, pendingOutbox: 1 });
  });

  it('remaps a duplicate offline registration to the borrower the register kept', async () => {
    const a = await terminal();
    const b = await terminal();
    a.net.offline = true;
    b.net.offline = true;
    const identity = pnr('1990-05-17', 321);
    const first = await a.register(adult({ identityNumber: identity, firstName: 'Ida', email: 'ida.a@example.se' }));
    const second = await b.register(adult({ identityNumber: identity, firstName: 'Ida', email: 'ida.b@example.se', cardNumbers: ['29000000022222'] }));
    expect((await a.client.syncOnce()).online).toBe(false);
    a.net.offline = false;
    b.net.offline = false;
    await a.client.syncOnce();
    await b.client.syncOnce();
    expect(all(b.services.db, sql`SELECT result FROM outbox WHERE kind = 'borrower.create'`)).toEqual([{ result: expect.stringContaining(`"mergedInto":"${first.id}"`) }]);
    expect(localBorrower(b, second.id)).toBeUndefined();
    expect(localBorrower(b, first.id)).toMatchObject({ email: 'ida.a@example.se' });
    expect(value(b.services.desk.get(first.id)).cards).toEqual(['29000000022222']);
    expect(get(b.services.db, sql`SELECT survivor_id FROM borrower_alias WHERE alias_id = ${second.id}`)).toEqual({ survivor_id: first.id });
    // Staff see what the merge did not take over.
    expect(listConflicts(b.services.db).map((c) => [c.kind, c.field])).toContainEqual(['merge', 'email']);
  });

  it('keeps both edits to different fields, notes a same-field conflict on every terminal', async () => {
    const a = await terminal();
    const b = await terminal();
    const p = await a.register(adult({ firstName: 'Per', lastName: 'Olsson' }));
    await a.client.syncOnce();
    await b.client.syncOnce();
    a.net.offline = true;
    b.net.offline = true;
    value(a.services.desk.update({ id: p.id, expectedVersion: 1, firstName: 'Pelle', email: 'pelle@example.se' }));
    const fromB = value(b.services.desk.get(p.id));
    value(b.services.desk.update({ id: p.id, expectedVersion: fromB.version, lastName: 'Olsén', email: 'per.olsen@example.se' }));
    a.net.offline = false;
    b.net.offline = false;
    await a.client.syncOnce();
    await b.client.syncOnce();
    await a.client.syncOnce();
    for (const t of [a, b]) {
      expect(localBorrower(t, p.id)).toMatchObject({ first_name: 'Pelle', last_name: 'Olsén', email: 'pelle@example.se' });
      const notes = listConflicts(t.services.db).filter((c) => c.borrowerId === p.id);
      expect(notes).toEqual([expect.objectContaining({ borrowerId: p.id, field: 'email', kind: 'field', details: expect.objectContaining({ kept: 'pelle@example.se', notApplied: 'per.olsen@example.se' }) })]);
    }
    const open = a.client.status().conflicts;
    expect(open).toBeGreaterThanOrEqual(1);
    const note = listConflicts(a.services.db).find((c) => c.borrowerId === p.id)!;
    expect(acknowledgeConflict(a.services.db, note.id, new Date())).toBe(true);
    expect(a.client.status().conflicts).toBe(open - 1);
  });

  it('shows unsynced local edits on top of what it pulls, and stores each page with its cursor atomically', async () => {
    const a = await terminal();
    const b = await terminal();
    const p = await a.register(adult({ firstName: 'Lena' }));
    await a.client.syncOnce();
    await b.client.syncOnce();
    value(b.services.desk.update({ id: p.id, expectedVersion: 1, lastName: 'Nyström' }));
    await b.client.syncOnce();
    // a edits another field and only pulls: b's change arrives, a's own pending edit stays visible.
    value(a.services.desk.update({ id: p.id, expectedVersion: 1, firstName: 'Lenny' }));
    await a.client.pullOnce();
    expect(localBorrower(a, p.id)).toMatchObject({ first_name: 'Lenny', last_name: 'Nyström' });
    expect(a.client.status().pendingOutbox).toBe(1);

    // A page that cannot be stored is not stored at all: no half page, the cursor stays.
    const cursor = get<{ value: string }>(a.services.db, sql`SELECT value FROM sync_state WHERE key = 'register.cursor'`)!.value;
    run(a.services.db, sql`CREATE TRIGGER boom BEFORE INSERT ON card WHEN NEW.number = '29000000099999' BEGIN SELECT RAISE(ABORT, 'boom'); END`);
    const q = await b.register(adult({ cardNumbers: ['29000000099999'] }));
    await b.client.syncOnce();
    await expect(a.client.pullOnce()).rejects.toThrow(/boom/);
    expect(localBorrower(a, q.id)).toBeUndefined();
    expect(get(a.services.db, sql`SELECT value FROM sync_state WHERE key = 'register.cursor'`)).toEqual({ value: cursor });
    run(a.services.db, sql`DROP TRIGGER boom`);
    await a.client.pullOnce();
    expect(localBorrower(a, q.id)).toBeDefined();
  });

  it('loads an initial sync without the search triggers, survives a break between pages and rebuilds the search index at the end', async () => {
    const a = await terminal();
    a.registerQuickly(6);
    const named = await a.register(adult({ firstName: 'Sökbar', lastName: 'Initialsson' }));
    await a.client.syncOnce();

    const c = await terminal({ client: { pullLimit: 2 } });
    const db = c.services.db;
    const triggers = () => all<{ name: string }>(db, sql`SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'borrower_fts_%' ORDER BY name`);
    const stale = () => get(db, sql`SELECT value FROM sync_state WHERE key = 'register.search_stale'`);
    const found = (word: string) => get<{ n: number }>(db, sql`SELECT count(*) AS n FROM borrower_fts WHERE borrower_fts MATCH ${word}`)!.n;
    const before = triggers();
    expect(before).toHaveLength(3);

    // The answer to the second page is lost: the first page is stored, marked stale, the triggers are back.
    c.net.dropResponse = (url) => url.pathname === '/sync/pull' && url.searchParams.get('after') !== '0';
    await expect(c.client.pullOnce()).rejects.toThrow();
    expect(Number(get<{ value: string }>(db, sql`SELECT value FROM sync_state WHERE key = 'register.cursor'`)!.value)).toBeGreaterThan(0);
    expect(stale()).toEqual({ value: '1' });
    expect(triggers()).toEqual(before);

    const summary = await c.client.pullOnce();
    expect(summary.pages).toBeGreaterThan(1);
    expect(stale()).toBeUndefined();
    expect(triggers()).toEqual(before);
    expect(localBorrower(c, named.id)).toBeDefined();
    expect(found('Initialsson')).toBe(1);
    expect(found('Sökbar')).toBe(1);
    expect(localCount(c, 'borrower')).toBe(get<{ n: number }>(db, sql`SELECT count(*) AS n FROM borrower_fts`)!.n);
    run(db, sql`INSERT INTO borrower_fts (borrower_fts) VALUES ('integrity-check')`);

    // Afterwards the triggers index as before: a local edit is found at once.
    value(c.services.desk.update({ id: named.id, expectedVersion: 1, lastName: 'Omdöpt' }));
    expect(found('Omdöpt')).toBe(1);
    expect(found('Initialsson')).toBe(0);
  });

  it('erases a borrower on every terminal, including their pending changes there', async () => {
    const a = await terminal();
    const b = await terminal();
    const p = await a.register(adult({ cardNumbers: ['29000000033333'] }));
    await a.client.syncOnce();
    await b.client.syncOnce();
    value(b.services.desk.update({ id: p.id, expectedVersion: 1, firstName: 'Kvar' }));
    b.net.offline = true;
    await b.client.syncOnce();
    value(a.services.desk.delete(p.id));
    await a.client.syncOnce();
    b.net.offline = false;
    await b.client.syncOnce();
    expect(localBorrower(b, p.id)).toBeUndefined();
    expect(get(b.services.db, sql`SELECT 1 AS x FROM card WHERE number = '29000000033333'`)).toBeUndefined();
    expect(all(b.services.db, sql`SELECT * FROM outbox WHERE payload LIKE ${`%${p.id}%`}`)).toEqual([]);
    expect(b.client.status()).toMatchObject({ pendingOutbox: 0, quarantined: 0 });
  });

  it('resyncs from scratch when the register comes back from a backup, re-feeding it and losing nothing unsynced', async () => {
    const a = await terminal();
    const b = await terminal();
    const early = await b.register(adult({ firstName: 'Före' }));
    await b.client.syncOnce();
    await a.client.syncOnce();
    const backup = await register.backup();
    const synced = await a.register(adult({ firstName: 'Synkad' }));
    await a.client.syncOnce();
    a.net.offline = true;
    const unsynced = await a.register(adult({ firstName: 'Osynkad' }));
    await a.client.syncOnce();
    const oldEpoch = get<{ value: string }>(a.services.db, sql`SELECT value FROM sync_state WHERE key = 'register.epoch'`)!.value;
    // The register is restored from the backup: it has 'Före' but lost 'Synkad' (and never saw 'Osynkad').
    await register.restore(backup);
    const health = (await (await fetch(new URL('/health', register.url))).json()) as { epoch: string };
    // register_meta came back with the backup, yet the epoch differs: it includes the database's identity.
    expect(health.epoch).not.toBe(oldEpoch);
    expect(health.epoch.split('.')[0]).toBe(oldEpoch.split('.')[0]);
    a.net.offline = false;
    const status = await a.client.syncOnce();
    expect(status).toMatchObject({ online: true, pendingOutbox: 0, quarantined: 0, lastError: null });
    expect(get(a.services.db, sql`SELECT value FROM sync_state WHERE key = 'register.epoch'`)).toEqual({ value: health.epoch });
    for (const id of [early.id, synced.id, unsynced.id]) expect(localBorrower(a, id)).toBeDefined();
    const onRegister = await register.db.query<{ first_name: string }>(pgSql`SELECT first_name FROM borrower WHERE id IN (${early.id}, ${synced.id}, ${unsynced.id}) ORDER BY first_name`);
    expect(onRegister.map((r) => r.first_name)).toEqual(['Före', 'Osynkad', 'Synkad']);
    // b re-feeds its registration too; the backup already had it, so the register answers from its stored result.
    expect(await b.client.syncOnce()).toMatchObject({ online: true, pendingOutbox: 0 });
    expect(get(b.services.db, sql`SELECT result FROM outbox WHERE kind = 'borrower.create'`)).toEqual({ result: expect.stringContaining('"duplicate":true') });
    expect(localBorrower(b, synced.id)).toBeDefined();
    const applied = await register.db.query<{ n: number }>(pgSql`SELECT count(*)::int AS n FROM borrower WHERE id IN (${early.id}, ${synced.id}, ${unsynced.id})`);
    expect(applied[0]!.n).toBe(3);
  });

  it('wipes the cache when revoked, quarantining unsynced changes so they can be exported or sent after re-enrolment', async () => {
    const a = await terminal();
    await a.register(adult());
    await a.client.syncOnce();
    const pending = await a.register(adult({ firstName: 'Väntar' }));
    await register.admin('POST', `/admin/terminals/${a.client.status().terminalId}/revoke`);
    const status = await a.client.syncOnce();
    expect(status).toMatchObject({ revoked: true, enrolled: false, pendingOutbox: 0, quarantined: 1 });
    expect(await a.store.get()).toBeUndefined();
    for (const table of ['borrower', 'card', 'borrower_group', 'transfer_request', 'staff', 'sync_conflict']) expect(localCount(a, table)).toBe(0);
    expect(exportOutbox(a.services.db)).toEqual([expect.objectContaining({ kind: 'borrower.create', state: 'quarantined', reason: 'terminal-revoked', payload: expect.objectContaining({ id: pending.id }) })]);
    // A technician enrols the terminal again; staff send the held change.
    await a.client.enrol(await register.enrolmentCode(), { terminalName: 'Desk A again' });
    requeueQuarantined(a.services.db);
    expect((await a.client.syncOnce()).pendingOutbox).toBe(0);
    const [row] = await register.db.query<{ first_name: string }>(pgSql`SELECT first_name FROM borrower WHERE id = ${pending.id}`);
    expect(row).toEqual({ first_name: 'Väntar' });
  });

  it('carries transfers with who asked and who decided', async () => {
    const malmo = await terminal();
    const lund = await terminal({ account: 'lundRegistrar' });
    const p = await malmo.register(adult());
    value(malmo.services.desk.requestTransfer(p.id, 'lund'));
    await malmo.client.syncOnce();
    await lund.client.syncOnce();
    const [request] = value(lund.services.desk.startPage()).transfers;
    expect(request).toMatchObject({ borrowerId: p.id });
    value(lund.services.desk.decideTransfer(request!.id, true));
    await lund.client.syncOnce();
    await malmo.client.syncOnce();
    expect(get(malmo.services.db, sql`SELECT status, requested_by, decided_by FROM transfer_request WHERE id = ${request!.id}`)).toEqual({
      status: 'accepted',
      requested_by: 'staff-malmo-1',
      decided_by: 'staff-lund-1',
    });
    expect(localBorrower(malmo, p.id)).toMatchObject({ library_id: 'lund' });
  });
});
