import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { audit } from '../auth';
import type { AdminAuth } from '../admin/session';
import type { RegisterDb } from '../db/client';
import { sql } from '../db/sql';
import type { ErrorBody } from '../../shared/sync/protocol';

export interface SubjectExportDeps {
  db: RegisterDb;
  now: () => Date;
  auth: AdminAuth;
}

const fail = (reply: FastifyReply, status: number, code: ErrorBody['code'], message: string) => reply.code(status).send({ code, message } satisfies ErrorBody);
const ParamsSchema = z.object({ id: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/) });

export type SubjectRow = Record<string, unknown> & { id: string; library_id: string | null; protected: number; password_hash: string | null; pin_hash: string | null };

/** The borrower an id names, following a merge to its survivor; undefined for none. */
export async function subjectBorrower(db: RegisterDb, id: string): Promise<SubjectRow | undefined> {
  const [borrower] = await db.query<SubjectRow>(sql`SELECT * FROM borrower WHERE id = coalesce((SELECT survivor_id FROM borrower_alias WHERE alias_id = ${id}), ${id})`);
  return borrower;
}

/** Everything the register holds on `borrower`, every library's rows (the admin page's and a desk's export alike). */
export async function subjectExport(db: RegisterDb, borrower: SubjectRow, at: Date) {
  const id = borrower.id;
  const { password_hash: passwordHash, pin_hash: pinHash, ...account } = borrower;
  const [library] = await db.query<{ name: string }>(sql`SELECT name FROM library WHERE id = ${borrower.library_id}`);
  return {
    generatedAt: at.toISOString(),
    scope: 'register',
    borrower: account,
    library: library?.name ?? null,
    secrets: [
      { name: 'password', stored: passwordHash !== null },
      { name: 'pin', stored: pinHash !== null && pinHash !== undefined },
    ],
    aliases: await db.query(sql`SELECT alias_id, created_at FROM borrower_alias WHERE survivor_id = ${id} ORDER BY alias_id`),
    cards: await db.query(sql`SELECT number, added_at FROM card WHERE borrower_id = ${id} ORDER BY added_at, number`),
    groups: await db.query(sql`SELECT g.group_code AS code, u.name FROM borrower_group g LEFT JOIN user_group u ON u.code = g.group_code WHERE g.borrower_id = ${id} ORDER BY g.group_code`),
    transfers: await db.query(
      sql`SELECT t.id, f.name AS from_library, o.name AS to_library, t.status, t.created_at, t.decided_at
          FROM transfer_request t LEFT JOIN library f ON f.id = t.from_library_id LEFT JOIN library o ON o.id = t.to_library_id
          WHERE t.borrower_id = ${id} ORDER BY t.created_at`,
    ),
    loans: await db.query(
      sql`SELECT l.id, l.item_barcode, i.title, l.checked_out_at, l.due_date, l.renewals, l.returned_at
          FROM loan l LEFT JOIN item i ON i.barcode = l.item_barcode WHERE l.borrower_id = ${id} ORDER BY l.checked_out_at`,
    ),
    fees: await db.query(sql`SELECT id, kind, amount_cents, currency, reason, created_at, settled_at FROM fee WHERE borrower_id = ${id} ORDER BY created_at`),
    consents: await db.query(sql`SELECT guardian_name, relation, consented_at, withdrawn_at FROM guardian_consent WHERE borrower_id = ${id}`),
    conflictNotes: await db.query(sql`SELECT field, kind, created_at FROM conflict_note WHERE borrower_id = ${id} ORDER BY created_at`),
    auditEntries: await db.query(
      sql`SELECT at, actor, action, details FROM audit WHERE subject_id = ${id} ORDER BY id`,
    ),
    terminalAuditEntries: await db.query(
      sql`SELECT at, library_id, action, details FROM terminal_audit WHERE subject_id = ${id} ORDER BY at, local_id`,
    ),
  };
}

/**
 * Right of access across the register (GDPR art. 15, issue 11): everything the central register holds on one person,
 * whichever library's terminals wrote it: the account (secrets only as "stored"), cards, groups, transfers, loans still
 * linked to them, fees, guardian consents, conflict notes, and the audit entries about them (the register's own and
 * those terminals uploaded). `subjects.export`: central staff for anyone; a library administrator for their library's
 * borrowers (never a protected identity, which belongs to no library). Audited with who asked, not what was sent.
 */
export function registerSubjectExportRoutes(app: FastifyInstance, deps: SubjectExportDeps): void {
  const { db, now } = deps;
  app.get('/admin/subjects/:id/export', { preHandler: deps.auth.authorize('subjects.export') }, async (request, reply) => {
    const params = ParamsSchema.safeParse(request.params);
    if (!params.success) return fail(reply, 400, 'invalid-request', 'a borrower id');
    const principal = request.admin!;
    const borrower = await subjectBorrower(db, params.data.id);
    // Outside the caller's scope answers like an unknown id: the answer does not tell who is registered elsewhere.
    if (!borrower || !deps.auth.mayActOn(principal, borrower.library_id)) return fail(reply, 404, 'not-found', 'no such borrower');
    const body = await subjectExport(db, borrower, now());
    await audit(db, { at: now().toISOString(), terminalId: null, actor: principal.actor, action: 'subject.export', subjectType: 'borrower', subjectId: borrower.id, details: {} });
    return body;
  });
}
