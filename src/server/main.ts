import { readFileSync } from 'node:fs';
import pino from 'pino';
import { createRegisterServer } from './app';
import { registerConfigFromEnv, RegisterConfigError } from './config';
import { defaultLoadLimits } from './load';

/**
 * Starts the central register from environment variables (config.ts):
 *   LANEDISK_REGISTER_DATABASE_URL=postgres://… LANEDISK_REGISTER_ADMIN_TOKEN=… npx tsx src/server/main.ts
 * Without a database URL it runs on embedded PGlite (LANEDISK_REGISTER_PGLITE_DIR, or in memory).
 */
async function main(): Promise<void> {
  let config;
  try {
    config = registerConfigFromEnv(process.env);
  } catch (error) {
    if (error instanceof RegisterConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const log = pino({ level: config.logLevel, base: { app: 'lanedisk-register' }, redact: { paths: ['req.headers.authorization', '*.token', '*.code'], censor: '[redacted]' } });
  let tls;
  try {
    tls = config.tls && { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) };
  } catch (error) {
    process.stderr.write(`Invalid register configuration: LANEDISK_REGISTER_TLS_CERT/KEY: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
  const server = await createRegisterServer({
    db: config.db,
    adminToken: config.adminToken,
    log,
    doorHashLogN: config.doorHashLogN,
    retention: { intervalMinutes: config.retentionIntervalMinutes },
    rateLimits: config.rateLimits,
    load: {
      // Pushes have their own queue and wait (PUSH_QUEUE, PUSH_QUEUE_WAIT_MS: load.ts registerProcessPushLimits).
      push: { ...defaultLoadLimits.push, maxConcurrent: config.load.pushConcurrency, maxWaitMs: config.load.pushQueueWaitMs, maxQueue: config.load.pushQueue, maxRetryAfterSeconds: config.load.maxRetryAfterSeconds },
      write: { ...defaultLoadLimits.write, maxConcurrent: config.load.writeConcurrency, maxWaitMs: config.load.writeQueueWaitMs, maxQueue: config.load.writeQueue },
      read: { ...defaultLoadLimits.read, maxConcurrent: config.load.readConcurrency, maxWaitMs: config.load.queueWaitMs, whileYielding: { maxConcurrent: config.load.readWhilePushesWait, maxQueue: config.load.readQueueWhilePushesWait }, maxRetryAfterSeconds: config.load.maxRetryAfterSeconds },
    },
    pushBatchMutations: config.load.pushBatchMutations,
    maxEventLoopDelayMs: config.maxEventLoopDelayMs,
    instance: config.instance,
    tls,
    silentAfterMinutes: config.silentAfterMinutes,
  });
  const url = await server.listen({ host: config.host, port: config.port });
  log.info({ url, database: server.db.kind, adminApi: config.adminToken ? 'on' : 'off' }, 'register listening');
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'close failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
