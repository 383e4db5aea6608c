import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/main/db/open';
import { SyncClient } from '../../../src/main/sync/client';
import { MemoryCredentialStore } from '../../../src/main/sync/credential-store';
import { registerConfigFromEnv } from '../../../src/server/config';
import { silentLogger } from '../../helpers/logger';
import { startRegister, type TestRegister } from '../../helpers/register-fixture';
import { quickRegistrations } from '../sync/terminal-fixture';

/** Issue 16 finding 5: the register rate-limits enrolment, pushes and pulls (@fastify/rate-limit). */
describe('register rate limits', { timeout: 30_000 }, () => {
  let register: TestRegister;
  beforeAll(async () => {
    register = await startRegister({ backend: 'pglite', rateLimits: { enrolPerMinute: 3, pushPerMinute: 2 } });
  }, 60_000);
  afterAll(() => register?.stop());

  const enrol = (code: string) =>
    fetch(new URL('/enrol', register.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, terminalName: 'Guess', mode: 'desk' }) });

  it('answers an enrolment brute force with 429 and Retry-After, even for a right code', async () => {
    const statuses: number[] = [];
    for (const guess of ['AAAA-AAAA-AAAA-AAAA', 'AAAA-AAAA-AAAA-AAAB', 'AAAA-AAAA-AAAA-AAAC']) statuses.push((await enrol(guess)).status);
    expect(statuses).toEqual([403, 403, 403]);
    const limited = await enrol(await register.enrolmentCode());
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as { code: string }).code).toBe('rate-limited');
  });

  it('limits pushes per terminal token, and the terminal backs off (nothing quarantined) instead of failing hard', async () => {
    const db = openDatabase({ file: ':memory:' });
    const limited = await startRegister({ backend: 'pglite', rateLimits: { pushPerMinute: 2 } });
    try {
      const client = new SyncClient({ db, baseUrl: limited.url, log: silentLogger, credentialStore: new MemoryCredentialStore(), pushBatchSize: 1 });
      await client.enrol(await limited.enrolmentCode(), { terminalName: 'Desk' });
      await client.pullOnce(); // the libraries the registrations refer to
      quickRegistrations(db, 3);
      // Two pushes of one registration each pass; the third is answered 429.
      const status = await client.syncOnce();
      expect(status).toMatchObject({ online: false, pendingOutbox: 1, quarantined: 0 });
      expect(status.lastError).toMatch(/429 rate-limited/);
      // Another terminal is not held back by the first one's limit.
      const second = await limited.terminal('desk', 'Desk 2');
      expect((await second.push([])).results).toEqual([]);
    } finally {
      await limited.stop();
      db.close();
    }
  });

  it('reads the limits from the register configuration', () => {
    expect(registerConfigFromEnv({}).rateLimits).toEqual({ enrolPerMinute: 10, pushPerMinute: 600, pullPerMinute: 1200, adminPerMinute: 1200 });
    expect(registerConfigFromEnv({ LANEDISK_REGISTER_RATE_ENROL_PER_MINUTE: '3', LANEDISK_REGISTER_RATE_PUSH_PER_MINUTE: '50' }).rateLimits).toMatchObject({
      enrolPerMinute: 3,
      pushPerMinute: 50,
    });
    expect(() => registerConfigFromEnv({ LANEDISK_REGISTER_RATE_PUSH_PER_MINUTE: '0' })).toThrow(/LANEDISK_REGISTER_RATE_PUSH_PER_MINUTE/);
  });
});
