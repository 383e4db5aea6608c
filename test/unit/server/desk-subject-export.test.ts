import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from '../../../src/server/db/sql';
import { describeEachBackend } from '../../helpers/postgres';
import { borrowerFields, createMutation, mutation, startRegister, updateMutation, type TestRegister, type TestTerminal } from '../../helpers/register-fixture';

/**
 * Right of access from a desk (issue 11): POST /sync/subject-export. The desk holds its staff's hashes, so the register
 * takes nothing on its word: each test is an attack a tampered desk could try, refused and audited.
 */
describeEachBackend('register-wide export asked from a desk on %s', { timeout: 30_000 }, (backend) => {
  let register: TestRegister;
  let malmoDesk: TestTerminal;
  let lundDesk: TestTerminal;
  let malmoKiosk: TestTerminal;
  const password = 'admin-secret-1';
  const applied = { status: 'applied' };
  beforeAll(async () => {
    register = await startRegister({ backend, now: () => new Date('2027-06-01T12:00:00.000Z') });
    malmoDesk = await register.terminal('desk', 'Desk Malmö', 'malmo');
    lundDesk = await register.terminal('desk', 'Desk Lund', 'lund');
    malmoKiosk = await register.terminal('kiosk', 'Kiosk Malmö', 'malmo');
    for (const [id, libraryId, role] of [
      ['st-malmo-admin', 'malmo', 'admin'],
      ['st-malmo-admin2', 'malmo', 'admin'],
      ['st-lund-admin', 'lund', 'admin'],
      ['st-malmo-registrar', 'malmo', 'registrar'],
    ] as const) {
      expect((await register.admin('PUT', `/admin/staff/${id}`, { libraryId, email: `${id}@example.se`, name: id, role, password })).status).toBe(200);
    }
  }, 90_000);
  afterAll(() => register?.stop());

  const ask = async (terminal: TestTerminal, body: Record<string, unknown>) => {
    const response = await fetch(new URL('/sync/subject-export', register.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${terminal.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const borrowerOf = async (desk: TestTerminal, libraryId: string) => {
    const fields = borrowerFields({ library_id: libraryId });
    expect((await desk.push([createMutation(fields, { cards: [`2900${randomUUID().replace(/\D/g, '').slice(0, 10)}`] })])).results[0]).toMatchObject({ status: 'applied' });
    return fields;
  };
  /** Lund asks for Malmö's borrower and accepts (the move itself is another push). */
  const lundTakesOver = async (borrowerId: string) => {
    const transferId = randomUUID();
    expect((await lundDesk.push([mutation('transfer.request', { id: transferId, borrowerId, fromLibraryId: 'malmo', toLibraryId: 'lund' })])).results[0]).toMatchObject(applied);
    expect((await lundDesk.push([mutation('transfer.decide', { id: transferId, accept: true })])).results[0]).toMatchObject(applied);
  };
  const auditOf = (subjectId: string) =>
    register.db.query<{ actor: string; action: string; terminal_id: string | null; details: Record<string, unknown> }>(
      sql`SELECT actor, action, terminal_id, details FROM audit WHERE subject_id = ${subjectId} AND action LIKE 'subject.export%' ORDER BY id`,
    );

  it('gives a Malmö administrator, typing their password at Malmö’s desk, the same export as the admin page’s: every library’s rows', async () => {
    const fields = await borrowerOf(malmoDesk, 'malmo');
    const transferId = randomUUID();
    expect((await lundDesk.push([mutation('transfer.request', { id: transferId, borrowerId: fields.id, fromLibraryId: 'malmo', toLibraryId: 'lund' })])).results[0]).toMatchObject({
      status: 'applied',
    });
    const answer = await ask(malmoDesk, { staffId: 'st-malmo-admin', password, borrowerId: fields.id });
    expect(answer.status).toBe(200);
    const admin = await register.admin<Record<string, unknown>>('GET', `/admin/subjects/${fields.id}/export`);
    const { auditEntries: _a, ...sameAsAdmin } = admin.body;
    const { auditEntries, ...fromDesk } = answer.body;
    expect(fromDesk).toEqual(sameAsAdmin);
    expect(fromDesk).toMatchObject({ scope: 'register', borrower: { id: fields.id }, transfers: [{ id: transferId, to_library: 'Lunds stadsbibliotek' }] });
    expect(JSON.stringify(answer.body)).not.toContain(fields.password_hash!);
    expect((auditEntries as { action: string }[]).map((a) => a.action)).toEqual(['push.borrower.create', 'push.transfer.request']);
    expect(await auditOf(fields.id)).toEqual([
      { actor: 'staff:st-malmo-admin', action: 'subject.export', terminal_id: malmoDesk.id, details: { via: 'desk' } },
      { actor: 'admin', action: 'subject.export', terminal_id: null, details: {} },
    ]);
  });

  it('still serves a borrower who moved from Malmö to Lund (had an account there), and Lund now', async () => {
    const fields = await borrowerOf(malmoDesk, 'malmo');
    await lundTakesOver(fields.id);
    expect((await lundDesk.push([updateMutation(fields.id, { library_id: { from: 'malmo', to: 'lund' } })])).results[0]).toMatchObject(applied);
    expect((await ask(malmoDesk, { staffId: 'st-malmo-admin', password, borrowerId: fields.id })).status).toBe(200);
    expect((await ask(lundDesk, { staffId: 'st-lund-admin', password, borrowerId: fields.id })).status).toBe(200);
  });

  it('refuses a wrong password, and audits it', async () => {
    const fields = await borrowerOf(malmoDesk, 'malmo');
    expect(await ask(malmoDesk, { staffId: 'st-malmo-admin', password: 'not-the-password', borrowerId: fields.id })).toMatchObject({
      status: 403,
      body: { code: 'wrong-password' },
    });
    expect(await auditOf(fields.id)).toEqual([
      { actor: 'staff:st-malmo-admin', action: 'subject.export-refused', terminal_id: malmoDesk.id, details: { via: 'desk', reason: 'wrong-password' } },
    ]);
  });

  it('refuses a registrar with the right password (the desk says nothing the register believes about roles)', async () => {
    const fields = await borrowerOf(malmoDesk, 'malmo');
    expect(await ask(malmoDesk, { staffId: 'st-malmo-registrar', password, borrowerId: fields.id })).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    expect(await auditOf(fields.id)).toEqual([
      { actor: 'staff:st-malmo-registrar', action: 'subject.export-refused', terminal_id: malmoDesk.id, details: { via: 'desk', reason: 'not-administrator' } },
    ]);
  });

  it('refuses a tampered Malmö desk sending Lund’s administrator (right password), for a borrower of both libraries', async () => {
    const fields = await borrowerOf(malmoDesk, 'malmo');
    expect(await ask(malmoDesk, { staffId: 'st-lund-admin', password, borrowerId: fields.id })).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    expect(await auditOf(fields.id)).toEqual([
      { actor: 'staff:st-lund-admin', action: 'subject.export-refused', terminal_id: malmoDesk.id, details: { via: 'desk', reason: 'other-library' } },
    ]);
  });

  it('refuses a borrower of Lund only, as if unknown, and audits the try', async () => {
    const fields = await borrowerOf(lundDesk, 'lund');
    expect(await ask(malmoDesk, { staffId: 'st-malmo-admin', password, borrowerId: fields.id })).toMatchObject({ status: 404, body: { code: 'not-found' } });
    expect(await ask(malmoDesk, { staffId: 'st-malmo-admin', password, borrowerId: 'nobody' })).toMatchObject({ status: 404, body: { code: 'not-found' } });
    expect(await auditOf(fields.id)).toEqual([
      { actor: 'staff:st-malmo-admin', action: 'subject.export-refused', terminal_id: malmoDesk.id, details: { via: 'desk', reason: 'not-borrower' } },
    ]);
  });

  it('refuses a protected identity (it belongs to no library, whichever it was at before), as if unknown', async () => {
    const fields = await borrowerOf(malmoDesk, 'malmo');
    await lundTakesOver(fields.id);
    // Central staff protect the identity (a desk may not push one): it leaves every library.
    await register.db.query(sql`UPDATE borrower SET protected = 1, library_id = NULL WHERE id = ${fields.id}`);
    expect(await ask(malmoDesk, { staffId: 'st-malmo-admin', password, borrowerId: fields.id })).toMatchObject({ status: 404, body: { code: 'not-found' } });
    expect((await auditOf(fields.id)).map((a) => a.details)).toEqual([{ via: 'desk', reason: 'not-borrower' }]);
  });

  it('refuses a kiosk asking', async () => {
    const fields = await borrowerOf(malmoDesk, 'malmo');
    expect(await ask(malmoKiosk, { staffId: 'st-malmo-admin', password, borrowerId: fields.id })).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    expect((await auditOf(fields.id)).map((a) => a.details)).toEqual([{ via: 'desk', reason: 'not-desk' }]);
  });

  it('locks the account after five wrong passwords, even for the right one then, sharing the count with the admin page', async () => {
    const fields = await borrowerOf(malmoDesk, 'malmo');
    const guess = (p: string) => ask(malmoDesk, { staffId: 'st-malmo-admin2', password: p, borrowerId: fields.id });
    for (let i = 0; i < 4; i++) expect((await guess(`guess-${i}`)).status).toBe(403);
    const fifth = await guess('guess-4');
    expect(fifth).toMatchObject({ status: 429, body: { code: 'rate-limited' } });
    expect((await guess(password)).status).toBe(429);
    const signIn = await fetch(new URL('/admin/session', register.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-lanedisk-admin': '1' },
      body: JSON.stringify({ email: 'st-malmo-admin2@example.se', password }),
    });
    expect(signIn.status).toBe(429);
    const reasons = (await auditOf(fields.id)).map((a) => a.details.reason);
    expect(reasons).toEqual(['wrong-password', 'wrong-password', 'wrong-password', 'wrong-password', 'wrong-password', 'locked']);
  });
});
