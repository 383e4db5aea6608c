import { afterEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { all, run, sql } from '../../../src/main/db/sql';
import { queueValidityNotices, VALIDITY_NOTICE_DAYS } from '../../../src/main/desk/validity-notices';
import { RegistrationInputSchema } from '../../../src/shared/desk/registration';
import { silentLogger } from '../../helpers/logger';
import { adult, signIn } from '../../helpers/desk';
import { testServices } from '../../helpers/services';
import { valueOf } from '../../helpers/result';

let services: AppServices | undefined;
afterEach(() => {
  services?.close();
  services = undefined;
});

const now = new Date('2026-11-25T07:00:00.000Z');

async function borrowerValidUntil(s: AppServices, validUntil: string, email: string, extra: { protected?: boolean } = {}) {
  const b = await valueOf(s.desk.register(RegistrationInputSchema.parse(adult({ email }))));
  run(s.db, sql`UPDATE borrower SET valid_until = ${validUntil} WHERE id = ${b.id}`);
  if (extra.protected) run(s.db, sql`UPDATE borrower SET protected = 1, library_id = NULL, branch_id = NULL WHERE id = ${b.id}`);
  return b.id;
}

const notices = (s: AppServices) =>
  all<{ recipient: string; subject: string; body: string; idempotency_key: string }>(
    s.db,
    sql`SELECT recipient, subject, body, idempotency_key FROM mail_outbox WHERE template_id = 'validity-expiring' ORDER BY recipient`,
  );

describe('validity notices (SPEC 2: a notice 2 weeks before the validity ends)', () => {
  it('mails every borrower whose validity ends within 14 days, once per validity date, not the expired or the later ones', async () => {
    expect(VALIDITY_NOTICE_DAYS).toBe(14);
    const s = (services = testServices({ initialConfig: { mode: 'desk', language: 'sv' }, now: () => now }));
    await signIn(s);
    const lastDay = await borrowerValidUntil(s, '2026-12-09', 'sista@example.se'); // today + 14: due
    await borrowerValidUntil(s, '2026-12-10', 'senare@example.se'); // today + 15: not yet
    await borrowerValidUntil(s, '2026-11-24', 'utgangen@example.se'); // ended yesterday: too late
    await borrowerValidUntil(s, '2026-11-25', 'idag@example.se'); // ends today: still due
    await borrowerValidUntil(s, '2026-11-28', 'skyddad@example.se', { protected: true });
    // A protected identity whose e-mail the register withheld from this terminal (issue 16): nothing to send.
    await borrowerValidUntil(s, '2026-11-28', 'protected-1@withheld.invalid', { protected: true });

    expect(queueValidityNotices(s.db, { now, language: 'sv', log: silentLogger })).toEqual({ queued: 3, skipped: 0 });
    const sent = notices(s);
    expect(sent.map((m) => m.recipient)).toEqual(['idag@example.se', 'sista@example.se', 'skyddad@example.se']);
    const last = sent.find((m) => m.recipient === 'sista@example.se')!;
    expect(last.subject).toBe('Ditt låntagarkonto hos Malmö stadsbibliotek slutar gälla den 9 december 2026');
    expect(last.idempotency_key).toBe(`validity-expiring:${lastDay}:2026-12-09`);
    // A protected identity belongs to no library: the notice names the library in general.
    expect(sent.find((m) => m.recipient === 'skyddad@example.se')!.subject).toContain('hos biblioteket');

    // Again (the job runs every few hours, and after restarts): nothing twice.
    expect(queueValidityNotices(s.db, { now, language: 'sv', log: silentLogger })).toEqual({ queued: 0, skipped: 0 });
    // The next day the borrower at today + 15 is due.
    const tomorrow = new Date('2026-11-26T07:00:00.000Z');
    expect(queueValidityNotices(s.db, { now: tomorrow, language: 'sv', log: silentLogger })).toEqual({ queued: 1, skipped: 0 });
    // Validity extended: the new date gets its own notice when it comes near.
    run(s.db, sql`UPDATE borrower SET valid_until = '2027-06-30' WHERE id = ${lastDay}`);
    expect(queueValidityNotices(s.db, { now: new Date('2027-06-16T07:00:00.000Z'), language: 'en', log: silentLogger })).toEqual({ queued: 1, skipped: 0 });
    expect(notices(s).filter((m) => m.recipient === 'sista@example.se').map((m) => m.subject)).toEqual([
      'Ditt låntagarkonto hos Malmö stadsbibliotek slutar gälla den 9 december 2026',
      'Your borrower account at Malmö stadsbibliotek expires on 30 June 2027',
    ]);
  });

  it("limits a terminal to its library's borrowers (branches included) when told to", async () => {
    const s = (services = testServices({ initialConfig: { mode: 'desk', language: 'sv' }, now: () => now }));
    await signIn(s);
    await borrowerValidUntil(s, '2026-12-01', 'malmo@example.se');
    expect(queueValidityNotices(s.db, { now, language: 'sv', libraryId: 'lund', log: silentLogger })).toEqual({ queued: 0, skipped: 0 });
    expect(queueValidityNotices(s.db, { now, language: 'sv', libraryId: 'malmo', log: silentLogger })).toEqual({ queued: 1, skipped: 0 });
  });

  it('refuses a bad LANEDISK_SEND_NOTICES at start', () => {
    expect(() => testServices({ env: { LANEDISK_SEND_NOTICES: 'alla bibliotek' } })).toThrow(/LANEDISK_SEND_NOTICES must be all, off or a library id/);
  });
});
