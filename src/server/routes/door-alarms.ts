import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { audit } from '../auth';
import { failWith, requireAdminToken } from './admin-guard';
import type { RegisterDb } from '../db/client';
import { lockChangeLog } from '../sync/changes';
import { acknowledgeDoorAlarm, openDoorAlarms } from '../sync/apply/door-alarm';

export interface DoorAlarmRouteDeps {
  db: RegisterDb;
  now: () => Date;
  adminToken: string | undefined;
}

const ScopeSchema = z.object({ scopeId: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/) });
const IdSchema = z.object({ id: z.uuid() });
const AckSchema = z.object({ by: z.string().trim().min(1).max(100) }).strict();

/**
 * Door alarms on the register (issue 13): GET /admin/door-alarms/:scopeId lists the open (unacknowledged) alarms of a
 * branch, or of every branch of a library; POST /admin/door-alarms/:id/acknowledge {by} acknowledges one, audited and
 * sent to the library's desks in the same transaction.
 */
export function registerDoorAlarmRoutes(app: FastifyInstance, deps: DoorAlarmRouteDeps): void {
  const { db, now } = deps;
  const fail = failWith;
  const requireAdmin = requireAdminToken(deps.adminToken);
  const opts = { preHandler: requireAdmin };

  app.get('/admin/door-alarms/:scopeId', opts, async (request, reply) => {
    const params = ScopeSchema.safeParse(request.params);
    if (!params.success) return fail(reply, 404, 'not-found', 'no such branch or library');
    return { alarms: await openDoorAlarms(db, params.data.scopeId) };
  });

  app.post('/admin/door-alarms/:id/acknowledge', opts, async (request, reply) => {
    const params = IdSchema.safeParse(request.params);
    if (!params.success) return fail(reply, 404, 'not-found', 'no such alarm');
    const body = AckSchema.safeParse(request.body);
    if (!body.success) return fail(reply, 400, 'invalid-request', 'by: who acknowledges (1-100 characters)');
    const at = now().toISOString();
    const done = await db.transaction(async (tx) => {
      await lockChangeLog(tx);
      const acknowledged = await acknowledgeDoorAlarm(tx, params.data.id, body.data.by, at);
      if (acknowledged) {
        await audit(tx, { at, terminalId: null, actor: 'admin', action: 'door_alarm.acknowledge', subjectType: 'door_alarm', subjectId: params.data.id, details: { by: body.data.by } });
      }
      return acknowledged;
    });
    if (!done) return fail(reply, 404, 'not-found', 'no open alarm with this id');
    return { acknowledged: true };
  });
}
