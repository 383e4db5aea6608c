import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { askRegisterForExport } from '../../../src/main/app/features/desk-register';
import { all, sql } from '../../../src/main/db/sql';
import { sql as pgSql } from '../../../src/server/db/sql';
import { demoAccounts } from '../../../src/main/desk/demo-seed';
import { adult } from '../../helpers/desk';
import { startRegister, type TestRegister } from '../../helpers/register-fixture';
import { refusal, valueOf } from '../../helpers/result';
import { syncTerminal, type SyncTerminal } from './terminal-fixture';

/**
 * The desk's register-wide export (issue 11) against a real register: an administrator types their password again,
 * the register checks it and answers with everything it holds; its refusals and an unreachable register in the
 * terminal's words; audited at the desk too.
 */
describe('the register-wide export asked at a desk', { timeout: 60_000 }, () => {
  let register: TestRegister;
  const open: SyncTerminal[] = [];
  beforeAll(async () => {
    register = await startRegister({ backend: 'pglite', now: () => new Date('2027-01-01T00:00:00.000Z') });
    // The demo's Malmö administrator and registrar, as the register holds them (the desk pulls the same rows).
    for (const [id, email, role, password] of [
      ['staff-malmo-admin', demoAccounts.admin.email, 'admin', demoAccounts.admin.password],
      ['staff-malmo-1', demoAccounts.registrar.email, 'registrar', demoAccounts.registrar.password],
    ] as const) {
      expect((await register.admin('PUT', `/admin/staff/${id}`, { libraryId: 'malmo', email, name: id, role, password })).status).toBe(200);
    }
  }, 60_000);
  afterEach(async () => {
    for (const t of open.splice(0)) await t.close();
  });
  afterAll(() => register?.stop());

  const desk = async (account: 'admin' | 'registrar') => {
    const t = await syncTerminal(register, { account, name: `desk ${open.length + 1}` });
    open.push(t);
    return t;
  };
  const exporter = (t: SyncTerminal) => (request: Parameters<typeof askRegisterForExport>[1]) => askRegisterForExport(t.client, request);
  const deskAudit = (t: SyncTerminal, id: string) =>
    all<{ action: string; details: string }>(t.services.db, sql`SELECT action, details FROM audit_log WHERE subject_id = ${id} AND action LIKE 'borrower.register-export%' ORDER BY id`);

  it('gives an administrator everything the register holds, after their password; refuses a wrong one and says when the register is away', async () => {
    const t = await desk('admin');
    const borrower = await t.register(adult({ email: 'register.export@example.se' }));
    expect(await t.client.syncOnce()).toMatchObject({ pendingOutbox: 0, quarantined: 0 });

    const file = await valueOf(t.services.desk.exportFromRegister(borrower.id, demoAccounts.admin.password, exporter(t)));
    expect(file.fileName).toMatch(new RegExp(`^borrower-${borrower.id}-register-\\d{4}-\\d{2}-\\d{2}$`));
    const data = JSON.parse(file.json) as { scope: string; borrower: { id: string; email: string }; auditEntries: { action: string; actor: string }[] };
    expect(data).toMatchObject({ scope: 'register', borrower: { id: borrower.id, email: 'register.export@example.se' } });
    // The register's own audit and what the desk uploaded of its own: every library's rows about the person.
    expect(data.auditEntries.map((a) => a.action)).toEqual(['push.borrower.create', 'terminal-audit.borrower.create']);

    expect(await refusal(t.services.desk.exportFromRegister(borrower.id, 'not-my-password', exporter(t)))).toEqual({ kind: 'forbidden', code: 'desk.registerExport.wrongPassword' });
    t.net.offline = true;
    expect(await refusal(t.services.desk.exportFromRegister(borrower.id, demoAccounts.admin.password, exporter(t)))).toEqual({ kind: 'unavailable', code: 'desk.registerExport.offline' });
    t.net.offline = false;
    expect(deskAudit(t, borrower.id)).toEqual([
      { action: 'borrower.register-export', details: '{}' },
      { action: 'borrower.register-export-refused', details: '{"reason":"wrong-password"}' },
      { action: 'borrower.register-export-refused', details: '{"reason":"offline"}' },
    ]);
    const registerAudit = await register.db.query<{ action: string }>(
      pgSql`SELECT action FROM audit WHERE subject_id = ${borrower.id} AND action LIKE 'subject.export%' ORDER BY id`,
    );
    expect(registerAudit.map((a) => a.action)).toEqual(['subject.export', 'subject.export-refused']);
  });

  it('asks nothing of the register for a registrar, and a registrar’s desk the register would refuse anyway', async () => {
    const t = await desk('registrar');
    const borrower = await t.register(adult({ email: 'register.export2@example.se' }));
    expect(await refusal(t.services.desk.exportFromRegister(borrower.id, demoAccounts.registrar.password, exporter(t)))).toMatchObject({ code: 'desk.error.adminOnly' });
    expect(t.net.requests.filter((r) => r.url === '/sync/subject-export')).toEqual([]);
    // A tampered desk that skipped its own check: the register refuses the registrar, in the desk's words.
    expect(await askRegisterForExport(t.client, { staffId: 'staff-malmo-1', password: demoAccounts.registrar.password, borrowerId: borrower.id })).toEqual({
      ok: false,
      refusal: 'not-administrator',
    });
  });
});
