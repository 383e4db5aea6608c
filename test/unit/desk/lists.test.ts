import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { all, run, sql } from '../../../src/main/db/sql';
import type { RegisterType } from '../../../src/shared/desk/registration';
import { BorrowerListQuerySchema, type BorrowerListQuery } from '../../../src/shared/ipc/contract';
import { signIn } from '../../helpers/desk';
import { refusal, unwrapped } from '../../helpers/result';
import { testServices } from '../../helpers/services';

let services: AppServices;
beforeEach(() => {
  services = testServices();
});
afterEach(() => services.close());

const desk = () => unwrapped(services.desk);
const list = (query: Partial<BorrowerListQuery> & Pick<BorrowerListQuery, 'registerType'>) => desk().listBorrowers(BorrowerListQuerySchema.parse(query));

/** Borrowers written straight into the register copy (registration is tested elsewhere; this is about listing). */
function insert(n: number, type: RegisterType, libraryId: string | null, options: { protected?: boolean; validUntil?: string } = {}) {
  const id = `${type}-${libraryId ?? 'none'}-${n}`;
  const minor = type === 'minor' || type === 'minor-lma';
  run(
    services.db,
    sql`INSERT INTO borrower (id, library_id, register_type, identity_kind, identity_number, first_name, last_name, email, valid_until,
          guardian_name, guardian_birth_date, protected, agreement_accepted_at, created_at, created_by, updated_at)
        VALUES (${id}, ${libraryId}, ${type}, 'se-personnummer', ${id},
          ${`Förnamn${n}`}, ${`Efternamn${String(n).padStart(2, '0')}`}, ${`${id}@example.se`}, ${options.validUntil ?? null},
          ${minor ? 'Vårdnadshavare' : null}, ${minor ? '1980-01-01' : null}, ${options.protected ? 1 : 0},
          '2026-01-02T10:00:00.000Z', ${`2026-01-02T10:00:${String(n).padStart(2, '0')}.000Z`}, 's1', '2026-01-02T10:00:00.000Z')`,
  );
  return id;
}

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
