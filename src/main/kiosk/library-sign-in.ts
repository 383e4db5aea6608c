import type { Database } from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { verifyPassword } from '../../common/passwords';
import type { CirculationBackend } from '../circulation/types';
import { run, sql } from '../db/sql';
import { lockoutPushKind, readLockout } from '../door/pin-failures';

export interface BorrowerRow {
  id: string;
  first_name: string;
  last_name: string;
  /** Null when the borrower gave none (optional at Danish libraries). */
  email: string | null;
  identity_number: string;
  valid_until: string | null;
  blocked: number;
  /** Processing restricted (GDPR art. 18): refused at sign-in with its own reason. */
  processing_restricted?: number;
  protected: number;
  pin_hash: string | null;
  /** Another library's borrower, from the keyed-hash feed: no local row, no name unless the register gave one. */
  visitor?: true;
  /** Known only to the library system (SIP2), which checked card and PIN: no row here, nothing pushed to the register. */
  remote?: true;
}

/** Why the library system (or, offline, the kiosk) keeps a borrower out. */
export type LibraryRefusal = 'unknown-card' | 'blocked' | 'library-unreachable';

/**
 * A borrower the library system knows and this terminal does not: a row in memory for the session. The id keys
 * the wrong-PIN counter (a hash of the card or number, never the number itself).
 */
function remoteRow(patronId: string, firstName: string): BorrowerRow {
  const id = `sip2:${createHash('sha256').update(patronId).digest('hex').slice(0, 32)}`;
  return { id, first_name: firstName, last_name: '', email: '', identity_number: '', valid_until: null, blocked: 0, protected: 0, pin_hash: null, remote: true };
}

/**
 * Sign-in with a library system as the authority: the card or number the borrower used is checked there (SIP2
 * 23, BL valid patron). Offline (the system cannot be asked) only borrowers this terminal holds may sign in,
 * checked locally (`verified` false: the caller applies the local validity rules). Without a library system
 * (the register backend) the local row decides, as before.
 */
export async function signInAtLibrary(
  backend: CirculationBackend,
  patronId: string,
  local: BorrowerRow | undefined,
): Promise<{ ok: true; row: BorrowerRow; verified: boolean } | { ok: false; reason: LibraryRefusal }> {
  const check = backend.verifyPatron ? await backend.verifyPatron(patronId) : undefined;
  if (!check || check.status === 'unreachable') {
    if (local) return { ok: true, row: local, verified: false };
    return { ok: false, reason: check ? 'library-unreachable' : 'unknown-card' };
  }
  if (check.status === 'blocked') return { ok: false, reason: 'blocked' };
  if (check.status !== 'valid') return { ok: false, reason: 'unknown-card' };
  return { ok: true, row: local ?? remoteRow(patronId, check.firstName), verified: true };
}

/**
 * The PIN: at the library system when there is one (SIP2 23 with AD, CQ valid password), else (no library
 * system, or offline for a borrower this terminal holds) against the local hash. A refusal ends the session.
 */
export async function checkPinAtLibrary(backend: CirculationBackend, patronId: string, row: BorrowerRow, pin: string): Promise<boolean | { refusal: LibraryRefusal }> {
  const check = backend.verifyPatron ? await backend.verifyPatron(patronId, pin) : undefined;
  if (check && check.status !== 'unreachable') {
    if (check.status === 'valid') return true;
    if (check.status === 'pin-wrong') return false;
    return { refusal: check.status === 'blocked' ? 'blocked' : 'unknown-card' };
  }
  if (row.remote) return { refusal: 'library-unreachable' };
  return row.pin_hash !== null && (await verifyPassword(pin, row.pin_hash));
}

/** A lockout of a borrower only the library system knows stays on this terminal: the register has no such borrower. */
export function keepLockoutLocal(db: Database, row: BorrowerRow): void {
  if (!row.remote) return;
  run(db, sql`DELETE FROM outbox WHERE state = 'pending' AND kind = ${lockoutPushKind} AND json_extract(payload, '$.id') = ${row.id}`);
}

/** Whole minutes (rounded up) until a borrower's PIN lock ends, for the message that says how long; 0: not locked. */
export function lockoutMinutesLeft(db: Database, borrowerId: string, now: Date): number {
  const { lockedUntil } = readLockout(db, borrowerId);
  if (!lockedUntil) return 0;
  return Math.max(Math.ceil((lockedUntil.getTime() - now.getTime()) / 60_000), 0);
}
