import { createHash, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Queryable, RegisterDb } from './db/client';
import { sql } from './db/sql';
import type { EnrolRequest, EnrolResponse, RegisterTerminalMode } from '../shared/sync/protocol';

/** SHA-256 in hex. Tokens and codes are random (≥ 80 bits), so a fast hash is enough to store them. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time comparison of two secrets (compares their hashes, so lengths do not leak). */
export function secretsEqual(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

export function newTerminalToken(): string {
  return randomBytes(32).toString('base64url');
}

// No 0/O, 1/I: technicians type the code from a screen or a paper.
const codeAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A one-time enrolment code, 16 characters (80 bits) in four groups: `ABCD-EFGH-JKLM-NPQR`. */
export function newEnrolmentCode(): string {
  const chars = Array.from({ length: 16 }, () => codeAlphabet[randomInt(codeAlphabet.length)]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

export function normaliseEnrolmentCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export interface Terminal {
  id: string;
  name: string;
  mode: RegisterTerminalMode;
  libraryId: string | null;
  /** From the enrolment code; null for terminals enrolled before codes named a branch. */
  branchId: string | null;
}

export type AuthOutcome = { ok: true; terminal: Terminal } | { ok: false; code: 'unauthorized' | 'terminal-revoked' };

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+([A-Za-z0-9_\-.~+/=]{16,200})$/.exec(header ?? '');
  return match?.[1];
}

export async function authenticateTerminal(db: Queryable, token: string | undefined): Promise<AuthOutcome> {
  if (!token) return { ok: false, code: 'unauthorized' };
  return authenticateTerminalByHash(db, hashSecret(token));
}

/** authenticateTerminal with the token already hashed (sync/revocation.ts caches by the hash). */
export async function authenticateTerminalByHash(db: Queryable, tokenHash: string): Promise<AuthOutcome> {
  const [row] = await db.query<{ id: string; name: string; mode: RegisterTerminalMode; library_id: string | null; branch_id: string | null; revoked_at: string | null }>(
    sql`SELECT id, name, mode, library_id, branch_id, revoked_at FROM terminal WHERE token_hash = ${tokenHash}`,
  );
  if (!row) return { ok: false, code: 'unauthorized' };
  if (row.revoked_at) return { ok: false, code: 'terminal-revoked' };
  return { ok: true, terminal: { id: row.id, name: row.name, mode: row.mode, libraryId: row.library_id, branchId: row.branch_id } };
}

/** The NOTIFY channel a terminal's revocation is announced on (payload: the terminal id, nothing else; sync/revocation.ts). */
export const revocationChannel = 'lanedisk_revoke';

/** What a code is issued for; the terminal redeeming it gets exactly this. */
export interface EnrolmentScope {
  libraryId: string;
  branchId: string;
  mode: RegisterTerminalMode;
}

export async function issueEnrolmentCode(
  db: RegisterDb,
  options: EnrolmentScope & { note: string; ttlMinutes: number; now: Date; actor?: string },
): Promise<{ id: string; code: string; expiresAt: string }> {
  const code = newEnrolmentCode();
  const id = randomUUID();
  const expiresAt = new Date(options.now.getTime() + options.ttlMinutes * 60_000).toISOString();
  await db.transaction(async (tx) => {
    await tx.query(
      sql`INSERT INTO enrolment_code (id, code_hash, library_id, branch_id, mode, note, created_at, expires_at)
          VALUES (${id}, ${hashSecret(normaliseEnrolmentCode(code))}, ${options.libraryId}, ${options.branchId}, ${options.mode}, ${options.note},
            ${options.now.toISOString()}, ${expiresAt})`,
    );
    await audit(tx, {
      at: options.now.toISOString(),
      terminalId: null,
      actor: options.actor ?? 'admin',
      action: 'enrolment-code.issue',
      subjectType: 'enrolment-code',
      subjectId: id,
      details: { libraryId: options.libraryId, branchId: options.branchId, mode: options.mode },
    });
  });
  return { id, code, expiresAt };
}

export type RedeemOutcome = { ok: true; enrolled: EnrolResponse } | { ok: false; code: 'invalid-code' } | { ok: false; code: 'mode-mismatch'; issuedFor: RegisterTerminalMode };

/**
 * Redeems a one-time code: a new terminal with a fresh token, of which only the hash is kept, and the code's
 * library, branch and mode. The request cannot choose the mode: an (old) client naming another one is refused
 * and the code stays unused, so the technician can enrol again with a client that adopts the code's mode.
 */
export async function redeemEnrolmentCode(db: RegisterDb, request: EnrolRequest, now: Date, epoch: string): Promise<RedeemOutcome> {
  const token = newTerminalToken();
  const terminalId = randomUUID();
  const at = now.toISOString();
  const codeHash = hashSecret(normaliseEnrolmentCode(request.code));
  return db.transaction(async (tx): Promise<RedeemOutcome> => {
    // Marks the code used in the same statement that checks it, so two redemptions cannot both win. A code of
    // another mode than the request names is not taken (the mode condition), then told apart below.
    const [code] = await tx.query<{ id: string; library_id: string; branch_id: string; mode: RegisterTerminalMode }>(
      sql`UPDATE enrolment_code SET used_at = ${at}, terminal_id = ${terminalId}
          WHERE code_hash = ${codeHash} AND used_at IS NULL AND expires_at > ${at}
            AND mode IS NOT NULL AND library_id IS NOT NULL AND branch_id IS NOT NULL AND mode = coalesce(${request.mode ?? null}, mode)
          RETURNING id, library_id, branch_id, mode`,
    );
    if (!code) {
      const [other] = await tx.query<{ mode: RegisterTerminalMode }>(
        sql`SELECT mode FROM enrolment_code WHERE code_hash = ${codeHash} AND used_at IS NULL AND expires_at > ${at} AND mode IS NOT NULL`,
      );
      return other ? { ok: false, code: 'mode-mismatch', issuedFor: other.mode } : { ok: false, code: 'invalid-code' };
    }
    await tx.query(
      sql`INSERT INTO terminal (id, name, mode, library_id, branch_id, token_hash, enrolled_at)
          VALUES (${terminalId}, ${request.terminalName}, ${code.mode}, ${code.library_id}, ${code.branch_id}, ${hashSecret(token)}, ${at})`,
    );
    await audit(tx, {
      at,
      terminalId,
      actor: `terminal:${terminalId}`,
      action: 'terminal.enrol',
      subjectType: 'terminal',
      subjectId: terminalId,
      details: { mode: code.mode, libraryId: code.library_id, branchId: code.branch_id, codeId: code.id },
    });
    return { ok: true, enrolled: { terminalId, token, epoch, mode: code.mode, libraryId: code.library_id, branchId: code.branch_id } };
  });
}

export async function revokeTerminal(db: RegisterDb, terminalId: string, now: Date, actor = 'admin'): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx.query(sql`UPDATE terminal SET revoked_at = coalesce(revoked_at, ${now.toISOString()}) WHERE id = ${terminalId} RETURNING id`);
    if (rows.length === 0) return false;
    await audit(tx, { at: now.toISOString(), terminalId: null, actor, action: 'terminal.revoke', subjectType: 'terminal', subjectId: terminalId });
    // Every instance drops its cached authentication of the terminal and ends its live stream (sync/revocation.ts).
    await tx.query(sql`SELECT pg_notify(${revocationChannel}, ${terminalId})`);
    return true;
  });
}

export async function audit(
  tx: Queryable,
  e: { at: string; terminalId: string | null; actor: string; action: string; subjectType: string; subjectId: string | null; details?: Record<string, unknown> },
): Promise<void> {
  await tx.query(
    sql`INSERT INTO audit (at, terminal_id, actor, action, subject_type, subject_id, details)
        VALUES (${e.at}, ${e.terminalId}, ${e.actor}, ${e.action}, ${e.subjectType}, ${e.subjectId}, ${JSON.stringify(e.details ?? {})}::jsonb)`,
  );
}
