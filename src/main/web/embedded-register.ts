import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createRegisterServer } from '../../server/app';
import { demoGroups, demoLibraries, demoPassword, demoStaff } from '../desk/demo-seed';
import type { Logger } from '../log';

export interface EmbeddedRegister {
  url: string;
  /** A one-time code for enrolling this terminal. */
  enrolmentCode(): Promise<string>;
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
  return {
    url,
    // The demo terminal belongs to Malmö stadsbibliotek, so it pulls that library's staff (pulls are scoped per library).
    async enrolmentCode() {
      const issued = (await admin('POST', '/admin/enrolment-codes', { note: 'embedded demo terminal', libraryId: 'malmo' })) as { code: string };
      return issued.code;
    },
    close: () => server.close(),
  };
}
