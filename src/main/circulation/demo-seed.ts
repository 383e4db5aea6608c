import type { Database } from 'better-sqlite3';
import { get, run, sql } from '../db/sql';
import { hashPassword } from '../../common/passwords';

/** The demo borrower who can use the kiosk (README): card and PIN. */
export const demoBorrower = {
  id: 'demo-borrower-1',
  cardNumber: '29000000000019',
  pin: '1234',
  firstName: 'Alva',
  lastName: 'Demo',
  email: 'alva.demo@example.se',
  /** Skatteverket's published example number, not a real person's. */
  identityNumber: '198112189876',
} as const;

export const demoItems = [
  ['39000000000011', 'Pippi Långstrump', 'Astrid Lindgren'],
  ['39000000000029', 'Mio, min Mio', 'Astrid Lindgren'],
  ['39000000000037', 'Ronja rövardotter', 'Astrid Lindgren'],
  ['39000000000045', 'Den grimme ælling', 'H. C. Andersen'],
  ['39000000000052', 'Kejserens nye klæder', 'H. C. Andersen'],
  ['39000000000060', 'Mumintrollet', 'Tove Jansson'],
  ['39000000000078', 'Nils Holgerssons underbara resa', 'Selma Lagerlöf'],
  ['39000000000086', 'Röda rummet', 'August Strindberg'],
] as const;

/** A borrower with a card and PIN, some items and one loan for the kiosk demo; only on a register without them. */
export async function seedDemoCirculation(db: Database, now: Date): Promise<boolean> {
  if (get(db, sql`SELECT 1 FROM item LIMIT 1`)) return false;
  const pinHash = await hashPassword(demoBorrower.pin);
  const passwordHash = await hashPassword('demo-borrower');
  const at = now.toISOString();
  db.transaction(() => {
    if (!get(db, sql`SELECT 1 FROM borrower WHERE identity_number = ${demoBorrower.identityNumber}`)) {
      run(
        db,
        sql`INSERT INTO borrower (id, library_id, register_type, identity_kind, identity_number, birth_date, first_name, last_name,
              email, password_hash, pin_hash, agreement_accepted_at, created_at, created_by, updated_at)
            VALUES (${demoBorrower.id}, 'malmo', 'adult', 'se-personnummer', ${demoBorrower.identityNumber}, '1981-12-18',
              ${demoBorrower.firstName}, ${demoBorrower.lastName}, ${demoBorrower.email}, ${passwordHash}, ${pinHash}, ${at}, ${at}, 'demo', ${at})`,
      );
      run(db, sql`INSERT INTO card (number, borrower_id, added_at) VALUES (${demoBorrower.cardNumber}, ${demoBorrower.id}, ${at})`);
    }
    for (const [barcode, title, author] of demoItems) {
      run(db, sql`INSERT INTO item (barcode, title, author, branch_id, updated_at) VALUES (${barcode}, ${title}, ${author}, 'malmo', ${at})`);
    }
    // One ready hold, so the account screen shows it.
    run(db, sql`UPDATE item SET hold_for = (SELECT id FROM borrower WHERE identity_number = ${demoBorrower.identityNumber}) WHERE barcode = '39000000000086'`);
  })();
  return true;
}
