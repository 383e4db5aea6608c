import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { withOutbox } from '../db/outbox';
import { get, run, sql } from '../db/sql';
import { hashPassword } from '../desk/passwords';

/** A kiosk PIN: 4 to 8 digits. */
export const PinSchema = z.string().regex(/^[0-9]{4,8}$/);

/**
 * Sets (or with null removes) a borrower's kiosk PIN on this terminal and queues it for the register
 * (`borrower.pin {id, pinHash}`) in the same transaction. Only the scrypt hash is stored or sent; the
 * register keeps the last one to reach it and sends it to desk, kiosk and technician terminals with the
 * borrower's row (door terminals get no borrower rows). Returns false for an unknown borrower.
 */
export async function setBorrowerPin(db: Database, now: () => Date, borrowerId: string, pin: string | null): Promise<boolean> {
  const pinHash = await hashPin(pin);
  return withOutbox(db, now, () => {
    if (!get(db, sql`SELECT 1 FROM borrower WHERE id = ${borrowerId}`)) return { result: false, outbox: [] };
    return { result: true, outbox: [writeBorrowerPin(db, borrowerId, pinHash)] };
  });
}

/** The slow hash of a PIN (checked against PinSchema first); null stays null (no PIN). */
export function hashPin(pin: string | null): Promise<string | null> {
  return pin === null ? Promise.resolve(null) : hashPassword(PinSchema.parse(pin));
}

/** Stores the hash on the borrower; returns the outbox entry for the register. Call inside withOutbox. */
export function writeBorrowerPin(db: Database, borrowerId: string, pinHash: string | null): { kind: 'borrower.pin'; payload: { id: string; pinHash: string | null } } {
  run(db, sql`UPDATE borrower SET pin_hash = ${pinHash} WHERE id = ${borrowerId}`);
  return { kind: 'borrower.pin', payload: { id: borrowerId, pinHash } };
}
