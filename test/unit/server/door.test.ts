import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPersonnummer } from '../../../src/shared/identity';
import { openDatabase } from '../../../src/main/db/open';
import { all, sql } from '../../../src/main/db/sql';
import { SyncClient } from '../../../src/main/sync/client';
import { MemoryCredentialStore } from '../../../src/main/sync/credential-store';
import { findDoorEntitlement } from '../../../src/main/sync/door';
import { doorCardHash, doorIdentityHash } from '../../../src/common/door-hash';
import type { DoorEntitlementsResponse } from '../../../src/shared/sync/protocol';
import { silentLogger } from '../../helpers/logger';
import { borrowerFields, createMutation, mutation, startRegister, updateMutation, type TestRegister } from '../sync/register-fixture';

/** Door kiosks get keyed slow hashes of identity numbers, never the numbers (SPEC 8). On PGlite. */
describe('door entitlements', { timeout: 30_000 }, () => {
  let register: TestRegister;
  beforeAll(async () => {
    register = await startRegister({ backend: 'pglite', now: () => new Date('2026-11-25T10:00:00Z') });
  }, 60_000);
  afterAll(() => register?.stop());

  it('lists each borrower with hashes, validity, block and an age band, and no identity number, card number or birth date', async () => {
    const desk = await register.terminal('desk');
    const door = await register.terminal('door');
    const child = borrowerFields({ birth_date: '2015-02-01', register_type: 'minor', guardian_name: 'Förälder', guardian_birth_date: '1980-01-01' });
    const teen = borrowerFields({ birth_date: '2010-01-01', blocked: 1 });
    const grown = borrowerFields({ birth_date: '1960-06-06', valid_until: '2027-01-01' });
    await desk.push([createMutation(child, { cards: ['CARD-CHILD'] }), createMutation(teen), createMutation(grown, { cards: ['CARD-A', 'CARD-B'] })]);

    expect((await desk.get('/sync/door-entitlements')).status).toBe(403);
    const pages: DoorEntitlementsResponse[] = [];
    let after = '';
    for (;;) {
      const response = await door.get(`/sync/door-entitlements?limit=2&after=${encodeURIComponent(after)}`);
      expect(response.status).toBe(200);
      const page = (await response.json()) as DoorEntitlementsResponse;
      pages.push(page);
      if (!page.next) break;
      after = page.next;
    }
    const entitlements = pages.flatMap((p) => p.entitlements);
    const hash = pages[0]!.hash;
    const byRef = new Map(entitlements.map((e) => [e.ref, e]));
    expect(byRef.get(child.id)).toMatchObject({ ageBand: 'under-15', blocked: false, cardHashes: [doorCardHash('CARD-CHILD', hash)] });
    expect(byRef.get(teen.id)).toMatchObject({ ageBand: '15-17', blocked: true });
    expect(byRef.get(grown.id)).toMatchObject({ ageBand: 'adult', validUntil: '2027-01-01', cardHashes: [doorCardHash('CARD-A', hash), doorCardHash('CARD-B', hash)] });
    expect(byRef.get(grown.id)!.identityHash).toBe(await doorIdentityHash(grown.identity_number, hash));
    const text = JSON.stringify(pages);
    for (const secret of [child.identity_number, teen.identity_number, grown.identity_number, 'CARD-A', '2015-02-01', '1960-06-06']) expect(text).not.toContain(secret);
  });

  it('feeds a door terminal that finds borrowers by scanned number or card, and forgets the erased', async () => {
    const desk = await register.terminal('desk');
    const db = openDatabase({ file: ':memory:' });
    const client = new SyncClient({ db, baseUrl: register.url, log: silentLogger, credentialStore: new MemoryCredentialStore() });
    await client.enrol(await register.enrolmentCode('door', { libraryId: 'malmo', branchId: 'malmo-limhamn' }), { terminalName: 'Door, Limhamn' });
    const kept = borrowerFields();
    const erased = borrowerFields();
    await desk.push([createMutation(kept, { cards: ['DOOR-1'] }), createMutation(erased, { cards: ['DOOR-2'] })]);
    await client.refreshDoorEntitlements(2);
    expect(await findDoorEntitlement(db, { identityNumber: kept.identity_number })).toMatchObject({ ref: kept.id, age_band: 'adult' });
    expect(await findDoorEntitlement(db, { cardNumber: 'DOOR-2' })).toMatchObject({ ref: erased.id });
    expect(await findDoorEntitlement(db, { identityNumber: '190001010000' })).toBeUndefined();
    // The door holds no raw numbers.
    const dump = JSON.stringify(all(db, sql`SELECT * FROM door_entitlement`)) + JSON.stringify(all(db, sql`SELECT * FROM door_card`));
    expect(dump).not.toContain(kept.identity_number);
    expect(dump).not.toContain('DOOR-1');
    // A door's pull carries id-only erasures: gone at the next sync, before the next full refresh.
    await desk.push([mutation('borrower.delete', { id: erased.id })]);
    await client.syncOnce();
    expect(await findDoorEntitlement(db, { cardNumber: 'DOOR-2' })).toBeUndefined();
    expect(all(db, sql`SELECT * FROM borrower`)).toEqual([]);
    // A corrected identity number is hashed again.
    const corrected = buildPersonnummer({ birthDate: kept.birth_date!, serial: 999 })!;
    await desk.push([updateMutation(kept.id, { identity_number: { from: kept.identity_number, to: corrected } })]);
    await client.refreshDoorEntitlements();
    expect(await findDoorEntitlement(db, { identityNumber: kept.identity_number })).toBeUndefined();
    expect(await findDoorEntitlement(db, { identityNumber: corrected })).toMatchObject({ ref: kept.id });
    db.close();
  });
});
