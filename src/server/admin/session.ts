import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { verifyPassword } from '../../common/passwords';
import { attemptScope, claimAttempt, clearAttempts, defaultAdminBackoff, sendLocked, unknownAccountHash, type AdminBackoff } from './attempts';
import { audit, bearerToken, hashSecret, secretsEqual } from '../auth';
import type { RegisterDb } from '../db/client';
import { sql } from '../db/sql';
import {
  adminCsrfHeader,
  isAdminRole,
  mayDo,
  SignInRequestSchema,
  type AdminPermission,
  type AdminRole,
  type AdminSession,
} from '../../shared/admin/roles';
import type { ErrorBody } from '../../shared/sync/protocol';

/** Who is calling the admin API: the admin token (central, every library) or a signed-in staff member. */
export interface AdminPrincipal {
  kind: 'token' | 'staff';
  /** The audit's actor: 'admin' for the token (as before), `staff:<id>` for a person. */
  actor: string;
  role: AdminRole;
  /** null: every library. */
  libraryId: string | null;
  staffId: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    admin: AdminPrincipal | null;
  }
}

export { defaultAdminBackoff, type AdminBackoff } from './attempts';

export interface AdminAuthOptions {
  db: RegisterDb;
  now: () => Date;
  /** Without a token the whole admin API (and sign-in) answers 404, as before. */
  adminToken: string | undefined;
  /** Sessions end after this long without a request (default 30 minutes) and after absoluteHours in any case (12). */
  idleMinutes?: number;
  absoluteHours?: number;
  /** Mark the cookie Secure even when the register itself speaks plain HTTP (TLS ended at a proxy). */
  secureCookies?: boolean;
  backoff?: Partial<AdminBackoff>;
}

export const adminCookieName = 'lanedisk_admin';
const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

const fail = (reply: FastifyReply, status: number, code: ErrorBody['code'], message: string) => reply.code(status).send({ code, message } satisfies ErrorBody);

function sessionCookie(request: FastifyRequest): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    const value = rest.join('=');
    if (name === adminCookieName && tokenPattern.test(value)) return value;
  }
  return undefined;
}

/**
 * A state-changing request signed in by cookie must carry the admin header (a form or image from another
 * site cannot set one; SameSite=Strict already keeps the cookie off cross-site requests) and, when the
 * browser names an Origin, this register's own.
 */
function sameOrigin(request: FastifyRequest): boolean {
  if (request.headers[adminCsrfHeader] !== '1') return false;
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    const url = new URL(origin);
    return url.host === request.host && url.protocol === `${request.protocol}:`;
  } catch {
    return false;
  }
}

export interface AdminAuth {
  /** A preHandler: the admin token, or a staff session whose role may do `permission` (and the CSRF rule). */
  authorize(permission: AdminPermission): (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
  /** Whether the caller may act on `libraryId` (null: a row of no library, only central staff). */
  mayActOn(principal: AdminPrincipal, libraryId: string | null): boolean;
}

/**
 * Staff sign-in for the register's admin page: POST /admin/session {email, password} sets an HttpOnly,
 * SameSite=Strict cookie (Secure over TLS) naming a session stored in PostgreSQL (hash only); GET returns who
 * is signed in; DELETE signs out. Wrong passwords are counted per e-mail before the slow check, and lock the
 * account with back-off; every sign-in, failure, lock and refusal is audited (never the e-mail typed).
 */
export function registerAdminAuth(app: FastifyInstance, options: AdminAuthOptions): AdminAuth {
  const { db, now } = options;
  const idleMs = (options.idleMinutes ?? 30) * 60_000;
  const absoluteMs = (options.absoluteHours ?? 12) * 3_600_000;
  const backoff = { ...defaultAdminBackoff, ...options.backoff };
  app.decorateRequest('admin', null);

  const secure = (request: FastifyRequest) => options.secureCookies === true || request.protocol === 'https';
  const setCookie = (request: FastifyRequest, reply: FastifyReply, value: string, maxAgeSeconds: number) =>
    reply.header(
      'set-cookie',
      `${adminCookieName}=${value}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure(request) ? '; Secure' : ''}`,
    );
  const auditAuth = (action: string, staffId: string | null, details: Record<string, unknown> = {}) =>
    audit(db, { at: now().toISOString(), terminalId: null, actor: staffId ? `staff:${staffId}` : 'anonymous', action, subjectType: 'staff', subjectId: staffId, details });

  const lookup = async (request: FastifyRequest): Promise<(AdminPrincipal & { session: AdminSession }) | null> => {
    const token = sessionCookie(request);
    if (!token) return null;
    const at = now();
    const [row] = await db.query<{ id: string; name: string; email: string; role: string; library_id: string }>(
      sql`UPDATE admin_session s SET last_seen_at = ${at.toISOString()}
          FROM staff st
          WHERE s.token_hash = ${hashSecret(token)} AND st.id = s.staff_id AND st.active = 1
            AND s.last_seen_at > ${new Date(at.getTime() - idleMs).toISOString()} AND s.expires_at > ${at.toISOString()}
          RETURNING st.id, st.name, st.email, st.role, st.library_id`,
    );
    if (!row || !isAdminRole(row.role)) return null;
    const libraryId = row.role === 'central' ? null : row.library_id;
    return {
      kind: 'staff',
      actor: `staff:${row.id}`,
      role: row.role,
      libraryId,
      staffId: row.id,
      session: { staffId: row.id, name: row.name, email: row.email, role: row.role, libraryId, idleMinutes: idleMs / 60_000 },
    };
  };

  const authorize: AdminAuth['authorize'] = (permission) => async (request, reply) => {
    if (!options.adminToken) return fail(reply, 404, 'not-found', 'no such endpoint');
    const bearer = bearerToken(request.headers.authorization);
    if (request.headers.authorization !== undefined) {
      if (!bearer || !secretsEqual(bearer, options.adminToken)) return fail(reply, 401, 'unauthorized', 'the admin token is required');
      request.admin = { kind: 'token', actor: 'admin', role: 'central', libraryId: null, staffId: null };
      return undefined;
    }
    const principal = await lookup(request);
    if (!principal) return fail(reply, 401, 'unauthorized', 'sign in, or send the admin token');
    if (request.method !== 'GET' && request.method !== 'HEAD' && !sameOrigin(request)) {
      return fail(reply, 403, 'forbidden', `a signed-in change needs the ${adminCsrfHeader} header from this register's own page`);
    }
    if (!mayDo(principal.role, permission)) return fail(reply, 403, 'forbidden', `the ${principal.role} role may not do this (${permission})`);
    const { session: _session, ...admin } = principal;
    request.admin = admin;
    return undefined;
  };

  const claim = (scope: string) => claimAttempt(db, now, backoff, scope);
  const locked = (reply: FastifyReply, until: number) => sendLocked(reply, now, until);

  app.post('/admin/session', async (request, reply) => {
    if (!options.adminToken) return fail(reply, 404, 'not-found', 'no such endpoint');
    if (!sameOrigin(request)) return fail(reply, 403, 'forbidden', `sign in from this register's own page (${adminCsrfHeader} header)`);
    const body = SignInRequestSchema.safeParse(request.body);
    if (!body.success) return fail(reply, 400, 'invalid-request', 'email and password are required');
    const scope = attemptScope(body.data.email);
    const attempt = await claim(scope);
    const [staff] = await db.query<{ id: string; name: string; email: string; role: string; library_id: string; password_hash: string }>(
      sql`SELECT id, name, email, role, library_id, password_hash FROM staff WHERE lower(email) = ${body.data.email.trim().toLowerCase()} AND active = 1`,
    );
    if ('refused' in attempt) {
      await auditAuth('admin.sign-in-refused', staff?.id ?? null, { lockedUntil: new Date(attempt.refused).toISOString() });
      return locked(reply, attempt.refused);
    }
    // An unknown e-mail costs the same scrypt as a known one, so the answer's timing does not tell them apart.
    const right = await verifyPassword(body.data.password, staff?.password_hash ?? (await unknownAccountHash()));
    if (!right || !staff) {
      const { failures, lockedUntil } = attempt;
      request.log.warn({ failures, locked: lockedUntil !== null }, 'admin sign-in failed');
      await auditAuth('admin.sign-in-failed', staff?.id ?? null, { failures });
      if (lockedUntil === null) return fail(reply, 401, 'unauthorized', 'wrong e-mail or password');
      await auditAuth('admin.sign-in-locked', staff?.id ?? null, { failures, lockedUntil });
      return locked(reply, Date.parse(lockedUntil));
    }
    await clearAttempts(db, scope);
    if (!isAdminRole(staff.role)) {
      await auditAuth('admin.sign-in-refused-role', staff.id, { role: staff.role });
      return fail(reply, 403, 'forbidden', `the ${staff.role} role has no admin page`);
    }
    const token = randomBytes(32).toString('base64url');
    const at = now();
    await db.transaction(async (tx) => {
      // Expired sessions are swept here, by whichever instance signs someone in.
      await tx.query(sql`DELETE FROM admin_session WHERE expires_at <= ${at.toISOString()} OR last_seen_at <= ${new Date(at.getTime() - idleMs).toISOString()}`);
      await tx.query(
        sql`INSERT INTO admin_session (token_hash, staff_id, created_at, last_seen_at, expires_at)
            VALUES (${hashSecret(token)}, ${staff.id}, ${at.toISOString()}, ${at.toISOString()}, ${new Date(at.getTime() + absoluteMs).toISOString()})`,
      );
      await audit(tx, { at: at.toISOString(), terminalId: null, actor: `staff:${staff.id}`, action: 'admin.sign-in', subjectType: 'staff', subjectId: staff.id, details: { role: staff.role } });
    });
    setCookie(request, reply, token, absoluteMs / 1000);
    const session: AdminSession = { staffId: staff.id, name: staff.name, email: staff.email, role: staff.role, libraryId: staff.role === 'central' ? null : staff.library_id, idleMinutes: idleMs / 60_000 };
    return session;
  });

  // 200 either way (the page asks before anyone signed in): `{ session: null }` when not signed in.
  app.get('/admin/session', async (request, reply) => {
    if (!options.adminToken) return fail(reply, 404, 'not-found', 'no such endpoint');
    const principal = await lookup(request);
    return { session: principal?.session ?? null };
  });

  app.delete('/admin/session', async (request, reply) => {
    if (!options.adminToken) return fail(reply, 404, 'not-found', 'no such endpoint');
    if (!sameOrigin(request)) return fail(reply, 403, 'forbidden', `sign out from this register's own page (${adminCsrfHeader} header)`);
    const token = sessionCookie(request);
    if (token) {
      const [row] = await db.query<{ staff_id: string }>(sql`DELETE FROM admin_session WHERE token_hash = ${hashSecret(token)} RETURNING staff_id`);
      if (row) await auditAuth('admin.sign-out', row.staff_id);
    }
    setCookie(request, reply, '', 0);
    return { signedOut: true };
  });

  return {
    authorize,
    mayActOn: (principal, libraryId) => principal.libraryId === null || (libraryId !== null && principal.libraryId === libraryId),
  };
}
