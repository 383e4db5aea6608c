import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { all, sql } from '../../../src/main/db/sql';
import type { Progress } from '../../../src/shared/ipc/contract';
import { insertBulkTerminalBorrowers } from '../../helpers/bulk-terminal-borrowers';
import { insertListedBorrower, signIn } from '../../helpers/desk';
import { testServices } from '../../helpers/services';

let services: AppServices;
beforeEach(() => {
  // A clock that moves a tenth of a second each time it is read, so progress reports are not spaced out to none.
  let at = Date.parse('2026-11-25T10:00:00Z');
  services = testServices({ now: () => new Date((at += 100)) });
});
afterEach(() => services.close());

const ctx = { host: 'web' as const };

const insertBulk = (count: number) => insertBulkTerminalBorrowers(services.db, count);

function watch(): Progress[] {
  const seen: Progress[] = [];
  services.events.forward((event, payload) => {
    if (event === 'progress' && (payload as Progress).task === 'export.borrowerList') seen.push(payload as Progress);
  });
  return seen;
}

describe('desk: a borrower list exported as CSV (issue 17)', () => {
  it('exports 100,000 borrowers in chunks while other calls are answered, with progress to done = total', async () => {
    await signIn(services);
    insertBulk(100_000);
    const seen = watch();
    let settled = false;
    // The first report with rows done: the export is under way.
    const underWay = new Promise<void>((resolve) => {
      services.events.forward((event, payload) => {
        if (event === 'progress' && (payload as Progress).done > 0 && !(payload as Progress).finished) resolve();
      });
    });
    const exported = services.dispatcher.dispatch('export.borrowerList', { registerType: 'adult' }, ctx).finally(() => {
      settled = true;
    });
    await underWay;
    // Another call, on the same database, is answered while the export runs.
    const page = await services.dispatcher.dispatch('desk.listBorrowers', { registerType: 'adult', pageSize: 5 }, ctx);
    expect(page).toMatchObject({ ok: true, value: { total: 100_000, rows: [{ lastName: 'Efternamn000001' }, {}, {}, {}, {}] } });
    expect(settled).toBe(false);

    const result = await exported;
    if (!result.ok) throw new Error(result.error.message);
    const { fileName, text, rows } = result.value as { fileName: string; text: string; rows: number };
    expect(rows).toBe(100_000);
    expect(fileName).toBe('lantagare-adult-2026-11-25.csv');
    const lines = text.split('\r\n');
    expect(lines).toHaveLength(100_002);
    expect(lines[0]).toBe('\ufeffEfternamn,Förnamn,ID-nummer,E-post,Bibliotek,Giltigt till,Registrerad');
    expect(lines[1]).toBe('Efternamn000001,Förnamn1,70000000-0001,bulk1@example.se,Malmö stadsbibliotek,,2026-01-02');
    expect(lines[100_000]).toBe('Efternamn100000,Förnamn100000,70000010-0000,bulk100000@example.se,Malmö stadsbibliotek,,2026-01-02');
    expect(lines[100_001]).toBe('');

    // Progress: total known from the first report, done never going back, ending at done = total.
    expect(seen.every((p) => p.total === 100_000)).toBe(true);
    expect(seen.map((p) => p.done)).toEqual([...seen.map((p) => p.done)].sort((a, b) => a - b));
    expect(seen.at(-1)).toEqual({ task: 'export.borrowerList', done: 100_000, total: 100_000, remainingMs: 0, finished: true, outcome: 'done' });
    // One audit row for the export, with the number of rows.
    const audit = all<{ details: string }>(services.db, sql`SELECT details FROM audit_log WHERE action = 'borrower.exportList'`);
    expect(audit.map((a) => JSON.parse(a.details) as unknown)).toEqual([{ registerType: 'adult', rows: 100_000 }]);
  }, 120_000);

  it('a registrar exports their own library only, in the list’s order; a protected identity is not in it', async () => {
    await signIn(services);
    insertListedBorrower(services.db, 1, 'adult', 'malmo');
    insertListedBorrower(services.db, 2, 'adult', 'malmo', { validUntil: '2027-01-31' });
    insertListedBorrower(services.db, 3, 'adult', 'lund');
    insertListedBorrower(services.db, 4, 'adult', null, { protected: true });
    const result = await services.dispatcher.dispatch('export.borrowerList', { registerType: 'adult', sort: 'name', direction: 'descending' }, ctx);
    const text = result.ok ? (result.value as { text: string }).text : '';
    expect(text.split('\r\n').slice(1)).toEqual([
      'Efternamn02,Förnamn2,adult-malmo-2,adult-malmo-2@example.se,Malmö stadsbibliotek,2027-01-31,2026-01-02',
      'Efternamn01,Förnamn1,adult-malmo-1,adult-malmo-1@example.se,Malmö stadsbibliotek,,2026-01-02',
      '',
    ]);
  });

  it('is refused to nobody signed in, and a stopped export answers that nothing was saved', async () => {
    expect(await services.dispatcher.dispatch('export.borrowerList', { registerType: 'adult' }, ctx)).toMatchObject({ ok: false, error: { kind: 'forbidden' } });

    await signIn(services);
    insertBulk(5000);
    services.events.forward((event, payload) => {
      if (event === 'progress' && (payload as Progress).done > 0 && !(payload as Progress).finished) {
        void services.dispatcher.dispatch('progress.cancel', { task: 'export.borrowerList' }, ctx);
      }
    });
    const seen = watch();
    const stopped = await services.dispatcher.dispatch('export.borrowerList', { registerType: 'adult' }, ctx);
    expect(stopped).toMatchObject({ ok: false, error: { kind: 'unavailable', code: 'export.error.cancelled', message: 'Exporten avbröts. Inget sparades.' } });
    expect(seen.at(-1)).toMatchObject({ finished: true, outcome: 'cancelled' });
    expect(seen.at(-1)!.done).toBeLessThan(5000);
  });
});
