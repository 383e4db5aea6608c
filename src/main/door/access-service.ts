import type { Database } from 'better-sqlite3';
import type { Credential } from '../../shared/cards/types';
import type { DoorPolicy } from '../../shared/door/policy';
import { decideAccess, type DoorDecision, type LockoutState, type PinCheck } from '../../shared/door/rules';
import type { Logger } from '../log';
import type { DoorFeedKeyStore } from './feed-key';
import { feedHash, lookupFeedHash, readFeedParams, type FeedLookup } from './feed';
import { credentialRefOf, verifyPin, visitPrefix } from './hashing';
import { readLockout, sameLockout, storeLockout } from './pin-failures';
import { queueDoorActivity, readLastAdmission, recordAdmission } from './passback';
import { recordVisit } from './visits';

export interface DoorAccessDeps {
  db: Database;
  /** The register's door key, kept outside the database (feed-key.ts). */
  keys: DoorFeedKeyStore;
  now: () => Date;
  /** The branch's door rules (validated with DoorPolicySchema); undefined or null = none here, the door stays shut. */
  policyFor(branchId: string): DoorPolicy | null | undefined;
  /** Until when staff locked the door down (override.ts); absent or null = no lockdown. */
  lockedDownUntil?: () => Date | null;
  log?: Logger;
}

export interface DoorAccessResult extends DoorDecision {
  /** When the decision was taken (the visit's time). */
  at: Date;
  branchId: string;
}

const noLockout: LockoutState = { failures: 0, lockedUntil: null };
const nothingFound: FeedLookup = { entitlement: null, pinHash: null };

/**
 * The door's decision, entirely from the register's keyed-hash feed stored on this terminal (works offline):
 * hashes the credential with the feed's parameters (an HMAC for a card, one scrypt for an identity number,
 * computed off the main thread), looks the hash up, checks the PIN, applies the branch's rules
 * (src/shared/door/rules.ts), and in ONE transaction records the visit and the PIN failure / lockout state. It
 * does not drive the relay: the caller pulses the door when `admit` is true and shows `messages.borrower`.
 */
export class DoorAccessService {
  constructor(private readonly deps: DoorAccessDeps) {}

  async decide(branchId: string, credential: Credential, pin?: string): Promise<DoorAccessResult> {
    const now = this.deps.now();
    const policy = this.policy(branchId);
    const { db } = this.deps;
    try {
      const lockedDownUntil = this.deps.lockedDownUntil?.() ?? null;
      const closedCheck = decideAccess({ now, policy, entitlement: null, pin: 'not-given', lockout: noLockout, lockedDownUntil });
      // Outside the hours or in a lockdown the card is not even hashed or looked up (no PIN is counted).
      const shut = closedCheck.reason === 'closed' || closedCheck.reason === 'locked-down';
      const hashed = shut ? undefined : await this.hash(credential);
      // A typed PIN is checked before the transaction (a slow hash off the main thread); the lockout is read and
      // written inside it, so concurrent guesses at one borrower are counted one after the other.
      const typed = pin !== undefined && pin !== '';
      const before = hashed ? lookupFeedHash(db, hashed) : nothingFound;
      const pinCorrect = typed && before.pinHash !== null ? await verifyPin(pin, before.pinHash) : false;
      return db
        .transaction((): DoorAccessResult => {
          const found = hashed ? lookupFeedHash(db, hashed) : nothingFound;
          const borrowerId = found.entitlement && !found.entitlement.erased ? found.entitlement.borrowerId : null;
          const lockout = borrowerId ? readLockout(db, borrowerId) : noLockout;
          const lastAdmittedAt = borrowerId ? readLastAdmission(db, borrowerId) : null;
          // The PIN hash may have changed in between (a refresh): then the check above does not count.
          const pinCheck = (): PinCheck => (!typed ? 'not-given' : pinCorrect && found.pinHash === before.pinHash ? 'correct' : 'wrong');
          const decision =
            shut
              ? closedCheck
              : decideAccess({ now, policy, entitlement: found.entitlement, pin: pinCheck, lockout, notPatron: hashed === null, lastAdmittedAt });
          recordVisit(db, {
            at: now,
            branchId,
            result: decision.reason,
            ...(decision.detail ? { detail: decision.detail } : {}),
            credentialPrefix: hashed ? visitPrefix(hashed.hex) : null,
          });
          if (borrowerId && !sameLockout(lockout, decision.lockout)) storeLockout(db, borrowerId, lockout, decision.lockout, now);
          if (borrowerId && decision.admit) {
            queueDoorActivity(db, borrowerId, now, lastAdmittedAt);
            recordAdmission(db, borrowerId, now);
          }
          return { ...decision, at: now, branchId };
        })
        .immediate();
    } catch (error) {
      // The local database or the key store failed: fail closed, and say so to staff.
      this.deps.log?.error({ err: error, branchId }, 'door decision failed');
      const failed = decideAccess({ now, policy: null, entitlement: null, pin: 'not-given', lockout: noLockout });
      return { ...failed, detail: 'unavailable', messages: { ...failed.messages, detail: 'door.detail.unavailable' }, at: now, branchId };
    }
  }

  private policy(branchId: string): DoorPolicy | null {
    try {
      return this.deps.policyFor(branchId) ?? null;
    } catch (error) {
      this.deps.log?.error({ err: error, branchId }, 'door policy unavailable');
      return null;
    }
  }

  /** null: not a patron's credential (an item tag); undefined: no feed yet (every card is unknown). */
  private async hash(credential: Credential): Promise<Awaited<ReturnType<typeof feedHash>> | null | undefined> {
    const ref = credentialRefOf(credential);
    if (ref === null) return null;
    const params = readFeedParams(this.deps.db);
    const key = this.deps.keys.load();
    if (!params || !key) return undefined;
    return feedHash(ref, params, key);
  }
}
