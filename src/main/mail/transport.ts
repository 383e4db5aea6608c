import { chmod, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { ensurePrivateDir, privateFileMode } from '../db/private-files';
import type { Logger } from '../log';
import { mailFromEnv, smtpConfigFromEnv, type SmtpConfig } from './config';
import { MAIL_CONTENT_RETENTION_DAYS } from './outbox';

/** One message as the sender hands it over. */
export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  /** Stable per outbox row, so a resend after a crash can be recognised as the same message. */
  messageId: string;
  /** Date header. */
  date: Date;
}

/** What the transport reports; with SMTP, resolving means the server accepted the message. */
export interface MailDelivery {
  messageId?: string;
  accepted?: unknown[];
  rejected?: unknown[];
}

/** The part of a nodemailer transporter the sender uses; tests can pass a fake. */
export interface MailTransport {
  sendMail(mail: OutgoingMail): Promise<MailDelivery>;
  close?(): void;
}

const TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 };

/**
 * A nodemailer SMTP transport (one connection per message). Local files and
 * URLs are never read into a message.
 */
export function createSmtpTransport(config: SmtpConfig): MailTransport {
  return nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    ...(config.auth ? { auth: { user: config.auth.user, pass: config.auth.pass } } : {}),
    ...TIMEOUTS,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
}

export interface FileTransportOptions {
  /** Folder for the .eml files, created 0700 if missing. */
  dir: string;
  log: Logger;
  now?: () => Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The embedded default when no SMTP host is configured: each message becomes
 * an .eml file in `dir` (open it in any mail program), so the demo needs no
 * mail server. The folder stands in for the recipients' mailboxes, so the same
 * retention applies: files older than 30 days are deleted on each send.
 */
export function createFileTransport({ dir, log, now = () => new Date() }: FileTransportOptions): MailTransport {
  const stream = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  let pruned = 0;

  async function prune(at: Date): Promise<void> {
    if (at.getTime() - pruned < 60 * 60 * 1000) return;
    pruned = at.getTime();
    const cutoff = at.getTime() - MAIL_CONTENT_RETENTION_DAYS * DAY_MS;
    for (const name of await readdir(dir)) {
      if (!name.endsWith('.eml')) continue;
      const file = path.join(dir, name);
      if ((await stat(file)).mtimeMs < cutoff) await rm(file, { force: true });
    }
  }

  return {
    async sendMail(mail) {
      const info = await stream.sendMail(mail);
      const at = now();
      ensurePrivateDir(dir);
      const safeId = (info.messageId || mail.messageId).replace(/[^\w.@-]+/g, '_');
      const file = path.join(dir, `${at.toISOString().replace(/[:.]/g, '-')}-${safeId}.eml`);
      await writeFile(file, info.message as Buffer, { mode: privateFileMode });
      await chmod(file, privateFileMode);
      log.info({ file: path.basename(file) }, 'mail written to file (no SMTP server configured)');
      try {
        await prune(at);
      } catch (error) {
        log.warn({ err: error }, 'could not prune old mail files');
      }
      return { messageId: info.messageId, accepted: [mail.to], rejected: [] };
    },
  };
}

export interface MailSetup {
  transport: MailTransport;
  from: string;
  /** For the log and the technician screen; never includes credentials. */
  description: string;
}

/**
 * Picks the transport from the environment: SMTP when LANEDISK_SMTP_HOST is
 * set, otherwise .eml files in `<dataDir>/mail`. Throws MailConfigError on a
 * bad configuration. With dataDir ':memory:' (tests) mails go to a sink that
 * only logs their Message-ID.
 */
export function createMailSetup({
  env,
  dataDir,
  log,
  now,
}: {
  env: Readonly<Record<string, string | undefined>>;
  dataDir: string;
  log: Logger;
  now?: () => Date;
}): MailSetup {
  const smtp = smtpConfigFromEnv(env);
  if (smtp) {
    return { transport: createSmtpTransport(smtp), from: smtp.from, description: `smtp://${smtp.host}:${smtp.port}${smtp.secure ? ' (TLS)' : ''}` };
  }
  const from = mailFromEnv(env);
  if (dataDir === ':memory:') {
    return {
      transport: {
        sendMail(mail) {
          log.info({ messageId: mail.messageId }, 'mail discarded (in-memory data directory, no SMTP server configured)');
          return Promise.resolve({ messageId: mail.messageId, accepted: [mail.to], rejected: [] });
        },
      },
      from,
      description: 'discard (in-memory)',
    };
  }
  const dir = path.join(dataDir, 'mail');
  return { transport: createFileTransport({ dir, log, ...(now ? { now } : {}) }), from, description: `files in ${dir}` };
}
