/** What crosses a process boundary: a value or a typed, localized error. Never a thrown exception. */
export const errorKinds = [
  'validation',
  'unknown-channel',
  'forbidden',
  'not-found',
  'conflict',
  'unavailable',
  'internal',
] as const;
export type ErrorKind = (typeof errorKinds)[number];

export interface FieldIssue {
  /** Dotted path into the request, '' for the request as a whole. */
  path: string;
  message: string;
}

export interface AppError {
  kind: ErrorKind;
  /** Already localized for the terminal's language; safe to show to the user. */
  message: string;
  /** i18n key the message came from, for the renderer to re-localize if the user switches language. */
  code: string;
  issues?: FieldIssue[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(error: AppError): Result<T> {
  return { ok: false, error };
}

/** For exhaustive switches: the compiler proves `value` is `never`; at run time it names what slipped through. */
export function missingCaseError(value: never): Error {
  return new Error(`Unhandled case: ${String(value)}`);
}
