import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { registerMigrations } from '../../../../src/server/db/migrations';
import { m0009TerminalHealth } from '../../../../src/server/db/migrations/0009-terminal-health';
import { sql } from '../../../../src/server/db/sql';
import { migrateRegisterTo, registerDbsClosedAfterEach } from './helpers';

const dbAt = registerDbsClosedAfterEach();

describe('register migration 0009 (terminal health)', { timeout: 30_000 }, () => {
  it('adds one health row per enrolled terminal', async () => {
    const version = m0009TerminalHealth.version;
    expect(registerMigrations[version - 1]).toBe(m0009TerminalHealth);
    const db = await dbAt(version - 1);
    const id = randomUUID();
    await db.query(sql`INSERT INTO terminal (id, name, mode, token_hash, enrolled_at) VALUES (${id}, 'Desk', 'desk', 'hash', '2026-01-01')`);
    expect(await migrateRegisterTo(db, version)).toBe(version);
    await db.query(sql`INSERT INTO terminal_health (terminal_id, report, reported_at, received_at) VALUES (${id}, '{}', '2026-01-01', '2026-01-01')`);
    await expect(db.query(sql`INSERT INTO terminal_health (terminal_id, report, reported_at, received_at) VALUES (${id}, '{}', '2026-01-02', '2026-01-02')`)).rejects.toThrow();
    await expect(db.query(sql`INSERT INTO terminal_health (terminal_id, report, reported_at, received_at) VALUES (${randomUUID()}, '{}', '2026-01-02', '2026-01-02')`)).rejects.toThrow();
  });
});
