import type { Database } from 'better-sqlite3';
import { createHash } from 'node:crypto';
import type { Logger } from '../log';
import { fromDomain } from './address';
import { classifySendError } from './classify';
import { dueMails, markMailFailed, markMailRetry, markMailSent, type DueMail } from './outbox';
import type { MailTransport } from './transport';

export interface BackoffOptions {
  /** Delay after the first failure. */
  baseMs: number;
  /** The delay never grows beyond this; temporary failures are retried forever. */
  maxMs: number;
  factor: number;
}

export const defaultBackoff: BackoffOptions = { baseMs: 60_000, maxMs: 60 * 60_000, factor: 2 };

/** Delay before the next try after `attempts` failed attempts (1, 2, …). */
export function backoffDelay(attempts: number, backoff: BackoffOptions = defaultBackoff): number {
  return Math.min(backoff.maxMs, backoff.baseMs * backoff.factor ** Math.max(0, attempts - 1));
}

export interface MailSenderOptions {
  db: Database;
  transport: MailTransport;
  log: Logger;
  /** Sender address: `addr@example.org` or `Name <addr@example.org>`. */
  from: string;
  now?: () => Date;
  /** Most mails sent per drain; default 20. */
  batchSize?: number;
  backoff?: Partial<BackoffOptions>;
}

export interface DrainResult {
  sent: number;
  /** Given up for good (e.g. 550 recipient rejected); see listMailProblems. */
  failed: number;
  /** Temporary failure; next_attempt_at moved by the backoff. */
  retried: number;
}

export interface MailSender {
  /** Sends the pending mails that are due, oldest due first, one batch. Calls are serialised. */
  drainOnce(): Promise<DrainResult>;
  /** Drains now and then every `intervalMs` (sooner while there is a backlog). Errors are logged, never thrown. */
  start(intervalMs: number): void;
  /** Asks a started sender to drain now, e.g. right after a transaction that enqueued mail committed. */
  wake(): void;
  /** Stops the timer and waits for a drain in progress. */
  stop(): Promise<void>;
}

/** A Message-ID stable per outbox row, so a resend after a crash carries the same id. */
function messageIdFor(mail: DueMail, from: string): string {
  const hash = createHash('sha256').update(mail.idempotencyKey).digest('hex').slice(0, 32);
  return `<${hash}.${mail.id}@${fromDomain(from)}>`;
}

/**
 * Sends the mail outbox through a transport.
 *
 * Delivery is at least once: a row is marked sent only after the SMTP server
 * accepted the message. If the app dies between the server's acceptance and
 * the mark, the mail is sent again on the next start (with the same
 * Message-ID); a mail is never lost. Run one sender per database.
 */
export function createMailSender(options: MailSenderOptions): MailSender {
  const { db, transport, log, from } = options;
  const now = options.now ?? (() => new Date());
  const batchSize = options.batchSize ?? 20;
  const backoff: BackoffOptions = { ...defaultBackoff, ...options.backoff };

  async function sendOne(mail: DueMail, result: DrainResult): Promise<'continue' | 'stop'> {
    const logFields = { mailId: mail.id, template: mail.templateId, attempt: mail.attempts + 1 };
    try {
      const delivery = await transport.sendMail({
        from,
        to: mail.recipient,
        subject: mail.subject,
        text: mail.body,
        messageId: messageIdFor(mail, from),
        date: now(),
      });
      if ((delivery.accepted?.length ?? 1) === 0 && (delivery.rejected?.length ?? 0) > 0) {
        throw Object.assign(new Error('recipient rejected'), { code: 'EENVELOPE' });
      }
    } catch (error) {
      const failure = classifySendError(error);
      const fields = { ...logFields, code: (error as { code?: unknown }).code, responseCode: (error as { responseCode?: unknown }).responseCode };
      if (failure.kind === 'permanent') {
        markMailFailed(db, mail.id, mail.templateId, failure.error, now());
        result.failed += 1;
        log.warn(fields, 'mail refused for good; shown in mail problems');
        return 'continue';
      }
      const next = new Date(now().getTime() + backoffDelay(mail.attempts + 1, backoff));
      markMailRetry(db, mail.id, failure.error, next);
      result.retried += 1;
      log.warn({ ...fields, nextAttemptAt: next.toISOString() }, 'mail not sent; will retry');
      // Server unreachable or refusing us (not this message): leave the rest of the batch for the next drain.
      return failure.serverProblem ? 'stop' : 'continue';
    }
    markMailSent(db, mail.id, mail.templateId, now());
    result.sent += 1;
    log.info(logFields, 'mail sent');
    return 'continue';
  }

  async function drain(): Promise<DrainResult> {
    const result: DrainResult = { sent: 0, failed: 0, retried: 0 };
    for (const mail of dueMails(db, now(), batchSize)) {
      if ((await sendOne(mail, result)) === 'stop') break;
    }
    return result;
  }

  // One drain at a time: a manual drainOnce while the timer's drain runs waits for it.
  let chain: Promise<unknown> = Promise.resolve();
  function drainOnce(): Promise<DrainResult> {
    const next = chain.then(drain, drain);
    chain = next.catch(() => undefined);
    return next;
  }

  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let ticking = false;
  let wokenDuringTick = false;
  let interval = 0;

  function schedule(delayMs: number): void {
    if (!running) return;
    clearTimeout(timer);
    timer = setTimeout(() => void tick(), delayMs);
    timer.unref();
  }

  async function tick(): Promise<void> {
    timer = undefined;
    ticking = true;
    wokenDuringTick = false;
    let backlog = false;
    try {
      const r = await drainOnce();
      // A full batch that went through: more may be waiting, go again at once.
      backlog = r.sent + r.failed === batchSize;
    } catch (error) {
      log.error({ err: error }, 'mail drain failed');
    } finally {
      ticking = false;
    }
    schedule(backlog || wokenDuringTick ? 0 : interval);
  }

  return {
    drainOnce,
    start(intervalMs) {
      if (running) return;
      running = true;
      interval = intervalMs;
      schedule(0);
    },
    wake() {
      if (ticking) wokenDuringTick = true;
      else schedule(0);
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      timer = undefined;
      await chain;
    },
  };
}
