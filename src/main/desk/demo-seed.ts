import type { Database } from 'better-sqlite3';
import { get, run, sql } from '../db/sql';
import { hashPassword } from '../../common/passwords';

/** Sign-in accounts of the embedded demo (README). Never created unless the host asks for demo data. */
export const demoAccounts = {
  registrar: { email: 'registrar@malmo.example', password: 'demo-registrar' },
  admin: { email: 'admin@malmo.example', password: 'demo-admin' },
  technician: { email: 'technician@malmo.example', password: 'demo-technician' },
  lundRegistrar: { email: 'registrar@lund.example', password: 'demo-registrar' },
  copenhagenRegistrar: { email: 'registrar@kk.example', password: 'demo-registrar' },
  /** Central register staff (SPEC 1): the only role that may open protected identities. The admin's password, so seeding hashes no extra one. */
  central: { email: 'central@register.example', password: 'demo-admin' },
} as const;

/** The demo's libraries (a branch has a parent), published user groups and staff (password per role). */
export const demoLibraries: readonly (readonly [id: string, name: string, parent: string | null, country: 'SE' | 'DK' | 'NO', municipality: string])[] = [
  ['malmo', 'Malmö stadsbibliotek', null, 'SE', 'Malmö'],
  ['malmo-limhamn', 'Limhamns bibliotek', 'malmo', 'SE', 'Malmö'],
  ['malmo-rosengard', 'Rosengårds bibliotek', 'malmo', 'SE', 'Malmö'],
  ['lund', 'Lunds stadsbibliotek', null, 'SE', 'Lund'],
  ['sundbyberg', 'Sundbybergs bibliotek', null, 'SE', 'Sundbyberg'],
  ['kk', 'Københavns Hovedbibliotek', null, 'DK', 'København'],
  // The central register's own office, where its staff work (a terminal there may receive protected identities' contact data).
  ['central', 'Centralregistret', null, 'SE', 'Stockholm'],
];
export const demoGroups: readonly (readonly [code: string, name: string])[] = [
  ['laddare', 'Laddare'],
  ['strommare', 'Strömmare'],
  ['tbk', 'TBK Talboken kommer'],
];
export const demoStaff: readonly (readonly [id: string, library: string, email: string, name: string, role: DemoRole])[] = [
  ['staff-malmo-1', 'malmo', demoAccounts.registrar.email, 'Maja Registrator', 'registrar'],
  ['staff-malmo-admin', 'malmo', demoAccounts.admin.email, 'Anders Admin', 'admin'],
  ['staff-malmo-tech', 'malmo', demoAccounts.technician.email, 'Tove Tekniker', 'technician'],
  ['staff-lund-1', 'lund', demoAccounts.lundRegistrar.email, 'Lena Lund', 'registrar'],
  ['staff-kk-1', 'kk', demoAccounts.copenhagenRegistrar.email, 'Karen København', 'registrar'],
  ['staff-central-1', 'central', demoAccounts.central.email, 'Cecilia Central', 'central'],
];
type DemoRole = 'registrar' | 'admin' | 'technician' | 'central';
export const demoPassword = (role: DemoRole) => demoAccounts[role].password;

/**
 * Libraries, branches, user groups and staff for the one-command demo and the
 * tests. Only on an empty register; with a central register these come from sync.
 */
export async function seedDemoData(db: Database, now: Date): Promise<boolean> {
  if (get(db, sql`SELECT 1 FROM library LIMIT 1`)) return false;
  // One slow hash per distinct password (roles may share one).
  const passwords = [...new Set(demoStaff.map(([, , , , role]) => demoPassword(role)))];
  const hashes = Object.fromEntries(await Promise.all(passwords.map(async (password) => [password, await hashPassword(password)] as const)));
  const at = now.toISOString();
  db.transaction(() => {
    for (const [id, name, parent, country, municipality] of demoLibraries) {
      run(db, sql`INSERT INTO library (id, name, parent_id, country, municipality) VALUES (${id}, ${name}, ${parent}, ${country}, ${municipality})`);
    }
    for (const [code, name] of demoGroups) {
      run(db, sql`INSERT INTO user_group (code, name) VALUES (${code}, ${name})`);
    }
    for (const [id, library, email, name, role] of demoStaff) {
      const hash = hashes[demoPassword(role)];
      run(db, sql`INSERT INTO staff (id, library_id, email, name, role, password_hash, created_at) VALUES (${id}, ${library}, ${email}, ${name}, ${role}, ${hash}, ${at})`);
    }
  })();
  return true;
}
