import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createRegisterServer } from '../../server/app';
import type { RegisterDb } from '../../server/db/client';
import { sql } from '../../server/db/sql';
import { emitBorrower, emitCard, lockChangeLog } from '../../server/sync/changes';
import type { RegisterTerminalMode } from '../../shared/sync/protocol';
import { demoBorrower, demoItems } from '../circulation/demo-seed';
import { demoGroups, demoLibraries, demoPassword, demoStaff } from '../desk/demo-seed';
import { hashPassword } from '../../common/passwords';
import type { Logger } from '../log';

export interface EmbeddedRegister {
  url: string;
  /** A one-time code for enrolling this terminal as a `mode` terminal of Malmö stadsbibliotek (main site). */
  enrolmentCode(mode: RegisterTerminalMode): Promise<string>;
  close(): Promise<void>;
}

/**
 * The one-command demo's central register: the real register server on
 * embedded PGlite under `<dataDir>/register`, on a loopback port, with the
 * demo libraries, groups and staff. Production runs `npm run register` on PostgreSQL.
 */
export async function startEmbeddedRegister({ dataDir, log, inMemory = false }: { dataDir: string; log: Logger; inMemory?: boolean }): Promise<EmbeddedRegister> {
  const adminToken = randomBytes(24).toString('hex');
  const registerDir = inMemory ? undefined : path.join(dataDir, 'register');
  const server = await createRegisterServer({ db: { kind: 'pglite', dataDir: registerDir }, adminToken, log: log.child({ module: 'embedded-register' }, { level: 'warn' }) });
  const url = await server.listen({ host: '127.0.0.1', port: 0 });
  const admin = async (method: 'PUT' | 'POST', route: string, body: unknown) => {
    const response = await fetch(new URL(route, url), {
      method,
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`embedded register ${method} ${route}: ${response.status} ${await response.text()}`);
    return (await response.json()) as unknown;
  };
  // Reference data as upserts, so a restart changes nothing.
  for (const [id, name, parent, country, municipality] of demoLibraries) {
    if (parent === null) await admin('PUT', `/admin/libraries/${id}`, { name, country, municipality });
  }
  for (const [id, name, parent, , municipality] of demoLibraries) {
    if (parent !== null) await admin('PUT', `/admin/branches/${id}`, { libraryId: parent, name, municipality });
  }
  for (const [code, name] of demoGroups) await admin('PUT', `/admin/user-groups/${code}`, { name, published: true });
  for (const [id, libraryId, email, name, role] of demoStaff) {
    await admin('PUT', `/admin/staff/${id}`, { libraryId, email, name, role, password: demoPassword(role) });
  }
  // The kiosk demo's borrower and books live here too: enrolment removes the terminal's own demo rows, and the
  // terminal gets these back from the register like any other.
  // Once, on a new register: a restart leaves loans and holds as the demo left them.
  if (await seedDemoBorrower(server.db)) {
    const hold = demoItems.at(-1)![0];
    for (const [barcode, title, author] of demoItems) {
      await admin('PUT', `/admin/items/${barcode}`, { title, author, branchId: 'malmo', ...(barcode === hold ? { holdFor: demoBorrower.id } : {}) });
    }
  }
  return {
    url,
    // The demo terminal belongs to Malmö stadsbibliotek, so it pulls that library's staff (pulls are scoped per library).
    async enrolmentCode(mode) {
      const issued = (await admin('POST', '/admin/enrolment-codes', { note: 'embedded demo terminal', libraryId: 'malmo', branchId: 'malmo', mode })) as { code: string };
      return issued.code;
    },
    close: () => server.close(),
  };
}

/** The kiosk demo's borrower (card and PIN, README) on the demo register; false when it was there already. */
async function seedDemoBorrower(db: RegisterDb): Promise<boolean> {
  const [pinHash, passwordHash] = await Promise.all([hashPassword(demoBorrower.pin), hashPassword('demo-borrower')]);
  const at = new Date().toISOString();
  return db.transaction(async (tx) => {
    await lockChangeLog(tx);
    const inserted = await tx.query(
      sql`INSERT INTO borrower (id, library_id, register_type, identity_kind, identity_number, birth_date, first_name, last_name,
            email, password_hash, pin_hash, agreement_accepted_at, created_at, created_by, updated_at)
          VALUES (${demoBorrower.id}, 'malmo', 'adult', 'se-personnummer', ${demoBorrower.identityNumber}, '1981-12-18',
            ${demoBorrower.firstName}, ${demoBorrower.lastName}, ${demoBorrower.email}, ${passwordHash}, ${pinHash}, ${at}, ${at}, 'demo', ${at})
          ON CONFLICT DO NOTHING RETURNING id`,
    );
    if (inserted.length === 0) return false;
    await tx.query(sql`INSERT INTO card (number, borrower_id, added_at) VALUES (${demoBorrower.cardNumber}, ${demoBorrower.id}, ${at}) ON CONFLICT DO NOTHING`);
    await emitBorrower(tx, demoBorrower.id, at);
    await emitCard(tx, demoBorrower.cardNumber, demoBorrower.id, at);
    return true;
  });
}
