import { randomInt } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { generateAltNumber } from '../../shared/desk/alt-number';
import type { AltNumberResponse, ErrorBody } from '../../shared/sync/protocol';
import type { Queryable } from '../db/client';
import { sql } from '../db/sql';
import type { Terminal } from '../auth';
import { receivesProtectedFields } from './protected-fields';

const fail = (reply: FastifyReply, status: number, code: ErrorBody['code'], message: string) => reply.code(status).send({ code, message } satisfies ErrorBody);
/** Draws before giving up (503): with 90 million numbers and a few million in use, the first draw nearly always does. */
const tries = 20;

/**
 * A fresh system-generated alternative borrower number (issue 11, seed 002; format in src/shared/desk/alt-number.ts),
 * reserved in the same statement: nobody holds it and it was never handed out, so no other desk gets it, whether or not
 * the registration it is meant for ever arrives. Allocated here because only the register knows every number in use.
 */
export async function allocateAltNumber(db: Queryable, terminalId: string, at: string, random: (max: number) => number = randomInt): Promise<string | undefined> {
  for (let i = 0; i < tries; i++) {
    const candidate = generateAltNumber(random);
    const [row] = await db.query<{ alt_number: string }>(
      sql`INSERT INTO alt_number_allocation (alt_number, terminal_id, allocated_at)
          SELECT ${candidate}, ${terminalId}, ${at} WHERE NOT EXISTS (SELECT 1 FROM borrower WHERE alt_number = ${candidate})
          ON CONFLICT DO NOTHING RETURNING alt_number`,
    );
    if (row) return row.alt_number;
  }
  return undefined;
}

/**
 * Whether a terminal may be given generated numbers: exactly the desks that may set one (the edit's rule in
 * authorization.ts): a Danish library's desk sets its own borrowers' numbers, and the central register's office's desk
 * (receivesProtectedFields: a library with an active `central` member) sets those of protected Danish borrowers, who
 * belong to no library. Every other desk, and every kiosk and door, is refused.
 */
export async function allocatesAltNumbers(db: Queryable, terminal: Pick<Terminal, 'mode' | 'libraryId'>): Promise<boolean> {
  if (terminal.mode !== 'desk' || terminal.libraryId === null) return false;
  const [library] = await db.query<{ country: string }>(sql`SELECT country FROM library WHERE id = ${terminal.libraryId}`);
  return library?.country === 'DK' || (await receivesProtectedFields(db, terminal));
}

/** POST /sync/alt-number (desks of a Danish library or of the central register's office). */
export function registerAltNumberRoute(
  app: FastifyInstance,
  deps: { db: Queryable; now: () => Date; requireTerminal: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown> },
): void {
  app.post('/sync/alt-number', { preHandler: deps.requireTerminal }, async (request, reply) => {
    const terminal = request.terminal!;
    if (!(await allocatesAltNumbers(deps.db, terminal))) {
      return fail(reply, 403, 'forbidden', 'alternative borrower numbers are for the desks of Danish libraries and of the central register’s office');
    }
    const altNumber = await allocateAltNumber(deps.db, terminal.id, deps.now().toISOString());
    if (!altNumber) return fail(reply.header('retry-after', '2'), 503, 'unavailable', 'no free number was found: try again');
    request.log.info({ terminal: terminal.id }, 'alternative borrower number allocated');
    const response: AltNumberResponse = { altNumber };
    return response;
  });
}
