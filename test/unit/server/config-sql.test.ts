import { describe, expect, it } from 'vitest';
import { registerConfigFromEnv, RegisterConfigError } from '../../../src/server/config';
import { sql } from '../../../src/server/db/sql';

describe('register configuration from the environment', () => {
  it('defaults to embedded PGlite in memory on 127.0.0.1:5280 with the admin API off', () => {
    expect(registerConfigFromEnv({})).toEqual({
      db: { kind: 'pglite', dataDir: undefined },
      host: '127.0.0.1',
      port: 5280,
      adminToken: undefined,
      logLevel: 'info',
      doorHashLogN: 10,
      retentionIntervalMinutes: 1440,
      rateLimits: { enrolPerMinute: 10, pushPerMinute: 600, pullPerMinute: 1200, adminPerMinute: 1200 },
      load: { pushConcurrency: 4, pushQueue: 8, pushQueueWaitMs: 250, pushBatchMutations: 500, writeConcurrency: 4, readConcurrency: 8, readWhilePushesWait: 1, readQueueWhilePushesWait: 2, maxRetryAfterSeconds: 20, queueWaitMs: 1000, writeQueueWaitMs: 500, writeQueue: 32 },
      maxEventLoopDelayMs: 0,
      poolMax: 20,
      instance: undefined,
      tls: undefined,
      silentAfterMinutes: 15,
    });
  });

  it('reads the load, pool and instance settings; the instance names the PostgreSQL connections', () => {
    const config = registerConfigFromEnv({
      LANEDISK_REGISTER_DATABASE_URL: 'postgres://register@db.example/lanedisk',
      LANEDISK_REGISTER_WRITE_CONCURRENCY: '2',
      LANEDISK_REGISTER_READ_CONCURRENCY: '16',
      LANEDISK_REGISTER_QUEUE_WAIT_MS: '500',
      LANEDISK_REGISTER_PUSH_CONCURRENCY: '16',
      LANEDISK_REGISTER_PUSH_QUEUE: '64',
      LANEDISK_REGISTER_PUSH_QUEUE_WAIT_MS: '800',
      LANEDISK_REGISTER_READ_CONCURRENCY_WHILE_PUSHES_WAIT: '3',
      LANEDISK_REGISTER_READ_QUEUE_WHILE_PUSHES_WAIT: '12',
      LANEDISK_REGISTER_MAX_RETRY_AFTER_SECONDS: '30',
      LANEDISK_REGISTER_MAX_EVENT_LOOP_DELAY_MS: '1500',
      LANEDISK_REGISTER_POOL_MAX: '40',
      LANEDISK_REGISTER_INSTANCE: 'reg-2',
    });
    expect(config).toMatchObject({
      db: { kind: 'postgres', url: 'postgres://register@db.example/lanedisk', poolMax: 40, applicationName: 'lanedisk-register reg-2' },
      load: { writeConcurrency: 2, readConcurrency: 16, readWhilePushesWait: 3, readQueueWhilePushesWait: 12, maxRetryAfterSeconds: 30, queueWaitMs: 500, pushConcurrency: 16, pushQueue: 64, pushQueueWaitMs: 800 },
      maxEventLoopDelayMs: 1500,
      instance: 'reg-2',
    });
    expect(() => registerConfigFromEnv({ LANEDISK_REGISTER_INSTANCE: 'two words' })).toThrow(/LANEDISK_REGISTER_INSTANCE/);
  });

  it('serves HTTPS with both a certificate and a key, and refuses one without the other', () => {
    expect(registerConfigFromEnv({ LANEDISK_REGISTER_TLS_CERT: '/etc/lanedisk/register.pem', LANEDISK_REGISTER_TLS_KEY: '/etc/lanedisk/register.key' }).tls).toEqual({
      certFile: '/etc/lanedisk/register.pem',
      keyFile: '/etc/lanedisk/register.key',
    });
    expect(() => registerConfigFromEnv({ LANEDISK_REGISTER_TLS_CERT: '/etc/lanedisk/register.pem' })).toThrow(/LANEDISK_REGISTER_TLS_CERT and LANEDISK_REGISTER_TLS_KEY/);
    expect(registerConfigFromEnv({ LANEDISK_REGISTER_SILENT_AFTER_MINUTES: '60' }).silentAfterMinutes).toBe(60);
    expect(() => registerConfigFromEnv({ LANEDISK_REGISTER_SILENT_AFTER_MINUTES: '0' })).toThrow(/LANEDISK_REGISTER_SILENT_AFTER_MINUTES/);
  });

  it('reads PostgreSQL, port, admin token and log level', () => {
    const config = registerConfigFromEnv({
      LANEDISK_REGISTER_DATABASE_URL: 'postgres://register@db.example/lanedisk',
      LANEDISK_REGISTER_PORT: '8080',
      LANEDISK_REGISTER_ADMIN_TOKEN: 'x'.repeat(32),
      LANEDISK_REGISTER_LOG_LEVEL: 'warn',
      UNRELATED: 'ignored',
    });
    expect(config).toMatchObject({ db: { kind: 'postgres', url: 'postgres://register@db.example/lanedisk' }, port: 8080, adminToken: 'x'.repeat(32), logLevel: 'warn' });
  });

  it('refuses bad values with every problem named', () => {
    const attempt = () =>
      registerConfigFromEnv({ LANEDISK_REGISTER_DATABASE_URL: 'mysql://nope', LANEDISK_REGISTER_PORT: '99999', LANEDISK_REGISTER_ADMIN_TOKEN: 'short' });
    expect(attempt).toThrow(RegisterConfigError);
    try {
      attempt();
    } catch (error) {
      expect((error as RegisterConfigError).issues.map((i) => i.split(':')[0])).toEqual([
        'LANEDISK_REGISTER_DATABASE_URL',
        'LANEDISK_REGISTER_PORT',
        'LANEDISK_REGISTER_ADMIN_TOKEN',
      ]);
    }
    expect(() => registerConfigFromEnv({ LANEDISK_REGISTER_DATABASE_URL: 'postgres://x/y', LANEDISK_REGISTER_PGLITE_DIR: '/tmp/x' })).toThrow(/not both/);
  });
});

describe('register sql template ($n placeholders)', () => {
  it('numbers parameters across spliced fragments and joins', () => {
    const where = sql`a = ${1} AND b IN (${sql.join(['x', 'y'])})`;
    const q = sql`SELECT * FROM t WHERE ${where} AND c = ${'z'} LIMIT ${10}`;
    expect(q.text).toBe('SELECT * FROM t WHERE a = $1 AND b IN ($2, $3) AND c = $4 LIMIT $5');
    expect(q.values).toEqual([1, 'x', 'y', 'z', 10]);
  });

  it('never puts a value into the text, and accepts only plain identifiers', () => {
    const evil = "'; DROP TABLE borrower; --";
    expect(sql`SELECT ${evil}`.text).toBe('SELECT $1');
    expect(sql`SELECT ${sql.identifier('first_name')} FROM borrower`.text).toBe('SELECT first_name FROM borrower');
    expect(() => sql.identifier('first_name; DROP')).toThrow(/identifier/);
    expect(sql.join([]).text).toBe('');
  });
});
