import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from '../../../src/server/db/sql';
import { describeEachBackend } from '../../helpers/postgres';
import { borrowerFields, createMutation, mutation, startRegister, type TestRegister, type TestTerminal } from '../../helpers/register-fixture';

/** Right of access across the register (issue 11): GET /admin/subjects/:id/export, scoped by role, audited. */
describeEachBackend('register-wide access export on %s', { timeout: 30_000 }, (backend) => {
  let register: TestRegister;
  let malmoDesk: TestTerminal;
  let lundDesk: TestTerminal;
  const password = 'admin-secret-1';
  beforeAll(async () => {
    register = await startRegister({ backend, now: () => new Date('2027-06-01T12:00:00.000Z') });
    malmoDesk = await register.terminal('desk', 'Desk Malmö', 'malmo');
    lundDesk = await register.terminal('desk', 'Desk Lund', 'lund');
    for (const [id, libraryId, role] of [
      ['st-malmo-admin', 'malmo', 'admin'],
      ['st-lund-admin', 'lund', 'admin'],
      ['st-malmo-tech', 'malmo', 'technician'],
    ] as const) {
      expect((await register.admin('PUT', `/admin/staff/${id}`, { libraryId, email: `${id}@example.se`, name: id, role, password })).status).toBe(200);
    }
  }, 90_000);
  afterAll(() => register?.stop());

  const asStaff = async (id: string, path: string) => {
    const login = await fetch(new URL('/admin/session', register.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-lanedisk-admin': '1' },
      body: JSON.stringify({ email: `${id}@example.se`, password }),
    });
    const cookie = /^lanedisk_admin=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1];
    const response = await fetch(new URL(path, register.url), { headers: { cookie: `lanedisk_admin=${cookie}`, 'x-lanedisk-admin': '1' } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('gives everything the register holds on a Malmö borrower, written by both libraries, to central staff and Malmö’s administrator only', async () => {
    const fields = borrowerFields({ library_id: 'malmo' });
    expect((await malmoDesk.push([createMutation(fields, { cards: ['29000000000019'], groups: ['laddare'] })])).results[0]).toMatchObject({ status: 'applied' });
    const transferId = randomUUID();
    expect((await lundDesk.push([mutation('transfer.request', { id: transferId, borrowerId: fields.id, fromLibraryId: 'malmo', toLibraryId: 'lund' })])).results[0]).toMatchObject({ status: 'applied' });

    const central = await register.admin<Record<string, unknown>>('GET', `/admin/subjects/${fields.id}/export`);
    expect(central.status).toBe(200);
    expect(central.body).toMatchObject({
      scope: 'register',
      library: 'Malmö stadsbibliotek',
      borrower: { id: fields.id, first_name: fields.first_name, email: fields.email },
      secrets: [
        { name: 'password', stored: true },
        { name: 'pin', stored: false },
      ],
      cards: [{ number: '29000000000019' }],
      groups: [{ code: 'laddare', name: 'Laddare' }],
      transfers: [{ id: transferId, from_library: 'Malmö stadsbibliotek', to_library: 'Lunds stadsbibliotek', status: 'pending' }],
      loans: [],
      fees: [],
      consents: [],
    });
    expect(JSON.stringify(central.body)).not.toContain(fields.password_hash!);
    expect((central.body.auditEntries as { action: string }[]).map((a) => a.action)).toEqual(['push.borrower.create', 'push.transfer.request']);

    expect((await asStaff('st-malmo-admin', `/admin/subjects/${fields.id}/export`)).status).toBe(200);
    // Lund's administrator does not learn that Malmö's borrower exists; a technician may not export at all.
    expect(await asStaff('st-lund-admin', `/admin/subjects/${fields.id}/export`)).toMatchObject({ status: 404, body: { code: 'not-found' } });
    expect((await asStaff('st-malmo-tech', `/admin/subjects/${fields.id}/export`)).status).toBe(403);
    expect((await register.admin('GET', '/admin/subjects/nobody/export')).status).toBe(404);

    const audited = await register.db.query<{ actor: string; action: string }>(sql`SELECT actor, action FROM audit WHERE action = 'subject.export' AND subject_id = ${fields.id} ORDER BY id`);
    expect(audited.map((a) => a.action)).toEqual(['subject.export', 'subject.export']);
    expect(audited[1]!.actor).toContain('st-malmo-admin');
  });
});
