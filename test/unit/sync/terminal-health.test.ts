import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { HealthReporter } from '../../../src/main/sync/health';
import { sql } from '../../../src/server/db/sql';
import type { TerminalHealthReport, TerminalHealthRow } from '../../../src/shared/sync/health';
import { silentLogger } from '../../helpers/logger';
import { describeEachBackend } from '../../helpers/postgres';
import { testServices } from '../../helpers/services';
import { startRegister, type TestRegister } from '../../helpers/register-fixture';

const ctx = { host: 'web' as const };

describeEachBackend('terminal health (%s)', { timeout: 60_000 }, (backend) => {
  let register: TestRegister;
  let clock = new Date('2026-12-04T10:00:00.000Z');
  const open: AppServices[] = [];
  beforeAll(async () => {
    register = await startRegister({ backend, now: () => clock });
  }, 60_000);
  afterAll(async () => {
    for (const s of open) await s.shutdown();
    await register?.stop();
  });

  const health = async () => {
    const r = await register.admin<{ silentAfterMinutes: number; terminals: TerminalHealthRow[] }>('GET', '/admin/terminals/health');
    expect(r.status).toBe(200);
    return r.body;
  };
  const enrolledTerminal = async (mode: 'desk' | 'kiosk' = 'desk') => {
    const services = testServices({ env: { LANEDISK_REGISTER_URL: register.url } });
    open.push(services);
    const code = await register.enrolmentCode(mode, { libraryId: 'malmo', branchId: 'malmo-limhamn' });
    expect(await services.dispatcher.dispatch('sync.enrol', { code }, ctx)).toMatchObject({ ok: true });
    return services;
  };

  it('keeps the latest report per terminal and flags terminals not heard from', async () => {
    const reporting = await enrolledTerminal('kiosk');
    const quiet = await enrolledTerminal('desk');
    await reporting.health!.tick();
    const { silentAfterMinutes, terminals } = await health();
    expect(silentAfterMinutes).toBe(15);
    const row = terminals.find((t) => t.terminalId === reporting.sync!.status().terminalId);
    expect(row).toMatchObject({
      mode: 'kiosk',
      libraryId: 'malmo',
      branchId: 'malmo-limhamn',
      receivedAt: '2026-12-04T10:00:00.000Z',
      silent: false,
      report: {
        version: '0.0.0-test',
        mode: 'kiosk',
        branchId: 'malmo-limhamn',
        readers: [{ id: 'door-reader', kind: 'simulated', role: 'door', enabled: true, status: 'disconnected' }],
        relays: [], doorAlarms: [], pendingOutbox: 0, quarantined: 0 },
    });
    expect(row!.report!.lastSyncAt).not.toBeNull();
    expect(terminals.find((t) => t.terminalId === quiet.sync!.status().terminalId)).toMatchObject({ report: null, receivedAt: null, silent: true });

    // Sixteen minutes without a report: silent. The next report (pending work changed it) clears the flag and replaces the row.
    clock = new Date('2026-12-04T10:16:00.000Z');
    expect((await health()).terminals.find((t) => t.terminalId === row!.terminalId)?.silent).toBe(true);
    const again = new HealthReporter({ collect: () => ({ ...row!.report!, pendingOutbox: 3, reportedAt: '2026-11-25T10:05:00.000Z' }), send: (r) => reporting.sync!.reportHealth(r), log: silentLogger });
    await again.tick();
    const after = (await health()).terminals.find((t) => t.terminalId === row!.terminalId);
    expect(after).toMatchObject({ silent: false, receivedAt: '2026-12-04T10:16:00.000Z', report: { pendingOutbox: 3 } });
    const [count] = await register.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM terminal_health WHERE terminal_id = ${row!.terminalId}`);
    expect(count!.n).toBe(1);
  });

  it('refuses a bad report, another terminal’s id, no token, and the list without the admin token; nothing is stored', async () => {
    const a = await enrolledTerminal();
    const b = await enrolledTerminal();
    const idA = a.sync!.status().terminalId!;
    const idB = b.sync!.status().terminalId!;
    const [before] = await register.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM terminal_health`);
    const good: TerminalHealthReport = {
      terminalId: idB,
      version: '1.0.0',
      mode: 'desk',
      branchId: 'malmo',
      readers: [],
      relays: [],
      doorAlarms: [],
      lastSyncAt: null,
      pendingOutbox: 0,
      quarantined: 0,
      reportedAt: '2026-12-04T10:00:00.000Z',
    };
    // A's credential sending B's id.
    await expect(a.sync!.reportHealth(good)).rejects.toMatchObject({ status: 403, code: 'forbidden' });
    // A reader's name or anything not in the schema is refused by name.
    await expect(a.sync!.reportHealth({ ...good, terminalId: idA, readers: [{ id: 'r1', kind: 'hid', role: 'desk', enabled: true, status: 'on fire', name: 'x' }] } as never)).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/readers\.0/),
    });
    const anonymous = await fetch(new URL('/sync/health', register.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(good) });
    expect(anonymous.status).toBe(401);
    expect((await fetch(new URL('/admin/terminals/health', register.url))).status).toBe(401);
    const [after] = await register.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM terminal_health`);
    expect(after!.n).toBe(before!.n);
  });
});

describe('health reporter', () => {
  it('sends when the report changed or is due, not otherwise, and tries again after a failure', async () => {
    let clock = 0;
    let pending = 0;
    let fail = false;
    const sent: number[] = [];
    const reporter = new HealthReporter({
      now: () => new Date(clock),
      everyMs: 300_000,
      log: silentLogger,
      collect: () => ({
        terminalId: '00000000-0000-4000-8000-000000000001',
        version: '1',
        mode: 'desk',
        branchId: null,
        readers: [],
        relays: [],
        doorAlarms: [],
        lastSyncAt: null,
        pendingOutbox: pending,
        quarantined: 0,
        reportedAt: new Date(clock).toISOString(),
      }),
      send: (report) => (fail ? Promise.reject(new Error('offline')) : Promise.resolve(void sent.push(report.pendingOutbox))),
    });
    await reporter.tick();
    clock = 30_000;
    await reporter.tick(); // same content, not due
    pending = 2;
    await reporter.tick(); // changed
    fail = true;
    pending = 4;
    await reporter.tick(); // changed, but the register is away
    fail = false;
    await reporter.tick(); // tried again
    clock = 400_000;
    await reporter.tick(); // due
    expect(sent).toEqual([0, 2, 4, 4]);
  });
});
