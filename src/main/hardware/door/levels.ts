import type { DoorState, LockType, RelayContact } from './config';

/** Whether the lock must be powered for the door to be in `state`. */
export function lockEnergised(lockType: LockType, state: DoorState): boolean {
  return lockType === 'fail-safe' ? state === 'locked' : state === 'unlocked';
}

/** The relay level (on = coil energised) that puts the door in `state`. */
export function relayLevel(lockType: LockType, contact: RelayContact, state: DoorState): boolean {
  const energised = lockEnergised(lockType, state);
  return contact === 'normally-open' ? energised : !energised;
}
