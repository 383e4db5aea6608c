import type { MessageKey } from './vocabulary';

/**
 * One result style for the whole app. A service returns `Result<T, Refusal>`: a value, or a typed refusal
 * (an expected "no": not found, not allowed, changed meanwhile, a field that is wrong). It throws only for
 * bugs and transport failures; the IPC dispatcher turns those into a generic internal error.
 * What crosses a process boundary is `Result<T>`: the value, or the refusal as the service gave it with its
 * message localized (`AppError`). Never a thrown exception.
 */
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
  /** Values for the message key (a date the rule names, say); main translates with them. */
  params?: Record<string, string | number>;
}

/** A service's refusal: a message key (and its parameters) the screens can localize, and the fields it concerns. */
export interface Refusal {
  kind: ErrorKind;
  code: MessageKey;
  params?: Record<string, string | number>;
  /** Field by field, each with a message key (a form is checked as a whole, so there may be several). */
  issues?: FieldIssue[];
}

/** A refusal as it crosses IPC: the same fields, with the message (and the issues') localized for the terminal's language. */
export interface AppError {
  kind: ErrorKind;
  /** i18n key the message came from, for the renderer to re-localize if the user switches language. */
  code: string;
  params?: Record<string, string | number>;
  /** Already localized for the terminal's language; safe to show to the user. */
  message: string;
  issues?: FieldIssue[];
}

export type Result<T, E = AppError> = { ok: true; value: T } | { ok: false; error: E };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function err<E>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}

/** `err` of a refusal, the way services say no: `return refuse('not-found', 'errors.notFound')`. */
export function refuse(kind: ErrorKind, code: MessageKey, params?: Record<string, string | number>, issues?: FieldIssue[]): { ok: false; error: Refusal } {
  const error: Refusal = { kind, code };
  if (params && Object.keys(params).length > 0) error.params = params;
  if (issues) error.issues = issues;
  return { ok: false, error };
}

/** For exhaustive switches: the compiler proves `value` is `never`; at run time it names what slipped through. */
export function missingCaseError(value: never): Error {
  return new Error(`Unhandled case: ${String(value)}`);
}
