/** How a failed send is handled. */
export type SendFailure =
  /** Connection refused, timeout, 4xx, authentication or TLS trouble: the message is fine, try again later. */
  | {
      kind: 'temporary';
      error: string;
      /** The server could not be reached or would not take anything from us: the rest of the batch would fail the same way. */
      serverProblem: boolean;
    }
  /** The server refused this message for good (5xx except 503), e.g. recipient rejected with 550. */
  | { kind: 'permanent'; error: string };

interface SmtpErrorLike {
  message?: unknown;
  code?: unknown;
  responseCode?: unknown;
  permanent?: unknown;
  command?: unknown;
  rejectedErrors?: unknown;
}

/**
 * Errors about our side of the connection (configuration, credentials,
 * network, TLS): even with a 5xx reply (535 bad credentials) retrying the same
 * message is right once the technician fixes the setup.
 */
const connectionCodes = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EAUTH', 'ENOAUTH', 'EOAUTH2', 'ECONFIG', 'EPROXY', 'EREQUIRETLS']);

/** RFC 5321: 5yz is a permanent negative reply, except 503 (bad sequence: a new session may work). */
function isPermanentCode(code: number): boolean {
  return code >= 500 && code < 600 && code !== 503;
}

const MAX_ERROR_LENGTH = 500;

function describe(error: SmtpErrorLike): string {
  const message = typeof error.message === 'string' && error.message ? error.message : 'unknown send error';
  const code = typeof error.code === 'string' ? `${error.code}: ` : '';
  const text = `${code}${message}`.replace(/\s+/g, ' ').trim();
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}

/** Sorts a nodemailer error into retry-later or give-up. Unknown errors are retried: nothing is lost. */
export function classifySendError(raw: unknown): SendFailure {
  const error: SmtpErrorLike = typeof raw === 'object' && raw !== null ? raw : { message: String(raw) };
  const text = describe(error);
  if (typeof error.code === 'string' && connectionCodes.has(error.code)) return { kind: 'temporary', error: text, serverProblem: true };
  const responseCode = typeof error.responseCode === 'number' ? error.responseCode : undefined;
  if (responseCode !== undefined) {
    const permanent = typeof error.permanent === 'boolean' ? error.permanent : isPermanentCode(responseCode);
    // A refused sender (MAIL FROM) is our configuration, not this message: every mail would fail alike.
    if (permanent && error.command !== 'MAIL FROM') return { kind: 'permanent', error: text };
    if (permanent) return { kind: 'temporary', error: text, serverProblem: true };
    // 421: the service is closing the channel.
    return { kind: 'temporary', error: text, serverProblem: responseCode === 421 };
  }
  // An envelope nodemailer itself refuses (no usable recipient) will never go through.
  if (error.code === 'EENVELOPE') return { kind: 'permanent', error: text };
  return { kind: 'temporary', error: text, serverProblem: true };
}
