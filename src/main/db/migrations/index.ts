import { m0001Initial } from './0001-initial';
import { m0002Register } from './0002-register';
import { m0003Mail } from './0003-mail';
import { m0004HardwareSettings } from './0004-hardware-settings';
import { m0005Sync } from './0005-sync';
import { m0006DoorAccess } from './0006-door-access';
import { m0007Circulation } from './0007-circulation';
import { m0008Privacy } from './0008-privacy';
import { m0009AccessPolicy } from './0009-access-policy';
import { m0010CentralRegisterStaff } from './0010-central-register-staff';
import { m0011DoorFeed } from './0011-door-feed';
import { m0012SignInLockout } from './0012-sign-in-lockout';
import { m0013DoorConsent } from './0013-door-consent';
import { m0014DoorAlarms } from './0014-door-alarms';
import { m0015DeskCirculation } from './0015-desk-circulation';
import { m0016Building } from './0016-building';
import { m0017DoorOptIn } from './0017-door-opt-in';
import { m0018DeskRules } from './0018-desk-rules';
import { m0019DeskViews } from './0019-desk-views';
import { m0020DoorOverride } from './0020-door-override';
import { m0021DanishRegistration } from './0021-danish-registration';
import { m0022OptionalEmail } from './0022-optional-email';
import { m0023LibraryBranding } from './0023-library-branding';
import type { Migration } from './types';

/** In version order; migrate() checks that. */
export const migrations: readonly Migration[] = [m0001Initial, m0002Register, m0003Mail, m0004HardwareSettings, m0005Sync, m0006DoorAccess, m0007Circulation, m0008Privacy, m0009AccessPolicy, m0010CentralRegisterStaff, m0011DoorFeed, m0012SignInLockout, m0013DoorConsent, m0014DoorAlarms, m0015DeskCirculation, m0016Building, m0017DoorOptIn, m0018DeskRules, m0019DeskViews, m0020DoorOverride, m0021DanishRegistration, m0022OptionalEmail, m0023LibraryBranding];
export type { Migration };
