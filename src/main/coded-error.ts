/**
 * A failure a driver or client reports (relays, SIP2): a code from its own list to branch on, and a
 * message for the log. Each subclass names itself and its codes.
 */
export class CodedError<Code extends string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
