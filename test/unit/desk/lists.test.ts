import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { all, sql } from '../../../src/main/db/sql';
import type { RegisterType } from '../../../src/shared/desk/registration';
import { BorrowerListQuerySchema, type BorrowerListQuery } from '../../../src/shared/ipc/contract';
import { insertListedBorrower, signIn } from '../../helpers/desk';
import { refusal, unwrapped } from '../../helpers/result';
import { testServices } from '../../helpers/services';

let services: AppServices;
beforeEach(() => {
  services = testServices();
});
afterEach(() => services.close());

const desk = () => unwrapped(services.desk);
const list = (query: Partial<BorrowerListQuery> & Pick<BorrowerListQuery, 'registerType'>) => desk().listBorrowers(BorrowerListQuerySchema.parse(query));

const insert = (n: number, type: RegisterType, libraryId: string | null, options: Parameters<typeof insertListedBorrower>[4] = {}) =>
  insertListedBorrower(services.db, n, type, libraryId, options);

describe('desk: lists by register type (MTM "Visa vuxna låntagare")', () => {
  it('pages one register type of the own library in SQL, sorted by name, and says how many there are', async () => {
    await signIn(services);
    for (let n = 1; n <= 30; n++) insert(n, 'adult', 'malmo');
    insert(1, 'minor', 'malmo');
    insert(2, 'adult-lma', 'malmo');
    insert(3, 'adult', 'lund');
    insert(4, 'adult', null, { protected: true });

    const first = list({ registerType: 'adult', pageSize: 25 });
    expect(first).toMatchObject({ total: 30, page: 1, pageSize: 25 });
    expect(first.rows).toHaveLength(25);
    expect(first.rows[0]).toMatchObject({ lastName: 'Efternamn01', libraryName: 'Malmö stadsbibliotek', registerType: 'adult' });
    const second = list({ registerType: 'adult', page: 2, pageSize: 25 });
    expect(second.rows.map((b) => b.lastName)).toEqual(['Efternamn26', 'Efternamn27', 'Efternamn28', 'Efternamn29', 'Efternamn30']);

    expect(list({ registerType: 'minor' }).rows.map((b) => b.id)).toEqual(['minor-malmo-1']);
    expect(list({ registerType: 'adult-lma' }).total).toBe(1);
    expect(list({ registerType: 'minor-lma' })).toEqual({ rows: [], total: 0, page: 1, pageSize: 25 });
  });

  it('sorts descending by name, by validity with the undated last, and a page past the end gives the last page', async () => {
    await signIn(services);
    insert(1, 'adult', 'malmo', { validUntil: '2027-05-01' });
    insert(2, 'adult', 'malmo');
    insert(3, 'adult', 'malmo', { validUntil: '2026-12-31' });
    expect(list({ registerType: 'adult', sort: 'name', direction: 'descending' }).rows.map((b) => b.lastName)).toEqual(['Efternamn03', 'Efternamn02', 'Efternamn01']);
    expect(list({ registerType: 'adult', sort: 'validUntil' }).rows.map((b) => b.validUntil)).toEqual(['2026-12-31', '2027-05-01', null]);
    expect(list({ registerType: 'adult', sort: 'validUntil', direction: 'descending' }).rows.map((b) => b.validUntil)).toEqual(['2027-05-01', '2026-12-31', null]);
    expect(list({ registerType: 'adult', sort: 'createdAt', direction: 'descending' }).rows.map((b) => b.lastName)).toEqual(['Efternamn03', 'Efternamn02', 'Efternamn01']);
    expect(list({ registerType: 'adult', page: 9, pageSize: 5 })).toMatchObject({ page: 1, total: 3 });
  });

  it('shows an administrator every library, protected identities only to central staff, and audits each page', async () => {
    await services.seedDemo({ borrowers: false });
    insert(1, 'adult', 'malmo');
    insert(2, 'adult', 'lund');
    insert(3, 'adult', null, { protected: true });
    await signIn(services, 'admin');
    expect(list({ registerType: 'adult' }).rows.map((b) => b.id)).toEqual(['adult-malmo-1', 'adult-lund-2']);
    desk().logout();
    await signIn(services, 'central');
    expect(list({ registerType: 'adult' }).rows.map((b) => [b.id, b.protected, b.lastName])).toEqual([
      ['adult-malmo-1', false, 'Efternamn01'],
      ['adult-lund-2', false, 'Efternamn02'],
      ['adult-none-3', true, null],
    ]);
    const audit = all<{ action: string; details: string }>(services.db, sql`SELECT action, details FROM audit_log WHERE action = 'borrower.list'`);
    expect(audit.map((a) => JSON.parse(a.details) as unknown)).toEqual([
      { registerType: 'adult', page: 1, results: 2 },
      { registerType: 'adult', page: 1, results: 3 },
    ]);
  });

  it('needs a signed-in desk account and refuses an unknown register type or sort at the boundary', async () => {
    expect((await refusal(() => services.desk.listBorrowers(BorrowerListQuerySchema.parse({ registerType: 'adult' })))).code).toBe('desk.error.notSignedIn');
    expect(BorrowerListQuerySchema.safeParse({ registerType: 'staff' }).success).toBe(false);
    expect(BorrowerListQuerySchema.safeParse({ registerType: 'adult', sort: 'email; DROP TABLE borrower' }).success).toBe(false);
    expect(BorrowerListQuerySchema.safeParse({ registerType: 'adult', pageSize: 100000 }).success).toBe(false);
  });
});

describe('desk: the audit log names whom an entry is about', () => {
  it('gives a borrower’s and a staff member’s name instead of their id, and a protected identity’s only to central staff', async () => {
    await services.seedDemo({ borrowers: false });
    const open = insertListedBorrower(services.db, 1, 'adult', 'malmo');
    const hidden = insertListedBorrower(services.db, 2, 'adult', null, { protected: true });
    await signIn(services, 'central');
    desk().get(open);
    desk().get(hidden);
    const names = () =>
      desk()
        .auditLog({ limit: 20 })
        .filter((e) => e.action === 'borrower.view' || e.action === 'staff.login')
        .map((e) => [e.action, e.subjectName]);
    expect(names()).toEqual([
      ['borrower.view', 'Förnamn2 Efternamn02'],
      ['borrower.view', 'Förnamn1 Efternamn01'],
      ['staff.login', 'Cecilia Central'],
    ]);
    desk().logout();
    await signIn(services, 'admin');
    expect(names()).toEqual([
      ['staff.login', 'Anders Admin'],
      ['borrower.view', null],
      ['borrower.view', 'Förnamn1 Efternamn01'],
      ['staff.login', 'Cecilia Central'],
    ]);
  });
});
