import { CodedError } from '../../coded-error';

export const relayErrorCodes = [
  /** The device is not there (unplugged, not found, port not open); the driver keeps trying to reconnect. */
  'disconnected',
  /** close() was called; the relay will not be used again. */
  'closed',
  /** Channel number outside 1..channels. */
  'invalid-channel',
  /** The write to the device failed. */
  'write-failed',
  /** The device did not answer in time. */
  'timeout',
  /** The state read back after a write differs from what was written. */
  'mismatch',
  /** The device answered with a Modbus exception. */
  'exception',
  /** The device answered something the protocol does not allow. */
  'protocol',
] as const;
export type RelayErrorCode = (typeof relayErrorCodes)[number];

/** Every failure a relay reports: a code to branch on and a message for the technician's log. */
export class RelayError extends CodedError<RelayErrorCode> {
  override readonly name = 'RelayError';
}

export function isRelayError(error: unknown): error is RelayError {
  return error instanceof RelayError;
}

/** Any thrown value as a RelayError with `code`, keeping RelayErrors as they are. */
export function asRelayError(error: unknown, code: RelayErrorCode, context: string): RelayError {
  if (error instanceof RelayError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new RelayError(code, `${context}: ${detail}`, { cause: error });
}
