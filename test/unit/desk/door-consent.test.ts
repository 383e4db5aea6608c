import { afterEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { all, sql } from '../../../src/main/db/sql';
import { RegistrationInputSchema } from '../../../src/shared/desk/registration';
import { adult, pnr, signIn } from '../../helpers/desk';
import { refusal, valueOf } from '../../helpers/result';
import { testServices } from '../../helpers/services';

const ctx = { host: 'web' } as const;
let services: AppServices | undefined;
afterEach(() => {
  services?.close();
  services = undefined;
});

const minor = (overrides = {}) =>
  adult({ registerType: 'minor', identityNumber: pnr('2016-03-04', 211), guardianName: 'Greta Förälder', guardianBirthDate: '1984-05-06', ...overrides });

const outbox = (s: AppServices) =>
  all<{ kind: string; payload: string }>(s.db, sql`SELECT kind, payload FROM outbox WHERE kind = 'borrower.door_consent' ORDER BY seq`).map((o) => JSON.parse(o.payload) as unknown);
const audit = (s: AppServices, id: string) =>
  all<{ action: string; details: string }>(s.db, sql`SELECT action, details FROM audit_log WHERE subject_id = ${id} AND action LIKE 'borrower.door-consent%' ORDER BY id`);

describe('desk: guardian consent to the open-library door (SPEC 6, issue 13)', () => {
  it('is recorded at registration: who consented and how related, when, by which staff member; queued after the borrower and audited', async () => {
    const s = (services = testServices({ initialConfig: { mode: 'desk', language: 'en' } }));
    const staff = await signIn(s);
    const detail = await valueOf(s.desk.register(RegistrationInputSchema.parse(minor({ doorConsent: { guardianName: 'Greta Förälder', relation: 'parent' } }))));
    expect(detail.doorConsent).toEqual({ guardianName: 'Greta Förälder', relation: 'parent', consentedAt: '2026-11-25T10:00:00.000Z', recordedBy: staff.staffId });
    const kinds = all<{ kind: string }>(s.db, sql`SELECT kind FROM outbox ORDER BY seq`).map((o) => o.kind);
    expect(kinds).toEqual(['borrower.create', 'borrower.door_consent']);
    expect(outbox(s)).toEqual([{ id: detail.id, consent: { guardianName: 'Greta Förälder', relation: 'parent' }, staffId: staff.staffId }]);
    expect(audit(s, detail.id)).toEqual([{ action: 'borrower.door-consent', details: '{"relation":"parent"}' }]);
  });

  it('is recorded and withdrawn at the desk through IPC; an adult gets none, and bad input is refused in the staff language and changes nothing', async () => {
    const s = (services = testServices({ initialConfig: { mode: 'desk', language: 'sv' } }));
    const staff = await signIn(s);
    const child = await valueOf(s.desk.register(RegistrationInputSchema.parse(minor())));
    const grown = await valueOf(s.desk.register(RegistrationInputSchema.parse(adult())));
    expect(child.doorConsent).toBeNull();
    const dispatch = (payload: unknown) => s.dispatcher.dispatch('desk.setDoorConsent', payload, ctx);

    expect(await dispatch({ id: child.id, consent: { guardianName: '  ', relation: 'parent' } })).toMatchObject({
      ok: false,
      error: { kind: 'validation', issues: [{ path: 'consent.guardianName', message: 'Obligatoriskt.' }] },
    });
    expect(await dispatch({ id: child.id, consent: { guardianName: 'Greta', relation: 'aunt' } })).toMatchObject({ ok: false, error: { kind: 'validation' } });
    expect(await dispatch({ id: grown.id, consent: { guardianName: 'Greta', relation: 'parent' } })).toMatchObject({
      ok: false,
      error: { kind: 'validation', issues: [{ path: 'doorConsent', message: 'Vårdnadshavares samtycke registreras bara för låntagare under 18 år.' }] },
    });
    expect(outbox(s)).toEqual([]);

    const given = await dispatch({ id: child.id, consent: { guardianName: 'Greta Förälder', relation: 'legal-guardian' } });
    expect(given).toMatchObject({ ok: true, value: { id: child.id, doorConsent: { guardianName: 'Greta Förälder', relation: 'legal-guardian', recordedBy: staff.staffId } } });
    const withdrawn = await dispatch({ id: child.id, consent: null });
    expect(withdrawn).toMatchObject({ ok: true, value: { id: child.id, doorConsent: null } });
    expect(outbox(s)).toEqual([
      { id: child.id, consent: { guardianName: 'Greta Förälder', relation: 'legal-guardian' }, staffId: staff.staffId },
      { id: child.id, consent: null, staffId: staff.staffId },
    ]);
    expect(audit(s, child.id).map((a) => a.action)).toEqual(['borrower.door-consent', 'borrower.door-consent-withdrawn']);
  });

  it('refuses consent in a registration of an adult', async () => {
    const s = (services = testServices({ initialConfig: { mode: 'desk', language: 'en' } }));
    await signIn(s);
    expect(await refusal(s.desk.register(RegistrationInputSchema.parse(adult({ doorConsent: { guardianName: 'Greta', relation: 'parent' } }))))).toMatchObject({
      issues: [{ path: 'doorConsent', message: 'door.consent.error.notMinor' }],
    });
    expect(all(s.db, sql`SELECT * FROM guardian_consent`)).toEqual([]);
  });
});
