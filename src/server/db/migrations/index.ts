import { m0001Register } from './0001-register';
import { m0002Circulation } from './0002-circulation';
import { m0003AccessPolicy } from './0003-access-policy';
import { m0004AuditChain } from './0004-audit-chain';
import { m0005EnrolmentScope } from './0005-enrolment-scope';
import { m0006CentralRegisterStaff } from './0006-central-register-staff';
import { m0007PushResultPerTerminal } from './0007-push-result-per-terminal';
import { m0008RegisterJob } from './0008-register-job';
import { m0009TerminalHealth } from './0009-terminal-health';
import { m0010AdminSessions } from './0010-admin-sessions';
import { m0011GuardianConsent } from './0011-guardian-consent';
import { m0012DoorAlarms } from './0012-door-alarms';
import { m0013DeskCirculation } from './0013-desk-circulation';
import { m0014Building } from './0014-building';
import { m0015OpenLibraryOptIn } from './0015-open-library-opt-in';
import { m0016DeskRules } from './0016-desk-rules';
import { m0017DeskViews } from './0017-desk-views';
import { m0018DoorOverride } from './0018-door-override';
import { m0019DanishRegistration } from './0019-danish-registration';
import { m0020OptionalEmail } from './0020-optional-email';
import { m0021LibraryBranding } from './0021-library-branding';
import { m0022AltNumberAllocation } from './0022-alt-number-allocation';
import type { RegisterMigration } from './types';

/** In version order; migrateRegister() checks that. */
export const registerMigrations: readonly RegisterMigration[] = [
  m0001Register,
  m0002Circulation,
  m0003AccessPolicy,
  m0004AuditChain,
  m0005EnrolmentScope,
  m0006CentralRegisterStaff,
  m0007PushResultPerTerminal,
  m0008RegisterJob,
  m0009TerminalHealth,
  m0010AdminSessions,
  m0011GuardianConsent,
  m0012DoorAlarms,
  m0013DeskCirculation,
  m0014Building,
  m0015OpenLibraryOptIn,
  m0016DeskRules,
  m0017DeskViews,
  m0018DoorOverride,
  m0019DanishRegistration,
  m0020OptionalEmail,
  m0021LibraryBranding,
  m0022AltNumberAllocation,
];
export type { RegisterMigration };
