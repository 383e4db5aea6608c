import { describe, expect, it } from 'vitest';
import { m0021LibraryBranding } from '../../../../src/server/db/migrations/0021-library-branding';
import { registerMigrations } from '../../../../src/server/db/migrations';
import { sql } from '../../../../src/server/db/sql';
import { insertRegisterRows, migrateRegisterTo, registerDbsClosedAfterEach } from './helpers';

const dbAt = registerDbsClosedAfterEach();

describe('register migration 0021 (library branding)', { timeout: 30_000 }, () => {
  it('keeps one branding row per library, PNG only and at most 64 KiB, and drops it with the library', async () => {
    expect(registerMigrations.find((m) => m.version === 21)).toBe(m0021LibraryBranding);
    const db = await dbAt(m0021LibraryBranding.version - 1);
    await insertRegisterRows(db);
    expect(await migrateRegisterTo(db, m0021LibraryBranding.version)).toBe(21);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    await db.query(sql`INSERT INTO library_branding (library_id, display_name, colour, logo, logo_mime, updated_at, updated_by)
      VALUES ('malmo', 'Malmö bibliotek', '#1a4d8f', ${png}, 'image/png', '2026-03-01T10:00:00.000Z', 'staff:s1')`);
    const [row] = await db.query<{ display_name: string; colour: string; logo: Uint8Array }>(sql`SELECT display_name, colour, logo FROM library_branding`);
    expect(row?.display_name).toBe('Malmö bibliotek');
    expect([...row!.logo]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    await expect(db.query(sql`UPDATE library_branding SET colour = 'red'`)).rejects.toThrow(/check/i);
    await expect(db.query(sql`UPDATE library_branding SET logo_mime = 'image/svg+xml'`)).rejects.toThrow(/check/i);
    await expect(db.query(sql`UPDATE library_branding SET logo = ${new Uint8Array(65537)}`)).rejects.toThrow(/check/i);
    await expect(db.query(sql`INSERT INTO library_branding (library_id, updated_at, updated_by) VALUES ('nowhere', 'x', 'y')`)).rejects.toThrow(/foreign key/i);
    await db.query(sql`INSERT INTO library_branding (library_id, colour, updated_at, updated_by) VALUES ('lund', '#7a1f3d', 'x', 'admin-token')`);
    await db.query(sql`DELETE FROM library WHERE id = 'lund'`);
    expect(await db.query(sql`SELECT library_id FROM library_branding`)).toEqual([{ library_id: 'malmo' }]);
  });
});
