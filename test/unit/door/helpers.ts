import type { Database } from 'better-sqlite3';
import { openDatabase } from '../../../src/main/db/open';
import type { Credential } from '../../../src/shared/cards/types';
import { DoorPolicySchema, type DoorPolicy, type DoorPolicyInput } from '../../../src/shared/door/policy';
import type { DoorEntitlement } from '../../../src/shared/door/rules';
import type { ScheduleInput } from '../../../src/shared/door/schedule';
import { parseIdentity } from '../../../src/shared/identity';

/** A terminal database as production opens it (src/main/db/open.ts: pragmas and every migration). */
export function doorDatabase(file = ':memory:'): Database {
  return openDatabase({ file });
}

export const allDay = [{ from: '00:00', to: '24:00' }];
export const alwaysOpen: ScheduleInput = {
  timeZone: 'Europe/Stockholm',
  weekly: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
  closingWarningMinutes: 0,
};

const weekday = [{ from: '08:00', to: '21:00' }];
const weekend = [{ from: '10:00', to: '16:00' }];
export const usualHours = (timeZone = 'Europe/Stockholm'): ScheduleInput => ({
  timeZone,
  weekly: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: weekend, sun: weekend },
});

export function policy(overrides: Partial<DoorPolicyInput> = {}): DoorPolicy {
  return DoorPolicySchema.parse({ schedule: alwaysOpen, ...overrides });
}

/** A decoded identity credential, as the card layer delivers it. */
export function identityCredential(number: string): Credential {
  const identity = parseIdentity(number, { today: '2026-06-01' });
  if (!identity.ok) throw new Error(`test identity ${number} invalid: ${identity.reason}`);
  return { kind: 'identity', value: identity.normalised, identity, raw: number };
}

export function cardCredential(number: string, kind: Credential['kind'] = 'library-card'): Credential {
  return { kind, value: number, raw: number };
}

/** An active adult's door entitlement (no PIN, no validity dates), with `overrides`. */
export const entitlement = (overrides: Partial<DoorEntitlement> = {}): DoorEntitlement => ({
  erased: false,
  borrowerId: 'b1',
  registerType: 'adult',
  birthDate: '1980-05-05',
  validFrom: null,
  validUntil: null,
  active: true,
  blocked: false,
  guardianConsent: false,
  hasPin: false,
  ...overrides,
});
