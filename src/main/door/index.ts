export { DoorAccessService, type DoorAccessDeps, type DoorAccessResult } from './access-service';
export { doorAuthorizer } from './authorizer';
export {
  DoorKeyMismatchError,
  ERASED_TOMBSTONE_DAYS,
  EntitlementInputSchema,
  clearDoorCache,
  doorKeyStatus,
  eraseEntitlement,
  lookupByCredential,
  purgeErasedEntitlements,
  setDoorPin,
  upsertEntitlement,
  type EntitlementInput,
  type EntitlementLookup,
  type UpsertOutcome,
} from './entitlements';
export { buildEntitlementsFromRegister, type BuildOutcome } from './from-register';
export { MIN_KEY_BYTES, credentialHash, credentialRefOf, deriveDoorKeys, normaliseCardNumber, type CredentialRef, type DoorKeys } from './hashing';
export { readLockout } from './pin-failures';
export { VISIT_RETENTION_DAYS, purgeVisits, recentVisits, type VisitRow } from './visits';
export { effectiveDoorPolicy, registerDoorPolicy, type EffectiveDoorPolicy } from './register-policy';
