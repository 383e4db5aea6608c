import type { Database } from 'better-sqlite3';
import { BorrowerPinSchema } from '../../shared/ipc/contract';
import { run, sql } from '../db/sql';
import { hashPassword } from '../../common/passwords';

/*
 * A borrower's kiosk and door PIN: only the scrypt hash is stored or sent (`borrower.pin {id, pinHash}`);
 * the register keeps the last one to reach it and sends it to desk, kiosk and technician terminals with
 * the borrower's row (door terminals get no borrower rows). Desk staff set it (DeskService.setPin).
 */

/** The slow hash of a PIN (checked against BorrowerPinSchema first); null stays null (no PIN). */
export function hashPin(pin: string | null): Promise<string | null> {
  return pin === null ? Promise.resolve(null) : hashPassword(BorrowerPinSchema.parse(pin));
}

/** Stores the hash on the borrower; returns the outbox entry for the register. Call inside withOutbox. */
export function writeBorrowerPin(db: Database, borrowerId: string, pinHash: string | null): { kind: 'borrower.pin'; payload: { id: string; pinHash: string | null } } {
  run(db, sql`UPDATE borrower SET pin_hash = ${pinHash} WHERE id = ${borrowerId}`);
  return { kind: 'borrower.pin', payload: { id: borrowerId, pinHash } };
}
