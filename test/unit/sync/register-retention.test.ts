import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { get, sql } from '../../../src/main/db/sql';
import { runRetention } from '../../../src/main/privacy/retention';
import { sql as pgSql } from '../../../src/server/db/sql';
import type { RegisterRetentionReport } from '../../../src/server/privacy/retention';
import { adult } from '../../helpers/desk';
import { describeEachBackend } from '../../helpers/postgres';
import { startRegister, type TestRegister } from '../../helpers/register-fixture';
import { syncTerminal, type SyncTerminal } from './terminal-fixture';

/**
 * End to end: the register's retention erases an inactive borrower; a terminal that was offline meanwhile
 * still has them, and loses them (row and cards) at its next sync. Its own retention never deletes them.
 */
describeEachBackend('register retention reaches the terminals (%s)', { timeout: 60_000 }, (backend) => {
  let register: TestRegister;
  const clock = { now: new Date('2026-11-25T12:00:00.000Z') };
  const open: SyncTerminal[] = [];
  beforeAll(async () => {
    register = await startRegister({ backend, now: () => clock.now });
  }, 60_000);
  afterEach(async () => {
    for (const t of open.splice(0)) await t.close();
  });
  afterAll(() => register?.stop());

  it('an offline terminal that reconnects loses the borrower the register erased', async () => {
    const desk = await syncTerminal(register, { name: 'Desk' });
    const offline = await syncTerminal(register, { name: 'Branch desk' });
    open.push(desk, offline);
    const input = adult({ cardNumbers: ['29000000099999'] });
    const borrower = await desk.register(input);
    await desk.client.syncOnce();
    await offline.client.syncOnce();
    expect(get(offline.services.db, sql`SELECT id FROM borrower WHERE id = ${borrower.id}`)).toEqual({ id: borrower.id });

    // On the register the borrower was last seen more than 3 years ago, owes nothing and has nothing on loan.
    await register.db.query(
      pgSql`UPDATE borrower SET created_at = '2022-01-10T09:00:00.000Z', last_login_at = '2023-11-25T11:59:59.000Z', last_activity_at = NULL WHERE id = ${borrower.id}`,
    );
    offline.net.offline = true;
    // Its own retention leaves borrowers to the register while enrolled (its copy of the activity may be stale).
    const local = runRetention(offline.services.db, new Date('2030-01-01T00:00:00.000Z'));
    expect(local.rules['inactive-borrower']).toMatchObject({ dryRun: true });
    expect(get(offline.services.db, sql`SELECT id FROM borrower WHERE id = ${borrower.id}`)).toEqual({ id: borrower.id });

    const dry = await register.admin<RegisterRetentionReport>('POST', '/admin/retention/run', { dryRun: true });
    expect(dry.body.rules['inactive-borrower'].ids).toContain(borrower.id);
    const run = await register.admin<RegisterRetentionReport>('POST', '/admin/retention/run', { dryRun: false });
    expect(run.status).toBe(200);
    expect(run.body.rules['inactive-borrower'].ids).toEqual(dry.body.rules['inactive-borrower'].ids);
    expect(await register.db.query(pgSql`SELECT 1 FROM borrower WHERE id = ${borrower.id}`)).toEqual([]);

    // Offline: still there. Back online: gone, with its cards.
    expect((await offline.client.syncOnce()).online).toBe(false);
    expect(get(offline.services.db, sql`SELECT id FROM borrower WHERE id = ${borrower.id}`)).toEqual({ id: borrower.id });
    offline.net.offline = false;
    expect(await offline.client.syncOnce()).toMatchObject({ online: true, lastError: null });
    expect(get(offline.services.db, sql`SELECT id FROM borrower WHERE id = ${borrower.id}`)).toBeUndefined();
    expect(get(offline.services.db, sql`SELECT number FROM card WHERE number = '29000000099999'`)).toBeUndefined();
    await desk.client.syncOnce();
    expect(get(desk.services.db, sql`SELECT id FROM borrower WHERE id = ${borrower.id}`)).toBeUndefined();
  });

  it('keeps a borrower whose latest activity is exactly 3 years old at the register', async () => {
    const desk = await syncTerminal(register, { name: 'Desk' });
    open.push(desk);
    const borrower = await desk.register(adult());
    await desk.client.syncOnce();
    await register.db.query(pgSql`UPDATE borrower SET created_at = '2022-01-10T09:00:00.000Z', last_login_at = '2023-11-25T12:00:00.000Z' WHERE id = ${borrower.id}`);
    const run = await register.admin<RegisterRetentionReport>('POST', '/admin/retention/run', { dryRun: false });
    expect(run.body.rules['inactive-borrower'].ids).not.toContain(borrower.id);
    await desk.client.syncOnce();
    expect(get(desk.services.db, sql`SELECT id FROM borrower WHERE id = ${borrower.id}`)).toEqual({ id: borrower.id });
  });
});
