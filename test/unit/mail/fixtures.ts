import type Sqlite from 'better-sqlite3';
import { openDatabase } from '../../../src/main/db/open';
import type { NewMail } from '../../../src/main/mail/outbox';
import type { MailLanguage, MailParams, MailTemplateId } from '../../../src/main/mail/templates';

/** An in-memory terminal database as production opens it (src/main/db/open.ts: pragmas and every migration). */
export function mailDb(): Sqlite.Database {
  return openDatabase({ file: ':memory:' });
}

/** Where the mail tests' FakeClock starts. */
export const mailStart = '2025-03-01T09:00:00.000Z';

export const PASSWORD = 'Kx7-pQ2m-vTz9';

/** Realistic params for every template (no identity numbers anywhere). */
export const sampleParams: { [T in MailTemplateId]: MailParams<T> } = {
  'registration-login': { name: 'Åsa Öberg', email: 'asa.oberg@example.se', password: PASSWORD, libraryName: 'Malmö stadsbibliotek' },
  'transfer-requested': { name: 'Søren Ærø', fromLibrary: 'Aarhus Hovedbibliotek Dokk1', toLibrary: 'Københavns Hovedbibliotek' },
  'transfer-accepted': { name: 'Søren Ærø', toLibrary: 'Københavns Hovedbibliotek' },
  'transfer-rejected': { name: 'Anna Berg', toLibrary: 'Uppsala stadsbibliotek', fromLibrary: 'Stadsbiblioteket Göteborg' },
  'loan-receipt': {
    name: 'Åsa Öberg',
    libraryName: 'Malmö stadsbibliotek',
    lines: 'Lånat: Pippi Långstrump (återlämnas 2026-12-23)\nÅterlämnat: Mio, min Mio',
  },
  'moved-to-library': { name: 'Anna Berg', toLibrary: 'Stockholms stadsbibliotek' },
  'validity-expiring': { name: 'Yusuf Haddad', validUntil: '2025-03-15', libraryName: 'Kiruna bibliotek' },
};

export const languages: readonly MailLanguage[] = ['sv', 'da', 'en'];

/** A new borrower's login mail, as the desk queues it. */
export const login: NewMail = {
  template: 'registration-login',
  to: 'asa.oberg@example.se',
  language: 'sv',
  params: sampleParams['registration-login'],
  borrowerId: 'b-1',
  idempotencyKey: 'registration:b-1',
};
