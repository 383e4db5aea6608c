import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { audit } from '../auth';
import type { AdminAuth } from '../admin/session';
import type { RegisterDb } from '../db/client';
import { sql, type Sql } from '../db/sql';
import { verifyAuditChain } from '../privacy/audit-chain';
import { runRegisterRetention, type RetentionChanges } from '../privacy/retention';
import { storeTerminalAudit } from '../privacy/terminal-audit';
import { AuditUploadRequestSchema } from '../../shared/sync/audit-protocol';
import type { ErrorBody } from '../../shared/sync/protocol';

export interface PrivacyRouteDeps {
  db: RegisterDb;
  now: () => Date;
  /** The admin token or a staff session (admin/session.ts): audit and retention are central staff's. */
  auth: AdminAuth;
  retentionChanges: RetentionChanges;
  /** The terminal-token check of /sync/* (sets request.terminal). */
  requireTerminal: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
}

const fail = (reply: FastifyReply, status: number, code: ErrorBody['code'], message: string) => reply.code(status).send({ code, message } satisfies ErrorBody);
const issues = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');

const RetentionRunSchema = z.object({ dryRun: z.boolean().default(true) }).strict();
const idText = z.string().trim().min(1).max(200);
export const AuditQuerySchema = z
  .object({
    actor: idText.optional(),
    action: idText.optional(),
    subjectType: idText.optional(),
    subjectId: idText.optional(),
    terminalId: z.string().uuid().optional(),
    from: z.string().datetime().optional(),
    to: z.string().datetime().optional(),
    /** Paging: rows with a smaller id than this (the previous page's `next`). */
    before: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export interface AuditRowView {
  id: number;
  at: string;
  terminalId: string | null;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string | null;
  details: unknown;
  hash: string;
}

/**
 * Privacy on the register: retention on demand (dry run by default), the audit viewer and its
 * verification (both audited themselves), and the terminals' audit upload.
 */
export function registerPrivacyRoutes(app: FastifyInstance, deps: PrivacyRouteDeps): void {
  const { db, now } = deps;
  const admin = { preHandler: deps.auth.authorize('audit.read') };
  const adminAudit = (request: FastifyRequest, action: string, details: Record<string, unknown>) =>
    audit(db, { at: now().toISOString(), terminalId: null, actor: request.admin!.actor, action, subjectType: 'audit', subjectId: null, details });

  app.post('/admin/retention/run', { preHandler: deps.auth.authorize('retention.run') }, async (request, reply) => {
    const body = RetentionRunSchema.safeParse(request.body ?? {});
    if (!body.success) return fail(reply, 400, 'invalid-request', issues(body.error));
    return runRegisterRetention(db, { now: now(), dryRun: body.data.dryRun, changes: deps.retentionChanges, actor: request.admin!.actor });
  });

  app.get('/admin/audit', admin, async (request, reply) => {
    const query = AuditQuerySchema.safeParse(request.query);
    if (!query.success) return fail(reply, 400, 'invalid-request', issues(query.error));
    const q = query.data;
    const where: Sql[] = [sql`true`];
    if (q.actor) where.push(sql`actor = ${q.actor}`);
    if (q.action) where.push(sql`action = ${q.action}`);
    if (q.subjectType) where.push(sql`subject_type = ${q.subjectType}`);
    if (q.subjectId) where.push(sql`subject_id = ${q.subjectId}`);
    if (q.terminalId) where.push(sql`terminal_id = ${q.terminalId}`);
    if (q.from) where.push(sql`at >= ${new Date(q.from).toISOString()}`);
    if (q.to) where.push(sql`at < ${new Date(q.to).toISOString()}`);
    if (q.before) where.push(sql`id < ${q.before}`);
    const rows = await db.query<{ id: number; at: string; terminal_id: string | null; actor: string; action: string; subject_type: string; subject_id: string | null; details: unknown; hash: string }>(
      sql`SELECT id, at, terminal_id::text AS terminal_id, actor, action, subject_type, subject_id, details, hash
          FROM audit WHERE ${sql.join(where, ' AND ')} ORDER BY id DESC LIMIT ${q.limit}`,
    );
    // Viewing the audit is itself audited (the filters, not the rows).
    await adminAudit(request, 'audit.view', { filters: { ...q, limit: undefined }, results: rows.length });
    const entries: AuditRowView[] = rows.map((r) => ({
      id: r.id,
      at: r.at,
      terminalId: r.terminal_id,
      actor: r.actor,
      action: r.action,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      details: r.details,
      hash: r.hash,
    }));
    return { entries, next: rows.length === q.limit ? rows.at(-1)!.id : null };
  });

  app.get('/admin/audit/verify', admin, async (request) => {
    const result = await verifyAuditChain(db);
    await adminAudit(request, 'audit.verify', result.ok ? { ok: true, rows: result.rows } : { ok: false, brokenAt: result.brokenAt, reason: result.reason });
    return result;
  });

  app.post('/sync/audit', { preHandler: deps.requireTerminal }, async (request, reply) => {
    const body = AuditUploadRequestSchema.safeParse(request.body);
    if (!body.success) return fail(reply, 400, 'invalid-request', issues(body.error));
    const terminal = (request as FastifyRequest & { terminal: { id: string } | null }).terminal;
    if (!terminal || body.data.terminalId !== terminal.id) return fail(reply, 403, 'forbidden', 'terminalId does not match the token');
    return storeTerminalAudit(db, terminal.id, body.data.entries, now());
  });
}
