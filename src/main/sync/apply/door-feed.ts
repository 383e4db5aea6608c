import { markDoorEntryStale } from '../door';
import type { PulledHandlers } from './types';

/** `door.entitlement` (doors only): the borrower's feed entry changed on the register; fetched right after the pull. */
export const doorFeedChanges = {
  'door.entitlement': (db, { id }) => markDoorEntryStale(db, id),
} satisfies Partial<PulledHandlers>;
