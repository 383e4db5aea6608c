import Sqlite from 'better-sqlite3';
import { createHmac, randomUUID, scryptSync } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hashPassword } from '../src/common/passwords';
import { migrate } from '../src/main/db/migrate';
import { migrations } from '../src/main/db/migrations';
import { get, sql } from '../src/main/db/sql';
import { DoorAccessService, MemoryDoorFeedKeyStore, saveFeedParams } from '../src/main/door';
import { createRootLogger } from '../src/main/log';
import { applyChanges, withForeignKeysOff } from '../src/main/sync/apply';
import type { Credential } from '../src/shared/cards/types';
import { DoorPolicySchema } from '../src/shared/door/policy';
import type { BorrowerRow, PullChange } from '../src/shared/sync/protocol';
import { benchFeedParams, loadDoorFeed } from './door-feed-fixture';
import { msSince, percentile } from './stats';
import type { BenchFigure } from './types';

/**
 * What a door terminal holds and how fast it decides (SPEC 6 and 8, issue 16 "least data"):
 * - the door's database with 1,000,000 entitlements of the register's keyed-hash feed, stored by the sync client's
 *   own SQL: rows and bytes, next to a desk's database with the same register's borrower rows (applied by the sync
 *   client's applyChanges; measured on 100,000 and scaled, labelled);
 * - the decision (hash + lookup + rules + visit log, one transaction on a WAL file) for library cards (HMAC) and
 *   health cards / identity numbers (one scrypt at the feed's cost), and with a PIN;
 * - what one identity hash costs at several scrypt costs, and what enumerating identity numbers then costs a thief
 *   who has the door's key (README, threat model).
 */
const total = Number(process.env.LANEDISK_BENCH_DOOR_ENTITLEMENTS ?? 1_000_000);
const deskSample = 100_000;
const decisions = 2000;
const pinDecisions = 100;
const feedLogN = 10;
const log = createRootLogger({ level: 'silent' });

const identity = (i: number) => `19${String(i).padStart(10, '0')}`;
const cardNumber = (i: number) => `2900${String(i).padStart(10, '0')}`;
// Offset so that no probe is one of the borrowers with a PIN (every 200th): the plain decisions are admissions.
const probes = new Set(Array.from({ length: 1000 }, (_, k) => Math.floor((k * total) / 1000) + 7));
const probeList = [...probes];

/** Deterministic pseudo-random numbers, so every run asks the same questions. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

function openBenchDb(file: string): Sqlite.Database {
  const db = new Sqlite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  migrate(db, migrations);
  return db;
}

function sizeOf(file: string): number {
  return statSync(file).size + (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0);
}

/** Mean milliseconds of `fn` over `n` runs. */
function timeEach(n: number, fn: (i: number) => void): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn(i);
  return msSince(start) / n;
}

/** A desk's copy of `n` borrowers with a card each, applied page by page by the sync client's applyChanges. */
function loadDeskSample(db: Sqlite.Database, n: number): void {
  const at = '2026-01-01T00:00:00.000Z';
  for (let from = 0; from < n; from += 1000) {
    const changes: PullChange[] = [];
    for (let i = from; i < Math.min(n, from + 1000); i++) {
      const row: BorrowerRow = {
        id: randomUUID(), library_id: 'malmo', branch_id: null, register_type: 'adult', identity_kind: 'se-personnummer', identity_number: identity(i),
        birth_date: '1981-12-18', first_name: `Given${i}`, last_name: `Surname${i}`, email: `b${i}@bench.invalid`, valid_until: null, guardian_name: null,
        guardian_birth_date: null, protected: 0, blocked: 0, password_hash: null, agreement_accepted_at: at, created_at: at, created_by: 'bench', updated_at: at,
        last_login_at: null, last_activity_at: null, version: 1, processing_restricted: 0, restriction_reason: null,
        street: null, postcode: null, town: null, address_protected: 0, alt_number: null,
      };
      changes.push({ id: String(i * 2), kind: 'borrower.upsert', data: { row, groups: [], pinHash: null } });
      changes.push({ id: String(i * 2 + 1), kind: 'card.upsert', data: { number: cardNumber(i), borrower_id: row.id, added_at: at } });
    }
    withForeignKeysOff(db, () => db.transaction(() => applyChanges(db, changes, log))());
  }
}

export async function run(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lanedisk-bench-door-'));
  const doorFile = path.join(dir, 'door.sqlite');
  const deskFile = path.join(dir, 'desk.sqlite');
  const db = openBenchDb(doorFile);
  try {
    const params = benchFeedParams(feedLogN);
    const keys = new MemoryDoorFeedKeyStore();
    keys.save(Buffer.from(params.key, 'base64'));
    saveFeedParams(db, params);
    const pinHash = await hashPassword('2580');
    const loaded = await loadDoorFeed(db, { total, params, identity, card: cardNumber, probes, pinHash: (i) => (i % 200 === 0 ? pinHash : null) });
    db.pragma('wal_checkpoint(TRUNCATE)');
    const doorRows = get<{ n: number }>(db, sql`SELECT (SELECT count(*) FROM door_entitlement) + (SELECT count(*) FROM door_card) AS n`)!.n;
    const doorBytes = sizeOf(doorFile);

    const desk = openBenchDb(deskFile);
    loadDeskSample(desk, deskSample);
    desk.pragma('wal_checkpoint(TRUNCATE)');
    const deskRows = get<{ n: number }>(desk, sql`SELECT (SELECT count(*) FROM borrower) + (SELECT count(*) FROM card) AS n`)!.n;
    const deskBytes = sizeOf(deskFile);
    desk.close();
    const scale = total / deskSample;
    // A kiosk holds full rows for its own library's borrowers only (src/server/sync/pull.ts): assumed a tenth of the register.
    const kioskOwnBorrowers = total / 10;
    const kioskScale = kioskOwnBorrowers / deskSample;

    let now = Date.parse('2026-06-10T10:00:00Z');
    const allDay = [{ from: '00:00', to: '24:00' }];
    const policy = DoorPolicySchema.parse({
      schedule: { timeZone: 'Europe/Stockholm', weekly: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay } },
      minAge: 15,
      pinPolicy: 'optional',
    });
    const service = new DoorAccessService({ db, keys, now: () => new Date((now += 1000)), policyFor: () => policy });
    const random = rng(7);
    const pick = () => probeList[Math.floor(random() * probeList.length)]!;
    const measure = async (n: number, credential: (i: number) => Credential, pin?: string) => {
      const samples: number[] = [];
      let admitted = 0;
      for (let k = 0; k < n; k++) {
        const start = process.hrtime.bigint();
        const decision = await service.decide('malmo', credential(pick()), pin);
        samples.push(msSince(start));
        if (decision.admit) admitted++;
      }
      return { samples, admitted };
    };
    const card = (i: number): Credential => ({ kind: 'library-card', value: cardNumber(i), raw: cardNumber(i) });
    const person = (i: number): Credential => ({ kind: 'identity', value: identity(i), raw: identity(i) });
    await measure(100, card); // warm-up
    const cards = await measure(decisions, card);
    const ids = await measure(decisions, person);
    const pinned = await measure(pinDecisions, (i) => card(i - (i % 200)), '2580');

    const key = Buffer.from(params.key, 'base64');
    const scryptMs = (logN: number) => timeEach(logN >= 14 ? 10 : 40, (i) => scryptSync(identity(i), key, 32, { N: 2 ** logN, r: 8, p: 1, maxmem: 256 * 2 ** logN * 8 }));
    const hmacMs = timeEach(100_000, (i) => createHmac('sha256', key).update(identity(i)).digest());
    const cost = { 10: scryptMs(10), 12: scryptMs(12), 14: scryptMs(14) };
    // Identity numbers per birth date: a Swedish personnummer has a 3-digit serial (the 10th digit is a check digit),
    // a Danish CPR a 4-digit one (no check digit since 2007): ~1,000 and ~10,000 candidates per date; 100 years of dates.
    const dates = 36_525;
    const hours = (guesses: number, ms: number) => (guesses * ms) / 3_600_000;
    return [
      { name: 'door terminal: rows held for a 1,000,000-borrower register', value: doorRows, unit: 'rows', note: `${total} entitlements + their card hashes (door_entitlement, door_card); no borrower rows` },
      { name: 'door terminal: database bytes', value: doorBytes / 2 ** 20, unit: 'MB', note: `measured; stored in ${loaded.seconds.toFixed(0)} s by the sync client's SQL` },
      { name: 'desk terminal: rows held (borrowers + cards)', value: deskRows * scale, unit: 'rows', note: `extrapolated ×${scale} from ${deskSample} borrowers applied by applyChanges` },
      { name: 'desk terminal: database bytes', value: (deskBytes * scale) / 2 ** 20, unit: 'MB', note: `extrapolated ×${scale} from ${(deskBytes / 2 ** 20).toFixed(1)} MB measured` },
      {
        name: `kiosk terminal: rows held (own library of ${kioskOwnBorrowers} borrowers + the feed)`,
        value: deskRows * kioskScale + doorRows,
        unit: 'rows',
        note: `estimated: full rows for the own library only (extrapolated ×${kioskScale} from the desk sample) + the door feed for everyone (measured)`,
      },
      {
        name: 'kiosk terminal: database bytes',
        value: (deskBytes * kioskScale + doorBytes) / 2 ** 20,
        unit: 'MB',
        note: `estimated: the door database (measured) + ${kioskOwnBorrowers} own-library borrowers at the desk's bytes per borrower; no name, number or e-mail of a visitor`,
      },
      { name: 'door decision by library card p50 (HMAC + lookup + rules + visit log)', value: percentile(cards.samples, 50), unit: 'ms', note: `${decisions} decisions, ${cards.admitted} admitted` },
      { name: 'door decision by library card p99', value: percentile(cards.samples, 99), unit: 'ms', note: 'target < 10 ms' },
      { name: `door decision by identity number p50 (scrypt logN ${feedLogN} + lookup + rules + visit log)`, value: percentile(ids.samples, 50), unit: 'ms', note: `${decisions} decisions, ${ids.admitted} admitted` },
      { name: 'door decision by identity number p99', value: percentile(ids.samples, 99), unit: 'ms', note: 'target < 10 ms' },
      { name: 'door decision with PIN p50', value: percentile(pinned.samples, 50), unit: 'ms', note: `register PIN hash scrypt logN 15; ${pinned.admitted}/${pinDecisions} admitted` },
      { name: 'identity hash: HMAC-SHA256', value: hmacMs, unit: 'ms' },
      { name: 'identity hash: scrypt logN 10 (register default)', value: cost[10], unit: 'ms', note: `${(2 ** 10 * 8 * 128) / 2 ** 20} MB memory per hash` },
      { name: 'identity hash: scrypt logN 12', value: cost[12], unit: 'ms' },
      { name: 'identity hash: scrypt logN 14', value: cost[14], unit: 'ms' },
      { name: 'thief with the key: one known birth date, Swedish personnummer (1,000 guesses)', value: (1000 * cost[10]) / 1000, unit: 's', note: `logN 10, one core; ${((1000 * hmacMs) / 1000).toFixed(3)} s with HMAC, ${((1000 * cost[14]) / 1000).toFixed(0)} s with logN 14` },
      { name: 'thief with the key: every Swedish personnummer of 100 years (3.7e7 guesses)', value: hours(1000 * dates, cost[10]), unit: 'core-hours', note: `logN 10; HMAC ${hours(1000 * dates, hmacMs).toFixed(2)}, logN 14 ${hours(1000 * dates, cost[14]).toFixed(0)}` },
      { name: 'thief with the key: every Danish CPR of 100 years (3.7e8 guesses)', value: hours(10_000 * dates, cost[10]), unit: 'core-hours', note: `logN 10; HMAC ${hours(10_000 * dates, hmacMs).toFixed(1)}, logN 14 ${hours(10_000 * dates, cost[14]).toFixed(0)}` },
    ];
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
