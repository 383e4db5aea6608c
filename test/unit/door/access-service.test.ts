import { describe, expect, it } from 'vitest';
import {
  DoorAccessService,
  DoorKeyMismatchError,
  buildEntitlementsFromRegister,
  doorAuthorizer,
  eraseEntitlement,
  purgeErasedEntitlements,
  purgeVisits,
  readLockout,
  recentVisits,
  upsertEntitlement,
} from '../../../src/main/door';
import { hashPassword } from '../../../src/main/desk/passwords';
import type { DoorPolicy } from '../../../src/shared/door/policy';
import { buildPersonnummer } from '../../../src/shared/identity/build';
import { cardCredential, doorDatabase, identityCredential, otherKey, policy, testKey, usualHours } from './helpers';
import { FakeClock } from '../../helpers/clock';

const pnr = buildPersonnummer({ birthDate: '1985-04-12', serial: 123 })!;
const child = buildPersonnummer({ birthDate: '2014-03-01', serial: 456 })!;

function setup(policies: Record<string, DoorPolicy> = { malmo: policy({ pinPolicy: 'required', maxPinFailures: 3, lockoutMinutes: 15, minAge: 15, underAgeRequiresGuardianConsent: true }) }) {
  const db = doorDatabase();
  // Wednesday 10 June 2026, 12:00 in Stockholm.
  const clock = new FakeClock('2026-06-10T10:00:00Z');
  upsertEntitlement(
    db,
    testKey,
    { borrowerId: 'adult', registerType: 'adult', birthDate: '1985-04-12', validUntil: null, identityNumbers: [pnr], cardNumbers: ['29001000012345'], pin: '4711' },
    clock.date(),
  );
  upsertEntitlement(db, testKey, { borrowerId: 'kid', registerType: 'minor', birthDate: '2014-03-01', validUntil: null, identityNumbers: [child], pin: '1111' }, clock.date());
  const service = new DoorAccessService({ db, key: testKey, now: clock.date, policyFor: (branch) => policies[branch] });
  return { db, clock, service };
}

const visits = (db: ReturnType<typeof doorDatabase>) =>
  db.prepare('SELECT at, branch_id, result, detail, credential_prefix FROM door_visit ORDER BY id').all() as {
    at: string;
    branch_id: string;
    result: string;
    detail: string | null;
    credential_prefix: string | null;
  }[];

describe('DoorAccessService', () => {
  it('admits by identity number or card with the PIN, from the local database alone, and logs the visit', () => {
    const { db, service } = setup();
    const byId = service.decide('malmo', identityCredential(pnr), '4711');
    expect(byId).toMatchObject({ admit: true, reason: 'admitted', branchId: 'malmo', messages: { borrower: 'door.reason.admitted' } });
    expect(service.decide('malmo', cardCredential('29001000012345'), '4711').admit).toBe(true);
    const log = visits(db);
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({ at: '2026-06-10T10:00:00.000Z', branch_id: 'malmo', result: 'admitted', detail: null });
    expect(log[0]!.credential_prefix).toMatch(/^[0-9a-f]{4}$/);
    expect(JSON.stringify(log)).not.toContain(pnr);
  });

  it('gives each refusal its reason and logs it', () => {
    const { db, service, clock } = setup();
    expect(service.decide('malmo', identityCredential(pnr)).reason).toBe('pin-required');
    expect(service.decide('malmo', cardCredential('000000')).reason).toBe('unknown-card');
    expect(service.decide('malmo', cardCredential('29001000012345', 'item'), '4711')).toMatchObject({ reason: 'unknown-card', detail: 'not-a-patron-credential' });
    expect(service.decide('malmo', identityCredential(child), '1111')).toMatchObject({ reason: 'guardian-consent-missing', params: { minAge: 15 } });
    expect(service.decide('lund', identityCredential(pnr), '4711')).toMatchObject({ reason: 'closed', detail: 'no-policy' });
    clock.set('2026-06-10T23:00:00Z');
    expect(service.decide('malmo', identityCredential(pnr), '4711').admit).toBe(true); // the test policy is open round the clock
    expect(visits(db).map((v) => v.result)).toEqual(['pin-required', 'unknown-card', 'unknown-card', 'guardian-consent-missing', 'closed', 'admitted']);
    // No credential prefix for an item tag, nor outside the hours / without a policy (the card is not looked up).
    expect(visits(db).map((v) => v.credential_prefix === null)).toEqual([false, false, true, false, true, false]);
  });

  it('does not look at the card outside the hours: no lookup, no PIN counted', () => {
    const { db, clock } = setup();
    const service = new DoorAccessService({ db, key: testKey, now: clock.date, policyFor: () => policy({ schedule: usualHours(), pinPolicy: 'required' }) });
    clock.set('2026-06-10T02:00:00Z');
    expect(service.decide('malmo', identityCredential(pnr), '0000')).toMatchObject({ reason: 'closed' });
    expect(readLockout(db, 'adult')).toEqual({ failures: 0, lockedUntil: null });
    expect(visits(db)[0]).toMatchObject({ result: 'closed', credential_prefix: null });
  });

  it('locks out after N wrong PINs in a row, across the borrower’s cards, and unlocks after the lockout time', () => {
    const { db, service, clock } = setup();
    expect(service.decide('malmo', identityCredential(pnr), '0000')).toMatchObject({ reason: 'pin-wrong', params: { attemptsLeft: 2 } });
    expect(service.decide('malmo', cardCredential('29001000012345'), '0001')).toMatchObject({ reason: 'pin-wrong', params: { attemptsLeft: 1 } });
    expect(service.decide('malmo', identityCredential(pnr), '0002')).toMatchObject({ reason: 'locked-out', detail: 'lockout-started', params: { minutes: 15 } });
    expect(readLockout(db, 'adult')).toEqual({ failures: 3, lockedUntil: new Date('2026-06-10T10:15:00Z') });

    clock.advanceMinutes(14);
    expect(service.decide('malmo', cardCredential('29001000012345'), '4711')).toMatchObject({ reason: 'locked-out', params: { minutes: 1 } });
    clock.advanceMinutes(1);
    expect(service.decide('malmo', cardCredential('29001000012345'), '4711').reason).toBe('admitted');
    expect(readLockout(db, 'adult')).toEqual({ failures: 0, lockedUntil: null });
    expect(db.prepare('SELECT count(*) AS n FROM door_pin_failure').get()).toEqual({ n: 0 });
  });

  it('resets the failure count on a correct PIN', () => {
    const { db, service } = setup();
    service.decide('malmo', identityCredential(pnr), '0000');
    service.decide('malmo', identityCredential(pnr), '0000');
    expect(readLockout(db, 'adult').failures).toBe(2);
    expect(service.decide('malmo', identityCredential(pnr), '4711').admit).toBe(true);
    expect(readLockout(db, 'adult').failures).toBe(0);
    expect(service.decide('malmo', identityCredential(pnr), '0000')).toMatchObject({ params: { attemptsLeft: 2 } });
  });

  it('says erased after erasure from sync, unknown once the tombstone is purged', () => {
    const { db, service, clock } = setup();
    service.decide('malmo', identityCredential(pnr), '0000');
    eraseEntitlement(db, 'adult', clock.date());
    expect(readLockout(db, 'adult')).toEqual({ failures: 0, lockedUntil: null });
    expect(service.decide('malmo', identityCredential(pnr), '4711').reason).toBe('erased');
    expect(service.decide('malmo', cardCredential('29001000012345')).reason).toBe('erased');
    clock.advanceMinutes(31 * 24 * 60);
    purgeErasedEntitlements(db, clock.date());
    expect(service.decide('malmo', identityCredential(pnr), '4711').reason).toBe('unknown-card');
  });

  it('keeps the visit log 30 days', () => {
    const { db, service, clock } = setup();
    service.decide('malmo', identityCredential(pnr), '4711');
    clock.advanceMinutes(20 * 24 * 60);
    service.decide('malmo', identityCredential(pnr), '4711');
    clock.advanceMinutes(10 * 24 * 60);
    expect(purgeVisits(db, clock.date())).toBe(0); // the first is exactly 30 days old
    clock.advanceMinutes(1);
    expect(purgeVisits(db, clock.date())).toBe(1);
    expect(recentVisits(db).map((v) => v.at)).toEqual(['2026-06-30T10:00:00.000Z']);
  });

  it('writes the visit and the PIN state in one transaction: a failed write leaves neither, and the door stays shut', () => {
    const { db, service } = setup();
    db.exec(`CREATE TEMP TRIGGER visit_fails BEFORE INSERT ON door_visit BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    expect(service.decide('malmo', identityCredential(pnr), '0000')).toMatchObject({ admit: false, reason: 'closed', detail: 'unavailable' });
    expect(readLockout(db, 'adult')).toEqual({ failures: 0, lockedUntil: null });
    db.exec('DROP TRIGGER visit_fails');
    expect(service.decide('malmo', identityCredential(pnr), '0000').reason).toBe('pin-wrong');
  });

  it('fails closed when the policy lookup throws', () => {
    const { db, clock } = setup();
    const service = new DoorAccessService({
      db,
      key: testKey,
      now: clock.date,
      policyFor: () => {
        throw new Error('settings unreadable');
      },
    });
    expect(service.decide('malmo', identityCredential(pnr), '4711')).toMatchObject({ admit: false, reason: 'closed', detail: 'no-policy' });
  });

  it('refuses to start with a key other than the one the cache was built with', () => {
    const { db, clock } = setup();
    expect(() => new DoorAccessService({ db, key: otherKey, now: clock.date, policyFor: () => policy() })).toThrow(DoorKeyMismatchError);
  });
});

describe('embedded mode: the desk’s register cache feeds the door', () => {
  it('admits a registered borrower by identity number and card after buildEntitlementsFromRegister, with the register’s PIN', async () => {
    const db = doorDatabase();
    db.exec(`INSERT INTO library (id, name, country) VALUES ('malmo', 'Malmö stadsbibliotek', 'SE')`);
    db.prepare(
      `INSERT INTO borrower (id, library_id, register_type, identity_kind, identity_number, birth_date, first_name, last_name, email,
        pin_hash, agreement_accepted_at, created_at, created_by, updated_at)
       VALUES ('b1', 'malmo', 'adult', 'se-personnummer', ?, '1985-04-12', 'Anna', 'Andersson', 'anna@example.se', ?, 'x', 'x', 'x', 'x')`,
    ).run(pnr, await hashPassword('2580'));
    db.prepare(`INSERT INTO card (number, borrower_id, added_at) VALUES ('29001000099999', 'b1', 'x')`).run();
    const clock = new FakeClock('2026-06-10T10:00:00Z');
    buildEntitlementsFromRegister(db, testKey, clock.date());
    const service = new DoorAccessService({ db, key: testKey, now: clock.date, policyFor: () => policy({ pinPolicy: 'required' }) });
    expect(service.decide('malmo', identityCredential(`${pnr.slice(2, 8)}-${pnr.slice(8)}`), '2580').reason).toBe('admitted');
    expect(service.decide('malmo', cardCredential('29001000099999'), '0000').reason).toBe('pin-wrong');
  });
});

describe('doorAuthorizer', () => {
  it('answers the hardware service’s authorize seam', () => {
    const { service } = setup({ malmo: policy() });
    const authorize = doorAuthorizer(service, 'malmo');
    expect(authorize(identityCredential(pnr))).toEqual({ allow: true });
    expect(authorize(cardCredential('000000'))).toEqual({ allow: false, reason: 'unknown-card' });
  });
});
