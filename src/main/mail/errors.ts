import type { z } from 'zod';

export interface MailIssue {
  /** Dotted path into the mail, e.g. 'to' or 'params.name'. */
  path: string;
  message: string;
}

/**
 * A mail that cannot be enqueued: bad address, unknown template or bad
 * params. Thrown before anything is written, so the caller's transaction
 * can roll back. The message names the fields, never their values (which
 * may be a password).
 */
export class MailValidationError extends Error {
  constructor(readonly issues: readonly MailIssue[]) {
    super(`Invalid mail: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`);
    this.name = 'MailValidationError';
  }

  static fromZod(error: z.ZodError, prefix: string[] = []): MailValidationError {
    return new MailValidationError(
      error.issues.map((issue) => ({ path: [...prefix, ...issue.path.map(String)].join('.'), message: issue.message })),
    );
  }
}

/** The mail configuration (environment) is unusable. Names the variables, never the password. */
export class MailConfigError extends Error {
  constructor(readonly issues: readonly MailIssue[]) {
    super(`Invalid mail configuration: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'MailConfigError';
  }
}
