import Sqlite from 'better-sqlite3';
import { m0003Mail } from '../../../src/main/db/migrations/0003-mail';
import type { MailLanguage, MailParams, MailTemplateId } from '../../../src/main/mail/templates';

/** An in-memory database with just the mail tables (0003 stands alone: no FKs to other tables). */
export function mailDb(): Sqlite.Database {
  const db = new Sqlite(':memory:');
  db.transaction(() => m0003Mail.up(db))();
  return db;
}

/** A clock the test moves by hand. */
export function testClock(start = '2025-03-01T09:00:00.000Z') {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    advance(ms: number) {
      t += ms;
    },
    advanceDays(days: number) {
      t += days * 24 * 60 * 60 * 1000;
    },
  };
}

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
