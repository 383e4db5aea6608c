import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { verifyPassword } from '../../common/passwords';
import { attemptScope, claimAttempt, clearAttempts, defaultAdminBackoff, sendLocked, unknownAccountHash, type AdminBackoff } from '../admin/attempts';
import { audit } from '../auth';
import type { RegisterDb } from '../db/client';
import { sql } from '../db/sql';
import { DeskSubjectExportRequestSchema, type ErrorBody } from '../../shared/sync/protocol';
import { subjectBorrower, subjectExport } from './subject-export';

export interface DeskSubjectExportDeps {
  db: RegisterDb;
  now: () => Date;
  requireTerminal: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
  backoff?: Partial<AdminBackoff>;
}

/** Roles that may ask (the desk's administrators: a library's administrator, and central staff working at a desk). */
const exportRoles = new Set(['admin', 'central']);
type Refusal = 'wrong-password' | 'locked' | 'not-administrator' | 'other-library' | 'not-borrower' | 'not-desk';

/**
 * Right of access from a desk (GDPR art. 15, issue 11): POST /sync/subject-export {staffId, password, borrowerId}.
 * A desk holds its library's staff hashes for offline sign-in, so the register does not take its word for who is
 * signed in: the staff member types their password again (step-up), checked here against the register's own hash
 * with the admin page's back-off (the same count per e-mail); the account must be an administrator of the terminal's
 * enrolled library, and the borrower one of that library's (now, or before an accepted transfer away); a protected
 * identity belongs to no library. Every request is audited with the staff member, the terminal and the subject.
 */
export function registerDeskSubjectExportRoute(app: FastifyInstance, deps: DeskSubjectExportDeps): void {
  const { db, now } = deps;
  const backoff = { ...defaultAdminBackoff, ...deps.backoff };
  app.post('/sync/subject-export', { preHandler: deps.requireTerminal }, async (request, reply) => {
    const terminal = request.terminal!;
    const body = DeskSubjectExportRequestSchema.safeParse(request.body);
    if (!body.success) return reply.code(400).send({ code: 'invalid-request', message: 'staffId, password and borrowerId are required' } satisfies ErrorBody);
    const { staffId, password, borrowerId } = body.data;
    const record = (action: 'subject.export' | 'subject.export-refused', details: Record<string, unknown>) =>
      audit(db, { at: now().toISOString(), terminalId: terminal.id, actor: `staff:${staffId}`, action, subjectType: 'borrower', subjectId: borrowerId, details: { via: 'desk', ...details } });
    const refuse = async (status: number, code: ErrorBody['code'], reason: Refusal, message: string) => {
      await record('subject.export-refused', { reason });
      return reply.code(status).send({ code, message } satisfies ErrorBody);
    };
    if (terminal.mode !== 'desk') return refuse(403, 'forbidden', 'not-desk', 'desk terminals only');

    const [staff] = await db.query<{ id: string; email: string; role: string; library_id: string; password_hash: string }>(
      sql`SELECT id, email, role, library_id, password_hash FROM staff WHERE id = ${staffId} AND active = 1`,
    );
    // An unknown account is counted under its id, and costs the same scrypt as a known one.
    const scope = staff ? attemptScope(staff.email) : `staff-id:${staffId}`;
    const attempt = await claimAttempt(db, now, backoff, scope);
    if ('refused' in attempt) {
      await record('subject.export-refused', { reason: 'locked' satisfies Refusal, lockedUntil: new Date(attempt.refused).toISOString() });
      return sendLocked(reply, now, attempt.refused);
    }
    const right = await verifyPassword(password, staff?.password_hash ?? (await unknownAccountHash()));
    if (!right || !staff) {
      if (attempt.lockedUntil === null) return refuse(403, 'wrong-password', 'wrong-password', 'wrong password');
      await record('subject.export-refused', { reason: 'wrong-password' satisfies Refusal, failures: attempt.failures, lockedUntil: attempt.lockedUntil });
      return sendLocked(reply, now, Date.parse(attempt.lockedUntil));
    }
    await clearAttempts(db, scope);
    if (!exportRoles.has(staff.role)) return refuse(403, 'forbidden', 'not-administrator', `the ${staff.role} role may not export`);
    if (terminal.libraryId === null || staff.library_id !== terminal.libraryId) return refuse(403, 'forbidden', 'other-library', 'the staff member works at another library');

    const borrower = await subjectBorrower(db, borrowerId);
    const ours =
      borrower !== undefined &&
      borrower.protected !== 1 &&
      (borrower.library_id === terminal.libraryId ||
        (await db.query(sql`SELECT 1 FROM transfer_request WHERE borrower_id = ${borrower.id} AND from_library_id = ${terminal.libraryId} AND status = 'accepted'`)).length > 0);
    // Like an unknown id: the answer does not tell who is registered at another library.
    if (!borrower || !ours) return refuse(404, 'not-found', 'not-borrower', 'no such borrower at this library');
    const export_ = await subjectExport(db, borrower, now());
    await audit(db, { at: now().toISOString(), terminalId: terminal.id, actor: `staff:${staff.id}`, action: 'subject.export', subjectType: 'borrower', subjectId: borrower.id, details: { via: 'desk' } });
    return export_;
  });
}
