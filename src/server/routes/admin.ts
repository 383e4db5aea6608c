import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { hashPassword } from '../../common/passwords';
import { audit, bearerToken, type EnrolmentScope } from '../auth';
import type { RegisterDb } from '../db/client';
import { sql } from '../db/sql';
import { EnrolmentCodeRequestSchema, type ErrorBody } from '../../shared/sync/protocol';
import { emitFee, emitItem, emitLibrary, emitStaff, emitUserGroup, lockChangeLog } from '../sync/changes';

export interface AdminDeps {
  db: RegisterDb;
  now: () => Date;
  adminToken: string | undefined;
  issueCode(options: EnrolmentScope & { note: string; ttlMinutes: number }): Promise<{ id: string; code: string; expiresAt: string }>;
  revoke(terminalId: string): Promise<boolean>;
  rotateEpoch(): Promise<string>;
  secretsEqual(a: string, b: string): boolean;
}

const LibrarySchema = z.object({ name: z.string().trim().min(1).max(200), country: z.enum(['SE', 'DK', 'NO']), municipality: z.string().max(200).default('') });
const BranchSchema = z.object({ libraryId: z.string().min(1), name: z.string().trim().min(1).max(200), municipality: z.string().max(200).default('') });
const UserGroupSchema = z.object({ name: z.string().trim().min(1).max(200), published: z.boolean().default(true) });
const StaffSchema = z.object({
  libraryId: z.string().min(1),
  email: z.string().trim().toLowerCase().email(),
  name: z.string().trim().min(1).max(200),
  role: z.enum(['registrar', 'technician', 'admin', 'central']),
  password: z.string().min(6).max(200).optional(),
  active: z.boolean().default(true),
});
const IdSchema = z.object({ id: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/) });
const BarcodeSchema = z.object({ barcode: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/) });
const optionalRef = z.string().min(1).max(100).nullable().optional();
/** An item from the library system. Fields left out keep their value (status 'available' for a new item). */
const ItemSchema = z.object({
  title: z.string().trim().min(1).max(500),
  author: z.string().trim().max(300).default(''),
  rfidUid: optionalRef,
  branchId: optionalRef,
  status: z.enum(['available', 'on-loan', 'missing']).optional(),
  holdFor: optionalRef,
});
/** A fee from the library system: created, changed, or settled (settledAt). A payment record is always settled. */
const FeeSchema = z
  .object({
    borrowerId: z.string().min(1).max(100),
    kind: z.enum(['fee', 'compensation', 'payment']).default('fee'),
    loanId: optionalRef,
    amountCents: z.number().int().positive().max(100_000_000),
    currency: z.enum(['SEK', 'DKK', 'NOK', 'EUR']),
    reason: z.string().trim().min(1).max(500),
    createdAt: z.iso.datetime({ offset: true }).optional(),
    settledAt: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .refine((f) => f.kind !== 'payment' || f.settledAt, { message: 'a payment is settled' });

const fail = (reply: FastifyReply, status: number, code: ErrorBody['code'], message: string) => reply.code(status).send({ code, message } satisfies ErrorBody);

/**
 * The administrator's API, behind LANEDISK_REGISTER_ADMIN_TOKEN until staff sign-in on the
 * register exists: enrolment codes, revocation, epoch rotation after a restore, and the reference
 * data terminals pull (libraries, branches, user groups, staff). Every change is audited.
 */
/** The admin API's pre-handler: the admin token (constant-time compare), 404 when none is configured. */
export function adminGuard(adminToken: string | undefined, secretsEqual: (a: string, b: string) => boolean) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const token = bearerToken(request.headers.authorization);
    // Without a configured admin token the admin API does not exist.
    if (!adminToken) return fail(reply, 404, 'not-found', 'no such endpoint');
    if (!token || !secretsEqual(token, adminToken)) return fail(reply, 401, 'unauthorized', 'the admin token is required');
    return undefined;
  };
}

export function registerAdminRoutes(app: FastifyInstance, deps: AdminDeps): void {
  const { db, now } = deps;
  const opts = { preHandler: adminGuard(deps.adminToken, (a, b) => deps.secretsEqual(a, b)) };

  app.post('/admin/enrolment-codes', opts, async (request, reply) => {
    const body = EnrolmentCodeRequestSchema.safeParse(request.body ?? {});
    if (!body.success) {
      const issues = body.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
      return reply.code(400).send({ code: 'invalid-request', message: issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues });
    }
    const { libraryId, branchId, mode } = body.data;
    // The branch is one of the library's branches, or the library itself (its main site), as for access policies.
    const [site] = await db.query(
      sql`SELECT 1 FROM library WHERE id = ${libraryId} AND (id = ${branchId} OR EXISTS (SELECT 1 FROM branch WHERE id = ${branchId} AND library_id = ${libraryId}))`,
    );
    if (!site) {
      const [library] = await db.query(sql`SELECT 1 FROM library WHERE id = ${libraryId}`);
      return fail(reply, 400, 'invalid-request', library ? `branchId: ${branchId} is not a branch of ${libraryId}` : `libraryId: no library ${libraryId}`);
    }
    return deps.issueCode({ libraryId, branchId, mode, note: body.data.note ?? '', ttlMinutes: body.data.ttlMinutes ?? 24 * 60 });
  });

  app.get('/admin/terminals', opts, async () => ({
    terminals: await db.query(sql`SELECT id, name, mode, library_id AS "libraryId", branch_id AS "branchId", enrolled_at AS "enrolledAt", revoked_at AS "revokedAt", last_seen_at AS "lastSeenAt" FROM terminal ORDER BY enrolled_at`),
  }));

  app.post('/admin/terminals/:id/revoke', opts, async (request, reply) => {
    const params = z.object({ id: z.string().uuid() }).safeParse(request.params);
    if (!params.success || !(await deps.revoke(params.data.id))) return fail(reply, 404, 'not-found', 'no such terminal');
    return { revoked: params.data.id };
  });

  app.post('/admin/epoch/rotate', opts, async () => ({ epoch: await deps.rotateEpoch() }));

  /** Reference data and the library system's items and fees: upserted under the change-log lock and pushed to terminals through the log. */
  const write = async (action: string, subjectId: string, fn: (tx: Parameters<Parameters<RegisterDb['transaction']>[0]>[0], at: string) => Promise<void>) => {
    const at = now().toISOString();
    await db.transaction(async (tx) => {
      await lockChangeLog(tx);
      await fn(tx, at);
      await audit(tx, { at, terminalId: null, actor: 'admin', action, subjectType: action.split('.')[0]!, subjectId });
    });
  };

  app.put('/admin/libraries/:id', opts, async (request, reply) => {
    const params = IdSchema.safeParse(request.params);
    const body = LibrarySchema.safeParse(request.body);
    if (!params.success || !body.success) return fail(reply, 400, 'invalid-request', 'name, country (SE/DK/NO), municipality');
    const id = params.data.id;
    const [branch] = await db.query(sql`SELECT 1 FROM branch WHERE id = ${id}`);
    if (branch) return fail(reply, 400, 'invalid-request', 'a branch has this id');
    await write('library.upsert', id, async (tx, at) => {
      await tx.query(
        sql`INSERT INTO library (id, name, country, municipality, updated_at) VALUES (${id}, ${body.data.name}, ${body.data.country}, ${body.data.municipality}, ${at})
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, country = excluded.country, municipality = excluded.municipality, updated_at = excluded.updated_at`,
      );
      await emitLibrary(tx, id, at);
      // Branches carry their library's country on the terminals.
      for (const b of await tx.query<{ id: string }>(sql`SELECT id FROM branch WHERE library_id = ${id}`)) await emitLibrary(tx, b.id, at);
    });
    return { id };
  });

  app.put('/admin/branches/:id', opts, async (request, reply) => {
    const params = IdSchema.safeParse(request.params);
    const body = BranchSchema.safeParse(request.body);
    if (!params.success || !body.success) return fail(reply, 400, 'invalid-request', 'libraryId, name, municipality');
    const id = params.data.id;
    const [clash] = await db.query(sql`SELECT 1 FROM library WHERE id = ${id}`);
    const [library] = await db.query(sql`SELECT 1 FROM library WHERE id = ${body.data.libraryId}`);
    if (clash || !library) return fail(reply, 400, 'invalid-request', clash ? 'a library has this id' : 'unknown library');
    await write('branch.upsert', id, async (tx, at) => {
      await tx.query(
        sql`INSERT INTO branch (id, library_id, name, municipality, updated_at) VALUES (${id}, ${body.data.libraryId}, ${body.data.name}, ${body.data.municipality}, ${at})
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, municipality = excluded.municipality, updated_at = excluded.updated_at`,
      );
      await emitLibrary(tx, id, at);
    });
    return { id };
  });

  app.put('/admin/user-groups/:id', opts, async (request, reply) => {
    const params = IdSchema.safeParse(request.params);
    const body = UserGroupSchema.safeParse(request.body);
    if (!params.success || !body.success) return fail(reply, 400, 'invalid-request', 'name, published');
    const code = params.data.id;
    await write('user_group.upsert', code, async (tx, at) => {
      await tx.query(
        sql`INSERT INTO user_group (code, name, published, updated_at) VALUES (${code}, ${body.data.name}, ${body.data.published ? 1 : 0}, ${at})
            ON CONFLICT (code) DO UPDATE SET name = excluded.name, published = excluded.published, updated_at = excluded.updated_at`,
      );
      await emitUserGroup(tx, code, at);
    });
    return { code };
  });

  app.put('/admin/staff/:id', opts, async (request, reply) => {
    const params = IdSchema.safeParse(request.params);
    const body = StaffSchema.safeParse(request.body);
    if (!params.success || !body.success) return fail(reply, 400, 'invalid-request', 'libraryId, email, name, role, password (new staff), active');
    const id = params.data.id;
    const [existing] = await db.query(sql`SELECT 1 FROM staff WHERE id = ${id}`);
    if (!existing && !body.data.password) return fail(reply, 400, 'invalid-request', 'a new staff account needs a password');
    // Hashed outside the transaction: it is slow on purpose.
    const hash = body.data.password ? await hashPassword(body.data.password) : null;
    try {
      await write('staff.upsert', id, async (tx, at) => {
        const s = body.data;
        await tx.query(
          sql`INSERT INTO staff (id, library_id, email, name, role, password_hash, active, created_at, updated_at)
              VALUES (${id}, ${s.libraryId}, ${s.email}, ${s.name}, ${s.role}, ${hash ?? ''}, ${s.active ? 1 : 0}, ${at}, ${at})
              ON CONFLICT (id) DO UPDATE SET library_id = excluded.library_id, email = excluded.email, name = excluded.name, role = excluded.role,
                password_hash = coalesce(${hash}, staff.password_hash), active = excluded.active, updated_at = excluded.updated_at`,
        );
        await emitStaff(tx, id, at);
      });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === '23505' || code === '23503') return fail(reply, 400, 'invalid-request', code === '23505' ? 'e-mail taken' : 'unknown library');
      throw error;
    }
    return { id };
  });

  app.put('/admin/items/:barcode', opts, async (request, reply) => {
    const params = BarcodeSchema.safeParse(request.params);
    const body = ItemSchema.safeParse(request.body);
    if (!params.success || !body.success) return fail(reply, 400, 'invalid-request', 'title, author, rfidUid, branchId, status (available/on-loan/missing), holdFor');
    const barcode = params.data.barcode;
    const i = body.data;
    const has = (key: keyof typeof i) => i[key] !== undefined;
    try {
      await write('item.upsert', barcode, async (tx, at) => {
        if (i.branchId) {
          const [place] = await tx.query(sql`SELECT 1 FROM library WHERE id = ${i.branchId} UNION ALL SELECT 1 FROM branch WHERE id = ${i.branchId}`);
          if (!place) throw new AdminInputError('unknown library or branch');
        }
        await tx.query(
          sql`INSERT INTO item (barcode, rfid_uid, title, author, branch_id, status, hold_for, updated_at)
              VALUES (${barcode}, ${i.rfidUid ?? null}, ${i.title}, ${i.author}, ${i.branchId ?? null}, ${i.status ?? 'available'}, ${i.holdFor ?? null}, ${at})
              ON CONFLICT (barcode) DO UPDATE SET title = excluded.title, author = excluded.author, updated_at = excluded.updated_at
                ${has('rfidUid') ? sql`, rfid_uid = excluded.rfid_uid` : sql``} ${has('branchId') ? sql`, branch_id = excluded.branch_id` : sql``}
                ${has('status') ? sql`, status = excluded.status` : sql``} ${has('holdFor') ? sql`, hold_for = excluded.hold_for` : sql``}`,
        );
        await emitItem(tx, barcode, at);
      });
    } catch (error) {
      return refusal(reply, error, { '23505': 'another item has this RFID tag', '23503': 'unknown borrower for the hold' });
    }
    return { barcode };
  });

  app.put('/admin/fees/:id', opts, async (request, reply) => {
    const params = IdSchema.safeParse(request.params);
    const body = FeeSchema.safeParse(request.body);
    if (!params.success || !body.success) {
      return fail(reply, 400, 'invalid-request', 'borrowerId, kind (fee/compensation/payment), loanId, amountCents, currency, reason, createdAt, settledAt (a payment is settled)');
    }
    const id = params.data.id;
    const f = body.data;
    try {
      await write('fee.upsert', id, async (tx, at) => {
        // A merged duplicate's id names the surviving borrower.
        const [target] = await tx.query<{ id: string; live: boolean }>(
          sql`SELECT t.id, EXISTS (SELECT 1 FROM borrower b WHERE b.id = t.id) AS live
              FROM (SELECT coalesce((SELECT survivor_id FROM borrower_alias WHERE alias_id = ${f.borrowerId}), ${f.borrowerId}) AS id) t`,
        );
        if (!target?.live) throw new AdminInputError('unknown or erased borrower');
        const [existing] = await tx.query<{ borrower_id: string | null }>(sql`SELECT borrower_id FROM fee WHERE id = ${id} FOR UPDATE`);
        if (existing && existing.borrower_id !== target.id) throw new AdminInputError('the fee belongs to another borrower');
        await tx.query(
          sql`INSERT INTO fee (id, borrower_id, kind, loan_id, amount_cents, currency, reason, created_at, settled_at, updated_at)
              VALUES (${id}, ${target.id}, ${f.kind}, ${f.loanId ?? null}, ${f.amountCents}, ${f.currency}, ${f.reason}, ${f.createdAt ?? at}, ${f.settledAt ?? null}, ${at})
              ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, loan_id = excluded.loan_id, amount_cents = excluded.amount_cents, currency = excluded.currency,
                reason = excluded.reason, created_at = ${f.createdAt === undefined ? sql`fee.created_at` : sql`excluded.created_at`},
                settled_at = ${f.settledAt === undefined ? sql`fee.settled_at` : sql`excluded.settled_at`}, updated_at = excluded.updated_at`,
        );
        await emitFee(tx, id, at);
      });
    } catch (error) {
      return refusal(reply, error, { '23503': 'unknown loan', '23514': 'a payment is settled' });
    }
    return { id };
  });
}

/** A request the admin API refuses after looking at the database (rolls the transaction back). */
class AdminInputError extends Error {}

/** 400 for a refusal found inside the transaction (an AdminInputError, or a constraint by SQLSTATE); anything else is a real failure. */
function refusal(reply: FastifyReply, error: unknown, byCode: Record<string, string>) {
  if (error instanceof AdminInputError) return fail(reply, 400, 'invalid-request', error.message);
  const message = byCode[String((error as { code?: unknown }).code)];
  if (message) return fail(reply, 400, 'invalid-request', message);
  throw error;
}
