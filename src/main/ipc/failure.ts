import type { ErrorKind, FieldIssue } from '../../shared/result';
import type { MessageKey } from '../../shared/i18n/resources';

/**
 * Thrown inside main-process handlers for expected failures; the dispatcher
 * turns it into `{ ok: false, error }` with a localized message. It never crosses IPC as an exception.
 */
export class AppFailure extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: MessageKey,
    readonly params: Record<string, string | number> = {},
    readonly issues?: FieldIssue[],
  ) {
    super(code);
    this.name = 'AppFailure';
  }
}
