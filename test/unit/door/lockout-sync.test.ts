import { describe, expect, it } from 'vitest';
import { DoorAccessService, readLockout, upsertEntitlement } from '../../../src/main/door';
import { applyRemoteLockout } from '../../../src/main/door/pin-failures';
import { eraseLocally } from '../../../src/main/sync/apply';
import { all, sql } from '../../../src/main/db/sql';
import { buildPersonnummer } from '../../../src/shared/identity/build';
import { doorDatabase, identityCredential, manualClock, policy, testKey } from './helpers';

const pnr = buildPersonnummer({ birthDate: '1985-04-12', serial: 123 })!;

function setup() {
  const db = doorDatabase();
  const clock = manualClock('2026-06-10T10:00:00Z');
  upsertEntitlement(db, testKey, { borrowerId: 'adult', registerType: 'adult', birthDate: '1985-04-12', validUntil: null, identityNumbers: [pnr], pin: '4711' }, clock.now());
  const rules = policy({ pinPolicy: 'required', maxPinFailures: 3, lockoutMinutes: 15 });
  const service = new DoorAccessService({ db, key: testKey, now: clock.now, policyFor: () => rules });
  return { db, clock, service };
}

describe('door PIN lockouts and the register (issue 16, finding 4)', () => {
  it('sends a lockout it starts to the register, once, in the decision’s transaction', () => {
    const { db, service } = setup();
    for (const pin of ['0000', '0001', '0002']) service.decide('malmo', identityCredential(pnr), pin);
    expect(service.decide('malmo', identityCredential(pnr), '0003').reason).toBe('locked-out');
    expect(all(db, sql`SELECT kind, payload FROM outbox`)).toEqual([
      { kind: 'borrower.lockout', payload: JSON.stringify({ id: 'adult', lockedUntil: '2026-06-10T10:15:00.000Z' }) },
    ]);
  });

  it('refuses a borrower locked elsewhere even with the right PIN, until the later of the two locks ends', () => {
    const { db, service, clock } = setup();
    applyRemoteLockout(db, 'adult', '2026-06-10T10:20:00.000Z', clock.now());
    // An earlier lock from another terminal does not shorten it.
    applyRemoteLockout(db, 'adult', '2026-06-10T10:05:00.000Z', clock.now());
    expect(service.decide('malmo', identityCredential(pnr), '4711')).toMatchObject({ reason: 'locked-out', params: { minutes: 20 } });
    expect(readLockout(db, 'adult').lockedUntil).toEqual(new Date('2026-06-10T10:20:00Z'));
    clock.advanceMinutes(20);
    expect(service.decide('malmo', identityCredential(pnr), '4711').reason).toBe('admitted');
    // Applying a lock is not a new lock: nothing goes back to the register.
    expect(all(db, sql`SELECT kind FROM outbox`)).toEqual([]);
  });

  it('forgets a lock when the borrower is erased (erasure leaves no trace)', () => {
    const { db, clock } = setup();
    applyRemoteLockout(db, 'adult', '2026-06-10T10:20:00.000Z', clock.now());
    eraseLocally(db, 'adult');
    expect(readLockout(db, 'adult')).toEqual({ failures: 0, lockedUntil: null });
  });
});
