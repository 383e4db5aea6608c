import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from '../../../src/server/db/sql';
import type { ConflictNote, FeeRow, ItemRow, LoanRow, Mutation, PullChange } from '../../../src/shared/sync/protocol';
import { describeEachBackend } from '../../helpers/postgres';
import { borrowerFields, createMutation, mutation, startRegister, testHash, type TestRegister, type TestTerminal } from '../../helpers/register-fixture';

/** Circulation on the register (push kinds loan.*, borrower.activity, borrower.pin; items and fees from the admin API), on PostgreSQL and PGlite. */
describeEachBackend('circulation on the register (%s)', { timeout: 30_000 }, (backend) => {
  let register: TestRegister;
  let clock = new Date('2027-06-01T12:00:00.000Z');
  let desk: TestTerminal;
  // Borrowers, PINs and erasures come from a desk: a kiosk may push circulation only (src/server/sync/authorization.ts).
  let registrar: TestTerminal;
  beforeAll(async () => {
    register = await startRegister({ backend, now: () => clock });
    desk = await register.terminal('kiosk', 'Kiosk Malmö');
    registrar = await register.terminal('desk', 'Desk Malmö');
  }, 60_000);
  afterAll(() => register?.stop());

  /** A mutation made on the terminal at `madeAt`. */
  const at = (m: Omit<Mutation, 'seq'>, madeAt: string): Omit<Mutation, 'seq'> => ({ ...m, createdAt: madeAt });
  const newBorrower = async () => {
    const fields = borrowerFields();
    const [r] = (await registrar.push([createMutation(fields)])).results;
    expect(r).toMatchObject({ status: 'applied' });
    return fields.id;
  };
  const newItem = async (extra: Record<string, unknown> = {}) => {
    const barcode = `39${randomUUID().replace(/\D/g, '').slice(0, 12)}`;
    const r = await register.admin('PUT', `/admin/items/${barcode}`, { title: 'Pippi Långstrump', author: 'Astrid Lindgren', branchId: 'malmo', ...extra });
    expect(r.status).toBe(200);
    return barcode;
  };
  const loan = async (id: string) => (await register.db.query<LoanRow & { anonymised_at: string | null }>(sql`SELECT * FROM loan WHERE id = ${id}`))[0];
  const item = async (barcode: string) => (await register.db.query<ItemRow>(sql`SELECT * FROM item WHERE barcode = ${barcode}`))[0];
  const borrower = async (id: string) => (await register.db.query<{ last_activity_at: string | null; pin_hash: string | null; version: number }>(sql`SELECT * FROM borrower WHERE id = ${id}`))[0];
  const notesFor = async (id: string) => (await register.db.query<{ details: ConflictNote }>(sql`SELECT details FROM conflict_note WHERE borrower_id = ${id} ORDER BY created_at`)).map((r) => r.details);
  const pullAll = async (t: TestTerminal) => {
    const changes: PullChange[] = [];
    let cursor = '0';
    for (;;) {
      const page = await t.pull(cursor, 1000);
      changes.push(...page.changes);
      cursor = page.cursor;
      if (!page.hasMore) return changes;
    }
  };
  const checkout = (id: string, itemBarcode: string, borrowerId: string, madeAt: string, dueDate = '2026-12-23') =>
    at(mutation('loan.checkout', { id, itemBarcode, borrowerId, dueDate }), madeAt);

  it('applies checkout, renewal and return, with item status and pulled rows', async () => {
    const b = await newBorrower();
    const barcode = await newItem();
    const id = randomUUID();
    const results = (
      await desk.push([
        checkout(id, barcode, b, '2026-11-25T10:00:00.000Z'),
        at(mutation('loan.renew', { id, dueDate: '2027-01-20' }), '2026-12-20T09:00:00.000Z'),
      ])
    ).results;
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect(await loan(id)).toMatchObject({ item_barcode: barcode, borrower_id: b, checked_out_at: '2026-11-25T10:00:00.000Z', due_date: '2027-01-20', renewals: 1, returned_at: null });
    expect(await item(barcode)).toMatchObject({ status: 'on-loan' });

    const [back] = (await desk.push([at(mutation('loan.checkin', { id, itemBarcode: barcode }), '2027-01-02T15:00:00.000Z')])).results;
    expect(back).toMatchObject({ status: 'applied' });
    expect(await loan(id)).toMatchObject({ returned_at: '2027-01-02T15:00:00.000Z' });
    expect(await item(barcode)).toMatchObject({ status: 'available' });

    const changes = await pullAll(desk);
    expect(changes.find((c) => c.kind === 'loan.upsert' && (c.data as LoanRow).id === id)?.data).toEqual({
      id,
      item_barcode: barcode,
      borrower_id: b,
      checked_out_at: '2026-11-25T10:00:00.000Z',
      due_date: '2027-01-20',
      renewals: 1,
      returned_at: '2027-01-02T15:00:00.000Z',
    });
    expect(changes.find((c) => c.kind === 'item.upsert' && (c.data as ItemRow).barcode === barcode)?.data).toMatchObject({ status: 'available', title: 'Pippi Långstrump' });
  });

  it('is idempotent: a repeated delivery and a re-sent checkout or return change nothing', async () => {
    const b = await newBorrower();
    const barcode = await newItem();
    const id = randomUUID();
    const first = checkout(id, barcode, b, '2026-11-25T10:00:00.000Z');
    await desk.push([first]);
    const again = await desk.push([first]);
    expect(again.results[0]).toMatchObject({ status: 'applied', duplicate: true });
    // The same loan under a new key (e.g. re-queued after a restore): still one loan.
    expect((await desk.push([checkout(id, barcode, b, '2026-11-25T10:00:00.000Z')])).results[0]).toMatchObject({ status: 'applied' });
    expect((await register.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM loan WHERE item_barcode = ${barcode}`))[0]!.n).toBe(1);
    const checkin = mutation('loan.checkin', { id, itemBarcode: barcode });
    await desk.push([at(checkin, '2026-11-26T10:00:00.000Z')]);
    // A second return of the closed loan and a return of a loan the register never heard of are no-ops.
    const late = await desk.push([at(mutation('loan.checkin', { id }), '2026-11-27T10:00:00.000Z'), mutation('loan.checkin', { id: randomUUID() })]);
    expect(late.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect(await loan(id)).toMatchObject({ returned_at: '2026-11-26T10:00:00.000Z' });
  });

  it('keeps both loans when two terminals lent the same item: the later stays open, the earlier is closed and noted', async () => {
    const [ann, ben, cai] = [await newBorrower(), await newBorrower(), await newBorrower()];
    const barcode = await newItem();
    const [first, second, third] = [randomUUID(), randomUUID(), randomUUID()];
    await desk.push([checkout(first, barcode, ann, '2026-11-25T10:00:00.000Z')]);
    const other = await register.terminal('kiosk', 'Kiosk Lund');
    const [r] = (await other.push([checkout(second, barcode, ben, '2026-11-25T11:00:00.000Z')])).results;
    expect(r).toMatchObject({ status: 'applied', notes: [expect.any(String)] });
    expect(await loan(first)).toMatchObject({ borrower_id: ann, returned_at: '2026-11-25T11:00:00.000Z' });
    expect(await loan(second)).toMatchObject({ borrower_id: ben, returned_at: null });
    const [note] = await notesFor(ann);
    expect(note).toMatchObject({
      kind: 'loan',
      field: 'loan',
      terminalName: 'Kiosk Lund',
      base: { itemBarcode: barcode },
      kept: { loanId: second, checkedOutAt: '2026-11-25T11:00:00.000Z' },
      notApplied: { loanId: first, checkedOutAt: '2026-11-25T10:00:00.000Z', returnedAt: '2026-11-25T11:00:00.000Z' },
    });
    // The note names no other borrower.
    expect(JSON.stringify(note)).not.toContain(ben);

    // A checkout made earlier (an offline kiosk) arriving now: recorded, already returned when the open one began.
    const [late] = (await desk.push([checkout(third, barcode, cai, '2026-11-25T10:30:00.000Z')])).results;
    expect(late).toMatchObject({ status: 'applied', notes: [expect.any(String)] });
    expect(await loan(third)).toMatchObject({ borrower_id: cai, checked_out_at: '2026-11-25T10:30:00.000Z', returned_at: '2026-11-25T11:00:00.000Z' });
    expect(await loan(second)).toMatchObject({ returned_at: null });
    expect(await item(barcode)).toMatchObject({ status: 'on-loan' });
    expect((await notesFor(cai))[0]).toMatchObject({ kind: 'loan', kept: { loanId: second }, notApplied: { loanId: third } });
  });

  it('closes an earlier open loan of the same borrower and item without a note', async () => {
    const b = await newBorrower();
    const barcode = await newItem();
    const [first, second] = [randomUUID(), randomUUID()];
    await desk.push([checkout(first, barcode, b, '2026-11-25T10:00:00.000Z'), checkout(second, barcode, b, '2026-11-25T10:05:00.000Z')]);
    expect(await loan(first)).toMatchObject({ returned_at: '2026-11-25T10:05:00.000Z' });
    expect(await loan(second)).toMatchObject({ returned_at: null });
    expect(await notesFor(b)).toEqual([]);
  });

  it('rejects a renewal of a returned loan with a reason, and defers one of a loan it does not know', async () => {
    const b = await newBorrower();
    const barcode = await newItem();
    const id = randomUUID();
    await desk.push([checkout(id, barcode, b, '2026-11-25T10:00:00.000Z'), at(mutation('loan.checkin', { id, itemBarcode: barcode }), '2026-11-26T10:00:00.000Z')]);
    const results = (await desk.push([at(mutation('loan.renew', { id, dueDate: '2027-01-01' }), '2026-11-27T10:00:00.000Z'), mutation('loan.renew', { id: randomUUID(), dueDate: '2027-01-01' })]))
      .results;
    expect(results[0]).toMatchObject({ status: 'rejected', reason: 'loan-returned' });
    expect(results[1]).toEqual(expect.objectContaining({ status: 'deferred', reason: 'unknown-loan' }));
    expect(await loan(id)).toMatchObject({ renewals: 0, due_date: '2026-12-23' });
  });

  it('defers loans of an unknown borrower or item, holding back later changes of the same loan', async () => {
    const barcode = await newItem();
    const id = randomUUID();
    const results = (
      await desk.push([checkout(id, barcode, randomUUID(), '2026-11-25T10:00:00.000Z'), mutation('loan.renew', { id, dueDate: '2027-01-01' }), checkout(randomUUID(), 'no-such-item', await newBorrower(), '2026-11-25T10:00:00.000Z')])
    ).results;
    expect(results.map((r) => (r.status === 'deferred' ? r.reason : r.status))).toEqual(['unknown-borrower', 'after-deferred', 'unknown-item']);
    expect(await loan(id)).toBeUndefined();
  });

  it('records loans and kiosk sign-ins as activity (greatest time wins) without conflict notes or a new version', async () => {
    const b = await newBorrower();
    const barcode = await newItem();
    const id = randomUUID();
    const before = await borrower(b);
    await desk.push([checkout(id, barcode, b, '2026-11-25T10:00:00.000Z')]);
    expect(await borrower(b)).toMatchObject({ last_activity_at: '2026-11-25T10:00:00.000Z', version: before!.version });
    await desk.push([at(mutation('borrower.activity', { id: b, at: '2026-11-28T08:00:00.000Z' }), '2026-11-28T08:00:00.000Z')]);
    expect(await borrower(b)).toMatchObject({ last_activity_at: '2026-11-28T08:00:00.000Z' });
    // An older return arriving late does not move it back.
    await desk.push([at(mutation('loan.checkin', { id, itemBarcode: barcode }), '2026-11-27T10:00:00.000Z')]);
    expect(await borrower(b)).toMatchObject({ last_activity_at: '2026-11-28T08:00:00.000Z' });
    expect(await notesFor(b)).toEqual([]);
    // Terminals get the new value with the borrower's row.
    const row = (await pullAll(desk)).find((c) => c.kind === 'borrower.upsert' && (c.data as { row: { id: string } }).row.id === b);
    expect(row?.data).toMatchObject({ row: { last_activity_at: '2026-11-28T08:00:00.000Z' } });
    // A terminal clock running ahead of the register's counts as the register's now.
    const ahead = clock;
    clock = new Date('2027-01-05T00:00:00.000Z');
    await desk.push([mutation('borrower.activity', { id: b, at: '2031-01-01T00:00:00.000Z' })]);
    expect(await borrower(b)).toMatchObject({ last_activity_at: '2027-01-05T00:00:00.000Z' });
    clock = ahead;
    // Unknown borrower: later; malformed time: rejected.
    const results = (await desk.push([mutation('borrower.activity', { id: randomUUID(), at: '2026-11-28T08:00:00.000Z' }), mutation('borrower.activity', { id: b, at: 'yesterday' })])).results;
    expect(results.map((r) => r.status)).toEqual(['deferred', 'rejected']);
  });

  it('takes the last PIN that reaches it, sends it with the borrower row, and keeps it out of notes and the audit trail', async () => {
    const b = await newBorrower();
    const [first, second] = [testHash(4), testHash(5)];
    const secret = (hash: string) => hash.split('$')[5]!;
    const other = await register.terminal('desk', 'Desk Limhamn');
    await registrar.push([mutation('borrower.pin', { id: b, pinHash: first })]);
    await other.push([mutation('borrower.pin', { id: b, pinHash: second })]);
    expect(await borrower(b)).toMatchObject({ pin_hash: second });
    const row = (await pullAll(desk)).find((c) => c.kind === 'borrower.upsert' && (c.data as { row: { id: string } }).row.id === b);
    expect(row?.data).toMatchObject({ pinHash: second });
    expect(await notesFor(b)).toEqual([]);
    const audit = await register.db.query<{ details: unknown }>(sql`SELECT details FROM audit WHERE subject_id = ${b}`);
    expect(audit.length).toBeGreaterThan(0);
    expect(JSON.stringify(audit)).not.toContain(secret(first));
    expect(JSON.stringify(audit)).not.toContain(secret(second));
    expect(JSON.stringify(await register.db.query(sql`SELECT result FROM push_result WHERE kind = 'borrower.pin'`))).not.toContain(secret(second));
    const [bad] = (await registrar.push([mutation('borrower.pin', { id: b, pinHash: '1234' })])).results;
    expect(bad).toMatchObject({ status: 'rejected', reason: 'invalid-payload' });
  });

  it('takes items and fees from the admin API (validated, audited) and sends them to kiosks, not doors', async () => {
    const b = await newBorrower();
    expect((await register.admin('PUT', '/admin/items/bad barcode', { title: 'x' })).status).toBe(400);
    expect((await register.admin('PUT', `/admin/items/39111`, { title: 'x', branchId: 'nowhere' })).status).toBe(400);
    const barcode = await newItem({ rfidUid: `E004${randomUUID().slice(0, 8)}`, holdFor: b });
    // Fields left out keep their values.
    expect((await register.admin('PUT', `/admin/items/${barcode}`, { title: 'Pippi Långstrump (ny utgåva)' })).status).toBe(200);
    expect(await item(barcode)).toMatchObject({ title: 'Pippi Långstrump (ny utgåva)', hold_for: b, branch_id: 'malmo', status: 'available' });

    const fee = `fee-${randomUUID()}`;
    const body = { borrowerId: b, amountCents: 2500, currency: 'SEK', reason: 'Försenad', createdAt: '2026-11-20T10:00:00.000Z' };
    expect((await register.admin('PUT', `/admin/fees/${fee}`, { ...body, borrowerId: randomUUID() })).status).toBe(400);
    expect((await register.admin('PUT', `/admin/fees/${fee}`, { ...body, kind: 'payment' })).status).toBe(400);
    expect((await register.admin('PUT', `/admin/fees/${fee}`, { ...body, amountCents: -5 })).status).toBe(400);
    expect((await register.admin('PUT', `/admin/fees/${fee}`, body)).status).toBe(200);
    expect((await register.admin('PUT', `/admin/fees/${fee}`, { ...body, settledAt: '2026-11-25T12:00:00.000Z' })).status).toBe(200);
    const audit = await register.db.query<{ action: string }>(sql`SELECT action FROM audit WHERE subject_id IN (${fee}, ${barcode}) ORDER BY id`);
    expect(audit.map((a) => a.action)).toEqual(['item.upsert', 'item.upsert', 'fee.upsert', 'fee.upsert']);

    const kiosk = await pullAll(await register.terminal('kiosk'));
    expect(kiosk.find((c) => c.kind === 'fee.upsert' && (c.data as FeeRow).id === fee)?.data).toEqual({
      id: fee,
      borrower_id: b,
      kind: 'fee',
      loan_id: null,
      amount_cents: 2500,
      currency: 'SEK',
      reason: 'Försenad',
      created_at: '2026-11-20T10:00:00.000Z',
      settled_at: '2026-11-25T12:00:00.000Z',
    });
    expect(kiosk.some((c) => c.kind === 'item.upsert' && (c.data as ItemRow).barcode === barcode)).toBe(true);
    const door = await pullAll(await register.terminal('door'));
    expect(door.filter((c) => ['item.upsert', 'loan.upsert', 'fee.upsert', 'borrower.upsert'].includes(c.kind))).toEqual([]);
  });

  it('erasure leaves loans anonymised on the register and in the log, and accepts a late loan of the erased borrower anonymised', async () => {
    const b = await newBorrower();
    const [barcode, held] = [await newItem(), await newItem()];
    const id = randomUUID();
    await desk.push([checkout(id, barcode, b, '2026-11-25T10:00:00.000Z')]);
    expect((await register.admin('PUT', `/admin/items/${held}`, { title: 'Mio, min Mio', holdFor: b })).status).toBe(200);
    expect((await register.admin('PUT', `/admin/fees/fee-${b}`, { borrowerId: b, amountCents: 500, currency: 'SEK', reason: 'Borttappat kort' })).status).toBe(200);
    await registrar.push([mutation('borrower.delete', { id: b })]);

    expect(await loan(id)).toMatchObject({ borrower_id: null, returned_at: null, item_barcode: barcode });
    expect(await item(held)).toMatchObject({ hold_for: null });
    expect((await register.db.query(sql`SELECT borrower_id FROM fee WHERE id = ${`fee-${b}`}`))[0]).toEqual({ borrower_id: null });
    const changes = await pullAll(desk);
    // The only trace of the person is the id-only erasure.
    expect(changes.filter((c) => JSON.stringify(c.data).includes(b)).map((c) => c.kind)).toEqual(['borrower.erased']);
    expect(changes.find((c) => c.kind === 'loan.upsert' && (c.data as LoanRow).id === id)?.data).toMatchObject({ borrower_id: null, returned_at: null });
    expect(changes.find((c) => c.kind === 'item.upsert' && (c.data as ItemRow).barcode === held)?.data).toMatchObject({ hold_for: null });
    expect(changes.some((c) => c.kind === 'fee.upsert' && (c.data as FeeRow).id === `fee-${b}`)).toBe(false);

    // A checkout made offline before the erasure reached that kiosk: the loan is kept, without the person.
    const late = randomUUID();
    const [r] = (await desk.push([checkout(late, held, b, '2026-11-25T11:00:00.000Z')])).results;
    expect(r).toMatchObject({ status: 'applied' });
    expect(await loan(late)).toMatchObject({ borrower_id: null, returned_at: null });
    // A return of the anonymised loan still closes it.
    await desk.push([at(mutation('loan.checkin', { id, itemBarcode: barcode }), '2026-11-30T10:00:00.000Z')]);
    expect(await loan(id)).toMatchObject({ returned_at: '2026-11-30T10:00:00.000Z' });
    expect(await item(barcode)).toMatchObject({ status: 'available' });
  });

  it('rejects malformed loan payloads', async () => {
    const results = (await desk.push([mutation('loan.checkout', { id: randomUUID(), itemBarcode: 'x', borrowerId: 'y', dueDate: 'soon' }), mutation('loan.renew', { id: 'x' })])).results;
    expect(results.map((r) => (r.status === 'rejected' ? r.reason : r.status))).toEqual(['invalid-payload', 'invalid-payload']);
  });
});
