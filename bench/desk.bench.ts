import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAppServices } from '../src/main/app/services';
import { demoAccounts } from '../src/main/desk/demo-seed';
import { hashPassword } from '../src/common/passwords';
import { createRootLogger } from '../src/main/log';
import { RegistrationInputSchema } from '../src/shared/desk/registration';
import { buildPersonnummer } from '../src/shared/identity/build';
import { msSince, percentile } from './stats';
import type { BenchFigure } from './types';

const firstNames = ['Anna', 'Eva', 'Maria', 'Karin', 'Sara', 'Lars', 'Anders', 'Johan', 'Per', 'Erik', 'Åsa', 'Björn', 'Sören', 'Ali', 'Fatima', 'Mohammed', 'Nora', 'Ebba', 'Oskar', 'Liam'];
const lastNames = ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson', 'Gustafsson', 'Lindberg', 'Öberg', 'Åström', 'Lindqvist', 'Berg', 'Hassan', 'Nguyen', 'Jensen', 'Hansen', 'Holm'];

/** Deterministic pseudo-random numbers, so every run searches the same register. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

export async function run(): Promise<BenchFigure[]> {
  const total = Number(process.env.LANEDISK_BENCH_BORROWERS ?? 1_000_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'lanedisk-bench-desk-'));
  const services = createAppServices({ dataDir: dir, host: 'web', appVersion: 'bench', log: createRootLogger({ level: 'silent' }), serialPorts: { list: () => Promise.resolve([]) }, demo: true });
  try {
    await services.seedDemo();
    await services.desk.login(demoAccounts.registrar.email, demoAccounts.registrar.password);
    const random = rng(42);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const hash = await hashPassword('bench-password');

    // Bulk load straight into the tables (the FTS index is kept by its triggers).
    const loadStart = process.hrtime.bigint();
    const insert = services.db.prepare(
      `INSERT INTO borrower (id, library_id, register_type, identity_kind, identity_number, birth_date, first_name, last_name, email,
         password_hash, agreement_accepted_at, created_at, created_by, updated_at)
       VALUES (?, ?, 'adult', 'se-personnummer', ?, ?, ?, ?, ?, ?, '2026-01-01', '2026-01-01', 'bench', '2026-01-01')`,
    );
    const insertCard = services.db.prepare(`INSERT INTO card (number, borrower_id, added_at) VALUES (?, ?, '2026-01-01')`);
    const identities: string[] = [];
    const base = Date.UTC(1930, 0, 1);
    services.db.transaction(() => {
      for (let i = 0; i < total; i++) {
        const day = i % 27_000;
        const serial = 1 + Math.floor(i / 27_000);
        const birthDate = new Date(base + day * 86_400_000).toISOString().slice(0, 10);
        const identity = buildPersonnummer({ birthDate, serial })!;
        if (i % 2000 === 0) identities.push(identity);
        const id = `b${i}`;
        insert.run(id, i % 10 === 0 ? 'lund' : 'malmo', identity, birthDate, pick(firstNames), pick(lastNames), `user${i}@example.se`, hash);
        if (i % 3 === 0) insertCard.run(`2900${String(i).padStart(10, '0')}`, id);
      }
    })();
    const loadSeconds = msSince(loadStart) / 1000;

    const queries = [
      ...identities.map((n) => n),
      ...identities.slice(0, 100).map((n) => `${n.slice(2, 8)}-${n.slice(8)}`),
      ...Array.from({ length: 150 }, () => pick(lastNames).slice(0, 4).toLowerCase()),
      ...Array.from({ length: 150 }, () => `${pick(firstNames)} ${pick(lastNames)}`),
      ...Array.from({ length: 100 }, (_, k) => `user${k * 7919}@example.se`),
      ...Array.from({ length: 100 }, (_, k) => `2900${String(k * 3 * 997).padStart(10, '0')}`),
    ];
    for (const q of queries.slice(0, 50)) services.desk.search(q, 50); // warm caches
    const latencies: number[] = [];
    for (const q of queries) {
      const start = process.hrtime.bigint();
      services.desk.search(q, 50);
      latencies.push(msSince(start));
    }

    // Registrations and bare password hashes interleaved, so both see the same machine load.
    const hashTimes: number[] = [];
    const registration: number[] = [];
    for (let i = 0; i < 30; i++) {
      let start = process.hrtime.bigint();
      await hashPassword('x-password');
      hashTimes.push(msSince(start));
      const input = RegistrationInputSchema.parse({
        registerType: 'adult',
        identityNumber: buildPersonnummer({ birthDate: '1999-09-09', serial: 500 + i }),
        firstName: 'Bench',
        lastName: `Register${i}`,
        email: `bench.register${i}@example.se`,
        agreementAccepted: true,
        sendLoginDetails: true,
      });
      start = process.hrtime.bigint();
      await services.desk.register(input);
      registration.push(msSince(start));
    }
    const p95 = percentile(latencies, 95);
    return [
      { name: 'register size', value: total, unit: 'borrowers', note: `bulk load ${loadSeconds.toFixed(1)} s` },
      { name: 'search latency p50', value: percentile(latencies, 50), unit: 'ms', note: `${latencies.length} searches: name, identity, e-mail, card` },
      { name: 'search latency p95', value: p95, unit: 'ms', note: 'target < 20 ms' },
      { name: 'search p95 / target', value: p95 / 20, unit: 'x', note: '≤ 1 meets the target' },
      { name: 'registration p50 (incl. scrypt hash)', value: percentile(registration, 50), unit: 'ms', note: `${registration.length} registrations` },
      { name: 'registration p95 (incl. scrypt hash)', value: percentile(registration, 95), unit: 'ms' },
      { name: 'scrypt password hash p50', value: percentile(hashTimes, 50), unit: 'ms', note: 'the deliberate part of registration, measured alongside' },
      { name: 'registration / password hash, p50 ratio', value: percentile(registration, 50) / percentile(hashTimes, 50), unit: 'x', note: 'near 1: the hash dominates' },
    ];
  } finally {
    services.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
