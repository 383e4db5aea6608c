import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { hashPassword } from '../../common/passwords';
import { audit, type EnrolmentScope } from '../auth';
import type { AdminAuth, AdminPrincipal } from '../admin/session';
import type { RegisterDb } from '../db/client';
import { sql } from '../db/sql';
import { EnrolmentCodeRequestSchema, type ErrorBody } from '../../shared/sync/protocol';
import type { AdminPermission } from '../../shared/admin/roles';
import { emitFee, emitItem, emitLibrary, emitStaff, emitUserGroup, lockChangeLog } from '../sync/changes';

export interface AdminDeps {
  db: RegisterDb;
  now: () => Date;
  /** The admin token or a staff session with the permission (admin/session.ts); sets request.admin. */
  auth: AdminAuth;
  issueCode(options: EnrolmentScope & { note: string; ttlMinutes: number; actor: string }): Promise<{ id: string; code: string; expiresAt: string }>;
  revoke(terminalId: string, actor: string): Promise<boolean>;
  rotateEpoch(): Promise<string>;
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
 * The administrator's API, for the admin token (LANEDISK_REGISTER_ADMIN_TOKEN, as central staff) or a
 * signed-in staff member whose role allows it, on their own library (shared/admin/roles.ts): enrolment
 * codes, revocation, epoch rotation after a restore, and the reference data terminals pull (libraries,
 * branches, user groups, staff). Every change is audited with who made it.
 */
export function registerAdminRoutes(app: FastifyInstance, deps: AdminDeps): void {
  const { db, now } = deps;
  const may = (permission: AdminPermission) => ({ preHandler: deps.auth.authorize(permission) });
  const opts = may('register.write');
  const who = (request: FastifyRequest): AdminPrincipal => request.admin!;
  /** The principal's library, or undefined for every library: for the list queries. */
  const scopeOf = (request: FastifyRequest) => who(request).libraryId ?? undefined;
  const outside = (reply: FastifyReply) => fail(reply, 403, 'forbidden', 'that belongs to another library');

  app.post('/admin/enrolment-codes', may('enrolment.issue'), async (request, reply) => {
    const body = EnrolmentCodeRequestSchema.safeParse(request.body ?? {});
    if (!body.success) {
      const issues = body.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
      return reply.code(400).send({ code: 'invalid-request', message: issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues });
    }
    const { libraryId, branchId, mode } = body.data;
    if (!deps.auth.mayActOn(who(request), libraryId)) return outside(reply);
    // The branch is one of the library's branches, or the library itself (its main site), as for access policies.
    const [site] = await db.query(
      sql`SELECT 1 FROM library WHERE id = ${libraryId} AND (id = ${branchId} OR EXISTS (SELECT 1 FROM branch WHERE id = ${branchId} AND library_id = ${libraryId}))`,
    );
    if (!site) {
      const [library] = await db.query(sql`SELECT 1 FROM library WHERE id = ${libraryId}`);
      return fail(reply, 400, 'invalid-request', library ? `branchId: ${branchId} is not a branch of ${libraryId}` : `libraryId: no library ${libraryId}`);
    }
    return deps.issueCode({ libraryId, branchId, mode, note: body.data.note ?? '', ttlMinutes: body.data.ttlMinutes ?? 24 * 60, actor: who(request).actor });
  });

  // Codes as the page lists them: never the code itself (only its hash is stored).
  app.get('/admin/enrolment-codes', may('enrolment.read'), async (request) => {
    const library = scopeOf(request);
    return {
      codes: await db.query(
        sql`SELECT id, library_id AS "libraryId", branch_id AS "branchId", mode, note, created_at AS "createdAt", expires_at AS "expiresAt",
                   used_at AS "usedAt", terminal_id AS "terminalId", revoked_at AS "revokedAt"
            FROM enrolment_code WHERE mode IS NOT NULL ${library ? sql`AND library_id = ${library}` : sql``} ORDER BY created_at DESC LIMIT 500`,
      ),
    };
  });

  app.post('/admin/enrolment-codes/:id/revoke', may('enrolment.revoke'), async (request, reply) => {
    const params = z.object({ id: z.string().uuid() }).safeParse(request.params);
    if (!params.success) return fail(reply, 404, 'not-found', 'no such enrolment code');
    const [code] = await db.query<{ library_id: string | null; used_at: string | null }>(sql`SELECT library_id, used_at FROM enrolment_code WHERE id = ${params.data.id}`);
    if (!code) return fail(reply, 404, 'not-found', 'no such enrolment code');
    if (!deps.auth.mayActOn(who(request), code.library_id)) return outside(reply);
    if (code.used_at) return fail(reply, 400, 'invalid-request', 'the code was already used: revoke the terminal instead');
    const at = now().toISOString();
    await db.transaction(async (tx) => {
      // expires_at too, so the redeeming statement (auth.ts) refuses it without knowing about revocation.
      await tx.query(sql`UPDATE enrolment_code SET revoked_at = coalesce(revoked_at, ${at}), expires_at = least(expires_at, ${at}) WHERE id = ${params.data.id} AND used_at IS NULL`);
      await audit(tx, { at, terminalId: null, actor: who(request).actor, action: 'enrolment-code.revoke', subjectType: 'enrolment-code', subjectId: params.data.id });
    });
    return { revoked: params.data.id };
  });

  app.get('/admin/terminals', may('terminals.read'), async (request) => {
    const library = scopeOf(request);
    return {
      terminals: await db.query(
        sql`SELECT id, name, mode, library_id AS "libraryId", branch_id AS "branchId", enrolled_at AS "enrolledAt", revoked_at AS "revokedAt", last_seen_at AS "lastSeenAt"
            FROM terminal ${library ? sql`WHERE library_id = ${library}` : sql``} ORDER BY enrolled_at`,
      ),
    };
  });

  app.post('/admin/terminals/:id/revoke', may('terminals.revoke'), async (request, reply) => {
    const params = z.object({ id: z.string().uuid() }).safeParse(request.params);
    if (!params.success) return fail(reply, 404, 'not-found', 'no such terminal');
    const [terminal] = await db.query<{ library_id: string | null }>(sql`SELECT library_id FROM terminal WHERE id = ${params.data.id}`);
    if (terminal && !deps.auth.mayActOn(who(request), terminal.library_id)) return outside(reply);
    if (!terminal || !(await deps.revoke(params.data.id, who(request).actor))) return fail(reply, 404, 'not-found', 'no such terminal');
    return { revoked: params.data.id };
  });

  app.get('/admin/libraries', may('libraries.read'), async (request) => {
    const library = scopeOf(request);
    const libraries = await db.query(
      sql`SELECT id, name, country, municipality, updated_at AS "updatedAt" FROM library ${library ? sql`WHERE id = ${library}` : sql``} ORDER BY name`,
    );
    const branches = await db.query(
      sql`SELECT id, library_id AS "libraryId", name, municipality, updated_at AS "updatedAt" FROM branch ${library ? sql`WHERE library_id = ${library}` : sql``} ORDER BY name`,
    );
    return { libraries, branches };
  });

  // Never the password hash.
  app.get('/admin/staff', may('staff.read'), async (request) => {
    const library = scopeOf(request);
    return {
      staff: await db.query(
        sql`SELECT id, library_id AS "libraryId", email, name, role, active = 1 AS active, updated_at AS "updatedAt"
            FROM staff ${library ? sql`WHERE library_id = ${library}` : sql``} ORDER BY name`,
      ),
    };
  });

  app.post('/admin/epoch/rotate', opts, async () => ({ epoch: await deps.rotateEpoch() }));

  /** Reference data and the library system's items and fees: upserted under the change-log lock and pushed to terminals through the log. */
  const write = async (request: FastifyRequest, action: string, subjectId: string, fn: (tx: Parameters<Parameters<RegisterDb['transaction']>[0]>[0], at: string) => Promise<void>) => {
    const at = now().toISOString();
    await db.transaction(async (tx) => {
      await lockChangeLog(tx);
      await fn(tx, at);
      await audit(tx, { at, terminalId: null, actor: who(request).actor, action, subjectType: action.split('.')[0]!, subjectId });
    });
  };

  app.put('/admin/libraries/:id', may('libraries.write'), async (request, reply) => {
    const params = IdSchema.safeParse(request.params);
    const body = LibrarySchema.safeParse(request.body);
    if (!params.success || !body.success) return fail(reply, 400, 'invalid-request', 'name, country (SE/DK/NO), municipality');
    const id = params.data.id;
    const [branch] = await db.query(sql`SELECT 1 FROM branch WHERE id = ${id}`);
    if (branch) return fail(reply, 400, 'invalid-request', 'a branch has this id');
    await write(request, 'library.upsert', id, async (tx, at) => {
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

  app.put('/admin/branches/:id', may('branches.write'), async (request, reply) => {
    const params = IdSchema.safeParse(request.params);
    const body = BranchSchema.safeParse(request.body);
    if (!params.success || !body.success) return fail(reply, 400, 'invalid-request', 'libraryId, name, municipality');
    const id = params.data.id;
    const [clash] = await db.query(sql`SELECT 1 FROM library WHERE id = ${id}`);
    const [library] = await db.query(sql`SELECT 1 FROM library WHERE id = ${body.data.libraryId}`);
    if (clash || !library) return fail(reply, 400, 'invalid-request', clash ? 'a library has this id' : 'unknown library');
    const [existingBranch] = await db.query<{ library_id: string }>(sql`SELECT library_id FROM branch WHERE id = ${id}`);
    if (!deps.auth.mayActOn(who(request), body.data.libraryId) || (existingBranch && !deps.auth.mayActOn(who(request), existingBranch.library_id))) return outside(reply);
    await write(request, 'branch.upsert', id, async (tx, at) => {
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
    await write(request, 'user_group.upsert', code, async (tx, at) => {
      await tx.query(
        sql`INSERT INTO user_group (code, name, published, updated_at) VALUES (${code}, ${body.data.name}, ${body.data.published ? 1 : 0}, ${at})
            ON CONFLICT (code) DO UPDATE SET name = excluded.name, published = excluded.published, updated_at = excluded.updated_at`,
      );
      await emitUserGroup(tx, code, at);
    });
    return { code };
  });

  app.put('/admin/staff/:id', may('staff.write'), async (request, reply) => {
    const params = IdSchema.safeParse(request.params);
    const body = StaffSchema.safeParse(request.body);
    if (!params.success || !body.success) return fail(reply, 400, 'invalid-request', 'libraryId, email, name, role, password (new staff), active');
    const id = params.data.id;
    const [existing] = await db.query<{ library_id: string; role: string }>(sql`SELECT library_id, role FROM staff WHERE id = ${id}`);
    // A library's admin manages their own library's accounts, and never a central one (nor makes one).
    const principal = who(request);
    if (!deps.auth.mayActOn(principal, body.data.libraryId) || (existing && !deps.auth.mayActOn(principal, existing.library_id))) return outside(reply);
    if (principal.role !== 'central' && (body.data.role === 'central' || existing?.role === 'central')) return fail(reply, 403, 'forbidden', 'only central staff manage central accounts');
    if (!existing && !body.data.password) return fail(reply, 400, 'invalid-request', 'a new staff account needs a password');
    // Hashed outside the transaction: it is slow on purpose.
    const hash = body.data.password ? await hashPassword(body.data.password) : null;
    try {
      await write(request, 'staff.upsert', id, async (tx, at) => {
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
      await write(request, 'item.upsert', barcode, async (tx, at) => {
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
      await write(request, 'fee.upsert', id, async (tx, at) => {
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
