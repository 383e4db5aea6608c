import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { hashPassword } from '../../common/passwords';
import type { RegisterDb } from '../db/client';
import { sql } from '../db/sql';
import type { ErrorBody } from '../../shared/sync/protocol';

/** Back-off as on the terminals (src/main/app/sign-in-limits.ts defaultBackoff): 5 free, then 30 s doubling to an hour. */
export interface AdminBackoff {
  freeFailures: number;
  firstLockSeconds: number;
  maxLockSeconds: number;
}
export const defaultAdminBackoff: AdminBackoff = { freeFailures: 5, firstLockSeconds: 30, maxLockSeconds: 60 * 60 };

/** The scope of an e-mail's attempts: a hash of it as typed (trimmed, lower case), never the text. */
export const attemptScope = (email: string) => `staff:${createHash('sha256').update(email.trim().toLowerCase()).digest('hex')}`;

export type AttemptClaim = { refused: number } | { failures: number; lockedUntil: string | null };

/**
 * Counts a password attempt before the slow check (one row lock, so parallel guesses each take a place): the admin
 * page's sign-in and a desk's step-up (routes/desk-subject-export.ts) share the count of a staff member's e-mail.
 * `refused`: locked until then (ms), even for the right password.
 */
export const claimAttempt = (db: RegisterDb, now: () => Date, backoff: AdminBackoff, scope: string) =>
  db.transaction(async (tx): Promise<AttemptClaim> => {
    const at = now();
    await tx.query(sql`INSERT INTO admin_sign_in_attempt (scope, failures, locked_until, updated_at) VALUES (${scope}, 0, NULL, ${at.toISOString()}) ON CONFLICT (scope) DO NOTHING`);
    const [row] = await tx.query<{ failures: number; locked_until: string | null }>(sql`SELECT failures, locked_until FROM admin_sign_in_attempt WHERE scope = ${scope} FOR UPDATE`);
    if (row?.locked_until && Date.parse(row.locked_until) > at.getTime()) return { refused: Date.parse(row.locked_until) };
    const failures = (row?.failures ?? 0) + 1;
    const doublings = Math.min(failures - backoff.freeFailures, 30);
    const lockedUntil = failures >= backoff.freeFailures ? new Date(at.getTime() + Math.min(backoff.firstLockSeconds * 2 ** doublings, backoff.maxLockSeconds) * 1000).toISOString() : null;
    await tx.query(sql`UPDATE admin_sign_in_attempt SET failures = ${failures}, locked_until = ${lockedUntil}, updated_at = ${at.toISOString()} WHERE scope = ${scope}`);
    return { failures, lockedUntil };
  });

/** The right password ends the count. */
export const clearAttempts = (db: RegisterDb, scope: string) => db.query(sql`DELETE FROM admin_sign_in_attempt WHERE scope = ${scope}`);

/** 429 rate-limited with Retry-After until `until` (ms). */
export function sendLocked(reply: FastifyReply, now: () => Date, until: number) {
  const seconds = Math.max(1, Math.ceil((until - now().getTime()) / 1000));
  return reply.header('retry-after', String(seconds)).code(429).send({ code: 'rate-limited', message: `too many wrong passwords: try again in ${seconds} s` } satisfies ErrorBody);
}

let dummyHash: Promise<string> | undefined;
/** What an unknown account's password is checked against, so the answer's timing does not tell known from unknown. */
export function unknownAccountHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}
