import { applyRemoteLockout, unlockPinLocally, unlockPushKind } from '../../door/pin-failures';
import { str, type PulledHandlers, type ReplayHandler } from './types';

/**
 * A kiosk or door elsewhere locked the borrower after wrong PINs: the lock holds here too (a later lock wins);
 * or desk staff unlocked them (`unlockedAt`): what started before the unlock is lifted here too.
 */
export const lockoutChanges = {
  'borrower.lockout': (db, { id, lockedUntil, lockedAt, unlockedAt }) =>
    applyRemoteLockout(db, id, lockedUntil, new Date(), { ...(lockedAt ? { lockedAt } : {}), ...(unlockedAt ? { unlockedAt } : {}) }),
} satisfies Partial<PulledHandlers>;

/** A desk's unlock not yet pushed stays in force over a lock pulled meanwhile that started before it. */
export const lockoutReplays: Record<string, ReplayHandler> = {
  [unlockPushKind]: (db, p, row) => {
    const id = str(p.id);
    if (id) unlockPinLocally(db, id, new Date(row.created_at));
  },
};
