import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { all, get, sql } from '../../../src/main/db/sql';
import { RegistrationInputSchema, type RegistrationInput } from '../../../src/shared/desk/registration';
import { adult, pnr, signIn } from '../../helpers/desk';
import { refusal as failure, unwrapped } from '../../helpers/result';
import { testServices } from '../../helpers/services';

let services: AppServices;
beforeEach(() => {
  services = testServices();
});
afterEach(() => services.close());

const desk = () => unwrapped(services.desk);
const register = (input: RegistrationInput) => desk().register(RegistrationInputSchema.parse(input));
const lastUpdate = () => JSON.parse(get<{ payload: string }>(services.db, sql`SELECT payload FROM outbox WHERE kind = 'borrower.update' ORDER BY seq DESC LIMIT 1`)!.payload) as unknown;
const actions = (id: string) => all<{ action: string }>(services.db, sql`SELECT action FROM audit_log WHERE subject_id = ${id} ORDER BY id`).map((r) => r.action);

describe('desk: everything set at registration can be corrected later (issue 11)', () => {
  it('takes the number of a new LMA card on the existing account, with the new validity, audited and queued', async () => {
    await signIn(services);
    const b = await register(adult({ registerType: 'adult-lma', identityNumber: '12-345678', validUntil: '2027-03-31' }));
    const fixed = desk().update({ id: b.id, expectedVersion: 1, identityNumber: '98-765432', validUntil: '2027-09-30' });
    expect(fixed).toMatchObject({ identityDisplay: '98-765432', validUntil: '2027-09-30', registerType: 'adult-lma' });
    expect(lastUpdate()).toEqual({
      id: b.id,
      baseVersion: 1,
      changes: { identity_number: { from: '12-345678', to: '98-765432' }, valid_until: { from: '2027-03-31', to: '2027-09-30' } },
    });
    expect(actions(b.id)).toEqual(['borrower.create', 'borrower.update', 'borrower.new-lma-card']);
    expect(JSON.stringify(all(services.db, sql`SELECT details FROM audit_log`))).not.toContain('98-765432');
    // The LMA form takes LMA numbers only; a taken number is refused; a personnummer means a new account.
    const refused = async (identityNumber: string) => (await failure(() => services.desk.update({ id: b.id, expectedVersion: 2, identityNumber }))).issues;
    expect(await refused('811218-9876')).toEqual([{ path: 'identityNumber', message: expect.stringMatching(/^identity\.reason\./) as string }]);
    await register(adult({ registerType: 'adult-lma', identityNumber: '11-111111', validUntil: '2027-03-31', email: 'other@example.se' }));
    expect(await refused('11-111111')).toEqual([{ path: 'identityNumber', message: 'desk.error.identityTaken' }]);
    expect(desk().get(b.id)).toMatchObject({ identityDisplay: '98-765432', version: 2 });
  });

  it('corrects the register type with the registration’s rules: age, guardian, and no switch between LMA and personnummer', async () => {
    await signIn(services);
    const child = await register(adult({ identityNumber: pnr('2012-04-04'), registerType: 'minor', guardianName: 'Gun Andersson', guardianBirthDate: '1980-02-02' }));
    // A 14-year-old cannot be made an adult; a minor needs an adult guardian.
    expect((await failure(() => services.desk.update({ id: child.id, expectedVersion: 1, registerType: 'adult' }))).issues).toEqual([
      { path: 'registerType', message: 'desk.error.minorUseMinorForm' },
    ]);
    expect((await failure(() => services.desk.update({ id: child.id, expectedVersion: 1, guardianBirthDate: '2015-01-01' }))).issues).toEqual([
      { path: 'guardianBirthDate', message: 'desk.error.guardianMinor' },
    ]);
    expect((await failure(() => services.desk.update({ id: child.id, expectedVersion: 1, registerType: 'minor-lma' }))).issues).toEqual([
      { path: 'registerType', message: 'desk.error.registerTypeLmaSwitch' },
    ]);
    const guardian = desk().update({ id: child.id, expectedVersion: 1, guardianName: 'Per Andersson', guardianBirthDate: '1978-07-07' });
    expect(guardian).toMatchObject({ guardianName: 'Per Andersson', guardianBirthDate: '1978-07-07', version: 2 });

    // An adult registered on the under-18 form by mistake: corrected, and the guardian goes with it.
    const grown = await register(adult({ identityNumber: pnr('1990-01-01'), email: 'grown@example.se' }));
    expect((await failure(() => services.desk.update({ id: grown.id, expectedVersion: 1, registerType: 'minor', guardianName: 'G', guardianBirthDate: '1960-01-01' }))).issues).toEqual([
      { path: 'registerType', message: 'desk.error.adultUseAdultForm' },
    ]);
    expect(desk().get(grown.id).version).toBe(1);
  });

  it('corrects groups and branch, audited', async () => {
    await signIn(services);
    const teen = await register(adult({ identityNumber: pnr('2008-11-25'), registerType: 'adult' }));
    expect(teen.registerType).toBe('adult');
    const options = desk().options();
    const branch = options.branches[0]!.id;
    const group = options.groups[0]!.code;
    const fixed = desk().update({ id: teen.id, expectedVersion: 1, groups: [group], branchId: branch });
    expect(fixed).toMatchObject({ groups: [group], branchId: branch });
    expect(actions(teen.id)).toEqual(['borrower.create', 'borrower.update']);
  });
});
