import { applyRemoteLockout } from '../../door/pin-failures';
import type { PulledHandlers } from './types';

/** A kiosk or door elsewhere locked the borrower after wrong PINs: the lock holds here too (a later lock wins). */
export const lockoutChanges = {
  'borrower.lockout': (db, { id, lockedUntil }) => applyRemoteLockout(db, id, lockedUntil, new Date()),
} satisfies Partial<PulledHandlers>;
