import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { audit } from '../auth';
import type { AdminAuth } from '../admin/session';
import type { RegisterDb } from '../db/client';
import { sql } from '../db/sql';
import { lockChangeLog } from '../sync/changes';
import { AccessPolicyRowSchema, type AccessPolicyRow } from '../../shared/door/access-policy';
import { doorMessages } from '../../shared/i18n/door-messages';
import { kioskSettingsMessages } from '../../shared/i18n/kiosk-settings-messages';
import { DoorPolicySchema } from '../../shared/door/policy';
import type { ErrorBody } from '../../shared/sync/protocol';

export interface AccessPolicyDeps {
  db: RegisterDb;
  now: () => Date;
  /** The admin token or a staff session (admin/session.ts); without a configured token these routes answer 404 like the rest of the admin API. */
  auth: AdminAuth;
}

const ParamsSchema = z.object({ branchId: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/) });
// The policy may carry kiosk settings (issue 12): their rules' messages too.
const englishMessages: Record<string, string> = { ...doorMessages.en, ...kioskSettingsMessages.en };

/** A policy problem as `schedule.weekly.mon.0.to: <what is wrong>` (the schemas' messages are i18n keys: given in English here). */
export function describeIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(policy)',
    message: englishMessages[issue.message] ?? issue.message,
  }));
}

const selectPolicy = sql`SELECT scope_id, library_id, branch_id, policy, version, updated_at FROM access_policy`;

/**
 * Door access policies on the register (README "Scoping and access policies"): PUT/GET
 * /admin/access-policies/:branchId, where the id is a branch (its own policy) or a library (the
 * policy of every branch of it that has none of its own). The body is the shared DoorPolicySchema;
 * a write is audited and emitted as `access_policy.upsert` in the same transaction, under the
 * change-log lock, to the terminals of the owning library (door terminals included, pull.ts).
 */
export function registerAccessPolicyRoutes(app: FastifyInstance, deps: AccessPolicyDeps): void {
  const { db, now } = deps;
  const fail = (reply: FastifyReply, status: number, code: ErrorBody['code'], message: string, issues?: { path: string; message: string }[]) =>
    reply.code(status).send({ code, message, ...(issues ? { issues } : {}) });
  const read = { preHandler: deps.auth.authorize('policies.read') };
  const outside = (request: FastifyRequest, libraryId: string) => !deps.auth.mayActOn(request.admin!, libraryId);

  // Every policy the caller may see (their library's, or all for central staff).
  app.get('/admin/access-policies', read, async (request) => {
    const library = request.admin!.libraryId;
    return { policies: await db.query<AccessPolicyRow>(sql`${selectPolicy} ${library ? sql`WHERE library_id = ${library}` : sql``} ORDER BY scope_id`) };
  });

  app.get('/admin/access-policies/:branchId', read, async (request, reply) => {
    const params = ParamsSchema.safeParse(request.params);
    if (!params.success) return fail(reply, 404, 'not-found', 'no such branch or library');
    const [row] = await db.query<AccessPolicyRow>(sql`${selectPolicy} WHERE scope_id = ${params.data.branchId}`);
    if (!row || outside(request, row.library_id)) return fail(reply, 404, 'not-found', `no access policy for ${params.data.branchId}`);
    return row;
  });

  app.put('/admin/access-policies/:branchId', { preHandler: deps.auth.authorize('policies.write') }, async (request, reply) => {
    const params = ParamsSchema.safeParse(request.params);
    if (!params.success) return fail(reply, 400, 'invalid-request', 'branchId: a branch or library id (letters, digits, _ . : -)');
    const body = DoorPolicySchema.safeParse(request.body);
    if (!body.success) {
      const issues = describeIssues(body.error);
      return fail(reply, 400, 'invalid-request', issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
    }
    const scopeId = params.data.branchId;
    const [scope] = await db.query<{ library_id: string; branch_id: string | null }>(
      sql`SELECT library_id, id AS branch_id FROM branch WHERE id = ${scopeId}
          UNION ALL SELECT id AS library_id, NULL AS branch_id FROM library WHERE id = ${scopeId}`,
    );
    if (!scope) return fail(reply, 404, 'not-found', `branchId: no branch or library ${scopeId}`);
    if (outside(request, scope.library_id)) return fail(reply, 403, 'forbidden', 'that belongs to another library');
    const at = now().toISOString();
    const row = await db.transaction(async (tx) => {
      await lockChangeLog(tx);
      const [stored] = await tx.query<AccessPolicyRow>(
        sql`INSERT INTO access_policy (scope_id, library_id, branch_id, policy, version, updated_at)
            VALUES (${scopeId}, ${scope.library_id}, ${scope.branch_id}, ${JSON.stringify(body.data)}::jsonb, 1, ${at})
            ON CONFLICT (scope_id) DO UPDATE SET policy = excluded.policy, version = access_policy.version + 1, updated_at = excluded.updated_at
            RETURNING scope_id, library_id, branch_id, policy, version, updated_at`,
      );
      // What terminals get is checked with the schema they parse it with.
      const data = AccessPolicyRowSchema.parse(stored);
      await tx.query(
        sql`INSERT INTO change_log (entity_type, entity_id, kind, data, borrower_id, created_at)
            VALUES ('access_policy', ${scopeId}, 'access_policy.upsert', ${JSON.stringify(data)}::jsonb, NULL, ${at})
            ON CONFLICT (entity_type, entity_id) DO UPDATE SET id = excluded.id, data = excluded.data, created_at = excluded.created_at`,
      );
      await audit(tx, {
        at,
        terminalId: null,
        actor: request.admin!.actor,
        action: 'access_policy.upsert',
        subjectType: 'access_policy',
        subjectId: scopeId,
        details: { version: data.version, libraryId: data.library_id },
      });
      return data;
    });
    return row;
  });
}
