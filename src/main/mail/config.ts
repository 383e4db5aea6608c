import { z } from 'zod';
import { FromAddressSchema } from './address';
import { MailConfigError } from './errors';

export const SmtpConfigSchema = z.object({
  host: z.string().trim().min(1).max(253),
  /** Default 465 when `secure`, else 587. */
  port: z.int().min(1).max(65535).optional(),
  /** Implicit TLS from the first byte (port 465). When false, STARTTLS is used if the server offers it. */
  secure: z.boolean().default(false),
  auth: z.object({ user: z.string().min(1), pass: z.string().min(1) }).optional(),
  /** `addr@example.org` or `Name <addr@example.org>`. */
  from: FromAddressSchema,
});
export type SmtpConfigInput = z.input<typeof SmtpConfigSchema>;
export type SmtpConfig = z.output<typeof SmtpConfigSchema> & { port: number };

/** Validates an SMTP configuration and fills in the default port. Throws MailConfigError. */
export function parseSmtpConfig(input: SmtpConfigInput): SmtpConfig {
  const parsed = SmtpConfigSchema.safeParse(input);
  if (!parsed.success) {
    throw new MailConfigError(parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })));
  }
  return { ...parsed.data, port: parsed.data.port ?? (parsed.data.secure ? 465 : 587) };
}

export const mailEnv = {
  host: 'LANEDISK_SMTP_HOST',
  port: 'LANEDISK_SMTP_PORT',
  secure: 'LANEDISK_SMTP_SECURE',
  user: 'LANEDISK_SMTP_USER',
  pass: 'LANEDISK_SMTP_PASS',
  from: 'LANEDISK_MAIL_FROM',
} as const;

const truthy = new Set(['1', 'true', 'yes', 'on']);
const falsy = new Set(['0', 'false', 'no', 'off', '']);

/**
 * Reads the SMTP configuration from LANEDISK_SMTP_* and LANEDISK_MAIL_FROM.
 * Returns undefined when LANEDISK_SMTP_HOST is unset or empty: the app then
 * uses the file transport (createFileTransport), so a demo needs no mail server.
 * Throws MailConfigError naming the variables that are wrong (never their values).
 */
export function smtpConfigFromEnv(env: Readonly<Record<string, string | undefined>>): SmtpConfig | undefined {
  const host = env[mailEnv.host]?.trim();
  if (!host) return undefined;
  const issues: { path: string; message: string }[] = [];

  const rawPort = env[mailEnv.port]?.trim();
  let port: number | undefined;
  if (rawPort) {
    if (/^\d{1,5}$/.test(rawPort)) port = Number(rawPort);
    else issues.push({ path: mailEnv.port, message: 'must be a port number' });
  }

  const rawSecure = (env[mailEnv.secure] ?? '').trim().toLowerCase();
  const secure = truthy.has(rawSecure);
  if (!secure && !falsy.has(rawSecure)) issues.push({ path: mailEnv.secure, message: 'must be true or false' });

  const user = env[mailEnv.user];
  const pass = env[mailEnv.pass];
  if (Boolean(user) !== Boolean(pass)) issues.push({ path: mailEnv.pass, message: `${mailEnv.user} and ${mailEnv.pass} must be set together` });

  const from = env[mailEnv.from];
  if (!from) issues.push({ path: mailEnv.from, message: `is required when ${mailEnv.host} is set` });
  if (issues.length > 0) throw new MailConfigError(issues);

  const names: Record<string, string> = { host: mailEnv.host, port: mailEnv.port, from: mailEnv.from, auth: mailEnv.user };
  try {
    return parseSmtpConfig({ host, port, secure, from: from ?? '', auth: user && pass ? { user, pass } : undefined });
  } catch (error) {
    if (!(error instanceof MailConfigError)) throw error;
    throw new MailConfigError(error.issues.map((i) => ({ path: names[i.path.split('.')[0] ?? ''] ?? i.path, message: i.message })));
  }
}

/** The sender address of the file transport when LANEDISK_MAIL_FROM is not set. */
export const defaultFileFrom = 'Lånedisk <noreply@lanedisk.invalid>';

/** LANEDISK_MAIL_FROM when set and valid, else the demo default. */
export function mailFromEnv(env: Readonly<Record<string, string | undefined>>): string {
  const from = env[mailEnv.from];
  if (!from) return defaultFileFrom;
  const parsed = FromAddressSchema.safeParse(from);
  if (!parsed.success) throw new MailConfigError([{ path: mailEnv.from, message: parsed.error.issues[0]?.message ?? 'invalid' }]);
  return parsed.data;
}
