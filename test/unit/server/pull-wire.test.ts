import { expect, it } from 'vitest';
import { sql } from '../../../src/server/db/sql';
import { pullChanges, pullPage, pullResponseJson } from '../../../src/server/sync/pull';
import { PullResponseSchema } from '../../../src/shared/sync/protocol';
import { describeEachBackend } from '../../helpers/postgres';
import { borrowerFields, createMutation, startRegister } from '../../helpers/register-fixture';
import { libraryTerminal } from '../sync/scoping-fixture';

/**
 * The pull answer is written as JSON text around each change's data as the database gives it (pull.ts, issue 18:
 * parsing and serialising every change again for every terminal was most of the register's work under a fleet).
 * The text must still be the PullResponse the terminals validate, with every character of the data intact.
 */
describeEachBackend('the pull answer as JSON text on %s', { timeout: 60_000 }, (backend) => {
  it('is a valid PullResponse whose changes equal the parsed page, awkward characters included', async () => {
    const register = await startRegister({ backend });
    try {
      const desk = await libraryTerminal(register, 'desk', 'malmo');
      const awkward = borrowerFields({ first_name: 'Åsa "Q" \\ Ø', last_name: "O'Brien-Ñúñez 😀 \u2028 </script>", street: 'Tab\there\nnewline' });
      const hidden = borrowerFields({ library_id: null, protected: 1, first_name: 'Hilda', last_name: 'Hemligsson', email: 'hilda.skyddad@example.se' });
      await desk.push([createMutation(awkward), createMutation(hidden)]);

      const response = await desk.get('/sync/pull?after=0&limit=5000&count=1');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const text = await response.text();
      const answer = PullResponseSchema.parse(JSON.parse(text));
      expect(answer.hasMore).toBe(false);
      expect(answer.remaining).toBe(answer.changes.length);

      const parsed = await pullChanges(register.db, { after: 0, limit: 5000, terminal: { mode: 'desk', libraryId: 'malmo' } });
      expect(answer.cursor).toBe(String(parsed.cursor));
      expect(answer.changes).toEqual(parsed.changes);

      const rows = answer.changes.filter((c) => c.kind === 'borrower.upsert').map((c) => (c.data as { row: Record<string, unknown> }).row);
      expect(rows.find((r) => r.id === awkward.id)).toMatchObject({ first_name: 'Åsa "Q" \\ Ø', last_name: "O'Brien-Ñúñez 😀 \u2028 </script>", street: 'Tab\there\nnewline' });
      // The protected borrower's row was parsed and withheld from, as before.
      expect(rows.find((r) => r.id === hidden.id)).toMatchObject({ first_name: '', last_name: '', email: `protected-${hidden.id}@withheld.invalid` });
      expect(text).not.toContain('Hemligsson');
    } finally {
      await register.stop();
    }
  });

  it('parses only what may carry a protected identity; the rest is the database text', async () => {
    const register = await startRegister({ backend });
    try {
      const desk = await libraryTerminal(register, 'desk', 'malmo');
      await desk.push([createMutation(borrowerFields({ last_name: 'Vanlig' })), createMutation(borrowerFields({ library_id: null, protected: 1, last_name: 'Skyddad' }))]);
      const terminal = { mode: 'desk' as const, libraryId: 'malmo' };
      const page = await pullPage(register.db, { after: 0, limit: 5000, terminal });
      // An unprotected borrower's data is the database's own text (jsonb's spacing), the protected one's rewritten.
      const [{ text: stored } = { text: '' }] = await register.db.query<{ text: string }>(
        sql`SELECT data::text AS text FROM change_log WHERE kind = 'borrower.upsert' AND data->'row'->>'last_name' = 'Vanlig'`,
      );
      expect(page.changes.map((c) => c.json)).toContain(stored);
      expect(page.changes.some((c) => c.json.includes('Skyddad'))).toBe(false);
      const body = pullResponseJson(page, { epoch: 'e1' });
      expect(pullResponseJson(page, { epoch: 'e1' })).toBe(body);
      expect(JSON.parse(body)).toMatchObject({ epoch: 'e1', cursor: String(page.cursor), hasMore: false });
      expect(body.startsWith(`{"epoch":"e1","cursor":"${page.cursor}"`)).toBe(true);
    } finally {
      await register.stop();
    }
  });
});
