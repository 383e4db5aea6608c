import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { audit } from '../auth';
import type { AdminAuth } from '../admin/session';
import type { RegisterDb } from '../db/client';
import { sql } from '../db/sql';
import { emitLibraryBranding, lockChangeLog } from '../sync/changes';
import { brandingProblems, LibraryBrandingSchema, type BrandingProblem } from '../../shared/branding/library-branding';
import type { ErrorBody } from '../../shared/sync/protocol';

export interface BrandingRouteDeps {
  db: RegisterDb;
  now: () => Date;
  auth: AdminAuth;
}

const ParamsSchema = z.object({ id: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/) });

/** A refusal of the branding values: `problems` are the schema's reasons (shared/branding), which the admin page translates. */
export interface BrandingRefusal extends ErrorBody {
  problems: BrandingProblem[];
}

const fail = (reply: FastifyReply, status: number, code: ErrorBody['code'], message: string) => reply.code(status).send({ code, message } satisfies ErrorBody);
const isProblem = (message: string): message is BrandingProblem => (brandingProblems as readonly string[]).includes(message);

/**
 * A library's branding on the register (issue 17): GET, PUT and DELETE /admin/libraries/:id/branding. Reading takes
 * 'libraries.read', changing 'branding.write' (the library's admin for their own library, central staff for any).
 * The values go through the same schema the terminals apply (the logo's PNG signature and IHDR size are read from the
 * bytes; the declared type alone proves nothing). Each change is audited and sent to that library's terminals in one
 * transaction; a refused one changes nothing.
 */
export function registerBrandingRoutes(app: FastifyInstance, deps: BrandingRouteDeps): void {
  const { db, now } = deps;
  const path = '/admin/libraries/:id/branding';

  /** The library named in the path, if the caller may act on it; otherwise the reply is sent. */
  const library = async (request: FastifyRequest, reply: FastifyReply): Promise<string | undefined> => {
    const params = ParamsSchema.safeParse(request.params);
    const [row] = params.success ? await db.query<{ id: string }>(sql`SELECT id FROM library WHERE id = ${params.data.id}`) : [];
    // Another library's answers as an unknown one does: nothing to learn from the difference.
    if (!row || !deps.auth.mayActOn(request.admin!, row.id)) return void fail(reply, 404, 'not-found', 'no such library');
    return row.id;
  };

  app.get(path, { preHandler: deps.auth.authorize('libraries.read') }, async (request, reply) => {
    const id = await library(request, reply);
    if (!id) return reply;
    const [row] = await db.query<{ displayName: string | null; colour: string | null; logo: string | null; updatedAt: string; updatedBy: string }>(
      sql`SELECT display_name AS "displayName", colour, encode(logo, 'base64') AS logo, updated_at AS "updatedAt", updated_by AS "updatedBy"
          FROM library_branding WHERE library_id = ${id}`,
    );
    return {
      libraryId: id,
      displayName: row?.displayName ?? null,
      colour: row?.colour ?? null,
      logo: row?.logo ? { mediaType: 'image/png', base64: row.logo.replace(/\s+/g, '') } : null,
      updatedAt: row?.updatedAt ?? null,
      updatedBy: row?.updatedBy ?? null,
    };
  });

  const change = async (request: FastifyRequest, id: string, action: 'library_branding.set' | 'library_branding.clear', write: (tx: Parameters<Parameters<RegisterDb['transaction']>[0]>[0], at: string) => Promise<void>, details: Record<string, unknown>) => {
    const at = now().toISOString();
    const actor = request.admin!.actor;
    await db.transaction(async (tx) => {
      await lockChangeLog(tx);
      await write(tx, at);
      await emitLibraryBranding(tx, id, at);
      await audit(tx, { at, terminalId: null, actor, action, subjectType: 'library', subjectId: id, details });
    });
  };

  app.put(path, { preHandler: deps.auth.authorize('branding.write') }, async (request, reply) => {
    const id = await library(request, reply);
    if (!id) return reply;
    const body = LibraryBrandingSchema.safeParse(request.body);
    if (!body.success) {
      const problems = [...new Set(body.error.issues.map((i) => i.message).filter(isProblem))];
      const message = body.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
      return reply.code(400).send({ code: 'invalid-request', message, problems } satisfies BrandingRefusal);
    }
    const { displayName, colour, logo } = body.data;
    const bytes = logo ? Buffer.from(logo.base64, 'base64') : null;
    await change(
      request,
      id,
      'library_branding.set',
      async (tx, at) => {
        await tx.query(
          sql`INSERT INTO library_branding (library_id, display_name, colour, logo, logo_mime, updated_at, updated_by)
              VALUES (${id}, ${displayName}, ${colour}, ${bytes}, ${logo ? logo.mediaType : null}, ${at}, ${request.admin!.actor})
              ON CONFLICT (library_id) DO UPDATE SET display_name = excluded.display_name, colour = excluded.colour, logo = excluded.logo,
                logo_mime = excluded.logo_mime, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        );
      },
      // What changed, never the logo itself (the audit is not an image store).
      { displayName, colour, logoBytes: bytes?.length ?? null },
    );
    return { libraryId: id };
  });

  app.delete(path, { preHandler: deps.auth.authorize('branding.write') }, async (request, reply) => {
    const id = await library(request, reply);
    if (!id) return reply;
    await change(request, id, 'library_branding.clear', async (tx) => void (await tx.query(sql`DELETE FROM library_branding WHERE library_id = ${id}`)), {});
    return { libraryId: id };
  });
}
