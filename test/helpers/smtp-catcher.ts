import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { mailEnv, type SmtpConfig } from '../../src/main/mail/config';

/** One message the catcher accepted, decoded enough to assert on. */
export interface CaughtMail {
  /** MAIL FROM. */
  envelopeFrom: string;
  /** RCPT TO addresses the catcher accepted. */
  to: string[];
  /** Decoded (RFC 2047) Subject header. */
  subject: string;
  /** The text/plain body, transfer-decoded, with CRLF turned into LF. */
  text: string;
  messageId: string | undefined;
  /** Top-level headers, names lower-cased, values unfolded (not decoded). */
  headers: Record<string, string>;
  raw: string;
  /** The AUTH user name, when the client logged in. */
  authUser: string | undefined;
}

export interface SmtpCatcherOptions {
  /** When set, AUTH is required and must match (plain text AUTH is allowed: this is a local test server). */
  auth?: { user: string; pass: string };
}

export interface SmtpCatcher {
  readonly host: '127.0.0.1';
  /** Fixed for the catcher's life, also across down()/up(). */
  readonly port: number;
  readonly isUp: boolean;
  readonly messages: readonly CaughtMail[];
  /** Answer RCPT TO for this address with `code` (550: permanent; 450: try later). Case-insensitive. */
  rejectRecipient(address: string, code?: number, message?: string): void;
  acceptRecipient(address: string): void;
  /** Answer MAIL FROM for this sender with `code` (e.g. a relay that refuses our From address). */
  rejectSender(address: string, code?: number, message?: string): void;
  /** Stops listening and drops open connections: clients get "connection refused". */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  /** Resolves with the first `count` messages once that many arrived. */
  waitForMessages(count: number, timeoutMs?: number): Promise<CaughtMail[]>;
  clear(): void;
  /** An SMTP configuration pointing at the catcher. */
  smtpConfig(from?: string): SmtpConfig;
  /** The LANEDISK_SMTP_* / LANEDISK_MAIL_FROM variables for starting the app against the catcher. */
  env(from?: string): Record<string, string>;
  close(): Promise<void>;
}

const DEFAULT_FROM = 'Lånedisk test <noreply@lanedisk.test>';

/** Starts a local SMTP server on 127.0.0.1, port 0, that keeps what it receives. */
export async function startSmtpCatcher(options: SmtpCatcherOptions = {}): Promise<SmtpCatcher> {
  const messages: CaughtMail[] = [];
  const rejected = new Map<string, { code: number; message: string }>();
  const rejectedSenders = new Map<string, { code: number; message: string }>();
  const waiters = new Set<() => void>();
  let server: SMTPServer | undefined;
  let port = 0;

  const serverOptions: SMTPServerOptions = {
    logger: false,
    // Plain connections only: no STARTTLS with the package's published test certificate.
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    disableReverseLookup: true,
    closeTimeout: 50,
    onAuth(auth, _session, callback) {
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) {
        callback(null, { user: auth.username });
      } else {
        callback(Object.assign(new Error('Authentication failed'), { responseCode: 535 }));
      }
    },
    onMailFrom(address, _session, callback) {
      const rule = rejectedSenders.get(address.address.toLowerCase());
      if (rule) callback(Object.assign(new Error(rule.message), { responseCode: rule.code }));
      else callback();
    },
    onRcptTo(address, _session, callback) {
      const rule = rejected.get(address.address.toLowerCase());
      if (rule) callback(Object.assign(new Error(rule.message), { responseCode: rule.code }));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const parsed = parseMessage(raw);
        const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        messages.push({
          envelopeFrom,
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: decodeWords(parsed.headers['subject'] ?? ''),
          text: parsed.text,
          messageId: parsed.headers['message-id'],
          headers: parsed.headers,
          raw,
          authUser: typeof session.user === 'string' ? session.user : undefined,
        });
        for (const wake of waiters) wake();
        callback();
      });
    },
  };

  async function listen(): Promise<void> {
    const instance = new SMTPServer(serverOptions);
    await new Promise<void>((resolve, reject) => {
      instance.server.once('error', reject);
      instance.listen(port, '127.0.0.1', () => {
        instance.server.off('error', reject);
        resolve();
      });
    });
    port = (instance.server.address() as AddressInfo).port;
    server = instance;
  }

  async function stop(): Promise<void> {
    const instance = server;
    server = undefined;
    if (instance) await new Promise<void>((resolve) => instance.close(resolve));
  }

  await listen();

  return {
    host: '127.0.0.1',
    get port() {
      return port;
    },
    get isUp() {
      return server !== undefined;
    },
    messages,
    rejectRecipient(address, code = 550, message = '5.1.1 Recipient address rejected: no such user') {
      rejected.set(address.toLowerCase(), { code, message });
    },
    acceptRecipient(address) {
      rejected.delete(address.toLowerCase());
    },
    rejectSender(address, code = 550, message = '5.7.1 Sender address rejected: not permitted') {
      rejectedSenders.set(address.toLowerCase(), { code, message });
    },
    down: stop,
    async up() {
      if (!server) await listen();
    },
    waitForMessages(count, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length < count) return;
          cleanup();
          resolve(messages.slice(0, count));
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`SMTP catcher: expected ${count} message(s) within ${timeoutMs} ms, got ${messages.length}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    clear() {
      messages.length = 0;
    },
    smtpConfig(from = DEFAULT_FROM) {
      return { host: '127.0.0.1', port, secure: false, from, ...(options.auth ? { auth: { ...options.auth } } : {}) };
    },
    env(from = DEFAULT_FROM) {
      return {
        [mailEnv.host]: '127.0.0.1',
        [mailEnv.port]: String(port),
        [mailEnv.secure]: 'false',
        [mailEnv.from]: from,
        ...(options.auth ? { [mailEnv.user]: options.auth.user, [mailEnv.pass]: options.auth.pass } : {}),
      };
    },
    async close() {
      await stop();
      rejected.clear();
      rejectedSenders.clear();
    },
  };
}

// ---- just enough MIME to read what nodemailer sends ----

interface ParsedPart {
  headers: Record<string, string>;
  text: string;
}

function splitHeaders(raw: string): { headers: Record<string, string>; body: string } {
  const normalized = raw.replace(/\r\n/g, '\n');
  const end = normalized.indexOf('\n\n');
  const head = end === -1 ? normalized : normalized.slice(0, end);
  const body = end === -1 ? '' : normalized.slice(end + 2);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

function headerParam(value: string, name: string): string | undefined {
  const match = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value);
  return match?.[1] ?? match?.[2];
}

function decodeQuotedPrintableBytes(text: string): Buffer {
  const unwrapped = text.replace(/=\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < unwrapped.length; i++) {
    const hex = unwrapped.slice(i + 1, i + 3);
    if (unwrapped[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(unwrapped[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

function decodeBody(body: string, headers: Record<string, string>): string {
  const charset = headerParam(headers['content-type'] ?? '', 'charset') ?? 'utf-8';
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  let bytes: Buffer;
  if (encoding === 'base64') bytes = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  else if (encoding === 'quoted-printable') bytes = decodeQuotedPrintableBytes(body);
  else bytes = Buffer.from(body, 'utf8');
  return new TextDecoder(charset).decode(bytes);
}

function parsePart(raw: string): ParsedPart {
  const { headers, body } = splitHeaders(raw);
  const type = (headers['content-type'] ?? 'text/plain').toLowerCase();
  if (type.startsWith('multipart/')) {
    const boundary = headerParam(headers['content-type'] ?? '', 'boundary');
    if (boundary) {
      const parts = body
        .split(`--${boundary}`)
        .slice(1)
        .filter((p) => !p.startsWith('--'))
        .map((p) => parsePart(p.replace(/^\n/, '')));
      const plain = parts.find((p) => (p.headers['content-type'] ?? 'text/plain').toLowerCase().startsWith('text/plain')) ?? parts[0];
      return { headers, text: plain?.text ?? '' };
    }
  }
  return { headers, text: decodeBody(body, headers) };
}

export function parseMessage(raw: string): ParsedPart {
  return parsePart(raw);
}

const encodedWord = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;

/** Decodes RFC 2047 encoded words; runs of adjacent words are joined before decoding (they may split a character). */
export function decodeWords(value: string): string {
  let out = '';
  let pending: { charset: string; bytes: Buffer[] } | undefined;
  let last = 0;
  const flush = () => {
    if (pending) out += new TextDecoder(pending.charset).decode(Buffer.concat(pending.bytes));
    pending = undefined;
  };
  for (const match of value.matchAll(encodedWord)) {
    const between = value.slice(last, match.index);
    if (!(pending && /^\s*$/.test(between))) {
      flush();
      out += between;
    }
    const [, charset = 'utf-8', kind = 'Q', text = ''] = match;
    const bytes =
      kind.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : decodeQuotedPrintableBytes(text.replace(/_/g, ' '));
    if (pending && pending.charset.toLowerCase() !== charset.toLowerCase()) flush();
    pending ??= { charset, bytes: [] };
    pending.bytes.push(bytes);
    last = match.index + match[0].length;
  }
  flush();
  return out + value.slice(last);
}
