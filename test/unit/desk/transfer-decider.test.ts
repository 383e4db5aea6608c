import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { all, get, sql } from '../../../src/main/db/sql';
import { createTranslator } from '../../../src/main/ipc/translator';
import { RegistrationInputSchema } from '../../../src/shared/desk/registration';
import { adult, signIn } from '../../helpers/desk';
import { refusal, unwrapped } from '../../helpers/result';
import { testServices } from '../../helpers/services';

/**
 * Only the receiving library decides a transfer: the register authorizes `transfer.decide` with scope
 * `receiving-library` (the terminal's library must be the request's to_library_id, with no exception for administrators
 * or the central register's office). The desk refuses everyone else itself, localized, changing nothing and queueing
 * nothing, so no decision looks done at the desk and is then refused at sync.
 */
describe('desk: who decides a transfer', () => {
  let services: AppServices;
  beforeEach(() => {
    services = testServices({ initialConfig: { mode: 'desk', language: 'sv' } });
  });
  afterEach(() => services.close());
  const desk = () => unwrapped(services.desk);
  const state = (borrowerId: string) => ({
    borrower: get(services.db, sql`SELECT library_id, email, version FROM borrower WHERE id = ${borrowerId}`),
    transfer: all(services.db, sql`SELECT status, decided_at, decided_by FROM transfer_request WHERE borrower_id = ${borrowerId}`),
    outbox: all<{ kind: string }>(services.db, sql`SELECT kind FROM outbox ORDER BY seq`),
    mail: all(services.db, sql`SELECT template_id FROM mail_outbox ORDER BY id`),
    audit: all(services.db, sql`SELECT action FROM audit_log ORDER BY id`),
  });

  /** A Malmö registrar asks Lund to take a Malmö borrower; then `account` signs in. */
  async function malmoToLund(account: 'admin' | 'central') {
    await signIn(services);
    const b = await desk().register(RegistrationInputSchema.parse(adult({ firstName: 'Tove', lastName: 'Flytt' })));
    desk().requestTransfer(b.id, 'lund');
    const [request] = all<{ id: string }>(services.db, sql`SELECT id FROM transfer_request WHERE borrower_id = ${b.id}`);
    desk().logout();
    await signIn(services, account);
    return { b, requestId: request!.id };
  }

  it.each(['admin', 'central'] as const)('refuses a %s of another library accepting or rejecting, localized, saving and queueing nothing', async (account) => {
    const { b, requestId } = await malmoToLund(account);
    // The start page offers Accept/Reject only for requests to the signed-in staff's library: this one is not listed there.
    expect(desk().startPage().transfers).toEqual([]);
    const before = state(b.id);
    expect(before).toMatchObject({ borrower: { library_id: 'malmo' }, transfer: [{ status: 'pending', decided_at: null, decided_by: null }] });
    for (const accept of [true, false]) {
      expect(await refusal(() => services.desk.decideTransfer(requestId, accept))).toMatchObject({ kind: 'forbidden', code: 'desk.transfer.notReceiver' });
      expect(await refusal(() => services.desk.decideTransfer(requestId, accept, 'ny.adress@example.se'))).toMatchObject({ code: 'desk.transfer.notReceiver' });
    }
    // Over IPC, in the terminal's language.
    expect(await services.dispatcher.dispatch('desk.decideTransfer', { requestId, accept: true }, { host: 'web' })).toMatchObject({
      ok: false,
      error: { kind: 'forbidden', message: 'Bara biblioteket som låntagaren ska flytta till kan acceptera eller avslå flytten.' },
    });
    expect(state(b.id)).toEqual(before);
    expect(before.outbox.map((o) => o.kind)).not.toContain('transfer.decide');
  });

  it('still lets the receiving library decide', async () => {
    const { b, requestId } = await malmoToLund('admin');
    desk().logout();
    await signIn(services, 'lundRegistrar');
    desk().decideTransfer(requestId, true);
    expect(state(b.id)).toMatchObject({ borrower: { library_id: 'lund' }, transfer: [{ status: 'accepted', decided_by: 'staff-lund-1' }] });
    expect(state(b.id).outbox.map((o) => o.kind).slice(-2)).toEqual(['borrower.update', 'transfer.decide']);
  });

  it('words the refusal in Swedish, Danish and English', () => {
    const t = createTranslator();
    expect(t.t('da', 'desk.transfer.notReceiver')).toBe('Kun biblioteket, som låneren skal flytte til, kan acceptere eller afvise flytningen.');
    expect(t.t('en', 'desk.transfer.notReceiver')).toBe('Only the library the borrower would move to can accept or reject the transfer.');
  });
});
