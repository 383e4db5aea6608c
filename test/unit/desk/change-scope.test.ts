import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { all, get, sql } from '../../../src/main/db/sql';
import { createTranslator } from '../../../src/main/ipc/translator';
import { RegistrationInputSchema } from '../../../src/shared/desk/registration';
import { adult, cpr, pnr, signIn } from '../../helpers/desk';
import { refusal, value, valueOf } from '../../helpers/result';
import { testServices } from '../../helpers/services';

/**
 * Administrators and central register staff open every library's borrowers at a desk (SPEC 1, 2), but the register
 * takes a change of a borrower only from a desk of the borrower's library (src/server/sync/authorization.ts, scopes
 * `own` and `own-or-move-here`; a transfer request `transfer-party`). The desk refuses every other change itself,
 * localized, saving, queueing, mailing and auditing nothing, so nothing looks done here and is then refused at sync.
 */
describe('desk: administrators and central staff change only their own library’s borrowers', () => {
  let services: AppServices;
  beforeEach(() => {
    services = testServices({ initialConfig: { mode: 'desk', language: 'sv' } });
  });
  afterEach(() => services.close());

  const state = (id: string) => ({
    borrower: get(services.db, sql`SELECT * FROM borrower WHERE id = ${id}`),
    cards: all(services.db, sql`SELECT number FROM card WHERE borrower_id = ${id} ORDER BY number`),
    consent: all(services.db, sql`SELECT * FROM guardian_consent WHERE borrower_id = ${id}`),
    transfers: all(services.db, sql`SELECT * FROM transfer_request WHERE borrower_id = ${id}`),
    outbox: all(services.db, sql`SELECT seq, kind, payload FROM outbox ORDER BY seq`),
    audit: all(services.db, sql`SELECT id, action FROM audit_log ORDER BY id`),
    mail: all(services.db, sql`SELECT id, template_id FROM mail_outbox ORDER BY id`),
  });

  /** A Lund minor with a card and a guardian's door consent, and a Copenhagen borrower with an alternative number. */
  async function othersBorrowers() {
    await signIn(services, 'lundRegistrar');
    const lund = await valueOf(
      services.desk.register(
        RegistrationInputSchema.parse(
          adult({
            registerType: 'minor',
            identityNumber: pnr('2016-03-04', 311),
            guardianName: 'Greta Förälder',
            guardianBirthDate: '1984-05-06',
            cardNumbers: ['LUND-0001'],
            doorConsent: { guardianName: 'Greta Förälder', relation: 'parent' },
          }),
        ),
      ),
    );
    services.desk.logout();
    await signIn(services, 'copenhagenRegistrar');
    const dane = await valueOf(
      services.desk.register(RegistrationInputSchema.parse(adult({ identityNumber: cpr('1975-04-02', 3101), email: '', sendLoginDetails: false, password: 'hemligt-123', altNumber: '53001001', street: 'Krystalgade 15', postcode: '1172', town: 'København K' }))),
    );
    services.desk.logout();
    return { lund, dane };
  }

  const lundRefusal = { kind: 'forbidden', code: 'desk.error.otherLibraryChange', params: { library: 'Lunds stadsbibliotek' } };

  it.each(['admin', 'central'] as const)('refuses a %s every change of another library’s borrower, localized, changing nothing', async (account) => {
    const { lund, dane } = await othersBorrowers();
    await signIn(services, account);
    const desk = services.desk;
    const before = state(lund.id);
    expect(before.borrower).toMatchObject({ library_id: 'lund', blocked: 0, processing_restricted: 0 });

    const attempts = {
      update: () => desk.update({ id: lund.id, expectedVersion: lund.version, email: 'ny.adress@example.se' }),
      delete: () => desk.delete(lund.id),
      setPassword: () => desk.setPassword(lund.id, 'hemligt-lösen-1'),
      setPin: () => desk.setPin(lund.id, '4826'),
      removePin: () => desk.setPin(lund.id, null),
      addCard: () => desk.addCard(lund.id, 'MALMO-9999'),
      removeCard: () => desk.removeCard(lund.id, 'LUND-0001'),
      block: () => desk.block(lund.id, 'Obetalda avgifter'),
      unblock: () => desk.unblock(lund.id, 'Betalt'),
      unlockPin: () => desk.unlockPin(lund.id),
      setDoorConsent: () => desk.setDoorConsent(lund.id, { guardianName: 'Greta Förälder', relation: 'legal-guardian' }),
      withdrawDoorConsent: () => desk.setDoorConsent(lund.id, null),
      setDoorOptIn: () => desk.setDoorOptIn(lund.id, { rulesVersion: 'v1' }),
      restrict: () => desk.setRestriction(lund.id, true, 'Begäran från låntagaren'),
      requestTransfer: () => desk.requestTransfer(lund.id, 'kk'),
    };
    for (const [name, attempt] of Object.entries(attempts)) {
      expect(await refusal(attempt), name).toEqual(lundRefusal);
    }
    // A Danish borrower's alternative number, typed by a Swedish administrator or central staff member.
    expect(await refusal(() => desk.update({ id: dane.id, expectedVersion: dane.version, altNumber: '53001002' }))).toEqual({
      ...lundRefusal,
      params: { library: 'Københavns Hovedbibliotek' },
    });
    // Over IPC, in the terminal's language.
    expect(await services.dispatcher.dispatch('desk.update', { id: lund.id, expectedVersion: lund.version, firstName: 'Ändrad' }, { host: 'web' })).toMatchObject({
      ok: false,
      error: { kind: 'forbidden', message: 'Tillhör Lunds stadsbibliotek: bara det biblioteket kan ändra kontot.' },
    });
    expect(state(lund.id)).toEqual(before);
    expect(get(services.db, sql`SELECT alt_number FROM borrower WHERE id = ${dane.id}`)).toEqual({ alt_number: '53001001' });

    // Opening and reading the account still works (audited as views); the page says it cannot be changed here.
    expect(value(desk.get(lund.id))).toMatchObject({ id: lund.id, libraryName: 'Lunds stadsbibliotek', changeable: false, cards: ['LUND-0001'] });
    expect(value(desk.borrowerPage(lund.id))).toMatchObject({ id: lund.id, libraryName: 'Lunds stadsbibliotek' });
    expect(all<{ action: string }>(services.db, sql`SELECT action FROM audit_log WHERE subject_id = ${lund.id} ORDER BY id`).slice(-2)).toEqual([
      { action: 'borrower.view' },
      { action: 'borrower.view-circulation' },
    ]);
  });

  it('lets an administrator change their own library’s borrower, and ask for another library’s borrower to come here', async () => {
    const { lund } = await othersBorrowers();
    await signIn(services, 'admin');
    const own = await valueOf(services.desk.register(RegistrationInputSchema.parse(adult({ firstName: 'Egen' }))));
    expect(own).toMatchObject({ libraryName: 'Malmö stadsbibliotek', changeable: true });
    expect(value(services.desk.update({ id: own.id, expectedVersion: own.version, firstName: 'Egna' }))).toMatchObject({ firstName: 'Egna', changeable: true });
    expect(value(services.desk.addCard(own.id, 'MALMO-0001'))).toMatchObject({ cards: ['MALMO-0001'] });
    expect(value(services.desk.requestTransfer(own.id, 'lund'))).toMatchObject({ pendingTransferTo: 'Lunds stadsbibliotek' });
    // The register's `transfer-party`: the receiving library may ask too; the account stays Lund's until Lund accepts.
    expect(value(services.desk.requestTransfer(lund.id, 'malmo'))).toMatchObject({ pendingTransferTo: 'Malmö stadsbibliotek', changeable: false });
    const kinds = all<{ kind: string }>(services.db, sql`SELECT kind FROM outbox ORDER BY seq`).map((o) => o.kind);
    expect(kinds.slice(-4)).toEqual(['borrower.update', 'card.add', 'transfer.request', 'transfer.request']);
  });

  it('words the refusal in Swedish, Danish and English', () => {
    const t = createTranslator();
    const params = { library: 'Lunds stadsbibliotek' };
    expect(t.t('sv', 'desk.error.otherLibraryChange', params)).toBe('Tillhör Lunds stadsbibliotek: bara det biblioteket kan ändra kontot.');
    expect(t.t('da', 'desk.error.otherLibraryChange', params)).toBe('Tilhører Lunds stadsbibliotek: kun det bibliotek kan ændre kontoen.');
    expect(t.t('en', 'desk.error.otherLibraryChange', params)).toBe('Belongs to Lunds stadsbibliotek: only that library can change this account.');
  });
});
