import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type DatabaseEncryption } from '../src/main/db/open';
import { msSince } from './stats';
import type { BenchFigure } from './types';

/** Deterministic pseudo-random numbers, so both variants read the same rows. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

interface Throughput {
  insertsPerSecond: number;
  readsPerSecond: number;
}

/** Inserts borrowers (their FTS index included) in one transaction, then point reads by id after reopening with a small cache. */
function measure(rows: number, reads: number, encryption: DatabaseEncryption | undefined): Throughput {
  const dir = mkdtempSync(path.join(tmpdir(), 'lanedisk-bench-crypt-'));
  const file = path.join(dir, 'lanedisk.sqlite');
  const options = { file, ...(encryption ? { encryption } : {}) };
  try {
    const db = openDatabase(options);
    db.exec(`INSERT INTO library (id, name, country, municipality) VALUES ('malmo', 'Malmö stadsbibliotek', 'SE', 'Malmö')`);
    const insert = db.prepare(
      `INSERT INTO borrower (id, library_id, register_type, identity_kind, identity_number, birth_date, first_name, last_name, email,
         agreement_accepted_at, created_at, created_by, updated_at)
       VALUES (?, 'malmo', 'adult', 'se-personnummer', ?, '1980-01-01', ?, ?, ?, '2026-01-01', '2026-01-01', 'bench', '2026-01-01')`,
    );
    const insertStart = process.hrtime.bigint();
    db.transaction(() => {
      for (let i = 0; i < rows; i++) insert.run(`b${i}`, `19800101${String(i).padStart(4, '0')}`, `First${i}`, `Last${i % 997}`, `user${i}@example.se`);
    })();
    const insertMs = msSince(insertStart);
    db.close();

    const reader = openDatabase(options);
    // A deliberately small page cache (2 MB), so reads reach the file and pay for decryption.
    reader.pragma('cache_size = -2000');
    const select = reader.prepare('SELECT first_name, last_name, email FROM borrower WHERE id = ?');
    const random = rng(7);
    const readStart = process.hrtime.bigint();
    for (let i = 0; i < reads; i++) {
      if (!select.get(`b${Math.floor(random() * rows)}`)) throw new Error('a borrower is missing during the benchmark');
    }
    const readMs = msSince(readStart);
    reader.close();
    return { insertsPerSecond: (rows / insertMs) * 1000, readsPerSecond: (reads / readMs) * 1000 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function run(): Promise<BenchFigure[]> {
  const rows = Number(process.env.LANEDISK_BENCH_CRYPT_ROWS ?? 50_000);
  const reads = Number(process.env.LANEDISK_BENCH_CRYPT_READS ?? 50_000);
  const plain = measure(rows, reads, undefined);
  const encrypted = measure(rows, reads, { key: randomBytes(32) });
  const note = `${rows} borrowers, ${reads} random reads; SQLite3 Multiple Ciphers, ChaCha20-Poly1305`;
  return Promise.resolve([
    { name: 'plaintext inserts (with FTS index)', value: plain.insertsPerSecond, unit: 'rows/s', note },
    { name: 'encrypted inserts (with FTS index)', value: encrypted.insertsPerSecond, unit: 'rows/s' },
    { name: 'encrypted / plaintext insert throughput', value: encrypted.insertsPerSecond / plain.insertsPerSecond, unit: '×' },
    { name: 'plaintext point reads (2 MB cache)', value: plain.readsPerSecond, unit: 'reads/s' },
    { name: 'encrypted point reads (2 MB cache)', value: encrypted.readsPerSecond, unit: 'reads/s' },
    { name: 'encrypted / plaintext read throughput', value: encrypted.readsPerSecond / plain.readsPerSecond, unit: '×' },
  ]);
}
