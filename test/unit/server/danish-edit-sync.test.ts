import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from '../../../src/server/db/sql';
import { doorCardHash } from '../../../src/common/door-hash';
import { allocateAltNumber } from '../../../src/server/sync/alt-number';
import { isGeneratedAltNumber } from '../../../src/shared/desk/alt-number';
import { buildCpr } from '../../../src/shared/identity/build';
import type { DoorEntitlementsResponse } from '../../../src/shared/sync/protocol';
import { describeEachBackend } from '../../helpers/postgres';
import { copenhagenBorrower, createMutation, pullAll, pushOne, startRegister, updateMutation, type TestRegister, type TestTerminal } from '../../helpers/register-fixture';

/** A Copenhagen borrower's columns: a CPR number of its own, the library kk. */
const dane = (overrides: Parameters<typeof copenhagenBorrower>[1] = {}) => copenhagenBorrower('1975-04-02', overrides);

/**
 * Issue 11, Danish libraries: the address and the alternative borrower number edited at a desk reach the register with
 * the registration's rules (the same zod schema), the own-library rule of every borrower edit, a unique number, and the
 * door feed (the old number's hash goes, the new one's comes); the register allocates generated numbers.
 */
describeEachBackend('danish borrower edits on the register (%s)', { timeout: 30_000 }, (backend) => {
  let register: TestRegister;
  let kkDesk: TestTerminal;
  let malmoDesk: TestTerminal;
  beforeAll(async () => {
    register = await startRegister({ backend, now: () => new Date('2027-06-01T12:00:00.000Z') });
    kkDesk = await register.terminal('desk', 'Desk København', 'kk');
    malmoDesk = await register.terminal('desk', 'Desk Malmö', 'malmo');
  }, 60_000);
  afterAll(() => register?.stop());

  const row = async (id: string) => (await register.db.query(sql`SELECT street, postcode, town, alt_number, version FROM borrower WHERE id = ${id}`))[0];
  const feedHashes = async (id: string) => {
    const door = await register.terminal('door', 'Door København', 'kk');
    const feed = (await (await door.get('/sync/door-entitlements?limit=500')).json()) as DoorEntitlementsResponse;
    return { hashes: feed.entitlements.find((e) => e.ref === id)?.cardHashes, hash: (n: string) => doorCardHash(n, feed.hash) };
  };

  it('changes the address and the alternative number; the door feed follows; removing the number is allowed', async () => {
    const fields = dane({ alt_number: '51000001', street: 'Krystalgade 15', postcode: '1172', town: 'København K' });
    expect(await pushOne(kkDesk, createMutation(fields))).toMatchObject({ status: 'applied' });
    const before = await feedHashes(fields.id);
    expect(before.hashes).toEqual([before.hash('51000001')]);

    const door = await register.terminal('door', 'Door København 2', 'kk');
    const { cursor } = await pullAll(door);
    const edit = updateMutation(fields.id, {
      alt_number: { from: '51000001', to: '51000002' },
      street: { from: 'Krystalgade 15', to: 'Nørregade 1' },
      postcode: { from: '1172', to: '1165' },
    });
    expect(await pushOne(kkDesk, edit)).toMatchObject({ status: 'applied' });
    expect(await row(fields.id)).toEqual({ street: 'Nørregade 1', postcode: '1165', town: 'København K', alt_number: '51000002', version: 2 });
    // Doors are told to fetch the entry at once (door.entitlement), and the entry has the new number's hash only.
    expect((await pullAll(door, cursor)).changes.filter((c) => c.kind === 'door.entitlement').map((c) => c.data)).toEqual([{ id: fields.id }]);
    const after = await feedHashes(fields.id);
    expect(after.hashes).toEqual([after.hash('51000002')]);

    expect(await pushOne(kkDesk, updateMutation(fields.id, { alt_number: { from: '51000002', to: null } }))).toMatchObject({ status: 'applied' });
    expect((await row(fields.id))?.alt_number).toBeNull();
    expect((await feedHashes(fields.id)).hashes).toEqual([]);
  });

  it('keeps a number another borrower holds with its holder: the edit is noted, nothing of it applied', async () => {
    const holder = dane({ alt_number: '51000010' });
    const other = dane({ alt_number: '51000011' });
    for (const f of [holder, other]) expect(await pushOne(kkDesk, createMutation(f))).toMatchObject({ status: 'applied' });
    const result = await pushOne(kkDesk, updateMutation(other.id, { alt_number: { from: '51000011', to: '51000010' } }));
    expect(result).toMatchObject({ status: 'applied', notes: [expect.any(String)] });
    expect((await row(other.id))?.alt_number).toBe('51000011');
    expect(await register.db.query(sql`SELECT field, kind FROM conflict_note WHERE borrower_id = ${other.id}`)).toEqual([{ field: 'alt_number', kind: 'unique' }]);
  });

  it('validates with the registration schema: a CPR number, letters or an overlong street are refused', async () => {
    const fields = dane();
    expect(await pushOne(kkDesk, createMutation(fields))).toMatchObject({ status: 'applied' });
    const cprAsNumber = buildCpr({ birthDate: '1980-01-15', sequence: 4321 })!;
    const edits: Record<string, { from: unknown; to: unknown }>[] = [{ alt_number: { from: null, to: cprAsNumber } }, { alt_number: { from: null, to: '12a456' } }, { street: { from: null, to: 'x'.repeat(201) } }];
    for (const changes of edits) {
      expect(await pushOne(kkDesk, updateMutation(fields.id, changes))).toMatchObject({ status: 'rejected', reason: 'invalid-value' });
    }
    expect(await pushOne(kkDesk, createMutation(dane({ alt_number: cprAsNumber })))).toMatchObject({ status: 'rejected', reason: 'invalid-payload' });
    expect(await row(fields.id)).toMatchObject({ alt_number: null, street: null, version: 1 });
  });

  it('takes the edit only from a desk of the borrower’s own library', async () => {
    const fields = dane({ alt_number: '51000020' });
    expect(await pushOne(kkDesk, createMutation(fields))).toMatchObject({ status: 'applied' });
    expect(await pushOne(malmoDesk, updateMutation(fields.id, { alt_number: { from: '51000020', to: '51000021' } }))).toMatchObject({
      status: 'rejected',
      reason: 'forbidden-library',
    });
    expect((await row(fields.id))?.alt_number).toBe('51000020');
  });

  it('sends no address of a borrower under name and address protection to terminals outside the central office', async () => {
    const fields = dane({ library_id: null, protected: 1, address_protected: 1, street: 'Hemmeligvej 7', postcode: '2100', town: 'København Ø' });
    // A desk registers a protected identity into no library (the central register's office looks after it).
    expect(await pushOne(kkDesk, createMutation(fields))).toMatchObject({ status: 'applied' });
    const desk = await register.terminal('desk', 'Desk København 2', 'kk');
    const upsert = (await pullAll(desk)).changes.filter((c) => c.kind === 'borrower.upsert' && (c.data as { row: { id: string } }).row.id === fields.id).at(-1);
    expect(upsert?.data).toMatchObject({ row: { street: null, postcode: null, town: null, first_name: '' } });
    expect(JSON.stringify(upsert)).not.toContain('Hemmeligvej');
  });

  it('allocates generated numbers to desks of Danish libraries only, each once, never one in use', async () => {
    const post = (t: TestTerminal) => fetch(new URL('/sync/alt-number', register.url), { method: 'POST', headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' }, body: '{}' });
    const first = (await (await post(kkDesk)).json()) as { altNumber: string };
    const second = (await (await post(kkDesk)).json()) as { altNumber: string };
    expect(isGeneratedAltNumber(first.altNumber)).toBe(true);
    expect(second.altNumber).not.toBe(first.altNumber);
    expect(await register.db.query(sql`SELECT count(*)::int AS n FROM alt_number_allocation WHERE alt_number IN (${first.altNumber}, ${second.altNumber})`)).toEqual([{ n: 2 }]);
    expect((await post(malmoDesk)).status).toBe(403);
    expect((await post(await register.terminal('kiosk', 'Kiosk København 2', 'kk'))).status).toBe(403);

    // A number held by a borrower or handed out before is skipped: the draws 0, 0, 1 give the second candidate.
    const draws = [0, 0, 1];
    const inUse = dane({ alt_number: '100000009' });
    expect(await pushOne(kkDesk, createMutation(inUse))).toMatchObject({ status: 'applied' });
    expect(await allocateAltNumber(register.db, kkDesk.id, '2027-06-01T12:00:00.000Z', () => draws.shift()!)).toBe('100000017');
  });

  it('allocates numbers to the central register office’s desk too, which alone sets a protected borrower’s number; other libraries’ desks get none', async () => {
    // The office is a Swedish library with an active central staff member (protected-fields.ts), as in the demo.
    expect((await register.admin('PUT', '/admin/libraries/central', { name: 'Centralregistret', country: 'SE', municipality: 'Stockholm' })).status).toBe(200);
    const staff = { libraryId: 'central', email: `central.${backend}@register.example`, name: 'Cecilia Central', role: 'central', password: 'demo-admin' };
    expect((await register.admin('PUT', `/admin/staff/staff-central-${backend}`, staff)).status).toBe(200);
    const officeDesk = await register.terminal('desk', 'Desk Centralregistret', 'central');
    const lundDesk = await register.terminal('desk', 'Desk Lund', 'lund');
    const post = (t: TestTerminal) => fetch(new URL('/sync/alt-number', register.url), { method: 'POST', headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' }, body: '{}' });

    const answer = await post(officeDesk);
    expect(answer.status).toBe(200);
    const { altNumber } = (await answer.json()) as { altNumber: string };
    expect(isGeneratedAltNumber(altNumber)).toBe(true);
    expect(await register.db.query(sql`SELECT terminal_id FROM alt_number_allocation WHERE alt_number = ${altNumber}`)).toEqual([{ terminal_id: officeDesk.id }]);
    // The number it was given is one it may set: on a protected Danish borrower (no library).
    const hidden = dane({ library_id: null, protected: 1, address_protected: 1, alt_number: '51000030' });
    expect(await pushOne(kkDesk, createMutation(hidden))).toMatchObject({ status: 'applied' });
    expect(await pushOne(officeDesk, updateMutation(hidden.id, { alt_number: { from: '51000030', to: altNumber } }))).toMatchObject({ status: 'applied' });
    expect((await row(hidden.id))?.alt_number).toBe(altNumber);

    // Another library's desk, Swedish, and the office's kiosk: refused, nothing allocated.
    const allocations = async () => (await register.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM alt_number_allocation`))[0]!.n;
    const before = await allocations();
    for (const t of [lundDesk, malmoDesk, await register.terminal('kiosk', 'Kiosk Centralregistret', 'central')]) {
      const refused = await post(t);
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ code: 'forbidden' });
    }
    // Without an active central staff member the office is a Swedish library like any other.
    await register.db.query(sql`UPDATE staff SET active = 0 WHERE id = ${`staff-central-${backend}`}`);
    expect((await post(officeDesk)).status).toBe(403);
    expect(await allocations()).toBe(before);
  });
});
