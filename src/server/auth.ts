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
}

export type AuthOutcome = { ok: true; terminal: Terminal } | { ok: false; code: 'unauthorized' | 'terminal-revoked' };

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+([A-Za-z0-9_\-.~+/=]{16,200})$/.exec(header ?? '');
  return match?.[1];
}

export async function authenticateTerminal(db: Queryable, token: string | undefined): Promise<AuthOutcome> {
  if (!token) return { ok: false, code: 'unauthorized' };
  const [row] = await db.query<{ id: string; name: string; mode: RegisterTerminalMode; library_id: string | null; revoked_at: string | null }>(
    sql`SELECT id, name, mode, library_id, revoked_at FROM terminal WHERE token_hash = ${hashSecret(token)}`,
  );
  if (!row) return { ok: false, code: 'unauthorized' };
  if (row.revoked_at) return { ok: false, code: 'terminal-revoked' };
  return { ok: true, terminal: { id: row.id, name: row.name, mode: row.mode, libraryId: row.library_id } };
}

export async function issueEnrolmentCode(
  db: RegisterDb,
  options: { libraryId: string | null; note: string; ttlMinutes: number; now: Date },
): Promise<{ id: string; code: string; expiresAt: string }> {
  const code = newEnrolmentCode();
  const id = randomUUID();
  const expiresAt = new Date(options.now.getTime() + options.ttlMinutes * 60_000).toISOString();
  await db.transaction(async (tx) => {
    await tx.query(
      sql`INSERT INTO enrolment_code (id, code_hash, library_id, note, created_at, expires_at)
          VALUES (${id}, ${hashSecret(normaliseEnrolmentCode(code))}, ${options.libraryId}, ${options.note}, ${options.now.toISOString()}, ${expiresAt})`,
    );
    await audit(tx, { at: options.now.toISOString(), terminalId: null, actor: 'admin', action: 'enrolment-code.issue', subjectType: 'enrolment-code', subjectId: id });
  });
  return { id, code, expiresAt };
}

/** Redeems a one-time code: a new terminal with a fresh token, of which only the hash is kept. */
export async function redeemEnrolmentCode(db: RegisterDb, request: EnrolRequest, now: Date, epoch: string): Promise<EnrolResponse | undefined> {
  const token = newTerminalToken();
  const terminalId = randomUUID();
  const at = now.toISOString();
  return db.transaction(async (tx) => {
    // Marks the code used in the same statement that checks it, so two redemptions cannot both win.
    const [code] = await tx.query<{ id: string; library_id: string | null }>(
      sql`UPDATE enrolment_code SET used_at = ${at}, terminal_id = ${terminalId}
          WHERE code_hash = ${hashSecret(normaliseEnrolmentCode(request.code))} AND used_at IS NULL AND expires_at > ${at}
          RETURNING id, library_id`,
    );
    if (!code) return undefined;
    await tx.query(
      sql`INSERT INTO terminal (id, name, mode, library_id, token_hash, enrolled_at)
          VALUES (${terminalId}, ${request.terminalName}, ${request.mode}, ${code.library_id}, ${hashSecret(token)}, ${at})`,
    );
    await audit(tx, { at, terminalId, actor: `terminal:${terminalId}`, action: 'terminal.enrol', subjectType: 'terminal', subjectId: terminalId, details: { mode: request.mode, codeId: code.id } });
    return { terminalId, token, epoch, libraryId: code.library_id };
  });
}

export async function revokeTerminal(db: RegisterDb, terminalId: string, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx.query(sql`UPDATE terminal SET revoked_at = coalesce(revoked_at, ${now.toISOString()}) WHERE id = ${terminalId} RETURNING id`);
    if (rows.length === 0) return false;
    await audit(tx, { at: now.toISOString(), terminalId: null, actor: 'admin', action: 'terminal.revoke', subjectType: 'terminal', subjectId: terminalId });
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
