import { describe, expect, it } from 'vitest';
import { DoorAccessService, MemoryDoorFeedKeyStore, doorAuthorizer, forgetFeedEntitlement, purgeVisits, readLockout, recentVisits } from '../../../src/main/door';
import { hashPassword } from '../../../src/common/passwords';
import type { DoorPolicy } from '../../../src/shared/door/policy';
import { buildPersonnummer } from '../../../src/shared/identity/build';
import { feedDoor } from '../../helpers/door-feed';
import { cardCredential, doorDatabase, identityCredential, policy, usualHours } from './helpers';
import { FakeClock } from '../../helpers/clock';

const pnr = buildPersonnummer({ birthDate: '1985-04-12', serial: 123 })!;
const child = buildPersonnummer({ birthDate: '2014-03-01', serial: 456 })!;

const pins = { adult: hashPassword('4711'), kid: hashPassword('1111') };

async function setup(policies: Record<string, DoorPolicy> = { malmo: policy({ pinPolicy: 'required', maxPinFailures: 3, lockoutMinutes: 15, minAge: 15, underAgeRequiresGuardianConsent: true }) }) {
  const db = doorDatabase();
  const keys = new MemoryDoorFeedKeyStore();
  // Wednesday 10 June 2026, 12:00 in Stockholm.
  const clock = new FakeClock('2026-06-10T10:00:00Z');
  await feedDoor(db, keys, [
    { ref: 'adult', identityNumber: pnr, cards: ['29001000012345'], pinHash: await pins.adult },
    { ref: 'kid', identityNumber: child, registerType: 'minor', ageBand: 'under-15', pinHash: await pins.kid },
  ]);
  const service = new DoorAccessService({ db, keys, now: clock.date, policyFor: (branch) => policies[branch] });
  return { db, clock, service, keys };
}

const visits = (db: ReturnType<typeof doorDatabase>) =>
  db.prepare('SELECT at, branch_id, result, detail, credential_prefix FROM door_visit ORDER BY id').all() as {
    at: string;
    branch_id: string;
    result: string;
    detail: string | null;
    credential_prefix: string | null;
  }[];

// PIN checks are scrypt at the register's cost (2^15): a few hundred ms each on a loaded machine.
describe('DoorAccessService', { timeout: 20_000 }, () => {
  it('admits by identity number or card with the PIN, from the local database alone, and logs the visit', async () => {
    const { db, service } = await setup();
    const byId = await service.decide('malmo', identityCredential(pnr), '4711');
    expect(byId).toMatchObject({ admit: true, reason: 'admitted', branchId: 'malmo', messages: { borrower: 'door.reason.admitted' } });
    expect((await service.decide('malmo', cardCredential('29001000012345'), '4711')).admit).toBe(true);
    const log = visits(db);
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({ at: '2026-06-10T10:00:00.000Z', branch_id: 'malmo', result: 'admitted', detail: null });
    expect(log[0]!.credential_prefix).toMatch(/^[0-9a-f]{4}$/);
    expect(JSON.stringify(log)).not.toContain(pnr);
  });

  it('gives each refusal its reason and logs it', async () => {
    const { db, service, clock } = await setup();
    expect((await service.decide('malmo', identityCredential(pnr))).reason).toBe('pin-required');
    expect((await service.decide('malmo', cardCredential('000000'))).reason).toBe('unknown-card');
    expect(await service.decide('malmo', cardCredential('29001000012345', 'item'), '4711')).toMatchObject({ reason: 'unknown-card', detail: 'not-a-patron-credential' });
    expect(await service.decide('malmo', identityCredential(child), '1111')).toMatchObject({ reason: 'guardian-consent-missing', params: { minAge: 15 } });
    expect(await service.decide('lund', identityCredential(pnr), '4711')).toMatchObject({ reason: 'closed', detail: 'no-policy' });
    clock.set('2026-06-10T23:00:00Z');
    expect((await service.decide('malmo', identityCredential(pnr), '4711')).admit).toBe(true); // the test policy is open round the clock
    expect(visits(db).map((v) => v.result)).toEqual(['pin-required', 'unknown-card', 'unknown-card', 'guardian-consent-missing', 'closed', 'admitted']);
    // No credential prefix for an item tag, nor outside the hours / without a policy (the card is not looked up).
    expect(visits(db).map((v) => v.credential_prefix === null)).toEqual([false, false, true, false, true, false]);
  });

  it('does not look at the card outside the hours: no lookup, no PIN counted', async () => {
    const { db, clock, keys } = await setup();
    const service = new DoorAccessService({ db, keys, now: clock.date, policyFor: () => policy({ schedule: usualHours(), pinPolicy: 'required' }) });
    clock.set('2026-06-10T02:00:00Z');
    expect(await service.decide('malmo', identityCredential(pnr), '0000')).toMatchObject({ reason: 'closed' });
    expect(readLockout(db, 'adult')).toEqual({ failures: 0, lockedUntil: null });
    expect(visits(db)[0]).toMatchObject({ result: 'closed', credential_prefix: null });
  });

  it('locks out after N wrong PINs in a row, across the borrower’s cards, and unlocks after the lockout time', async () => {
    const { db, service, clock } = await setup();
    expect(await service.decide('malmo', identityCredential(pnr), '0000')).toMatchObject({ reason: 'pin-wrong', params: { attemptsLeft: 2 } });
    expect(await service.decide('malmo', cardCredential('29001000012345'), '0001')).toMatchObject({ reason: 'pin-wrong', params: { attemptsLeft: 1 } });
    expect(await service.decide('malmo', identityCredential(pnr), '0002')).toMatchObject({ reason: 'locked-out', detail: 'lockout-started', params: { minutes: 15 } });
    expect(readLockout(db, 'adult')).toEqual({ failures: 3, lockedUntil: new Date('2026-06-10T10:15:00Z') });

    clock.advanceMinutes(14);
    expect(await service.decide('malmo', cardCredential('29001000012345'), '4711')).toMatchObject({ reason: 'locked-out', params: { minutes: 1 } });
    clock.advanceMinutes(1);
    expect((await service.decide('malmo', cardCredential('29001000012345'), '4711')).reason).toBe('admitted');
    expect(readLockout(db, 'adult')).toEqual({ failures: 0, lockedUntil: null });
    expect(db.prepare('SELECT count(*) AS n FROM door_pin_failure').get()).toEqual({ n: 0 });
  });

  it('resets the failure count on a correct PIN', async () => {
    const { db, service } = await setup();
    await service.decide('malmo', identityCredential(pnr), '0000');
    await service.decide('malmo', identityCredential(pnr), '0000');
    expect(readLockout(db, 'adult').failures).toBe(2);
    expect((await service.decide('malmo', identityCredential(pnr), '4711')).admit).toBe(true);
    expect(readLockout(db, 'adult').failures).toBe(0);
    expect(await service.decide('malmo', identityCredential(pnr), '0000')).toMatchObject({ params: { attemptsLeft: 2 } });
  });

  it('refuses a borrower erased on the register (id-only pull) as unknown, and forgets their PIN failures', async () => {
    const { db, service } = await setup();
    await service.decide('malmo', identityCredential(pnr), '0000');
    expect(readLockout(db, 'adult').failures).toBe(1);
    expect(forgetFeedEntitlement(db, 'adult')).toBe(2);
    expect(readLockout(db, 'adult')).toEqual({ failures: 0, lockedUntil: null });
    expect((await service.decide('malmo', identityCredential(pnr), '4711')).reason).toBe('unknown-card');
    expect((await service.decide('malmo', cardCredential('29001000012345'))).reason).toBe('unknown-card');
  });

  it('refuses a borrower the feed lists as blocked, after the right PIN (the PIN comes before the account state)', async () => {
    const { db, service, keys } = await setup();
    await feedDoor(db, keys, [{ ref: 'adult', identityNumber: pnr, cards: ['29001000012345'], blocked: true, pinHash: await pins.adult }], 2);
    expect((await service.decide('malmo', cardCredential('29001000012345'))).reason).toBe('pin-required');
    expect((await service.decide('malmo', cardCredential('29001000012345'), '4711')).reason).toBe('blocked');
    // The refresh dropped what the register no longer lists.
    expect((await service.decide('malmo', identityCredential(child), '1111')).reason).toBe('unknown-card');
  });

  it('keeps the visit log 30 days', async () => {
    const { db, service, clock } = await setup();
    await service.decide('malmo', identityCredential(pnr), '4711');
    clock.advanceMinutes(20 * 24 * 60);
    await service.decide('malmo', identityCredential(pnr), '4711');
    clock.advanceMinutes(10 * 24 * 60);
    expect(purgeVisits(db, clock.date())).toBe(0); // the first is exactly 30 days old
    clock.advanceMinutes(1);
    expect(purgeVisits(db, clock.date())).toBe(1);
    expect(recentVisits(db).map((v) => v.at)).toEqual(['2026-06-30T10:00:00.000Z']);
  });

  it('writes the visit and the PIN state in one transaction: a failed write leaves neither, and the door stays shut', async () => {
    const { db, service } = await setup();
    db.exec(`CREATE TEMP TRIGGER visit_fails BEFORE INSERT ON door_visit BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    expect(await service.decide('malmo', identityCredential(pnr), '0000')).toMatchObject({ admit: false, reason: 'closed', detail: 'unavailable' });
    expect(readLockout(db, 'adult')).toEqual({ failures: 0, lockedUntil: null });
    db.exec('DROP TRIGGER visit_fails');
    expect((await service.decide('malmo', identityCredential(pnr), '0000')).reason).toBe('pin-wrong');
  });

  it('fails closed when the policy lookup throws', async () => {
    const { db, clock, keys } = await setup();
    const service = new DoorAccessService({
      db,
      keys,
      now: clock.date,
      policyFor: () => {
        throw new Error('settings unreadable');
      },
    });
    expect(await service.decide('malmo', identityCredential(pnr), '4711')).toMatchObject({ admit: false, reason: 'closed', detail: 'no-policy' });
  });

  it('calls every card unknown while it has no key (a new door before its first refresh), and decides once the key is back', async () => {
    const { db, clock, keys } = await setup({ malmo: policy() });
    const saved = keys.load()!;
    keys.clear();
    const service = new DoorAccessService({ db, keys, now: clock.date, policyFor: () => policy() });
    expect((await service.decide('malmo', identityCredential(pnr))).reason).toBe('unknown-card');
    keys.save(saved);
    expect((await service.decide('malmo', identityCredential(pnr))).reason).toBe('admitted');
  });
});

describe('identity numbers as the card layer gives them', () => {
  it('admits by a Swedish personnummer typed in its short form (normalised before hashing)', async () => {
    const { service } = await setup({ malmo: policy() });
    expect((await service.decide('malmo', identityCredential(`${pnr.slice(2, 8)}-${pnr.slice(8)}`))).reason).toBe('admitted');
  });
});

describe('doorAuthorizer', () => {
  it('answers the hardware service’s authorize seam', async () => {
    const { service } = await setup({ malmo: policy() });
    const authorize = doorAuthorizer(service, 'malmo');
    expect(await authorize(identityCredential(pnr))).toEqual({ allow: true });
    expect(await authorize(cardCredential('000000'))).toEqual({ allow: false, reason: 'unknown-card' });
  });
});
