import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Queryable } from '../../../src/server/db/client';
import { sql } from '../../../src/server/db/sql';
import {
  registerRetentionRules,
  runRegisterRetention,
  startRetentionScheduler,
  type RegisterRetentionReport,
  type RegisterRetentionRule,
  type RetentionChanges,
} from '../../../src/server/privacy/retention';
import { describeEachBackend } from '../../helpers/postgres';
import { startRegister, type TestRegister } from '../../helpers/register-fixture';

/**
 * Register retention (SPEC 3) with a controllable clock, on PostgreSQL and PGlite. Every rule is tried
 * exactly at its boundary (not due) and one second after it (due), so changing a period by a day fails.
 */
const t = (s: string) => new Date(s);
const plus = (iso: string, ms: number) => new Date(new Date(iso).getTime() + ms);
const DAY = 86_400_000;

class RecordingChanges implements RetentionChanges {
  loans: string[] = [];
  fees: string[] = [];
  loanAnonymised(_tx: Queryable, loanId: string) {
    this.loans.push(loanId);
    return Promise.resolve();
  }
  feeDeleted(_tx: Queryable, feeId: string) {
    this.fees.push(feeId);
    return Promise.resolve();
  }
}

describeEachBackend('register retention on %s', { timeout: 60_000 }, (backend) => {
  let register: TestRegister;
  let n = 0;
  beforeAll(async () => {
    register = await startRegister({ backend, seed: false });
  }, 60_000);
  afterAll(() => register?.stop());
  afterEach(() => vi.useRealTimers());

  const db = () => register.db;
  const dry = (now: Date) => runRegisterRetention(db(), { now, dryRun: true, changes: new RecordingChanges() });
  const dueAt = async (rule: RegisterRetentionRule, id: string, now: Date) => (await dry(now)).rules[rule].ids.includes(id);
  /** Not due exactly at the boundary, due one second later. */
  const expectBoundary = async (rule: RegisterRetentionRule, id: string, boundary: Date) => {
    expect(await dueAt(rule, id, boundary), `${rule} ${id} at ${boundary.toISOString()}`).toBe(false);
    expect(await dueAt(rule, id, new Date(boundary.getTime() + 1000)), `${rule} ${id} after ${boundary.toISOString()}`).toBe(true);
  };

  const borrower = async (b: { created: string; login?: string | null; activity?: string | null }) => {
    const id = `b-${++n}`;
    await db().query(
      sql`INSERT INTO borrower (id, register_type, identity_kind, identity_number, first_name, last_name, email, agreement_accepted_at, created_at, created_by, updated_at, last_login_at, last_activity_at)
          VALUES (${id}, 'adult', 'se-personnummer', ${`19800101${String(n).padStart(4, '0')}`}, 'Astrid', ${`Lindqvist${n}`}, ${`p${n}@example.org`}, ${b.created}, ${b.created}, 'test', ${b.created},
                  ${b.login ?? null}, ${b.activity ?? null})`,
    );
    return id;
  };
  const loan = async (borrowerId: string | null, out: string, returned: string | null) => {
    const id = `l-${++n}`;
    await db().query(sql`INSERT INTO item (barcode, title, updated_at) VALUES (${`i-${id}`}, 'Pippi', ${out})`);
    await db().query(
      sql`INSERT INTO loan (id, item_barcode, borrower_id, checked_out_at, due_date, returned_at, updated_at) VALUES (${id}, ${`i-${id}`}, ${borrowerId}, ${out}, '2099-01-01', ${returned}, ${out})`,
    );
    return id;
  };
  const fee = async (f: { borrowerId?: string | null; kind?: 'fee' | 'compensation' | 'payment'; loanId?: string | null; settled: string | null }) => {
    const id = `f-${++n}`;
    await db().query(
      sql`INSERT INTO fee (id, borrower_id, kind, loan_id, amount_cents, currency, reason, created_at, settled_at, updated_at)
          VALUES (${id}, ${f.borrowerId ?? null}, ${f.kind ?? 'fee'}, ${f.loanId ?? null}, 1000, 'SEK', 'late', '2019-01-01T00:00:00.000Z', ${f.settled}, '2019-01-01T00:00:00.000Z')`,
    );
    return id;
  };

  describe('inactive borrower: 3 years after the latest activity, nothing on loan, nothing owed', () => {
    it('counts registration, login, activity and loan return, whichever is latest', async () => {
      const byLogin = await borrower({ created: '2020-03-01T10:00:00.000Z', login: '2021-05-10T08:00:00.000Z', activity: '2021-01-01T00:00:00.000Z' });
      await expectBoundary('inactive-borrower', byLogin, t('2024-05-10T08:00:00.000Z'));
      const byActivity = await borrower({ created: '2020-03-01T10:00:00.000Z', login: '2020-04-01T00:00:00.000Z', activity: '2021-07-20T14:30:00.000Z' });
      await expectBoundary('inactive-borrower', byActivity, t('2024-07-20T14:30:00.000Z'));
      const byReturn = await borrower({ created: '2020-03-01T10:00:00.000Z', login: '2020-04-01T00:00:00.000Z' });
      await loan(byReturn, '2021-06-01T09:00:00.000Z', '2021-06-15T12:00:00.000Z');
      await expectBoundary('inactive-borrower', byReturn, t('2024-06-15T12:00:00.000Z'));
      const byRegistration = await borrower({ created: '2021-02-03T04:05:06.000Z', login: '2021-02-03T04:05:06.000Z' });
      await expectBoundary('inactive-borrower', byRegistration, t('2024-02-03T04:05:06.000Z'));
    });

    it('keeps a borrower with an open loan, an unsettled fee or a ready hold, however old', async () => {
      const onLoan = await borrower({ created: '2010-01-01T00:00:00.000Z', login: '2010-01-01T00:00:00.000Z' });
      await loan(onLoan, '2010-02-01T00:00:00.000Z', null);
      const owes = await borrower({ created: '2010-01-01T00:00:00.000Z', login: '2010-01-01T00:00:00.000Z' });
      await fee({ borrowerId: owes, kind: 'compensation', settled: null });
      const holds = await borrower({ created: '2010-01-01T00:00:00.000Z', login: '2010-01-01T00:00:00.000Z' });
      await db().query(sql`INSERT INTO item (barcode, title, hold_for, updated_at) VALUES (${`hold-${holds}`}, 'Emil', ${holds}, '2010-01-01T00:00:00.000Z')`);
      const paid = await borrower({ created: '2010-01-01T00:00:00.000Z', login: '2010-01-01T00:00:00.000Z' });
      await fee({ borrowerId: paid, settled: '2010-03-01T00:00:00.000Z' });
      const report = await dry(t('2030-01-01T00:00:00.000Z'));
      for (const id of [onLoan, owes, holds]) {
        expect(report.rules['inactive-borrower'].ids).not.toContain(id);
        expect(report.rules['never-logged-in'].ids).not.toContain(id);
      }
      expect(report.rules['inactive-borrower'].ids).toContain(paid);
    });
  });

  describe('never logged in: 12 months after registration without any use', () => {
    it('is due 12 calendar months after registration', async () => {
      const id = await borrower({ created: '2025-01-31T09:00:00.000Z' });
      await expectBoundary('never-logged-in', id, t('2026-01-31T09:00:00.000Z'));
      // 29 February: the period ends on 28 February of the next year at the same time, never earlier.
      const leap = await borrower({ created: '2024-02-29T12:00:00.000Z' });
      expect(await dueAt('never-logged-in', leap, t('2025-02-28T12:00:00.000Z'))).toBe(false);
      expect(await dueAt('never-logged-in', leap, t('2025-03-01T12:00:00.000Z'))).toBe(true);
    });

    it('does not apply once the borrower logged in, was active or borrowed', async () => {
      const loggedIn = await borrower({ created: '2025-01-31T09:00:00.000Z', login: '2025-02-01T00:00:00.000Z' });
      const active = await borrower({ created: '2025-01-31T09:00:00.000Z', activity: '2025-02-01T00:00:00.000Z' });
      const borrowed = await borrower({ created: '2025-01-31T09:00:00.000Z' });
      await loan(borrowed, '2025-02-01T00:00:00.000Z', '2025-02-10T00:00:00.000Z');
      const report = await dry(t('2026-06-01T00:00:00.000Z'));
      for (const id of [loggedIn, active, borrowed]) expect(report.rules['never-logged-in'].ids).not.toContain(id);
    });
  });

  describe('loan history: the borrower goes 30 days after return and after the debt for it is settled', () => {
    it('anonymises 30 days after the return', async () => {
      const b = await borrower({ created: '2025-01-01T00:00:00.000Z', login: '2026-03-01T00:00:00.000Z' });
      const id = await loan(b, '2026-02-10T10:00:00.000Z', '2026-03-01T10:00:00.000Z');
      await expectBoundary('loan-history', id, plus('2026-03-01T10:00:00.000Z', 30 * DAY));
    });

    it('waits for a fee for the loan: 30 days after it was settled, never while it is open', async () => {
      const b = await borrower({ created: '2025-01-01T00:00:00.000Z', login: '2026-03-01T00:00:00.000Z' });
      const settled = await loan(b, '2026-02-10T10:00:00.000Z', '2026-03-01T10:00:00.000Z');
      await fee({ borrowerId: b, loanId: settled, settled: '2026-03-20T16:00:00.000Z' });
      await expectBoundary('loan-history', settled, plus('2026-03-20T16:00:00.000Z', 30 * DAY));
      const open = await loan(b, '2026-02-10T10:00:00.000Z', '2026-03-01T10:00:00.000Z');
      await fee({ borrowerId: b, loanId: open, settled: null });
      expect(await dueAt('loan-history', open, t('2030-01-01T00:00:00.000Z'))).toBe(false);
    });
  });

  describe('fees', () => {
    it("'fee' is deleted 30 days after it was settled", async () => {
      const id = await fee({ settled: '2026-05-01T00:00:00.000Z' });
      await expectBoundary('settled-fees', id, plus('2026-05-01T00:00:00.000Z', 30 * DAY));
    });

    it("'compensation' is deleted 1 year after it was paid", async () => {
      const id = await fee({ kind: 'compensation', settled: '2025-07-15T12:00:00.000Z' });
      await expectBoundary('paid-compensation', id, t('2026-07-15T12:00:00.000Z'));
    });

    it("'payment' is kept 5 years after the end of the fiscal (calendar, UTC) year it was paid in", async () => {
      const lastOf2020 = await fee({ kind: 'payment', settled: '2020-12-31T23:59:59.000Z' });
      expect(await dueAt('payment-records', lastOf2020, t('2025-12-31T23:59:59.999Z'))).toBe(false);
      expect(await dueAt('payment-records', lastOf2020, t('2026-01-01T00:00:00.000Z'))).toBe(true);
      const firstOf2021 = await fee({ kind: 'payment', settled: '2021-01-01T00:00:00.000Z' });
      expect(await dueAt('payment-records', firstOf2021, t('2026-12-31T23:59:59.999Z'))).toBe(false);
      expect(await dueAt('payment-records', firstOf2021, t('2027-01-01T00:00:00.000Z'))).toBe(true);
    });

    it('never deletes an unsettled fee or compensation', async () => {
      const open = await fee({ settled: null });
      const openCompensation = await fee({ kind: 'compensation', settled: null });
      const report = await dry(t('2060-01-01T00:00:00.000Z'));
      expect([...report.rules['settled-fees'].ids, ...report.rules['paid-compensation'].ids]).not.toContain(open);
      expect([...report.rules['settled-fees'].ids, ...report.rules['paid-compensation'].ids]).not.toContain(openCompensation);
    });
  });

  describe("the register's own copies of personal data", () => {
    it('deletes stored push answers after 90 days', async () => {
      const key = `push-${++n}`;
      await db().query(
        sql`INSERT INTO push_result (idempotency_key, terminal_id, seq, kind, result, created_at)
            VALUES (${key}, '00000000-0000-4000-8000-000000000001', 1, 'borrower.update', '{"status":"applied"}', '2026-02-01T08:00:00.000Z')`,
      );
      await expectBoundary('push-results', key, plus('2026-02-01T08:00:00.000Z', 90 * DAY));
    });

    it('deletes conflict notes after 1 year', async () => {
      const id = `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
      await db().query(
        sql`INSERT INTO conflict_note (id, borrower_id, field, kind, details, created_at) VALUES (${id}, 'someone', 'email', 'field', '{"kept":"a@example.org"}', '2025-03-01T00:00:00.000Z')`,
      );
      await expectBoundary('conflict-notes', id, t('2026-03-01T00:00:00.000Z'));
    });
  });

  describe('a real run', () => {
    it('changes exactly what the dry run reported, in one transaction, tells terminals and audits counts only', async () => {
      const now = t('2026-09-01T00:00:00.000Z');
      const inactive = await borrower({ created: '2019-01-01T00:00:00.000Z', login: '2019-01-02T00:00:00.000Z' });
      const keptBorrower = await borrower({ created: '2019-01-01T00:00:00.000Z', login: '2026-08-01T00:00:00.000Z' });
      const oldLoan = await loan(keptBorrower, '2026-06-01T00:00:00.000Z', '2026-07-01T00:00:00.000Z');
      const recentLoan = await loan(keptBorrower, '2026-08-01T00:00:00.000Z', '2026-08-20T00:00:00.000Z');
      const oldFee = await fee({ borrowerId: keptBorrower, settled: '2026-07-01T00:00:00.000Z' });
      await db().query(
        sql`INSERT INTO conflict_note (id, borrower_id, field, kind, details, created_at) VALUES ('00000000-0000-4000-8000-00000000aaaa', ${keptBorrower}, 'email', 'field', '{}', '2025-01-01T00:00:00.000Z')`,
      );
      await db().query(
        sql`INSERT INTO change_log (entity_type, entity_id, kind, data, borrower_id, created_at) VALUES ('conflict', '00000000-0000-4000-8000-00000000aaaa', 'conflict.note', '{}', ${keptBorrower}, '2025-01-01T00:00:00.000Z')`,
      );

      const planned = await dry(now);
      const changes = new RecordingChanges();
      const report = await runRegisterRetention(db(), { now, changes });
      for (const rule of registerRetentionRules) expect(report.rules[rule].ids, rule).toEqual(planned.rules[rule].ids);
      expect(report.dryRun).toBe(false);
      expect(report.changed).toBe(registerRetentionRules.reduce((s, r) => s + report.rules[r].count, 0));

      expect(report.rules['inactive-borrower'].ids).toContain(inactive);
      expect(await db().query(sql`SELECT 1 FROM borrower WHERE id = ${inactive}`)).toEqual([]);
      expect(await db().query(sql`SELECT borrower_id, erased_at, terminal_id FROM erasure WHERE borrower_id = ${inactive}`)).toEqual([
        { borrower_id: inactive, erased_at: now.toISOString(), terminal_id: null },
      ]);
      expect(await db().query(sql`SELECT kind, data FROM change_log WHERE entity_type = 'borrower' AND entity_id = ${inactive}`)).toEqual([
        { kind: 'borrower.erased', data: { id: inactive } },
      ]);

      // The loan history loses its borrower; the borrower keeps the date of that activity.
      expect(await db().query(sql`SELECT id, borrower_id, anonymised_at FROM loan WHERE id IN (${oldLoan}, ${recentLoan}) ORDER BY id`)).toEqual([
        { id: oldLoan, borrower_id: null, anonymised_at: now.toISOString() },
        { id: recentLoan, borrower_id: keptBorrower, anonymised_at: null },
      ]);
      expect(changes.loans).toEqual(report.rules['loan-history'].ids);
      expect(changes.loans).toContain(oldLoan);
      expect((await db().query<{ last_activity_at: string }>(sql`SELECT last_activity_at FROM borrower WHERE id = ${keptBorrower}`))[0]!.last_activity_at).toBe(
        '2026-07-01T00:00:00.000Z',
      );
      expect(await db().query(sql`SELECT 1 FROM fee WHERE id = ${oldFee}`)).toEqual([]);
      expect(changes.fees).toEqual([...report.rules['settled-fees'].ids, ...report.rules['paid-compensation'].ids, ...report.rules['payment-records'].ids]);
      expect(await db().query(sql`SELECT 1 FROM change_log WHERE entity_type = 'conflict' AND entity_id = '00000000-0000-4000-8000-00000000aaaa'`)).toEqual([]);

      const [row] = await db().query<{ actor: string; action: string; details: { counts: Record<string, number> } }>(
        sql`SELECT actor, action, details FROM audit WHERE action = 'retention.run' ORDER BY id DESC LIMIT 1`,
      );
      expect(row).toMatchObject({ actor: 'retention', action: 'retention.run' });
      expect(row!.details.counts).toEqual(Object.fromEntries(registerRetentionRules.map((r) => [r, report.rules[r].count])));
      expect(JSON.stringify(row)).not.toContain(inactive);

      // Nothing is left to do at the same instant.
      const again = await dry(now);
      expect(registerRetentionRules.every((r) => again.rules[r].count === 0)).toBe(true);
    });

    it('rolls everything back when one step fails', async () => {
      const b = await borrower({ created: '2026-01-01T00:00:00.000Z', login: '2026-09-01T00:00:00.000Z' });
      const l = await loan(b, '2026-09-01T00:00:00.000Z', '2026-09-02T00:00:00.000Z');
      const f = await fee({ settled: '2026-09-02T00:00:00.000Z' });
      const failing: RetentionChanges = {
        loanAnonymised: () => Promise.resolve(),
        feeDeleted: () => Promise.reject(new Error('emitter down')),
      };
      const auditBefore = (await db().query<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit`))[0]!.n;
      await expect(runRegisterRetention(db(), { now: t('2026-12-01T00:00:00.000Z'), changes: failing })).rejects.toThrow('emitter down');
      expect(await db().query(sql`SELECT borrower_id FROM loan WHERE id = ${l}`)).toEqual([{ borrower_id: b }]);
      expect(await db().query(sql`SELECT id FROM fee WHERE id = ${f}`)).toEqual([{ id: f }]);
      expect((await db().query<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit`))[0]!.n).toBe(auditBefore);
    });
  });

  describe('admin API and scheduler', () => {
    it('POST /admin/retention/run answers a dry run by default, ids and counts but no names or identity numbers', async () => {
      const id = await borrower({ created: '2010-01-01T00:00:00.000Z', login: '2010-01-01T00:00:00.000Z' });
      const [person] = await db().query<{ identity_number: string; last_name: string; email: string }>(sql`SELECT identity_number, last_name, email FROM borrower WHERE id = ${id}`);
      const response = await register.admin<RegisterRetentionReport>('POST', '/admin/retention/run', {});
      expect(response.status).toBe(200);
      expect(response.body.dryRun).toBe(true);
      expect(response.body.rules['inactive-borrower'].ids).toContain(id);
      const text = JSON.stringify(response.body);
      for (const secret of [person!.identity_number, person!.last_name, person!.email]) expect(text).not.toContain(secret);
      expect(await db().query(sql`SELECT 1 FROM borrower WHERE id = ${id}`)).toHaveLength(1);
      expect((await db().query(sql`SELECT 1 FROM audit WHERE action = 'retention.dry-run' AND actor = 'admin'`)).length).toBeGreaterThan(0);

      expect((await register.admin('POST', '/admin/retention/run', { dryRun: 'yes' })).status).toBe(400);
      expect((await fetch(new URL('/admin/retention/run', register.url), { method: 'POST' })).status).toBe(401);
    });

    it('runs a minute after start, then on its interval with the injected clock, and not at all with interval 0', async () => {
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
      const id = await borrower({ created: '2024-01-01T00:00:00.000Z' });
      const clock = { now: t('2024-06-01T00:00:00.000Z') };
      const reports: RegisterRetentionReport[] = [];
      const off = startRetentionScheduler({ db: db(), intervalMinutes: 0, now: () => clock.now, changes: new RecordingChanges(), onRun: (r) => reports.push(r) });
      const scheduler = startRetentionScheduler({ db: db(), intervalMinutes: 60, now: () => clock.now, changes: new RecordingChanges(), onRun: (r) => reports.push(r) });
      await vi.advanceTimersByTimeAsync(59_000);
      expect(reports).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1_000);
      await scheduler.idle();
      expect(reports).toHaveLength(1);
      expect(reports[0]!.at).toBe('2024-06-01T00:00:00.000Z');
      expect(await db().query(sql`SELECT 1 FROM borrower WHERE id = ${id}`)).toHaveLength(1);
      clock.now = t('2025-01-01T00:00:01.000Z');
      await vi.advanceTimersByTimeAsync(60 * 60_000 - 60_000);
      await scheduler.idle();
      expect(reports).toHaveLength(2);
      expect(reports[1]!.rules['never-logged-in'].ids).toContain(id);
      expect(await db().query(sql`SELECT 1 FROM borrower WHERE id = ${id}`)).toEqual([]);
      scheduler.stop();
      off.stop();
      await vi.advanceTimersByTimeAsync(5 * 60 * 60_000);
      expect(reports).toHaveLength(2);
    });
  });
});
