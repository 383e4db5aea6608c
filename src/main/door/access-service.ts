import type { Database } from 'better-sqlite3';
import type { Credential } from '../../shared/cards/types';
import type { DoorPolicy } from '../../shared/door/policy';
import { decideAccess, type DoorDecision, type PinCheck } from '../../shared/door/rules';
import type { Logger } from '../log';
import { DoorKeyMismatchError, doorKeyStatus, lookupByCredential, type EntitlementLookup } from './entitlements';
import { deriveDoorKeys, verifyPin, visitPrefix, type DoorKeys } from './hashing';
import { readLockout, sameLockout, storeLockout } from './pin-failures';
import { recordVisit } from './visits';

export interface DoorAccessDeps {
  db: Database;
  /** The installation key (at least 32 random bytes), kept outside the database. */
  key: Uint8Array;
  now: () => Date;
  /** The branch's door rules (validated with DoorPolicySchema); undefined or null = none here, the door stays shut. */
  policyFor(branchId: string): DoorPolicy | null | undefined;
  log?: Logger;
}

export interface DoorAccessResult extends DoorDecision {
  /** When the decision was taken (the visit's time). */
  at: Date;
  branchId: string;
}

/**
 * The door's decision, entirely from the local SQLite cache (works offline): looks the credential up by its
 * keyed hash, checks the PIN, applies the branch's rules (src/shared/door/rules.ts), and in ONE transaction
 * records the visit and the PIN failure / lockout state. It does not drive the relay: the caller pulses the
 * door when `admit` is true and shows / says `messages.borrower`.
 */
export class DoorAccessService {
  private readonly keys: DoorKeys;

  constructor(private readonly deps: DoorAccessDeps) {
    this.keys = deriveDoorKeys(deps.key);
    // A door given the wrong key would refuse every card as unknown: say so at start instead.
    if (doorKeyStatus(deps.db, this.keys) === 'mismatch') throw new DoorKeyMismatchError();
  }

  decide(branchId: string, credential: Credential, pin?: string): DoorAccessResult {
    const now = this.deps.now();
    let policy: DoorPolicy | null;
    try {
      policy = this.deps.policyFor(branchId) ?? null;
    } catch (error) {
      this.deps.log?.error({ err: error, branchId }, 'door policy unavailable');
      policy = null;
    }
    const { db } = this.deps;
    try {
      return db
        .transaction((): DoorAccessResult => {
          const closedCheck = decideAccess({ now, policy, entitlement: null, pin: 'not-given', lockout: { failures: 0, lockedUntil: null } });
          // Outside the hours the card is not even looked up (the rules' first check; no PIN is counted).
          const found: EntitlementLookup =
            closedCheck.reason === 'closed' ? { credentialHash: null, entitlement: null, pinHash: null, borrowerId: null } : lookupByCredential(db, this.keys, credential);
          const entitlement = closedCheck.reason === 'closed' ? null : found.entitlement;
          const borrowerId = entitlement && !entitlement.erased ? found.borrowerId : null;
          const lockout = borrowerId ? readLockout(db, borrowerId) : { failures: 0, lockedUntil: null };
          const pinCheck = (): PinCheck => (pin === undefined || pin === '' ? 'not-given' : verifyPin(this.keys, pin, found.pinHash) ? 'correct' : 'wrong');
          const decision =
            closedCheck.reason === 'closed'
              ? closedCheck
              : decideAccess({ now, policy, entitlement, pin: pinCheck, lockout, notPatron: found.credentialHash === null });
          recordVisit(db, {
            at: now,
            branchId,
            result: decision.reason,
            ...(decision.detail ? { detail: decision.detail } : {}),
            credentialPrefix: found.credentialHash ? visitPrefix(found.credentialHash) : null,
          });
          if (borrowerId && !sameLockout(lockout, decision.lockout)) storeLockout(db, borrowerId, lockout, decision.lockout, now);
          return { ...decision, at: now, branchId };
        })
        .immediate();
    } catch (error) {
      // The local database failed: fail closed, and say so to staff.
      this.deps.log?.error({ err: error, branchId }, 'door decision failed');
      const failed = decideAccess({ now, policy: null, entitlement: null, pin: 'not-given', lockout: { failures: 0, lockedUntil: null } });
      return { ...failed, detail: 'unavailable', messages: { ...failed.messages, detail: 'door.detail.unavailable' }, at: now, branchId };
    }
  }
}
