export { DoorAccessService, type DoorAccessDeps, type DoorAccessResult } from './access-service';
export { doorAuthorizer } from './authorizer';
export { MemoryDoorFeedKeyStore, WrappedDoorFeedKeyFile, type DoorFeedKeyStore } from './feed-key';
export { dropOlderGenerations, feedHash, forgetFeedEntitlement, lookupFeedHash, readFeedParams, saveFeedParams, storeFeedEntitlements, type FeedParams } from './feed';
export { credentialRefOf, type CredentialRef } from './hashing';
export { readLockout } from './pin-failures';
export { VISIT_RETENTION_DAYS, purgeVisits, recentVisits, type VisitRow } from './visits';
export { effectiveDoorPolicy, registerDoorPolicy, type EffectiveDoorPolicy } from './register-policy';
