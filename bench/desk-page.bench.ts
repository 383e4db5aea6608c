import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAppServices } from '../src/main/app/services';
import { demoBorrower } from '../src/main/circulation/demo-seed';
import { demoAccounts } from '../src/main/desk/demo-seed';
import { createRootLogger } from '../src/main/log';
import { msSince, percentile } from './stats';
import type { BenchFigure } from './types';

const loans = 50;
const fees = 20;
const samples = 300;

/**
 * Opening a borrower page at the desk (issue 11): the use case desk.borrowerPage runs (access check, audit row,
 * status, loans, holds, fees, cards, block, lockout) for a borrower with 50 loans and 20 fees, on a terminal
 * database in a real data folder with the terminal's own settings (encrypted, WAL, its synchronous level): each
 * view writes its audit row and commits.
 */
export async function run(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lanedisk-bench-desk-page-'));
  const services = createAppServices({ dataDir: dir, host: 'web', appVersion: 'bench', log: createRootLogger({ level: 'silent' }), serialPorts: { list: () => Promise.resolve([]) }, demo: true });
  try {
    await services.seedDemo();
    await services.desk.login(demoAccounts.registrar.email, demoAccounts.registrar.password);
    const db = services.db;
    const at = '2026-01-01T10:00:00.000Z';
    db.transaction(() => {
      const item = db.prepare(`INSERT INTO item (barcode, title, author, branch_id, status, updated_at) VALUES (?, ?, 'Bench', 'malmo', 'on-loan', ?)`);
      const loan = db.prepare(`INSERT INTO loan (id, item_barcode, borrower_id, checked_out_at, due_date) VALUES (?, ?, ?, ?, ?)`);
      for (let i = 0; i < loans; i++) {
        const barcode = `3910${String(i).padStart(10, '0')}`;
        item.run(barcode, `Bench title ${i}`, at);
        loan.run(`bench-loan-${i}`, barcode, demoBorrower.id, at, `2026-0${1 + (i % 9)}-15`);
      }
      const fee = db.prepare(`INSERT INTO fee (id, borrower_id, amount_cents, currency, reason, created_at, settled_at) VALUES (?, ?, ?, 'SEK', 'Late return', ?, ?)`);
      for (let i = 0; i < fees; i++) fee.run(`bench-fee-${i}`, demoBorrower.id, 500 + i, at, i % 2 === 0 ? null : at);
    })();
    const synchronous = db.pragma('synchronous', { simple: true }) as number;
    const journal = db.pragma('journal_mode', { simple: true }) as string;

    const open = () => {
      const page = services.desk.borrowerPage(demoBorrower.id);
      if (!page.ok || page.value.loans.length !== loans || page.value.fees.length !== fees) throw new Error('desk-page bench: the page is not the one loaded');
    };
    for (let i = 0; i < 30; i++) open(); // warm the statement cache
    const service: number[] = [];
    for (let i = 0; i < samples; i++) {
      const start = process.hrtime.bigint();
      open();
      service.push(msSince(start));
    }
    // The same through the IPC dispatcher (request and response validated with the contract's schemas).
    const ipc: number[] = [];
    for (let i = 0; i < samples; i++) {
      const start = process.hrtime.bigint();
      const result = await services.dispatcher.dispatch('desk.borrowerPage', { id: demoBorrower.id }, { host: 'web' });
      ipc.push(msSince(start));
      if (!result.ok) throw new Error(`desk-page bench: ${result.error.message}`);
    }
    const p95 = percentile(service, 95);
    const settings = `journal ${journal}, synchronous ${['OFF', 'NORMAL', 'FULL', 'EXTRA'][synchronous] ?? synchronous}`;
    return [
      { name: 'borrower page p50 (service)', value: percentile(service, 50), unit: 'ms', note: `${samples} opens, ${loans} loans, ${fees} fees, audited; ${settings}` },
      { name: 'borrower page p95 (service)', value: p95, unit: 'ms', note: 'target < 50 ms' },
      { name: 'borrower page p95 / target', value: p95 / 50, unit: 'x', note: '≤ 1 meets the target' },
      { name: 'borrower page p95 (IPC dispatcher)', value: percentile(ipc, 95), unit: 'ms', note: 'with request and response validation' },
    ];
  } finally {
    services.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
