import { describe, expect, it } from 'vitest';
import { DoorAccessService, MemoryDoorFeedKeyStore, readLockout } from '../../../src/main/door';
import { applyRemoteLockout } from '../../../src/main/door/pin-failures';
import { eraseLocally } from '../../../src/main/sync/apply';
import { all, sql } from '../../../src/main/db/sql';
import { hashPassword } from '../../../src/common/passwords';
import { buildPersonnummer } from '../../../src/shared/identity/build';
import { feedDoor } from '../../helpers/door-feed';
import { doorDatabase, identityCredential, policy } from './helpers';
import { FakeClock } from '../../helpers/clock';

const pnr = buildPersonnummer({ birthDate: '1985-04-12', serial: 123 })!;

// The register's PIN hash is slow (scrypt 2^15): hashed once for the file.
const pinHash = hashPassword('4711');

async function setup() {
  const db = doorDatabase();
  const clock = new FakeClock('2026-06-10T10:00:00Z');
  const keys = new MemoryDoorFeedKeyStore();
  await feedDoor(db, keys, [{ ref: 'adult', identityNumber: pnr, ageBand: 'adult', pinHash: await pinHash }]);
  const rules = policy({ pinPolicy: 'required', maxPinFailures: 3, lockoutMinutes: 15 });
  const service = new DoorAccessService({ db, keys, now: clock.date, policyFor: () => rules });
  return { db, clock, service };
}

describe('door PIN lockouts and the register (issue 16, finding 4)', () => {
  it('sends a lockout it starts to the register, once, in the decision’s transaction', { timeout: 20_000 }, async () => {
    const { db, service } = await setup();
    for (const pin of ['0000', '0001', '0002']) await service.decide('malmo', identityCredential(pnr), pin);
    expect((await service.decide('malmo', identityCredential(pnr), '0003')).reason).toBe('locked-out');
    expect(all(db, sql`SELECT kind, payload FROM outbox`)).toEqual([
      { kind: 'borrower.lockout', payload: JSON.stringify({ id: 'adult', lockedUntil: '2026-06-10T10:15:00.000Z' }) },
    ]);
  });

  it('refuses a borrower locked elsewhere even with the right PIN, until the later of the two locks ends', { timeout: 20_000 }, async () => {
    const { db, service, clock } = await setup();
    applyRemoteLockout(db, 'adult', '2026-06-10T10:20:00.000Z', clock.date());
    // An earlier lock from another terminal does not shorten it.
    applyRemoteLockout(db, 'adult', '2026-06-10T10:05:00.000Z', clock.date());
    expect(await service.decide('malmo', identityCredential(pnr), '4711')).toMatchObject({ reason: 'locked-out', params: { minutes: 20 } });
    expect(readLockout(db, 'adult').lockedUntil).toEqual(new Date('2026-06-10T10:20:00Z'));
    clock.advanceMinutes(20);
    expect((await service.decide('malmo', identityCredential(pnr), '4711')).reason).toBe('admitted');
    // Applying a lock is not a new lock: no lockout goes back to the register (the admission queues its day of activity).
    expect(all(db, sql`SELECT kind FROM outbox WHERE kind = 'borrower.lockout'`)).toEqual([]);
  });

  it('forgets a lock when the borrower is erased (erasure leaves no trace)', async () => {
    const { db, clock } = await setup();
    applyRemoteLockout(db, 'adult', '2026-06-10T10:20:00.000Z', clock.date());
    eraseLocally(db, 'adult');
    expect(readLockout(db, 'adult')).toEqual({ failures: 0, lockedUntil: null });
  });
});
