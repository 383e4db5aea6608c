import type { Queryable } from '../../db/client';
import { pgError } from '../../db/client';
import type { Mutation, MutationResult, RegisterTerminalMode } from '../../../shared/sync/protocol';

export interface ApplyContext {
  tx: Queryable;
  /** The pushing terminal as its enrolment made it (never as it claims to be). */
  terminal: { id: string; name: string; mode: RegisterTerminalMode; libraryId: string | null };
  mutation: Mutation;
  /** The register's clock, ISO text. */
  at: string;
}

/** Thrown inside an apply function: the mutation can never apply; its savepoint is rolled back. */
export class Rejection extends Error {
  constructor(
    readonly reason: string,
    readonly detail?: string,
  ) {
    super(reason);
    this.name = 'Rejection';
  }
}

export const applied = (extra: { mergedInto?: string; notes?: string[] } = {}): MutationResult => ({
  status: 'applied',
  ...(extra.mergedInto ? { mergedInto: extra.mergedInto } : {}),
  ...(extra.notes && extra.notes.length > 0 ? { notes: extra.notes } : {}),
});
export const deferred = (reason: string): MutationResult => ({ status: 'deferred', reason });

/** When the terminal made the change (its outbox row's time), or the register's time if it did not say. */
export function madeAt(ctx: ApplyContext): string {
  const t = ctx.mutation.createdAt;
  return t !== undefined && !Number.isNaN(Date.parse(t)) ? new Date(t).toISOString() : ctx.at;
}

/** Integrity and data errors can never succeed on retry: they become rejections. Anything else is a real failure. */
export function constraintRejection(error: unknown): unknown {
  if (error instanceof Rejection) return error;
  const e = pgError(error);
  if (!e) return error;
  if (e.code === '23505') return new Rejection(e.constraint === 'borrower_email_key' ? 'email-taken' : 'duplicate', e.constraint);
  if (e.code === '23503') return new Rejection('unknown-reference', e.constraint);
  if (e.code.startsWith('23') || e.code.startsWith('22')) return new Rejection('invalid', e.constraint ?? e.code);
  return error;
}
