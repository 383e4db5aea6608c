import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../../src/server/db/sql';
import { solidPng } from '../../helpers/png';
import { startRegister, type TestRegister } from '../../helpers/register-fixture';

/** A library's branding on the register's admin API (issue 17): roles, refusals that change nothing, audit, the change log. On PGlite. */
describe('library branding on the register', { timeout: 60_000 }, () => {
  let register: TestRegister;
  const password = 'correct horse battery';
  const accounts = {
    malmoAdmin: { id: 'st-malmo-admin', libraryId: 'malmo', email: 'maja@malmo.se', name: 'Maja Admin', role: 'admin' },
    malmoTech: { id: 'st-malmo-tech', libraryId: 'malmo', email: 'tove@malmo.se', name: 'Tove Tekniker', role: 'technician' },
    lundAdmin: { id: 'st-lund-admin', libraryId: 'lund', email: 'lars@lund.se', name: 'Lars Lund', role: 'admin' },
  } as const;
  const cookies: Record<string, string> = {};
  const logo = solidPng(120, 40, [26, 77, 143]).toString('base64');

  beforeAll(async () => {
    register = await startRegister({ backend: 'pglite', now: () => new Date('2026-12-01T09:00:00.000Z') });
    for (const [key, a] of Object.entries(accounts)) {
      expect((await register.admin('PUT', `/admin/staff/${a.id}`, { ...a, password, active: true })).status).toBe(200);
      const response = await fetch(new URL('/admin/session', register.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-lanedisk-admin': '1' },
        body: JSON.stringify({ email: a.email, password }),
      });
      cookies[key] = /^lanedisk_admin=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')![1]!;
    }
  }, 90_000);
  afterAll(() => register?.stop());

  const as = async (who: keyof typeof accounts | 'token', method: 'GET' | 'PUT' | 'DELETE', path: string, body?: unknown) => {
    const auth: Record<string, string> = who === 'token' ? { authorization: 'Bearer test-admin-token-0123456789abcdef' } : { cookie: `lanedisk_admin=${cookies[who]}` };
    const response = await fetch(new URL(path, register.url), {
      method,
      headers: { ...auth, 'x-lanedisk-admin': '1', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> };
  };
  const stored = () => register.db.query(sql`SELECT library_id, display_name, colour, octet_length(logo) AS bytes, logo_mime, updated_by FROM library_branding ORDER BY library_id`);
  const brandingChanges = () => register.db.query<{ entity_id: string; data: Record<string, unknown> }>(sql`SELECT entity_id, data FROM change_log WHERE kind = 'library_branding.set' ORDER BY id`);
  const audits = () => register.db.query(sql`SELECT actor, action, subject_id, details FROM audit WHERE action LIKE 'library_branding.%' ORDER BY id`);

  it('starts with no branding: the default look', async () => {
    expect(await as('malmoTech', 'GET', '/admin/libraries/malmo/branding')).toEqual({
      status: 200,
      body: { libraryId: 'malmo', displayName: null, colour: null, logo: null, updatedAt: null, updatedBy: null },
    });
  });

  it("lets a library's admin set their own library's name, colour and logo, audited and sent to the change log", async () => {
    const set = await as('malmoAdmin', 'PUT', '/admin/libraries/malmo/branding', { displayName: 'Malmö bibliotek', colour: '#1A4D8F', logo: { mediaType: 'image/png', base64: logo } });
    expect(set).toEqual({ status: 200, body: { libraryId: 'malmo' } });
    expect(await stored()).toEqual([{ library_id: 'malmo', display_name: 'Malmö bibliotek', colour: '#1a4d8f', bytes: Buffer.from(logo, 'base64').length, logo_mime: 'image/png', updated_by: 'staff:st-malmo-admin' }]);
    expect((await as('malmoTech', 'GET', '/admin/libraries/malmo/branding')).body).toMatchObject({ displayName: 'Malmö bibliotek', colour: '#1a4d8f', logo: { mediaType: 'image/png', base64: logo } });
    expect(await brandingChanges()).toEqual([
      { entity_id: 'malmo', data: { library_id: 'malmo', display_name: 'Malmö bibliotek', colour: '#1a4d8f', logo: { mediaType: 'image/png', base64: logo }, updated_at: '2026-12-01T09:00:00.000Z' } },
    ]);
    expect(await audits()).toEqual([
      { actor: 'staff:st-malmo-admin', action: 'library_branding.set', subject_id: 'malmo', details: { displayName: 'Malmö bibliotek', colour: '#1a4d8f', logoBytes: Buffer.from(logo, 'base64').length } },
    ]);
  });

  it("refuses a technician, another library's admin (as unknown) and an unknown library, changing nothing", async () => {
    const body = { colour: '#7a1f3d', logo: null };
    expect((await as('malmoTech', 'PUT', '/admin/libraries/malmo/branding', body)).status).toBe(403);
    expect((await as('malmoTech', 'DELETE', '/admin/libraries/malmo/branding')).status).toBe(403);
    expect((await as('lundAdmin', 'PUT', '/admin/libraries/malmo/branding', body)).status).toBe(404);
    expect((await as('lundAdmin', 'GET', '/admin/libraries/malmo/branding')).status).toBe(404);
    expect((await as('token', 'PUT', '/admin/libraries/nowhere/branding', body)).status).toBe(404);
    // A branch shows its library's branding; it has none of its own.
    expect((await as('token', 'PUT', '/admin/libraries/malmo-limhamn/branding', body)).status).toBe(404);
    expect(await stored()).toHaveLength(1);
    expect(await brandingChanges()).toHaveLength(1);
    expect(await audits()).toHaveLength(1);
  });

  it('refuses a bad colour, a low contrast, a file that is not PNG whatever it claims, a large file and large dimensions, each with its reason', async () => {
    const refused = async (value: Record<string, unknown>) => {
      const r = await as('malmoAdmin', 'PUT', '/admin/libraries/malmo/branding', { colour: null, logo: null, ...value });
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('invalid-request');
      return r.body.problems;
    };
    expect(await refused({ colour: 'blue' })).toEqual(['colour-format']);
    // #777777 is 4.48:1 against white, just under AA; #767676 (4.54:1) passes.
    expect(await refused({ colour: '#777777' })).toEqual(['colour-contrast']);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>').toString('base64');
    expect(await refused({ logo: { mediaType: 'image/svg+xml', base64: svg } })).toEqual(['logo-format']);
    expect(await refused({ logo: { mediaType: 'image/png', base64: svg } })).toEqual(['logo-format']);
    // A real PNG signature whose first chunk is not IHDR: forged.
    const forged = solidPng(10, 10, [0, 0, 0]);
    forged.write('IDAT', 12, 'latin1');
    expect(await refused({ logo: { mediaType: 'image/png', base64: forged.toString('base64') } })).toEqual(['logo-format']);
    expect(await refused({ logo: { mediaType: 'image/png', base64: Buffer.concat([solidPng(10, 10, [0, 0, 0]), Buffer.alloc(64 * 1024)]).toString('base64') } })).toEqual(['logo-too-large']);
    expect(await refused({ logo: { mediaType: 'image/png', base64: solidPng(600, 10, [0, 0, 0]).toString('base64') } })).toEqual(['logo-dimensions']);
    expect((await as('malmoAdmin', 'PUT', '/admin/libraries/malmo/branding', { colour: '#767676', logo: null })).status).toBe(200);
    expect(await stored()).toMatchObject([{ colour: '#767676', bytes: null }]);
    expect(await brandingChanges()).toHaveLength(1);
    expect(await audits()).toHaveLength(2);
  });

  it('clears a library back to the default look: the terminals get an all-null change', async () => {
    expect(await as('token', 'DELETE', '/admin/libraries/malmo/branding')).toEqual({ status: 200, body: { libraryId: 'malmo' } });
    expect(await stored()).toEqual([]);
    expect((await brandingChanges()).map((c) => c.data)).toEqual([{ library_id: 'malmo', display_name: null, colour: null, logo: null, updated_at: '2026-12-01T09:00:00.000Z' }]);
    expect((await audits()).at(-1)).toEqual({ actor: 'admin', action: 'library_branding.clear', subject_id: 'malmo', details: {} });
  });
});
