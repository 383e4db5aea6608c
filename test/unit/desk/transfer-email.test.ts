import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { all, get, sql } from '../../../src/main/db/sql';
import { createTranslator } from '../../../src/main/ipc/translator';
import { RegistrationInputSchema } from '../../../src/shared/desk/registration';
import { adult, cpr, signIn } from '../../helpers/desk';
import { refusal as failure, unwrapped } from '../../helpers/result';
import { testServices } from '../../helpers/services';

/**
 * Issue 11: a Danish borrower may have no e-mail; a Swedish library requires one. Accepting a transfer of such a
 * borrower into a Swedish library asks for the address at acceptance and refuses without it, saving nothing.
 */
describe('accepting a transfer of a borrower without e-mail at the desk', () => {
  let services: AppServices;
  beforeEach(() => {
    services = testServices({ initialConfig: { mode: 'desk', language: 'sv' } });
  });
  afterEach(() => services.close());
  const desk = () => unwrapped(services.desk);
  const count = (table: string) => get<{ n: number }>(services.db, sql`SELECT count(*) AS n FROM ${sql.identifier(table)}`)!.n;

  /** A Copenhagen borrower without e-mail asks to move to Malmö; Malmö's registrar is signed in. */
  async function requestedToMalmo() {
    await signIn(services, 'copenhagenRegistrar');
    const b = await desk().register(RegistrationInputSchema.parse(adult({ identityNumber: cpr('1975-04-02', 2301), email: '', firstName: 'Dorte', lastName: 'Udenmail', sendLoginDetails: false, password: 'hemligt-123' })));
    desk().requestTransfer(b.id, 'malmo');
    desk().logout();
    await signIn(services, 'registrar');
    const [request] = desk().startPage().transfers;
    return { b, request: request! };
  }
  const state = (borrowerId: string) => ({
    borrower: get(services.db, sql`SELECT library_id, email FROM borrower WHERE id = ${borrowerId}`),
    transfer: get(services.db, sql`SELECT status FROM transfer_request WHERE borrower_id = ${borrowerId}`),
    outbox: count('outbox'),
    mail: count('mail_outbox'),
    audit: count('audit_log'),
  });

  it('marks the request as needing an e-mail and refuses the acceptance without one, localized, saving nothing', async () => {
    const { b, request } = await requestedToMalmo();
    expect(request).toMatchObject({ borrowerName: 'Dorte Udenmail', emailNeeded: true });
    const before = state(b.id);
    expect((await failure(() => services.desk.decideTransfer(request.id, true))).issues).toEqual([{ path: 'email', message: 'desk.transfer.emailRequired' }]);
    // Over IPC, an emptied field is "no address" and is refused the same way, in the terminal's language.
    expect(await services.dispatcher.dispatch('desk.decideTransfer', { requestId: request.id, accept: true, email: '  ' }, { host: 'web' })).toMatchObject({
      ok: false,
      error: { kind: 'validation', issues: [{ path: 'email', message: 'Biblioteket kräver e-post och låntagaren har ingen. Skriv låntagarens e-postadress för att ta emot flytten.' }] },
    });
    expect(state(b.id)).toEqual(before);
    expect(before).toMatchObject({ borrower: { library_id: 'kk', email: null }, transfer: { status: 'pending' } });

    const t = createTranslator();
    expect(t.t('da', 'desk.transfer.emailRequired')).toBe('Biblioteket kræver en e-mailadresse, og låneren har ingen. Skriv lånerens e-mailadresse for at modtage flytningen.');
    expect(t.t('en', 'desk.transfer.emailRequired')).toBe('This library requires an e-mail address and the borrower has none. Enter the borrower’s e-mail address to accept the move.');
  });

  it('refuses an address another borrower holds', async () => {
    const { b, request } = await requestedToMalmo();
    const holder = await desk().register(RegistrationInputSchema.parse(adult({ email: 'upptagen@example.se' })));
    expect(holder.email).toBe('upptagen@example.se');
    const before = state(b.id);
    expect((await failure(() => services.desk.decideTransfer(request.id, true, 'Upptagen@Example.se'))).issues).toEqual([{ path: 'email', message: 'desk.error.emailTaken' }]);
    expect(state(b.id)).toEqual(before);
  });

  it('moves the borrower with the address given at acceptance: the move goes to the register before the decision, mailed and audited', async () => {
    const { b, request } = await requestedToMalmo();
    const outboxBefore = count('outbox');
    desk().decideTransfer(request.id, true, 'Dorte@Example.SE');
    expect(get(services.db, sql`SELECT library_id, branch_id, email FROM borrower WHERE id = ${b.id}`)).toEqual({ library_id: 'malmo', branch_id: null, email: 'dorte@example.se' });
    const outbox = all<{ kind: string; payload: string }>(services.db, sql`SELECT kind, payload FROM outbox WHERE seq > ${outboxBefore} ORDER BY seq`).map((o) => ({ kind: o.kind, payload: JSON.parse(o.payload) as unknown }));
    expect(outbox).toEqual([
      { kind: 'borrower.update', payload: { id: b.id, baseVersion: b.version, changes: { library_id: { from: 'kk', to: 'malmo' }, email: { from: null, to: 'dorte@example.se' } } } },
      { kind: 'transfer.decide', payload: { id: request.id, accept: true } },
    ]);
    expect(get(services.db, sql`SELECT recipient, template_id FROM mail_outbox ORDER BY id DESC LIMIT 1`)).toEqual({ recipient: 'dorte@example.se', template_id: 'transfer-accepted' });
    const audit = get<{ details: string }>(services.db, sql`SELECT details FROM audit_log WHERE action = 'transfer.accept' AND subject_id = ${b.id}`)!;
    expect(JSON.parse(audit.details)).toEqual({ transferId: request.id, emailAdded: true });
    expect(desk().startPage().transfers).toEqual([]);
  });

  it('lets the Swedish library reject such a request without asking for an address', async () => {
    const { b, request } = await requestedToMalmo();
    desk().decideTransfer(request.id, false);
    expect(get(services.db, sql`SELECT library_id, email FROM borrower WHERE id = ${b.id}`)).toEqual({ library_id: 'kk', email: null });
  });
});
