export {
  ScheduleExceptionSchema,
  ScheduleIntervalSchema,
  ScheduleSchema,
  hoursStartingOn,
  minutesOfDay,
  scheduleIssues,
  scheduleStateAt,
  weekdays,
  type Schedule,
  type ScheduleException,
  type ScheduleInput,
  type ScheduleInterval,
  type ScheduleState,
  type Weekday,
} from './schedule';
export { DoorPolicySchema, pinPolicies, policyIssues, type DoorPolicy, type DoorPolicyInput, type PinPolicy } from './policy';
export {
  decideAccess,
  doorDetails,
  doorReasons,
  type DoorAccessInput,
  type DoorBorrowerMessageKey,
  type DoorDecision,
  type DoorDetail,
  type DoorDetailMessageKey,
  type DoorEntitlement,
  type DoorMessageParams,
  type DoorReason,
  type DoorStaffMessageKey,
  type ErasedEntitlement,
  type LockoutState,
  type PinCheck,
} from './rules';
export { doorMessages, type DoorMessageKey } from './messages';
export { instantOfWall, isTimeZone, localDateAt, offsetAt, wallMsAt, type LocalDate } from './zoned-time';
