import { expect, it } from 'vitest';
import { sql } from '../../../src/server/db/sql';
import { describeEachBackend } from '../../helpers/postgres';
import { useRegister } from '../../helpers/use-register';
import { libraryTerminal, officeHoursPolicy, pullAll } from '../sync/scoping-fixture';

/** Door access policies on the register (admin API, audit, change log scoped by library), on PostgreSQL and PGlite. */
describeEachBackend('access policies on %s', { timeout: 30_000 }, (backend) => {
  const register = useRegister({ backend });

  const policyChanges = async (t: Awaited<ReturnType<typeof libraryTerminal>>) =>
    (await pullAll(t)).changes.filter((c) => c.kind === 'access_policy.upsert').map((c) => c.data as { scope_id: string; version: number });

  it('refuses an invalid policy with a 400 naming each field', async () => {
    const bad = {
      ...officeHoursPolicy,
      schedule: { ...officeHoursPolicy.schedule, timeZone: 'Europe/Atlantis', weekly: { mon: [{ from: '9:00', to: '17:00' }] } },
      pinPolicy: 'sometimes',
    };
    const r = await register().admin<{ code: string; message: string; issues: { path: string; message: string }[] }>('PUT', '/admin/access-policies/malmo-limhamn', bad);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('invalid-request');
    expect(r.body.issues.map((i) => i.path).sort()).toEqual(['pinPolicy', 'schedule.timeZone', 'schedule.weekly.mon.0.from']);
    expect(r.body.message).toContain('schedule.weekly.mon.0.from: Write the time as HH:MM');
    expect(r.body.message).toContain('schedule.timeZone: Unknown time zone');
    // Unknown keys are refused too (the schema is strict), and the cross-field age rule names its field.
    const extra = await register().admin<{ message: string }>('PUT', '/admin/access-policies/malmo-limhamn', { ...officeHoursPolicy, openAlways: true });
    expect(extra.status).toBe(400);
    expect(extra.body.message).toContain('openAlways');
    const ages = await register().admin<{ message: string }>('PUT', '/admin/access-policies/malmo-limhamn', { ...officeHoursPolicy, minAge: 13, minAgeWithConsent: 15 });
    expect(ages.status).toBe(400);
    expect(ages.body.message).toContain('minAgeWithConsent: The age with guardian consent cannot be above the age limit');
    // Nothing was stored or emitted.
    const [row] = await register().db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM access_policy`);
    expect(row?.n).toBe(0);
  });

  it('needs the admin token, and a known branch or library', async () => {
    const anonymous = await fetch(new URL('/admin/access-policies/malmo', register().url), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(officeHoursPolicy) });
    expect(anonymous.status).toBe(401);
    const unknown = await register().admin<{ code: string; message: string }>('PUT', '/admin/access-policies/nowhere', officeHoursPolicy);
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toContain('nowhere');
    expect((await register().admin('GET', '/admin/access-policies/lund')).status).toBe(404);
  });

  it('stores, versions and audits a policy, and sends it only to the terminals of its library (doors included)', async () => {
    const malmoDoor = await libraryTerminal(register(), 'door', 'malmo');
    const malmoDesk = await libraryTerminal(register(), 'desk', 'malmo');
    const lundDoor = await libraryTerminal(register(), 'door', 'lund');
    const nowhereDoor = await libraryTerminal(register(), 'door', null);

    const first = await register().admin<{ scope_id: string; library_id: string; branch_id: string; version: number; policy: { pinPolicy: string; maxPinFailures: number } }>(
      'PUT',
      '/admin/access-policies/malmo-limhamn',
      officeHoursPolicy,
    );
    expect(first.status).toBe(200);
    // Stored as parsed: the schema's defaults are filled in.
    expect(first.body).toMatchObject({ scope_id: 'malmo-limhamn', library_id: 'malmo', branch_id: 'malmo-limhamn', version: 1, policy: { pinPolicy: 'optional', maxPinFailures: 5 } });
    const second = await register().admin<{ version: number }>('PUT', '/admin/access-policies/malmo-limhamn', { ...officeHoursPolicy, pinPolicy: 'required' });
    expect(second.body.version).toBe(2);
    const lund = await register().admin<{ branch_id: string | null; version: number }>('PUT', '/admin/access-policies/lund', officeHoursPolicy);
    expect(lund.body).toMatchObject({ branch_id: null, version: 1 });

    const got = await register().admin<{ version: number; policy: { pinPolicy: string } }>('GET', '/admin/access-policies/malmo-limhamn');
    expect(got.body).toMatchObject({ version: 2, policy: { pinPolicy: 'required' } });

    const audits = await register().db.query<{ subject_id: string; details: { version: number } }>(
      sql`SELECT subject_id, details FROM audit WHERE action = 'access_policy.upsert' ORDER BY id`,
    );
    expect(audits.map((a) => [a.subject_id, a.details.version])).toEqual([
      ['malmo-limhamn', 1],
      ['malmo-limhamn', 2],
      ['lund', 1],
    ]);

    // The compacted log holds the newest version only.
    expect(await policyChanges(malmoDoor)).toEqual([expect.objectContaining({ scope_id: 'malmo-limhamn', version: 2 })]);
    expect(await policyChanges(malmoDesk)).toEqual([expect.objectContaining({ scope_id: 'malmo-limhamn', version: 2 })]);
    expect(await policyChanges(lundDoor)).toEqual([expect.objectContaining({ scope_id: 'lund', version: 1 })]);
    expect(await policyChanges(nowhereDoor)).toEqual([]);
  });

  it('a door past its cursor gets the next version only', async () => {
    const door = await libraryTerminal(register(), 'door', 'malmo');
    const { cursor } = await pullAll(door);
    await register().admin('PUT', '/admin/access-policies/malmo', officeHoursPolicy);
    const { changes } = await pullAll(door, cursor);
    expect(changes.map((c) => [c.kind, (c.data as { scope_id: string }).scope_id])).toEqual([['access_policy.upsert', 'malmo']]);
  });

  it('carries kiosk settings (issue 12), checked by the kiosk’s own schema: a bad one is refused in words, a good one stored with defaults', async () => {
    const bad = await register().admin<{ message: string; issues: { path: string }[] }>('PUT', '/admin/access-policies/malmo', {
      ...officeHoursPolicy,
      kiosk: { idleWarningSeconds: 120, idleSignOutSeconds: 60, operations: { borrow: false, return: false, renew: false } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('kiosk.idleWarningSeconds: The warning must come before the sign-out.');
    expect(bad.body.message).toContain('kiosk.operations: Allow at least one of borrowing, returning and renewing.');
    const good = await register().admin<{ policy: { kiosk: Record<string, unknown> } }>('PUT', '/admin/access-policies/malmo', {
      ...officeHoursPolicy,
      kiosk: { receipt: 'print', operations: { borrow: true, return: true, renew: false } },
    });
    expect(good.status).toBe(200);
    expect(good.body.policy.kiosk).toMatchObject({ receipt: 'print', operations: { renew: false }, pinPolicy: 'required', idleSignOutSeconds: 90 });
  });
});
