import { describe, expect, it } from 'vitest';
import { DoorAccessService } from '../../../src/main/door';
import { sql } from '../../../src/server/db/sql';
import type { DoorEntitlementsResponse, PullChange } from '../../../src/shared/sync/protocol';
import { cardCredential, policy } from '../door/helpers';
import { borrowerFields, createMutation, mutation, pullAll } from '../../helpers/register-fixture';
import { useTerminalServices } from '../../helpers/terminal-services';
import { useRegister } from '../../helpers/use-register';

const consent = { guardianName: 'Greta Förälder', relation: 'parent' };
const minorFields = () => borrowerFields({ birth_date: '2016-02-01', register_type: 'minor', guardian_name: 'Greta Förälder', guardian_birth_date: '1984-01-01' });

const terminal = useTerminalServices('lanedisk-door-consent-');

/** Guardian consent to the open-library door (SPEC 6, issue 13) on the register, to desks and into the door feed. On PGlite. */
describe('guardian door consent on the register', { timeout: 60_000 }, () => {
  const register = useRegister({ backend: 'pglite', now: () => new Date('2026-11-25T10:00:00Z') });

  it('is kept with who consented, when and by whom, withdrawn with who and when, sent to desks with the borrower and to doors as yes/no', async () => {
    const desk = await register().terminal('desk');
    const door = await register().terminal('door');
    const child = minorFields();
    await desk.push([createMutation(child, { cards: ['CARD-KID'] })]);
    const given = await desk.push([{ ...mutation('borrower.door_consent', { id: child.id, consent, staffId: 'staff-malmo-1' }), createdAt: '2026-11-25T09:30:00.000Z' }]);
    expect(given.results).toMatchObject([{ status: 'applied' }]);
    expect(await register().db.query(sql`SELECT guardian_name, relation, consented_at, recorded_by, withdrawn_at, withdrawn_by FROM guardian_consent WHERE borrower_id = ${child.id}`)).toEqual([
      { guardian_name: 'Greta Förälder', relation: 'parent', consented_at: '2026-11-25T09:30:00.000Z', recorded_by: 'staff-malmo-1', withdrawn_at: null, withdrawn_by: null },
    ]);
    const upsert = (changes: PullChange[]) => changes.find((c) => c.kind === 'borrower.upsert' && (c.data as { row: { id: string } }).row.id === child.id)!.data;
    expect(upsert((await pullAll(desk)).changes)).toMatchObject({ doorConsent: { ...consent, consentedAt: '2026-11-25T09:30:00.000Z', recordedBy: 'staff-malmo-1' } });
    const feed = async () => ((await (await door.get('/sync/door-entitlements?limit=500')).json()) as DoorEntitlementsResponse).entitlements.find((e) => e.ref === child.id);
    expect(await feed()).toMatchObject({ guardianConsent: true, ageBand: 'under-15' });
    // The door gets no name of the guardian.
    expect(JSON.stringify(await feed())).not.toContain('Greta');

    await desk.push([mutation('borrower.door_consent', { id: child.id, consent: null, staffId: 'staff-malmo-2' })]);
    expect(await register().db.query(sql`SELECT withdrawn_by, withdrawn_at IS NOT NULL AS withdrawn FROM guardian_consent WHERE borrower_id = ${child.id}`)).toEqual([
      { withdrawn_by: 'staff-malmo-2', withdrawn: true },
    ]);
    expect(upsert((await pullAll(desk)).changes)).toMatchObject({ doorConsent: null });
    expect(await feed()).toMatchObject({ guardianConsent: false });
  });

  it('refuses consent for an adult, from a kiosk or door, and for another library’s borrower; changes nothing', async () => {
    const desk = await register().terminal('desk');
    const otherDesk = await register().terminal('desk', 'Lund desk', 'lund');
    const kiosk = await register().terminal('kiosk');
    const grown = borrowerFields();
    const child = minorFields();
    await desk.push([createMutation(grown), createMutation(child)]);
    const push = (t: typeof desk, id: string) => t.push([mutation('borrower.door_consent', { id, consent, staffId: 'staff-x' })]);
    expect((await push(desk, grown.id)).results).toMatchObject([{ status: 'rejected', reason: 'invalid' }]);
    expect((await push(kiosk, child.id)).results).toMatchObject([{ status: 'rejected', reason: 'forbidden-mode' }]);
    expect((await push(otherDesk, child.id)).results).toMatchObject([{ status: 'rejected', reason: 'forbidden-library' }]);
    expect((await desk.push([mutation('borrower.door_consent', { id: child.id, consent: { guardianName: '', relation: 'parent' }, staffId: 's' })])).results).toMatchObject([
      { status: 'rejected', reason: 'invalid-payload' },
    ]);
    expect(await register().db.query(sql`SELECT borrower_id FROM guardian_consent WHERE borrower_id IN (${grown.id}, ${child.id})`)).toEqual([]);
  });

  it('lets a door admit a child under the age limit only with consent, and refuse again after withdrawal and the next refresh', async () => {
    const desk = await register().terminal('desk');
    const clock = () => new Date('2026-11-25T10:00:00Z');
    const services = terminal({ now: clock, initialConfig: { mode: 'door' }, env: { LANEDISK_REGISTER_URL: register().url } });
    await services.sync!.enrol(await register().enrolmentCode('door'), { terminalName: 'Door with consent' });
    const child = minorFields();
    await desk.push([createMutation(child, { cards: ['KID-1'] })]);
    await services.sync!.syncOnce();
    const rules = policy({ minAge: 15, underAgeRequiresGuardianConsent: true });
    const door = new DoorAccessService({ db: services.db, keys: services.doorFeedKeys, now: clock, policyFor: () => rules });
    expect((await door.decide('malmo', cardCredential('KID-1'))).reason).toBe('guardian-consent-missing');

    await desk.push([mutation('borrower.door_consent', { id: child.id, consent, staffId: 'staff-malmo-1' })]);
    await services.sync!.refreshDoorEntitlements();
    expect((await door.decide('malmo', cardCredential('KID-1'))).reason).toBe('admitted');

    await desk.push([mutation('borrower.door_consent', { id: child.id, consent: null, staffId: 'staff-malmo-1' })]);
    await services.sync!.refreshDoorEntitlements();
    expect((await door.decide('malmo', cardCredential('KID-1'))).reason).toBe('guardian-consent-missing');
  });
});
