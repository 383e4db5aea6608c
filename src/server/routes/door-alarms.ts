import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { audit } from '../auth';
import type { AdminAuth } from '../admin/session';
import type { RegisterDb } from '../db/client';
import { sql } from '../db/sql';
import { lockChangeLog } from '../sync/changes';
import { acknowledgeDoorAlarm, openDoorAlarms } from '../sync/apply/door-alarm';
import type { ErrorBody } from '../../shared/sync/protocol';

export interface DoorAlarmRouteDeps {
  db: RegisterDb;
  now: () => Date;
  auth: AdminAuth;
}

const ScopeSchema = z.object({ scopeId: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/) });
const IdSchema = z.object({ id: z.uuid() });
/** `by`: who acknowledges, when the caller is the admin token; a signed-in person is themselves. */
const AckSchema = z.object({ by: z.string().trim().min(1).max(100).optional() }).strict();

const fail = (reply: FastifyReply, status: number, code: ErrorBody['code'], message: string) => reply.code(status).send({ code, message });

/**
 * Door alarms on the register (issue 13): GET /admin/door-alarms/:scopeId lists the open (unacknowledged) alarms of a
 * branch, or of every branch of a library ('terminals.read'); POST /admin/door-alarms/:id/acknowledge {by?}
 * acknowledges one ('alarms.acknowledge'), audited and sent to the library's desks in the same transaction.
 * Both only within the caller's library (central staff and the admin token: every library); another library's
 * alarms answer 404 as unknown ones do.
 */
export function registerDoorAlarmRoutes(app: FastifyInstance, deps: DoorAlarmRouteDeps): void {
  const { db, now } = deps;

  app.get('/admin/door-alarms/:scopeId', { preHandler: deps.auth.authorize('terminals.read') }, async (request, reply) => {
    const params = ScopeSchema.safeParse(request.params);
    if (!params.success) return fail(reply, 404, 'not-found', 'no such branch or library');
    const scopeId = params.data.scopeId;
    const [scope] = await db.query<{ library_id: string }>(
      sql`SELECT library_id FROM branch WHERE id = ${scopeId} UNION ALL SELECT id AS library_id FROM library WHERE id = ${scopeId}`,
    );
    if (!scope || !deps.auth.mayActOn(request.admin!, scope.library_id)) return fail(reply, 404, 'not-found', `no branch or library ${scopeId}`);
    return { alarms: await openDoorAlarms(db, scopeId) };
  });

  app.post('/admin/door-alarms/:id/acknowledge', { preHandler: deps.auth.authorize('alarms.acknowledge') }, async (request, reply) => {
    const params = IdSchema.safeParse(request.params);
    if (!params.success) return fail(reply, 404, 'not-found', 'no such alarm');
    const body = AckSchema.safeParse(request.body ?? {});
    if (!body.success) return fail(reply, 400, 'invalid-request', 'by: who acknowledges (1-100 characters)');
    const principal = request.admin!;
    const [alarm] = await db.query<{ library_id: string }>(sql`SELECT library_id FROM door_alarm WHERE id = ${params.data.id}`);
    if (!alarm || !deps.auth.mayActOn(principal, alarm.library_id)) return fail(reply, 404, 'not-found', 'no open alarm with this id');
    const by = principal.kind === 'staff' ? principal.actor : (body.data.by ?? principal.actor);
    const at = now().toISOString();
    const done = await db.transaction(async (tx) => {
      await lockChangeLog(tx);
      const acknowledged = await acknowledgeDoorAlarm(tx, params.data.id, by, at);
      if (acknowledged) {
        await audit(tx, { at, terminalId: null, actor: principal.actor, action: 'door_alarm.acknowledge', subjectType: 'door_alarm', subjectId: params.data.id, details: { by } });
      }
      return acknowledged;
    });
    if (!done) return fail(reply, 404, 'not-found', 'no open alarm with this id');
    return { acknowledged: true };
  });
}
