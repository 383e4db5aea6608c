import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { all, get, sql } from '../../../src/main/db/sql';
import { sql as pgSql } from '../../../src/server/db/sql';
import { adult } from '../../helpers/desk';
import { describeEachBackend } from '../../helpers/postgres';
import { startRegister, type TestRegister } from '../../helpers/register-fixture';
import { syncTerminal, type SyncTerminal } from './terminal-fixture';

/**
 * Restriction of processing (GDPR art. 18, issue 11) between terminals: a desk restricts, the register and the other
 * terminals learn it; the kiosk refuses sign-in with its own reason, the door feed carries the flag, no loans; lifted,
 * all works again. On PostgreSQL and on PGlite.
 */
describeEachBackend('restriction of processing through the register (%s)', { timeout: 60_000 }, (backend) => {
  let register: TestRegister;
  const open: SyncTerminal[] = [];
  beforeAll(async () => {
    register = await startRegister({ backend, now: () => new Date('2027-01-01T00:00:00.000Z') });
  }, 60_000);
  afterEach(async () => {
    for (const t of open.splice(0)) await t.close();
  });
  afterAll(() => register?.stop());

  const clock = { at: new Date('2026-11-25T10:00:00.000Z') };
  const terminal = async (mode: 'desk' | 'kiosk') => {
    const t = await syncTerminal(register, { mode, name: `${mode} ${open.length + 1}`, services: { now: () => clock.at, kiosk: { pinPolicy: 'none' } } });
    open.push(t);
    return t;
  };

  it('restricts at one desk, reaches the register, another desk, the kiosk and the door feed; lifted, the kiosk lets the borrower in', async () => {
    const desk = await terminal('desk');
    const otherDesk = await terminal('desk');
    const kiosk = await terminal('kiosk');
    const card = `29000007777${backend === 'postgres' ? 1 : 2}`;
    const borrower = await desk.register(adult({ cardNumbers: [card], email: `restricted.${backend}@example.se` }));
    expect(await desk.client.syncOnce()).toMatchObject({ pendingOutbox: 0, quarantined: 0 });

    const restricted = desk.services.desk.setRestriction(borrower.id, true, 'Disputes the accuracy of the data');
    expect(restricted).toMatchObject({ ok: true, value: { processingRestricted: true, restrictionReason: 'Disputes the accuracy of the data' } });
    expect(await desk.client.syncOnce()).toMatchObject({ pendingOutbox: 0, quarantined: 0 });
    expect(await register.db.query(pgSql`SELECT processing_restricted, restriction_reason FROM borrower WHERE id = ${borrower.id}`)).toEqual([
      { processing_restricted: 1, restriction_reason: 'Disputes the accuracy of the data' },
    ]);

    await otherDesk.client.syncOnce();
    expect(otherDesk.services.desk.get(borrower.id)).toMatchObject({ ok: true, value: { processingRestricted: true } });

    await kiosk.client.syncOnce();
    await kiosk.client.refreshDoorEntitlements();
    expect(all(kiosk.services.db, sql`SELECT restricted FROM door_entitlement WHERE ref = ${borrower.id}`)).toEqual([{ restricted: 1 }]);
    expect(await kiosk.services.kiosk.identify({ cardNumber: card })).toEqual({
      ok: false,
      error: { kind: 'forbidden', code: 'kiosk.refusal.restricted', reason: 'restricted' },
    });

    expect(desk.services.desk.setRestriction(borrower.id, false)).toMatchObject({ ok: true, value: { processingRestricted: false, restrictionReason: null } });
    await desk.client.syncOnce();
    await kiosk.client.syncOnce();
    await kiosk.client.refreshDoorEntitlements();
    expect(get(kiosk.services.db, sql`SELECT restricted FROM door_entitlement WHERE ref = ${borrower.id}`)).toEqual({ restricted: 0 });
    expect(await kiosk.services.kiosk.identify({ cardNumber: card })).toMatchObject({ ok: true, value: { stage: 'active' } });
  });
});
