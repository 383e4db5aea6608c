import { afterEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { all, sql } from '../../../src/main/db/sql';
import { RegistrationInputSchema } from '../../../src/shared/desk/registration';
import { adult, signIn } from '../../helpers/desk';
import { valueOf } from '../../helpers/result';
import { testServices } from '../../helpers/services';

const ctx = { host: 'web' } as const;
let services: AppServices | undefined;
afterEach(() => {
  services?.close();
  services = undefined;
});

const outbox = (s: AppServices) =>
  all<{ payload: string }>(s.db, sql`SELECT payload FROM outbox WHERE kind = 'borrower.door_opt_in' ORDER BY seq`).map((o) => JSON.parse(o.payload) as unknown);
const audit = (s: AppServices, id: string) =>
  all<{ action: string; details: string }>(s.db, sql`SELECT action, details FROM audit_log WHERE subject_id = ${id} AND action LIKE 'borrower.door-opt-in%' ORDER BY id`);

describe('desk: opt-in to the open library (issue 14)', () => {
  it('is recorded with the rules version, when and by whom, and withdrawn, through IPC; queued and audited', async () => {
    const s = (services = testServices({ initialConfig: { mode: 'desk', language: 'en' } }));
    const staff = await signIn(s);
    const borrower = await valueOf(s.desk.register(RegistrationInputSchema.parse(adult())));
    expect(borrower.doorOptIn).toBeNull();
    const dispatch = (payload: unknown) => s.dispatcher.dispatch('desk.setDoorOptIn', payload, ctx);

    expect(await dispatch({ id: borrower.id, optIn: { rulesVersion: ' 2026-01 ' } })).toMatchObject({
      ok: true,
      value: { id: borrower.id, doorOptIn: { rulesVersion: '2026-01', acceptedAt: '2026-11-25T10:00:00.000Z', recordedBy: staff.staffId } },
    });
    expect(await dispatch({ id: borrower.id, optIn: null })).toMatchObject({ ok: true, value: { id: borrower.id, doorOptIn: null } });
    expect(outbox(s)).toEqual([
      { id: borrower.id, optIn: { rulesVersion: '2026-01' }, staffId: staff.staffId },
      { id: borrower.id, optIn: null, staffId: staff.staffId },
    ]);
    expect(audit(s, borrower.id)).toEqual([
      { action: 'borrower.door-opt-in', details: '{"rulesVersion":"2026-01"}' },
      { action: 'borrower.door-opt-in-withdrawn', details: '{}' },
    ]);
  });

  it('refuses a blank or too long rules version in the staff language, an unknown borrower, and a session-less call; changes nothing', async () => {
    const s = (services = testServices({ initialConfig: { mode: 'desk', language: 'sv' } }));
    await signIn(s);
    const borrower = await valueOf(s.desk.register(RegistrationInputSchema.parse(adult())));
    const dispatch = (payload: unknown) => s.dispatcher.dispatch('desk.setDoorOptIn', payload, ctx);
    expect(await dispatch({ id: borrower.id, optIn: { rulesVersion: '   ' } })).toMatchObject({
      ok: false,
      error: { kind: 'validation', issues: [{ path: 'optIn.rulesVersion', message: 'Obligatoriskt.' }] },
    });
    expect(await dispatch({ id: borrower.id, optIn: { rulesVersion: 'x'.repeat(41) } })).toMatchObject({ ok: false, error: { kind: 'validation' } });
    expect(await dispatch({ id: borrower.id, optIn: { rulesVersion: 'v1', extra: 1 } })).toMatchObject({ ok: false, error: { kind: 'validation' } });
    expect(await dispatch({ id: 'nobody', optIn: { rulesVersion: 'v1' } })).toMatchObject({ ok: false, error: { kind: 'not-found' } });
    await s.dispatcher.dispatch('desk.logout', {}, ctx);
    expect(await dispatch({ id: borrower.id, optIn: { rulesVersion: 'v1' } })).toMatchObject({ ok: false });
    expect(outbox(s)).toEqual([]);
    expect(all(s.db, sql`SELECT * FROM door_opt_in`)).toEqual([]);
  });

  it('goes with the borrower when the account is erased at the desk', async () => {
    const s = (services = testServices({ initialConfig: { mode: 'desk', language: 'en' } }));
    await signIn(s);
    const borrower = await valueOf(s.desk.register(RegistrationInputSchema.parse(adult())));
    expect(s.desk.setDoorOptIn(borrower.id, { rulesVersion: 'v1' }).ok).toBe(true);
    expect(all(s.db, sql`SELECT borrower_id FROM door_opt_in`)).toEqual([{ borrower_id: borrower.id }]);
    expect(s.desk.delete(borrower.id).ok).toBe(true);
    expect(all(s.db, sql`SELECT borrower_id FROM door_opt_in`)).toEqual([]);
  });
});
