import { CodedError } from '../coded-error';

export const sip2ErrorCodes = [
  /** No answer within the response timeout, after the allowed retries. */
  'timeout',
  /** Not connected (or the connection dropped mid-request) and it could not be (re)established in time. */
  'disconnected',
  /** The ACS refused the SC login (94 with ok = 0): wrong CN/CO or the account is disabled. */
  'login-failed',
  /** Responses kept failing their checksum after the allowed resend requests. */
  'checksum',
  /** The ACS answered something SIP2 does not allow here (wrong message, unreadable fixed fields …). */
  'protocol',
  /** A request argument cannot be sent (contains the field delimiter or a line break, too long). */
  'invalid-request',
  /** close() was called; the client will not be used again. */
  'closed',
] as const;
export type Sip2ErrorCode = (typeof sip2ErrorCodes)[number];

/**
 * Every failure the SIP2 client reports: a code to branch on and a message for the log.
 * Messages name message types and sequence numbers only, never patron or item identifiers.
 */
export class Sip2Error extends CodedError<Sip2ErrorCode> {
  override readonly name = 'Sip2Error';
}

export function isSip2Error(error: unknown): error is Sip2Error {
  return error instanceof Sip2Error;
}
