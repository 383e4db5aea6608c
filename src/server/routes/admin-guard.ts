import type { FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken, secretsEqual } from '../auth';
import type { ErrorBody } from '../../shared/sync/protocol';

export const failWith = (reply: FastifyReply, status: number, code: ErrorBody['code'], message: string, issues?: { path: string; message: string }[]) =>
  reply.code(status).send({ code, message, ...(issues ? { issues } : {}) });

/** The admin API's guard: without a configured token the routes answer 404 like the rest of the admin API; else the token is required. */
export function requireAdminToken(adminToken: string | undefined) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const token = bearerToken(request.headers.authorization);
    if (!adminToken) return failWith(reply, 404, 'not-found', 'no such endpoint');
    if (!token || !secretsEqual(token, adminToken)) return failWith(reply, 401, 'unauthorized', 'the admin token is required');
    return undefined;
  };
}
