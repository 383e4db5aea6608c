import { afterEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { all, run, sql } from '../../../src/main/db/sql';
import { queueValidityNotices } from '../../../src/main/desk/validity-notices';
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

const ctx = { host: 'web' } as const;
const now = new Date('2026-11-25T07:00:00.000Z');

describe('desk: restriction of processing (GDPR art. 18, seed 004)', () => {
  it('restricts with a reason and lifts: audited, queued for the register, shown on the page; no reason, no restriction', async () => {
    const s = (services = testServices({ initialConfig: { mode: 'desk', language: 'sv' }, now: () => now }));
    await signIn(s);
    const b = await valueOf(s.desk.register(RegistrationInputSchema.parse(adult())));
    const dispatch = (payload: unknown) => s.dispatcher.dispatch('desk.setRestriction', payload, ctx);

    expect(await dispatch({ id: b.id, restricted: true, reason: '  ' })).toMatchObject({ ok: false, error: { kind: 'validation', issues: [{ path: 'reason' }] } });
    expect(await dispatch({ id: b.id, restricted: true, reason: 'x'.repeat(501) })).toMatchObject({ ok: false, error: { kind: 'validation' } });
    expect(all(s.db, sql`SELECT 1 FROM outbox WHERE kind = 'borrower.update'`)).toEqual([]);

    expect(await dispatch({ id: b.id, restricted: true, reason: 'Bestrider uppgifternas riktighet' })).toMatchObject({
      ok: true,
      value: { processingRestricted: true, restrictionReason: 'Bestrider uppgifternas riktighet', version: 2 },
    });
    // Asked again: nothing changes, nothing more is queued.
    expect(await dispatch({ id: b.id, restricted: true, reason: 'Bestrider uppgifternas riktighet' })).toMatchObject({ ok: true, value: { version: 2 } });
    expect(await dispatch({ id: b.id, restricted: false })).toMatchObject({ ok: true, value: { processingRestricted: false, restrictionReason: null, version: 3 } });

    const updates = all<{ payload: string }>(s.db, sql`SELECT payload FROM outbox WHERE kind = 'borrower.update' ORDER BY seq`).map((o) => JSON.parse(o.payload) as unknown);
    expect(updates).toEqual([
      { id: b.id, baseVersion: 1, changes: { processing_restricted: { from: 0, to: 1 }, restriction_reason: { from: null, to: 'Bestrider uppgifternas riktighet' } } },
      { id: b.id, baseVersion: 2, changes: { processing_restricted: { from: 1, to: 0 }, restriction_reason: { from: 'Bestrider uppgifternas riktighet', to: null } } },
    ]);
    const audit = all<{ action: string; details: string }>(s.db, sql`SELECT action, details FROM audit_log WHERE action LIKE 'borrower.%restrict%' ORDER BY id`);
    expect(audit).toEqual([
      { action: 'borrower.restrict', details: JSON.stringify({ reason: 'Bestrider uppgifternas riktighet' }) },
      { action: 'borrower.lift-restriction', details: '{}' },
    ]);
  });

  it('a registrar of another library cannot restrict', async () => {
    const s = (services = testServices({ initialConfig: { mode: 'desk', language: 'en' }, now: () => now }));
    await signIn(s);
    const b = await valueOf(s.desk.register(RegistrationInputSchema.parse(adult())));
    s.desk.logout();
    await signIn(s, 'lundRegistrar');
    expect(await s.dispatcher.dispatch('desk.setRestriction', { id: b.id, restricted: true, reason: 'r' }, ctx)).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
  });

  it('sends a restricted borrower no validity notice and no mail until lifted', async () => {
    const s = (services = testServices({ initialConfig: { mode: 'desk', language: 'sv' }, now: () => now }));
    await signIn(s);
    const quiet = await valueOf(s.desk.register(RegistrationInputSchema.parse(adult({ email: 'quiet@example.se', sendLoginDetails: false, password: 'hemligt1' }))));
    const loud = await valueOf(s.desk.register(RegistrationInputSchema.parse(adult({ email: 'loud@example.se', sendLoginDetails: false, password: 'hemligt1' }))));
    run(s.db, sql`UPDATE borrower SET valid_until = '2026-12-01'`);
    await valueOf(Promise.resolve(s.desk.setRestriction(quiet.id, true, 'Begärt av låntagaren')));
    const queue = () => queueValidityNotices(s.db, { now, language: 'sv', log: silentLogger });
    expect(queue()).toMatchObject({ queued: 1 });
    expect(all(s.db, sql`SELECT recipient FROM mail_outbox`)).toEqual([{ recipient: loud.email }]);

    // The desk's own mails skip a restricted borrower too: moved here from Lund, they are not told by mail.
    s.desk.logout();
    await signIn(s, 'lundRegistrar');
    const lunds = await valueOf(s.desk.register(RegistrationInputSchema.parse(adult({ email: 'lund@example.se', sendLoginDetails: false, password: 'hemligt1' }))));
    await valueOf(Promise.resolve(s.desk.setRestriction(lunds.id, true, 'Begärt av låntagaren')));
    s.desk.logout();
    await signIn(s);
    await valueOf(Promise.resolve(s.desk.moveHere(lunds.id, true)));
    expect(all(s.db, sql`SELECT recipient FROM mail_outbox`)).toEqual([{ recipient: loud.email }]);

    await valueOf(Promise.resolve(s.desk.setRestriction(quiet.id, false)));
    expect(queue()).toMatchObject({ queued: 1 });
    expect(all(s.db, sql`SELECT recipient FROM mail_outbox ORDER BY recipient`)).toEqual([{ recipient: loud.email }, { recipient: quiet.email }]);
  });
});
