import type { z } from 'zod';
import type { Database } from 'better-sqlite3';
import type { Logger } from '../log';
import { Sip2Client, sip2ConfigSchema } from '../sip2';
import { offlinePolicySchema } from './offline-policy';
import { createSip2Backend } from './sip2-backend';

/**
 * A SIP2 backend when LANEDISK_SIP2_HOST is set (with _PORT, _INSTITUTION, _LOCATION, _USER,
 * _PASSWORD, _CURRENCY, _OFFLINE_MAX_CHECKOUTS, _OFFLINE_PROBE_MS), else undefined. A bad setting stops the start with a message naming it.
 */
export function sip2BackendFromEnv(args: {
  env: Readonly<Record<string, string | undefined>>;
  db: Database;
  now: () => Date;
  log: Logger;
  /** The terminal library's currency, when LANEDISK_SIP2_CURRENCY names none. */
  currency: () => string;
}) {
  const { env } = args;
  if (!env.LANEDISK_SIP2_HOST) return undefined;
  const parsed = sip2ConfigSchema.safeParse({
    host: env.LANEDISK_SIP2_HOST,
    port: Number(env.LANEDISK_SIP2_PORT ?? 6001),
    institutionId: env.LANEDISK_SIP2_INSTITUTION ?? '',
    locationCode: env.LANEDISK_SIP2_LOCATION ?? '',
    ...(env.LANEDISK_SIP2_USER ? { login: { user: env.LANEDISK_SIP2_USER, password: env.LANEDISK_SIP2_PASSWORD ?? '' } } : {}),
  });
  if (!parsed.success) {
    throw new Error(`SIP2 settings (LANEDISK_SIP2_*) are not valid: ${issuesText(parsed.error)}`);
  }
  const offline = offlinePolicySchema.safeParse({
    ...(env.LANEDISK_SIP2_OFFLINE_MAX_CHECKOUTS ? { maxCheckoutsPerPatron: Number(env.LANEDISK_SIP2_OFFLINE_MAX_CHECKOUTS) } : {}),
    ...(env.LANEDISK_SIP2_OFFLINE_PROBE_MS ? { probeMs: Number(env.LANEDISK_SIP2_OFFLINE_PROBE_MS) } : {}),
  });
  if (!offline.success) {
    throw new Error(`SIP2 offline settings (LANEDISK_SIP2_OFFLINE_*) are not valid: ${issuesText(offline.error)}`);
  }
  const client = new Sip2Client({ config: parsed.data, log: args.log });
  return createSip2Backend({ client, db: args.db, now: args.now, log: args.log, currency: env.LANEDISK_SIP2_CURRENCY ?? args.currency, offline: offline.data });
}

function issuesText(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
}
