import { describe, expect, it } from 'vitest';
import { sql } from '../../../src/server/db/sql';
import { auditQueryFromArgs, runAuditCli } from '../../../src/server/audit-cli';
import { adminToken } from '../../helpers/register-fixture';
import { useRegister } from '../../helpers/use-register';

/** `npm run register:audit -- [filters]`: the admin API's audit viewer as a table, plus the chain's verification. */
describe('register audit CLI', { timeout: 60_000 }, () => {
  const register = useRegister({ backend: 'pglite' });

  const cli = async (argv: string[], env: Record<string, string | undefined> = { LANEDISK_REGISTER_URL: register().url, LANEDISK_REGISTER_ADMIN_TOKEN: adminToken }) => {
    const lines: string[] = [];
    const code = await runAuditCli({ argv, env, out: (l) => lines.push(l) });
    return { code, text: lines.join('\n') };
  };

  it('maps options to the API filters and refuses unknown ones', () => {
    expect(auditQueryFromArgs(['--actor', 'admin', '--subject-type', 'borrower', '--limit', '5']).toString()).toBe('actor=admin&subjectType=borrower&limit=5');
    expect(() => auditQueryFromArgs(['--colour', 'red'])).toThrow();
  });

  it('prints the filtered rows newest first and the verification, and is audited', async () => {
    const { code, text } = await cli(['--action', 'library.upsert', '--limit', '2']);
    expect(code).toBe(0);
    const rows = text.split('\n').filter((l) => /^\d+\s/.test(l));
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.includes('library.upsert'))).toBe(true);
    expect(Number(rows[0]!.split(/\s+/)[0])).toBeGreaterThan(Number(rows[1]!.split(/\s+/)[0]));
    expect(text).toMatch(/more: add --before \d+/);
    expect(text).toMatch(/audit chain: OK \(\d+ rows, head #\d+ [0-9a-f]{64}\)/);
    expect(await register().db.query(sql`SELECT action FROM audit WHERE action IN ('audit.view', 'audit.verify') ORDER BY id`)).toEqual([{ action: 'audit.view' }, { action: 'audit.verify' }]);
  });

  it('exits 1 with the broken row when the chain was tampered with', async () => {
    const [second] = await register().db.query<{ id: number }>(sql`SELECT id FROM audit ORDER BY id OFFSET 1 LIMIT 1`);
    await register().db.exec('ALTER TABLE audit DISABLE TRIGGER USER');
    await register().db.query(sql`UPDATE audit SET actor = 'nobody' WHERE id = ${second!.id}`);
    await register().db.exec('ALTER TABLE audit ENABLE TRIGGER USER');
    const { code, text } = await cli([]);
    expect(code).toBe(1);
    expect(text).toContain(`audit chain: BROKEN at #${second!.id} (hash-mismatch)`);
  });

  it('explains a missing token or a bad option', async () => {
    expect(await cli([], { LANEDISK_REGISTER_URL: register().url })).toMatchObject({ code: 2, text: expect.stringContaining('LANEDISK_REGISTER_ADMIN_TOKEN') });
    expect(await cli(['--nope'])).toMatchObject({ code: 2, text: expect.stringContaining('--actor') });
  });
});
