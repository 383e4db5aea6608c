import { afterEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { all, get, sql } from '../../../src/main/db/sql';
import { verifyPassword } from '../../../src/common/passwords';
import { RegistrationInputSchema } from '../../../src/shared/desk/registration';
import { adult, signIn } from '../../helpers/desk';
import { testServices } from '../../helpers/services';
import { valueOf } from '../../helpers/result';

const ctx = { host: 'web' } as const;
let services: AppServices | undefined;
afterEach(() => {
  services?.close();
  services = undefined;
});

describe('desk: the borrower PIN for kiosks and doors (SPEC 1, desk staff help with PIN/password)', () => {
  it('sets and removes a PIN through IPC: only the slow hash is stored and queued for the register, audited, localized errors', async () => {
    const s = (services = testServices({ initialConfig: { mode: 'desk', language: 'sv' } }));
    await signIn(s);
    const borrower = await valueOf(s.desk.register(RegistrationInputSchema.parse(adult())));
    const dispatch = (payload: unknown) => s.dispatcher.dispatch('desk.setPin', payload, ctx);

    for (const pin of ['12', '123456789', '12a4', '']) {
      expect(await dispatch({ id: borrower.id, pin }), pin).toMatchObject({
        ok: false,
        error: { kind: 'validation', issues: [{ path: 'pin', message: 'PIN-koden måste vara 4 till 8 siffror.' }] },
      });
    }
    const pinHash = () => get<{ pin_hash: string | null }>(s.db, sql`SELECT pin_hash FROM borrower WHERE id = ${borrower.id}`)!.pin_hash;
    expect(pinHash()).toBeNull();

    expect(await dispatch({ id: borrower.id, pin: '4725' })).toEqual({ ok: true, value: null });
    const hash = pinHash();
    expect(hash).not.toBeNull();
    expect(hash).not.toContain('4725');
    expect(await verifyPassword('4725', hash as string)).toBe(true);
    const outbox = () => all<{ kind: string; payload: string }>(s.db, sql`SELECT kind, payload FROM outbox WHERE kind = 'borrower.pin' ORDER BY seq`);
    expect(outbox().map((o) => JSON.parse(o.payload) as unknown)).toEqual([{ id: borrower.id, pinHash: hash }]);

    expect(await dispatch({ id: borrower.id, pin: null })).toEqual({ ok: true, value: null });
    expect(pinHash()).toBeNull();
    expect(outbox().map((o) => JSON.parse(o.payload) as unknown)).toEqual([
      { id: borrower.id, pinHash: hash },
      { id: borrower.id, pinHash: null },
    ]);
    const audit = all<{ action: string; subject_id: string }>(s.db, sql`SELECT action, subject_id FROM audit_log WHERE action LIKE 'borrower.%pin' ORDER BY id`);
    expect(audit).toEqual([
      { action: 'borrower.set-pin', subject_id: borrower.id },
      { action: 'borrower.remove-pin', subject_id: borrower.id },
    ]);
    expect(JSON.stringify(all(s.db, sql`SELECT * FROM audit_log`))).not.toContain('4725');
  });

  it('refuses a PIN trivial to guess with its localized reason, through IPC and called inside main, and stores nothing', async () => {
    const s = (services = testServices({ initialConfig: { mode: 'desk', language: 'sv' } }));
    await signIn(s);
    const borrower = await valueOf(s.desk.register(RegistrationInputSchema.parse(adult())));
    expect(await s.dispatcher.dispatch('desk.setPin', { id: borrower.id, pin: '0000' }, ctx)).toMatchObject({
      ok: false,
      error: { kind: 'validation', issues: [{ path: 'pin', message: 'PIN-koden är en och samma siffra och lätt att gissa. Välj en annan.' }] },
    });
    expect(await s.dispatcher.dispatch('desk.setPin', { id: borrower.id, pin: '1234' }, ctx)).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'pin', message: 'PIN-koden är siffror i följd (som 1234) och lätt att gissa. Välj en annan.' }] },
    });
    expect(await s.desk.setPin(borrower.id, '98765')).toMatchObject({ ok: false, error: { kind: 'validation', issues: [{ path: 'pin', message: 'desk.error.pinTrivial.descending' }] } });
    expect(get(s.db, sql`SELECT pin_hash FROM borrower WHERE id = ${borrower.id}`)).toEqual({ pin_hash: null });
    expect(all(s.db, sql`SELECT 1 FROM outbox WHERE kind = 'borrower.pin'`)).toEqual([]);
  });

  it("refuses a registrar of another library and a desk nobody signed in to", async () => {
    const s = (services = testServices({ initialConfig: { mode: 'desk', language: 'en' } }));
    await signIn(s);
    const borrower = await valueOf(s.desk.register(RegistrationInputSchema.parse(adult())));
    s.desk.logout();
    expect(await s.dispatcher.dispatch('desk.setPin', { id: borrower.id, pin: '4725' }, ctx)).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    await signIn(s, 'lundRegistrar');
    expect(await s.dispatcher.dispatch('desk.setPin', { id: borrower.id, pin: '4725' }, ctx)).toMatchObject({ ok: false });
    expect(get(s.db, sql`SELECT pin_hash FROM borrower WHERE id = ${borrower.id}`)).toEqual({ pin_hash: null });
  });
});
