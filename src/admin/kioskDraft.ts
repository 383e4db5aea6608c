import { numberOf, textOf } from './draftFields';
import type { IdentityCountry } from '../shared/identity/types';
import { defaultKioskSetting, type KioskOperation, type KioskSetting } from '../shared/kiosk/settings';

/** The kiosk settings' number fields, typed as text in the form (the schema says what is wrong with them). */
export const kioskNumberFields = ['maxPinFailures', 'lockoutMinutes', 'idleWarningSeconds', 'idleSignOutSeconds'] as const;
export type KioskNumberField = (typeof kioskNumberFields)[number];

/**
 * A policy's `kiosk` as the admin form holds it: `set` false means the policy says nothing and each kiosk uses its
 * technician's settings; numbers as typed; the country '' for "the library's country" (null in the policy).
 */
export interface KioskDraft extends Record<KioskNumberField, string> {
  set: boolean;
  country: IdentityCountry | '';
  allowTypedIdentity: boolean;
  pinPolicy: KioskSetting['pinPolicy'];
  operations: Record<KioskOperation, boolean>;
  receipt: KioskSetting['receipt'];
  patronId: KioskSetting['patronId'];
}

/** The form for a policy's kiosk settings; none set: the fresh terminal's defaults, switched off. */
export function kioskDraftOf(kiosk: KioskSetting | undefined): KioskDraft {
  const k = kiosk ?? defaultKioskSetting;
  return {
    set: kiosk !== undefined,
    country: k.country ?? '',
    allowTypedIdentity: k.allowTypedIdentity,
    pinPolicy: k.pinPolicy,
    operations: { ...k.operations },
    receipt: k.receipt,
    patronId: k.patronId,
    maxPinFailures: textOf(k.maxPinFailures),
    lockoutMinutes: textOf(k.lockoutMinutes),
    idleWarningSeconds: textOf(k.idleWarningSeconds),
    idleSignOutSeconds: textOf(k.idleSignOutSeconds),
  };
}

/** The policy's `kiosk` the form says (undefined: not set), unchecked: KioskSettingSchema checks it. */
export function kioskOf(d: KioskDraft): unknown {
  if (!d.set) return undefined;
  return {
    country: d.country === '' ? null : d.country,
    allowTypedIdentity: d.allowTypedIdentity,
    pinPolicy: d.pinPolicy,
    operations: { ...d.operations },
    receipt: d.receipt,
    patronId: d.patronId,
    maxPinFailures: numberOf(d.maxPinFailures),
    lockoutMinutes: numberOf(d.lockoutMinutes),
    idleWarningSeconds: numberOf(d.idleWarningSeconds),
    idleSignOutSeconds: numberOf(d.idleSignOutSeconds),
  };
}
