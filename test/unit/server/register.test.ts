import { describe, expect, it } from 'vitest';
import { sql } from '../../../src/server/db/sql';
import { registerMigrations } from '../../../src/server/db/migrations';
import type { ConflictNote } from '../../../src/shared/sync/protocol';
import { describeEachBackend } from '../../helpers/postgres';
import { borrowerFields, createMutation, mutation, pullAll, testHash, updateMutation } from '../../helpers/register-fixture';
import { useRegister } from '../../helpers/use-register';

/**
 * The register's core behaviour over HTTP, once on real PostgreSQL and once on PGlite
 * (the same SQL on both).
 */
describeEachBackend('register on %s', { timeout: 30_000 }, (backend) => {
  const register = useRegister({ backend });

  const count = async (table: string, where = sql`1 = 1`) =>
    (await register().db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)} WHERE ${where}`))[0]!.n;
  const borrower = async (id: string) => (await register().db.query<Record<string, unknown>>(sql`SELECT * FROM borrower WHERE id = ${id}`))[0];

  describe('health, enrolment and authentication', () => {
    it('answers /health with the database kind, schema version and epoch', async () => {
      const response = await fetch(new URL('/health', register().url));
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'ok', database: backend, schemaVersion: registerMigrations.at(-1)!.version, epoch: expect.stringMatching(/^[0-9a-f-]{36}\.[0-9a-f]{12}$/) });
    });

    it('issues enrolment codes only with the admin token', async () => {
      const none = await fetch(new URL('/admin/enrolment-codes', register().url), { method: 'POST' });
      expect(none.status).toBe(401);
      const wrong = await fetch(new URL('/admin/enrolment-codes', register().url), { method: 'POST', headers: { authorization: 'Bearer not-the-admin-token-at-all' } });
      expect(wrong.status).toBe(401);
      expect(await register().enrolmentCode()).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    });

    it('redeems a code once, stores only the token hash, and refuses expired codes', async () => {
      const code = await register().enrolmentCode();
      const enrol = (c: string) =>
        fetch(new URL('/enrol', register().url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: c, terminalName: 'Desk 1' }) });
      // Typed sloppily (lower case, no dashes): still the same code.
      const first = await enrol(code.toLowerCase().replace(/-/g, ''));
      expect(first.status).toBe(200);
      const { token, terminalId } = (await first.json()) as { token: string; terminalId: string };
      expect(token.length).toBeGreaterThanOrEqual(40);
      const again = await enrol(code);
      expect(again.status).toBe(403);
      expect(await again.json()).toMatchObject({ code: 'invalid-code' });
      const stored = await register().db.query<{ token_hash: string }>(sql`SELECT token_hash FROM terminal WHERE id = ${terminalId}`);
      expect(stored[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(await register().db.query(sql`SELECT * FROM terminal`))).not.toContain(token);

      const expired = await register().enrolmentCode();
      await register().db.query(sql`UPDATE enrolment_code SET expires_at = '2000-01-01T00:00:00.000Z' WHERE used_at IS NULL`);
      expect((await enrol(expired)).status).toBe(403);
    });

    it('needs a valid bearer token for /sync, and answers a revoked terminal with terminal-revoked', async () => {
      const anonymous = await fetch(new URL('/sync/pull', register().url));
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toMatchObject({ code: 'unauthorized' });
      const forged = await fetch(new URL('/sync/pull', register().url), { headers: { authorization: 'Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } });
      expect(forged.status).toBe(401);

      const t = await register().terminal();
      expect((await t.get('/sync/pull')).status).toBe(200);
      expect((await register().admin('POST', `/admin/terminals/${t.id}/revoke`)).status).toBe(200);
      const revoked = await t.get('/sync/pull');
      expect(revoked.status).toBe(401);
      expect(await revoked.json()).toEqual({ code: 'terminal-revoked', message: expect.any(String) });
      const audit = await register().db.query<{ action: string }>(sql`SELECT action FROM audit WHERE subject_id = ${t.id} ORDER BY id`);
      expect(audit.map((a) => a.action)).toEqual(['terminal.enrol', 'terminal.revoke']);
    });

    it('refuses a push naming another terminal, and a malformed push', async () => {
      const t = await register().terminal();
      const other = await t.pushRaw({ terminalId: '00000000-0000-4000-8000-000000000000', mutations: [] });
      expect(other.status).toBe(403);
      const malformed = await t.pushRaw({ terminalId: t.id, mutations: [{ kind: 'x' }] });
      expect(malformed.status).toBe(400);
      expect(await malformed.json()).toMatchObject({ code: 'invalid-request' });
    });
  });

  describe('push: idempotency and order', () => {
    it('applies a mutation once however often it is delivered', async () => {
      const t = await register().terminal();
      const f = borrowerFields();
      const m = createMutation(f, { groups: ['laddare'], cards: [`C-${f.id}`] });
      const first = await t.push([m]);
      expect(first.results).toEqual([{ idempotencyKey: m.idempotencyKey, status: 'applied' }]);
      const again = await t.push([m, m]);
      expect(again.results).toEqual([
        { idempotencyKey: m.idempotencyKey, status: 'applied', duplicate: true },
        { idempotencyKey: m.idempotencyKey, status: 'applied', duplicate: true },
      ]);
      expect(await count('push_result', sql`idempotency_key = ${m.idempotencyKey}`)).toBe(1);
      expect(await borrower(f.id)).toMatchObject({ version: 1, email: f.email });
    });

    it('applies a retry racing the original once (concurrent deliveries of one key)', async () => {
      const t = await register().terminal();
      const f = borrowerFields();
      const create = createMutation(f);
      await t.push([create]);
      const edit = updateMutation(f.id, { first_name: { from: f.first_name, to: 'Britt' } });
      const answers = await Promise.all([t.push([edit]), t.push([edit]), t.push([edit])]);
      const statuses = answers.map((a) => a.results[0]).map((r) => `${r!.status}${'duplicate' in r! && r.duplicate ? ' duplicate' : ''}`);
      expect(statuses.sort()).toEqual(['applied', 'applied duplicate', 'applied duplicate']);
      expect(await borrower(f.id)).toMatchObject({ first_name: 'Britt', version: 2 });
    });

    it('defers a change to a borrower it does not know yet (reordered delivery), without storing it', async () => {
      const t = await register().terminal();
      const f = borrowerFields();
      const create = createMutation(f);
      const edit = updateMutation(f.id, { last_name: { from: f.last_name, to: 'Lind' } });
      const card = mutation('card.add', { borrowerId: f.id, number: `R-${f.id}` });
      const other = borrowerFields();
      const unrelated = createMutation(other);
      // The edit and the card arrive before the registration they depend on.
      const early = await t.push([edit, card, unrelated]);
      expect(early.results.map((r) => [r.status, 'reason' in r ? r.reason : undefined])).toEqual([
        ['deferred', 'unknown-borrower'],
        ['deferred', 'after-deferred'],
        ['applied', undefined],
      ]);
      expect(await count('push_result', sql`idempotency_key IN (${edit.idempotencyKey}, ${card.idempotencyKey})`)).toBe(0);
      const later = await t.push([create, edit, card]);
      expect(later.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
      expect(await borrower(f.id)).toMatchObject({ last_name: 'Lind' });
      expect(await count('card', sql`number = ${`R-${f.id}`}`)).toBe(1);
    });

    it('rejects what can never apply, with a reason, and answers a repeat the same way', async () => {
      const t = await register().terminal();
      const taken = borrowerFields();
      await t.push([createMutation(taken)]);
      const clash = createMutation(borrowerFields({ email: taken.email }));
      const invalid = mutation('borrower.create', { id: 'x', fields: { nonsense: true } });
      const badColumn = updateMutation(taken.id, { version: { from: 1, to: 99 } });
      const badValue = updateMutation(taken.id, { register_type: { from: 'adult', to: 'pirate' } });
      const cardTaken = mutation('card.add', { borrowerId: taken.id, number: 'SHARED-1' });
      const first = borrowerFields();
      await t.push([createMutation(first, { cards: ['SHARED-1'] })]);
      const answer = await t.push([clash, invalid, badColumn, badValue, cardTaken]);
      expect(answer.results.map((r) => (r.status === 'rejected' ? r.reason : r.status))).toEqual(['email-taken', 'invalid-payload', 'unknown-column', 'invalid-value', 'card-taken']);
      const repeat = await t.push([clash]);
      expect(repeat.results[0]).toMatchObject({ status: 'rejected', reason: 'email-taken', duplicate: true });
      expect(await borrower((clash.payload as { id: string }).id)).toBeUndefined();
    });

    it('keeps a mutation the register fails on (a bug) waiting, without blocking the others', async () => {
      await register().db.exec(`
        CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.first_name = 'Poison' THEN RAISE EXCEPTION 'simulated register bug'; END IF; RETURN NEW; END $$;
        CREATE TRIGGER poison BEFORE INSERT ON borrower FOR EACH ROW EXECUTE FUNCTION poison();
      `);
      try {
        const t = await register().terminal();
        const bad = createMutation(borrowerFields({ first_name: 'Poison' }));
        const good = createMutation(borrowerFields());
        const answer = await t.push([bad, good]);
        expect(answer.results.map((r) => [r.status, 'reason' in r ? r.reason : undefined])).toEqual([
          ['deferred', 'server-error'],
          ['applied', undefined],
        ]);
        expect(await count('push_result', sql`idempotency_key = ${bad.idempotencyKey}`)).toBe(0);
      } finally {
        await register().db.exec('DROP TRIGGER poison ON borrower; DROP FUNCTION poison();');
      }
    });

    it('keeps unknown kinds waiting on the terminal instead of rejecting them', async () => {
      const t = await register().terminal();
      const hold = mutation('hold.place', { id: 'h1', itemBarcode: '123' });
      expect((await t.push([hold])).results[0]).toMatchObject({ status: 'deferred', reason: 'unsupported-kind' });
    });
  });

  describe('per-field conflicts', () => {
    it('lets two desks editing different fields of one borrower both win', async () => {
      const [a, b] = [await register().terminal(), await register().terminal()];
      const f = borrowerFields();
      await a.push([createMutation(f)]);
      await a.push([updateMutation(f.id, { first_name: { from: f.first_name, to: 'Anna' } })]);
      const r = await b.push([updateMutation(f.id, { last_name: { from: f.last_name, to: 'Berg' }, valid_until: { from: null, to: '2027-06-30' } })]);
      expect(r.results[0]).toEqual({ idempotencyKey: expect.any(String), status: 'applied' });
      expect(await borrower(f.id)).toMatchObject({ first_name: 'Anna', last_name: 'Berg', valid_until: '2027-06-30', version: 3 });
      expect(await count('conflict_note', sql`borrower_id = ${f.id}`)).toBe(0);
    });

    it('keeps the first edit of the same field, notes the other, and sends the note to every terminal', async () => {
      const [a, b, c] = [await register().terminal(), await register().terminal('desk', 'Desk B'), await register().terminal()];
      const f = borrowerFields();
      await a.push([createMutation(f)]);
      const { cursor } = await pullAll(c);
      await a.push([updateMutation(f.id, { email: { from: f.email, to: `first.${f.email}` } })]);
      const late = { ...updateMutation(f.id, { email: { from: f.email, to: `second.${f.email}` }, first_name: { from: f.first_name, to: 'Bo' } }), createdAt: '2026-11-25T09:00:00.000Z' };
      const answer = await b.push([late]);
      expect(answer.results[0]).toMatchObject({ status: 'applied', notes: [expect.any(String)] });
      // Same field: the register keeps the first value; the other field of the same edit still applies.
      expect(await borrower(f.id)).toMatchObject({ email: `first.${f.email}`, first_name: 'Bo' });
      const pulled = await pullAll(c, cursor);
      const note = pulled.changes.find((ch) => ch.kind === 'conflict.note')!.data as ConflictNote;
      expect(note).toMatchObject({
        borrowerId: f.id,
        field: 'email',
        kind: 'field',
        base: f.email,
        kept: `first.${f.email}`,
        notApplied: `second.${f.email}`,
        terminalName: 'Desk B',
        madeAt: '2026-11-25T09:00:00.000Z',
      });
      // An edit that already holds is no conflict.
      const same = await a.push([updateMutation(f.id, { email: { from: f.email, to: `first.${f.email}` } })]);
      expect(same.results[0]).not.toHaveProperty('notes');
    });

    it('notes a value another borrower holds instead of failing the whole edit, and never shows password hashes', async () => {
      const t = await register().terminal();
      const [x, y] = [borrowerFields(), borrowerFields()];
      await t.push([createMutation(x), createMutation(y)]);
      const r = await t.push([updateMutation(y.id, { email: { from: y.email, to: x.email }, last_name: { from: y.last_name, to: 'Ny' } })]);
      expect(r.results[0]).toMatchObject({ status: 'applied', notes: [expect.any(String)] });
      expect(await borrower(y.id)).toMatchObject({ email: y.email, last_name: 'Ny' });
      await t.push([updateMutation(y.id, { password_hash: { from: y.password_hash, to: testHash(2) } })]);
      await t.push([updateMutation(y.id, { password_hash: { from: y.password_hash, to: testHash(3) } })]);
      const notes = await register().db.query<{ kind: string; details: ConflictNote }>(sql`SELECT kind, details FROM conflict_note WHERE borrower_id = ${y.id} ORDER BY created_at, field`);
      expect(notes.map((n) => n.kind).sort()).toEqual(['field', 'unique']);
      const passwordNote = notes.find((n) => n.details.field === 'password_hash')!.details;
      expect(passwordNote).toMatchObject({ kept: '[hidden]', notApplied: '[hidden]', base: '[hidden]' });
      expect(JSON.stringify(notes)).not.toContain(testHash(3));
    });
  });

  describe('duplicate registrations and erasure', () => {
    it('merges a second registration of the same identity number into the first', async () => {
      const [a, b] = [await register().terminal(), await register().terminal()];
      const first = borrowerFields();
      const second = borrowerFields({ identity_number: first.identity_number, first_name: 'Åsa-Maria' });
      await a.push([createMutation(first, { groups: ['laddare'], cards: [`A-${first.id}`] })]);
      const merged = await b.push([createMutation(second, { groups: ['tbk'], cards: [`B-${second.id}`] })]);
      expect(merged.results[0]).toMatchObject({ status: 'applied', mergedInto: first.id });
      expect(await borrower(second.id)).toBeUndefined();
      expect(await count('borrower_alias', sql`alias_id = ${second.id} AND survivor_id = ${first.id}`)).toBe(1);
      expect(await count('card', sql`borrower_id = ${first.id}`)).toBe(2);
      const groups = await register().db.query<{ group_code: string }>(sql`SELECT group_code FROM borrower_group WHERE borrower_id = ${first.id} ORDER BY group_code`);
      expect(groups.map((g) => g.group_code)).toEqual(['laddare', 'tbk']);
      const fields = (await register().db.query<{ field: string }>(sql`SELECT field FROM conflict_note WHERE borrower_id = ${first.id} AND kind = 'merge' ORDER BY field`)).map((n) => n.field);
      expect(fields).toEqual(['email', 'first_name', 'last_name']);
      // Later changes naming the alias reach the survivor.
      const edit = await b.push([updateMutation(second.id, { valid_until: { from: null, to: '2027-01-31' } }), mutation('card.add', { borrowerId: second.id, number: `B2-${second.id}` })]);
      expect(edit.results.map((r) => r.status)).toEqual(['applied', 'applied']);
      expect(await borrower(first.id)).toMatchObject({ valid_until: '2027-01-31' });
      const pulled = await pullAll(a);
      expect(pulled.changes).toContainEqual(expect.objectContaining({ kind: 'borrower.alias', data: { id: second.id, survivorId: first.id } }));
    });

    it('erases a borrower everywhere as an id-only change and refuses later changes to them', async () => {
      const [a, b] = [await register().terminal(), await register().terminal()];
      const f = borrowerFields({ first_name: 'Raderas', last_name: 'Personsson' });
      const transfer = { id: `t-${f.id}`, borrowerId: f.id, fromLibraryId: 'malmo', toLibraryId: 'lund' };
      await a.push([createMutation(f, { cards: [`E-${f.id}`] }), mutation('transfer.request', transfer)]);
      await a.push([updateMutation(f.id, { email: { from: f.email, to: `x.${f.email}` } })]);
      await b.push([updateMutation(f.id, { email: { from: f.email, to: `y.${f.email}` } })]);
      const before = await pullAll(b);
      expect(before.changes.filter((c) => JSON.stringify(c.data).includes(f.id)).map((c) => c.kind).sort()).toEqual(['borrower.upsert', 'card.upsert', 'conflict.note', 'transfer.upsert']);

      const erase = await b.push([mutation('borrower.delete', { id: f.id })]);
      expect(erase.results[0]).toMatchObject({ status: 'applied' });
      const after = await pullAll(b, before.cursor);
      expect(after.changes).toEqual([{ id: expect.any(String), kind: 'borrower.erased', data: { id: f.id } }]);
      // A terminal syncing from scratch never sees the borrower's data at all.
      const fresh = await pullAll(await register().terminal());
      const mentions = fresh.changes.filter((c) => JSON.stringify(c.data).includes(f.id));
      expect(mentions).toEqual([{ id: expect.any(String), kind: 'borrower.erased', data: { id: f.id } }]);
      expect(JSON.stringify(fresh.changes)).not.toContain(f.identity_number);
      expect(JSON.stringify(fresh.changes)).not.toContain('Personsson');
      for (const table of ['borrower', 'card', 'transfer_request', 'conflict_note']) {
        expect(await count(table, table === 'borrower' ? sql`id = ${f.id}` : sql`borrower_id = ${f.id}`)).toBe(0);
      }
      const late = await a.push([updateMutation(f.id, { first_name: { from: 'Raderas', to: 'Igen' } }), createMutation(f)]);
      expect(late.results.map((r) => (r.status === 'rejected' ? r.reason : r.status))).toEqual(['borrower-erased', 'borrower-erased']);
      const again = await a.push([mutation('borrower.delete', { id: f.id })]);
      expect(again.results[0]).toMatchObject({ status: 'applied' });
    });
  });

  describe('transfers', () => {
    it('keeps the first decision and notes a different later one', async () => {
      // The receiving library (Lund) decides: b and c are Lund's desks.
      const [a, b, c] = [await register().terminal(), await register().terminal('desk', 'Desk Lund', 'lund'), await register().terminal('desk', 'Desk Lund 2', 'lund')];
      const f = borrowerFields();
      const id = `tr-${f.id}`;
      await a.push([createMutation(f), mutation('transfer.request', { id, borrowerId: f.id, fromLibraryId: 'malmo', toLibraryId: 'lund', requestedBy: 'staff-malmo-1' })]);
      const second = await a.push([mutation('transfer.request', { id: `tr2-${f.id}`, borrowerId: f.id, fromLibraryId: 'malmo', toLibraryId: 'kk' })]);
      expect(second.results[0]).toMatchObject({ status: 'rejected', reason: 'transfer-pending' });
      await b.push([mutation('transfer.decide', { id, accept: true, decidedBy: 'staff-lund-1' })]);
      const other = await c.push([mutation('transfer.decide', { id, accept: false })]);
      expect(other.results[0]).toMatchObject({ status: 'applied', notes: [expect.any(String)] });
      const [row] = await register().db.query(sql`SELECT status, requested_by, decided_by FROM transfer_request WHERE id = ${id}`);
      expect(row).toEqual({ status: 'accepted', requested_by: 'staff-malmo-1', decided_by: 'staff-lund-1' });
    });
  });

  describe('pull', () => {
    it('pages through changes in commit order, moving a changed entity to the end', async () => {
      const t = await register().terminal();
      const { cursor } = await pullAll(t);
      const [x, y] = [borrowerFields(), borrowerFields()];
      await t.push([createMutation(x)]);
      await t.push([createMutation(y)]);
      await t.push([updateMutation(x.id, { first_name: { from: x.first_name, to: 'Xena' } })]);
      const page1 = await t.pull(cursor, 1);
      expect(page1).toMatchObject({ hasMore: true, changes: [{ kind: 'borrower.upsert', data: { row: { id: y.id } } }] });
      const page2 = await t.pull(page1.cursor, 1);
      expect(page2).toMatchObject({ hasMore: false, changes: [{ kind: 'borrower.upsert', data: { row: { id: x.id, first_name: 'Xena', version: 2 } } }] });
      expect(Number(page2.cursor)).toBeGreaterThan(Number(page1.cursor));
      expect((await t.pull(page2.cursor)).changes).toEqual([]);
    });

    it('gives door terminals reference data and erasures only', async () => {
      const desk = await register().terminal();
      const door = await register().terminal('door');
      const f = borrowerFields();
      await desk.push([createMutation(f)]);
      const pulled = await pullAll(door);
      expect(new Set(pulled.changes.map((c) => c.kind))).toEqual(new Set(['library.upsert', 'user_group.upsert', 'borrower.erased']));
    });

    it('answers a cursor the register never issued with resync-required', async () => {
      const t = await register().terminal();
      const response = await t.get('/sync/pull?after=999999999');
      expect(response.status).toBe(409);
      expect(await response.json()).toMatchObject({ code: 'resync-required' });
    });

    it('changes the epoch when an administrator rotates it after a restore', async () => {
      const t = await register().terminal();
      const before = (await t.pull()).epoch;
      const rotated = await register().admin<{ epoch: string }>('POST', '/admin/epoch/rotate');
      expect(rotated.body.epoch).not.toBe(before);
      expect((await t.pull()).epoch).toBe(rotated.body.epoch);
    });
  });
});
