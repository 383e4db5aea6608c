import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RegisterDb } from '../db/client';
import { sql } from '../db/sql';
import type { AdminAuth } from '../admin/session';
import { TerminalHealthReportSchema, type TerminalHealthReport, type TerminalHealthRow } from '../../shared/sync/health';
import type { ErrorBody } from '../../shared/sync/protocol';

export interface HealthRouteDeps {
  db: RegisterDb;
  now: () => Date;
  auth: AdminAuth;
  requireTerminal: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
  /** Minutes without a report before a terminal is `silent`. */
  silentAfterMinutes: number;
}

const fail = (reply: FastifyReply, status: number, code: ErrorBody['code'], message: string) => reply.code(status).send({ code, message } satisfies ErrorBody);

/**
 * Terminal health (README "Terminal health"): POST /sync/health keeps each terminal's latest report (one row,
 * replaced); GET /admin/terminals/health lists every terminal not revoked with it and a `silent` flag.
 */
export function registerHealthRoutes(app: FastifyInstance, deps: HealthRouteDeps): void {
  const { db, now } = deps;

  app.post('/sync/health', { preHandler: deps.requireTerminal, bodyLimit: 64 * 1024 }, async (request, reply) => {
    const body = TerminalHealthReportSchema.safeParse(request.body);
    if (!body.success) return fail(reply, 400, 'invalid-request', body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    if (body.data.terminalId !== request.terminal!.id) return fail(reply, 403, 'forbidden', 'terminalId does not match the token');
    const receivedAt = now().toISOString();
    await db.query(
      sql`INSERT INTO terminal_health (terminal_id, report, reported_at, received_at)
          VALUES (${body.data.terminalId}, ${JSON.stringify(body.data)}::jsonb, ${body.data.reportedAt}, ${receivedAt})
          ON CONFLICT (terminal_id) DO UPDATE SET report = excluded.report, reported_at = excluded.reported_at, received_at = excluded.received_at`,
    );
    return { receivedAt };
  });

  app.get('/admin/terminals/health', { preHandler: deps.auth.authorize('terminals.read') }, async (request) => {
    // A library's admin or technician sees their own library's terminals; central staff every one.
    const library = request.admin!.libraryId ?? undefined;
    const silentBefore = new Date(now().getTime() - deps.silentAfterMinutes * 60_000).toISOString();
    const rows = await db.query<{
      id: string;
      name: string;
      mode: string;
      library_id: string | null;
      branch_id: string | null;
      last_seen_at: string | null;
      received_at: string | null;
      report: TerminalHealthReport | null;
    }>(
      sql`SELECT t.id, t.name, t.mode, t.library_id, t.branch_id, t.last_seen_at, h.received_at, h.report
          FROM terminal t LEFT JOIN terminal_health h ON h.terminal_id = t.id
          WHERE t.revoked_at IS NULL ${library ? sql`AND t.library_id = ${library}` : sql``} ORDER BY t.enrolled_at, t.id`,
    );
    const terminals: TerminalHealthRow[] = rows.map((r) => ({
      terminalId: r.id,
      name: r.name,
      mode: r.mode,
      libraryId: r.library_id,
      branchId: r.branch_id,
      lastSeenAt: r.last_seen_at,
      receivedAt: r.received_at,
      report: r.report,
      // ISO text in UTC compares as time (every time here is written by toISOString).
      silent: r.received_at === null || r.received_at < silentBefore,
    }));
    return { silentAfterMinutes: deps.silentAfterMinutes, terminals };
  });
}
