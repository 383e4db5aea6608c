import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from '../../../src/server/db/sql';
import { hashPassword } from '../../../src/common/passwords';
import { describeEachBackend } from '../../helpers/postgres';
import { borrowerFields, createMutation, mutation, startRegister, updateMutation, type TestRegister, type TestTerminal } from '../../helpers/register-fixture';

/**
 * Issue 16 finding 8: the register validates every payload with the shared schemas the terminals use
 * (src/shared/sync/borrower-fields.ts, hashes.ts). Each of these was stored before.
 */

describeEachBackend('payload validation on %s', { timeout: 30_000 }, (backend) => {
  let register: TestRegister;
  let desk: TestTerminal;
  beforeAll(async () => {
    register = await startRegister({ backend });
    desk = await register.terminal('desk', 'Desk Malmö', 'malmo');
  }, 60_000);
  afterAll(() => register?.stop());

  const stored = async (id: string) => register.db.query(sql`SELECT id FROM borrower WHERE id = ${id}`);

  it('refuses an identity number "abc" and one that is not the kind or birth date it claims, storing nothing', async () => {
    const abc = borrowerFields({ identity_number: 'abc' });
    const wrongKind = borrowerFields({ identity_kind: 'dk-cpr' });
    const wrongBirth = borrowerFields();
    wrongBirth.birth_date = '1999-12-31';
    const results = (await desk.push([createMutation(abc), createMutation(wrongKind), createMutation(wrongBirth)])).results;
    expect(results).toEqual([
      expect.objectContaining({ status: 'rejected', reason: 'invalid-payload', detail: 'fields.identity_number: invalid-characters' }),
      expect.objectContaining({ status: 'rejected', reason: 'invalid-payload', detail: 'fields.identity_kind: the number is a se-personnummer' }),
      expect.objectContaining({ status: 'rejected', reason: 'invalid-payload', detail: 'fields.birth_date: differs from the identity number' }),
    ]);
    for (const f of [abc, wrongKind, wrongBirth]) expect(await stored(f.id)).toEqual([]);
    // A correction to an invalid number is refused the same way.
    const kept = borrowerFields();
    await desk.push([createMutation(kept)]);
    const [bad] = (await desk.push([updateMutation(kept.id, { identity_number: { from: kept.identity_number, to: 'abc' } })])).results;
    expect(bad).toMatchObject({ status: 'rejected', reason: 'invalid-value', detail: 'identity_number: invalid-characters' });
    expect(await register.db.query(sql`SELECT identity_number FROM borrower WHERE id = ${kept.id}`)).toEqual([{ identity_number: kept.identity_number }]);
  });

  it('refuses a first name beyond the form’s 100 characters and a bad e-mail or date; a 7 MB body is refused at the door (413)', async () => {
    const long = borrowerFields({ first_name: 'Å'.repeat(101) });
    const mail = borrowerFields({ email: 'not an e-mail' });
    const date = borrowerFields({ valid_until: 'tomorrow' });
    const results = (await desk.push([createMutation(long), createMutation(mail), createMutation(date)])).results;
    expect(results.map((r) => [r.status, r.status === 'rejected' ? r.reason : '', r.status === 'rejected' ? r.detail : ''])).toEqual([
      ['rejected', 'invalid-payload', 'fields.first_name: Too big: expected string to have <=100 characters'],
      ['rejected', 'invalid-payload', 'fields.email: desk.error.email'],
      ['rejected', 'invalid-payload', 'fields.valid_until: Invalid ISO date'],
    ]);
    const huge = borrowerFields({ first_name: 'x'.repeat(7 * 1024 * 1024) });
    const response = await desk.pushRaw({ terminalId: desk.id, mutations: [{ seq: 1000, ...createMutation(huge) }] });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { code: string }).code).toBe('invalid-request');
    for (const f of [long, mail, date, huge]) expect(await stored(f.id)).toEqual([]);
  });

  it('accepts PIN and password hashes only in the one format and cost the project writes', async () => {
    const f = borrowerFields();
    await desk.push([createMutation(f)]);
    const salt = randomBytes(16).toString('base64');
    const key = randomBytes(32).toString('base64');
    const foreign = [`scrypt$20$8$1$${salt}$${key}`, `scrypt$15$8$16$${salt}$${key}`, `scrypt$15$8$1$${salt}$${randomBytes(4000).toString('base64')}`, 'scrypt$15$8$1$AAAA$BBBB'];
    const results = (await desk.push(foreign.map((pinHash) => mutation('borrower.pin', { id: f.id, pinHash })))).results;
    expect(results.map((r) => (r.status === 'rejected' ? r.reason : r.status))).toEqual(['invalid-payload', 'invalid-payload', 'invalid-payload', 'invalid-payload']);
    expect(results[0]).toMatchObject({ detail: 'pinHash: not a scrypt$15$8$1 hash as this project writes it' });
    const [password] = (await desk.push([updateMutation(f.id, { password_hash: { from: f.password_hash, to: `scrypt$20$8$1$${salt}$${key}` } })])).results;
    expect(password).toMatchObject({ status: 'rejected', reason: 'invalid-value' });
    const withForeign = borrowerFields({ password_hash: `scrypt$20$8$1$${salt}$${key}` });
    expect((await desk.push([createMutation(withForeign)])).results[0]).toMatchObject({ status: 'rejected', reason: 'invalid-payload' });
    expect(await register.db.query(sql`SELECT pin_hash, password_hash FROM borrower WHERE id = ${f.id}`)).toEqual([{ pin_hash: null, password_hash: f.password_hash }]);
    // What the desk really writes is accepted.
    const real = await hashPassword('4711');
    expect((await desk.push([mutation('borrower.pin', { id: f.id, pinHash: real })])).results[0]).toMatchObject({ status: 'applied' });
  });
});
