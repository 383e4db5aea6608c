import { describe, expect, it } from 'vitest';
import { m0023LibraryBranding } from '../../../../src/main/db/migrations/0023-library-branding';
import { migrations } from '../../../../src/main/db/migrations';
import { migrateTo, terminalDbAt } from './helpers';

describe('migration 0023 library branding', () => {
  it('keeps one branding per library: a #rrggbb colour, a logo of at most 64 KiB', () => {
    expect(migrations.find((m) => m.version === 23)).toBe(m0023LibraryBranding);
    const db = terminalDbAt(m0023LibraryBranding.version - 1);
    migrateTo(db, m0023LibraryBranding.version);
    db.prepare(`INSERT INTO library_branding (library_id, display_name, colour, logo, updated_at) VALUES ('malmo', 'Malmö bibliotek', '#1a4d8f', ?, 'x')`).run(Buffer.from([0x89, 0x50]));
    expect(db.prepare('SELECT library_id, colour, logo FROM library_branding').all()).toEqual([{ library_id: 'malmo', colour: '#1a4d8f', logo: Buffer.from([0x89, 0x50]) }]);
    expect(() => db.exec(`UPDATE library_branding SET colour = 'red; background: url(x)'`)).toThrow(/CHECK/);
    expect(() => db.exec(`UPDATE library_branding SET colour = '#1A4D8F'`)).toThrow(/CHECK/);
    expect(() => db.prepare(`UPDATE library_branding SET logo = ?`).run(Buffer.alloc(65537))).toThrow(/CHECK/);
    expect(() => db.exec(`INSERT INTO library_branding (library_id, updated_at) VALUES ('malmo', 'y')`)).toThrow(/UNIQUE/);
  });
});
