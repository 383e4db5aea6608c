import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRegisterServer } from '../../../src/server/app';
import { sql } from '../../../src/server/db/sql';
import { describeEachBackend } from '../../helpers/postgres';
import { adminToken, startRegister, type TestRegister } from '../../helpers/register-fixture';

/** Staff sign-in on the register's admin API (src/server/admin/session.ts), on PostgreSQL and PGlite. */
describeEachBackend('admin sessions on %s', { timeout: 60_000 }, (backend) => {
  let register: TestRegister;
  let clock = Date.parse('2026-03-02T09:00:00.000Z');
  const password = 'correct horse battery';
  const accounts = {
    central: { id: 'st-central', libraryId: 'malmo', email: 'cecilia@register.se', name: 'Cecilia Central', role: 'central' },
    technician: { id: 'st-tech', libraryId: 'malmo', email: 'tove@malmo.se', name: 'Tove Tekniker', role: 'technician' },
    registrar: { id: 'st-desk', libraryId: 'malmo', email: 'disa@malmo.se', name: 'Disa Disk', role: 'registrar' },
    lundAdmin: { id: 'st-lund', libraryId: 'lund', email: 'lars@lund.se', name: 'Lars Lund', role: 'admin' },
    locked: { id: 'st-locked', libraryId: 'lund', email: 'lisa@lund.se', name: 'Lisa Lund', role: 'admin' },
  } as const;

  beforeAll(async () => {
    register = await startRegister({ backend, now: () => new Date(clock) });
    for (const a of Object.values(accounts)) {
      const r = await register.admin('PUT', `/admin/staff/${a.id}`, { ...a, password, active: true });
      expect(r.status).toBe(200);
    }
  }, 90_000);
  afterAll(() => register?.stop());

  const url = (path: string) => new URL(path, register.url);
  const csrf = { 'x-lanedisk-admin': '1' };
  const signIn = (email: string, pass = password, headers: Record<string, string> = csrf) =>
    fetch(url('/admin/session'), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ email, password: pass }) });
  const cookieOf = (response: Response) => /^lanedisk_admin=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
  const as = (cookie: string, method = 'GET', path: string, body?: unknown, headers: Record<string, string> = csrf) =>
    fetch(url(path), {
      method,
      headers: { cookie: `lanedisk_admin=${cookie}`, ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  /** Who GET /admin/session says is signed in with this cookie (null: nobody). */
  const whoIs = async (cookie: string) => ((await (await as(cookie, 'GET', '/admin/session')).json()) as { session: { staffId: string } | null }).session?.staffId ?? null;
  const signedIn = async (email: string) => {
    const response = await signIn(email);
    expect(response.status).toBe(200);
    return cookieOf(response)!;
  };
  const auditRows = (action: string) => register.db.query<{ actor: string; subject_id: string | null; details: Record<string, unknown> }>(sql`SELECT actor, subject_id, details FROM audit WHERE action = ${action} ORDER BY id`);

  it('signs central staff in with an HttpOnly, SameSite=Strict cookie whose session reaches every admin route, and audits it', async () => {
    const response = await signIn('Cecilia@Register.se');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ staffId: 'st-central', name: 'Cecilia Central', email: 'cecilia@register.se', role: 'central', libraryId: null, idleMinutes: 30 });
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^lanedisk_admin=[A-Za-z0-9_-]{43}; Path=\/admin; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    // Plain HTTP here: not Secure (a browser would drop a Secure cookie over http).
    expect(cookie).not.toContain('Secure');
    const session = cookieOf(response)!;
    // Only the hash is stored.
    expect(await register.db.query(sql`SELECT staff_id FROM admin_session WHERE token_hash = ${session}`)).toEqual([]);
    expect(await whoIs(session)).toBe('st-central');
    expect((await as(session, 'GET', '/admin/terminals')).status).toBe(200);
    const verify = await as(session, 'GET', '/admin/audit/verify');
    expect(verify.status).toBe(200);
    expect(await verify.json()).toMatchObject({ ok: true });
    expect((await auditRows('admin.sign-in')).at(-1)).toEqual({ actor: 'staff:st-central', subject_id: 'st-central', details: { role: 'central' } });
    expect((await auditRows('audit.verify')).at(-1)?.actor).toBe('staff:st-central');
  });

  it('marks the cookie Secure over TLS (here: configured for a TLS proxy)', async () => {
    const behindTls = await createRegisterServer({ db: register.db, adminToken, now: () => new Date(clock), adminPageDir: false, adminSessions: { secureCookies: true } });
    try {
      const response = await behindTls.app.inject({ method: 'POST', url: '/admin/session', headers: csrf, payload: { email: accounts.central.email, password } });
      expect(response.statusCode).toBe(200);
      expect(String(response.headers['set-cookie'])).toMatch(/; HttpOnly; SameSite=Strict; Max-Age=43200; Secure$/);
    } finally {
      await behindTls.app.close();
    }
  });

  it('refuses a wrong password or an unknown e-mail with 401 and no cookie, and audits the failure without the e-mail', async () => {
    const wrong = await signIn(accounts.technician.email, 'not the password');
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ code: 'unauthorized', message: 'wrong e-mail or password' });
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const unknown = await signIn('nobody@malmo.se');
    expect(unknown.status).toBe(401);
    const failures = await auditRows('admin.sign-in-failed');
    expect(failures.map((f) => f.subject_id)).toEqual(['st-tech', null]);
    expect(JSON.stringify(failures)).not.toContain('nobody@malmo.se');
  });

  it('locks an account after five wrong passwords (429 with Retry-After), refuses even the right one while locked, and lets it in after the lock', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await signIn(accounts.locked.email, `wrong ${i}`)).status);
    const fifth = await signIn(accounts.locked.email, 'wrong again');
    expect([...statuses, fifth.status]).toEqual([401, 401, 401, 401, 429]);
    expect(fifth.headers.get('retry-after')).toBe('30');
    const right = await signIn(accounts.locked.email);
    expect(right.status).toBe(429);
    expect(right.headers.get('set-cookie')).toBeNull();
    expect((await auditRows('admin.sign-in-locked')).map((r) => r.subject_id)).toEqual(['st-locked']);
    expect((await auditRows('admin.sign-in-refused')).map((r) => r.subject_id)).toEqual(['st-locked']);
    clock += 31_000;
    expect((await signIn(accounts.locked.email)).status).toBe(200);
  });

  it('gives a registrar no session, and keeps a technician to their own library and role', async () => {
    const registrar = await signIn(accounts.registrar.email);
    expect(registrar.status).toBe(403);
    expect(registrar.headers.get('set-cookie')).toBeNull();
    expect((await auditRows('admin.sign-in-refused-role')).map((r) => r.details)).toEqual([{ role: 'registrar' }]);

    await register.terminal('desk', 'Lund desk', 'lund');
    await register.terminal('desk', 'Malmö desk', 'malmo');
    const tech = await signedIn(accounts.technician.email);
    expect((await as(tech, 'GET', '/admin/audit')).status).toBe(403);
    expect((await as(tech, 'GET', '/admin/staff')).status).toBe(403);
    expect((await as(tech, 'POST', '/admin/retention/run', { dryRun: true })).status).toBe(403);
    const terminals = (await (await as(tech, 'GET', '/admin/terminals')).json()) as { terminals: { libraryId: string }[] };
    expect(new Set(terminals.terminals.map((t) => t.libraryId))).toEqual(new Set(['malmo']));
    const lundCode = await as(tech, 'POST', '/admin/enrolment-codes', { libraryId: 'lund', branchId: 'lund', mode: 'door' });
    expect(lundCode.status).toBe(403);
    const malmoCode = await as(tech, 'POST', '/admin/enrolment-codes', { libraryId: 'malmo', branchId: 'malmo-limhamn', mode: 'door' });
    expect(malmoCode.status).toBe(200);
    const issued = (await malmoCode.json()) as { id: string };
    const [row] = await register.db.query<{ actor: string }>(sql`SELECT actor FROM audit WHERE action = 'enrolment-code.issue' AND subject_id = ${issued.id}`);
    expect(row?.actor).toBe('staff:st-tech');

    const lund = await signedIn(accounts.lundAdmin.email);
    const promote = await as(lund, 'PUT', `/admin/staff/${accounts.lundAdmin.id}`, { ...accounts.lundAdmin, role: 'central' });
    expect(promote.status).toBe(403);
    const [stillAdmin] = await register.db.query<{ role: string }>(sql`SELECT role FROM staff WHERE id = ${accounts.lundAdmin.id}`);
    expect(stillAdmin?.role).toBe('admin');
    const malmoStaff = await as(lund, 'PUT', '/admin/staff/st-new', { libraryId: 'malmo', email: 'ny@malmo.se', name: 'Ny', role: 'registrar', password });
    expect(malmoStaff.status).toBe(403);
    const staff = (await (await as(lund, 'GET', '/admin/staff')).json()) as { staff: { id: string }[] };
    expect(staff.staff.map((s) => s.id).sort()).toEqual(['st-locked', 'st-lund']);
  });

  it('refuses a signed-in change without the admin header or from another origin (CSRF), changing nothing', async () => {
    const tech = await signedIn(accounts.technician.email);
    const count = async () => (await register.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM enrolment_code`))[0]!.n;
    const before = await count();
    const body = { libraryId: 'malmo', branchId: 'malmo', mode: 'desk' };
    const noHeader = await as(tech, 'POST', '/admin/enrolment-codes', body, {});
    expect(noHeader.status).toBe(403);
    expect(((await noHeader.json()) as { code: string }).code).toBe('forbidden');
    const otherOrigin = await as(tech, 'POST', '/admin/enrolment-codes', body, { ...csrf, origin: 'https://evil.example' });
    expect(otherOrigin.status).toBe(403);
    expect(await count()).toBe(before);
    // Sign-in and sign-out need it too (no login CSRF, no forced logout).
    expect((await signIn(accounts.technician.email, password, {})).status).toBe(403);
    expect((await as(tech, 'DELETE', '/admin/session', undefined, {})).status).toBe(403);
    expect(await whoIs(tech)).toBe('st-tech');
  });

  it('revokes an enrolment code so it can no longer enrol a terminal', async () => {
    const central = await signedIn(accounts.central.email);
    const issued = (await (await as(central, 'POST', '/admin/enrolment-codes', { libraryId: 'malmo', branchId: 'malmo', mode: 'kiosk', note: 'hall' })).json()) as { id: string; code: string };
    expect((await as(central, 'POST', `/admin/enrolment-codes/${issued.id}/revoke`)).status).toBe(200);
    const enrol = await fetch(url('/enrol'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: issued.code, terminalName: 'hall kiosk' }) });
    expect(enrol.status).toBe(403);
    const list = (await (await as(central, 'GET', '/admin/enrolment-codes')).json()) as { codes: { id: string; revokedAt: string | null; note: string }[] };
    expect(list.codes.find((c) => c.id === issued.id)).toMatchObject({ note: 'hall', revokedAt: new Date(clock).toISOString() });
    expect(JSON.stringify(list)).not.toContain(issued.code);
    expect((await auditRows('enrolment-code.revoke')).map((r) => [r.actor, r.subject_id])).toEqual([['staff:st-central', issued.id]]);
  });

  it('ends a session after 30 idle minutes, and on sign-out', async () => {
    const idle = await signedIn(accounts.central.email);
    clock += 29 * 60_000;
    expect(await whoIs(idle)).toBe('st-central');
    clock += 29 * 60_000;
    expect(await whoIs(idle)).toBe('st-central');
    clock += 31 * 60_000;
    expect(await whoIs(idle)).toBeNull();
    expect((await as(idle, 'GET', '/admin/terminals')).status).toBe(401);

    const active = await signedIn(accounts.central.email);
    const out = await as(active, 'DELETE', '/admin/session');
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/^lanedisk_admin=; Path=\/admin; HttpOnly; SameSite=Strict; Max-Age=0$/);
    expect(await whoIs(active)).toBeNull();
    expect((await auditRows('admin.sign-out')).map((r) => r.actor)).toEqual(['staff:st-central']);
  });
});
