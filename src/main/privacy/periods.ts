import { MAIL_CONTENT_RETENTION_DAYS } from '../mail/outbox';
import { VISIT_RETENTION_DAYS } from '../door/visits';
import { sharedRetentionPeriods } from '../../shared/privacy/periods';

export { daysBefore, fiscalYearCutoff, monthsBefore, yearsBefore } from '../../shared/privacy/periods';

/**
 * The retention periods of SPEC section 3 on a terminal: the ones shared with the register
 * (src/shared/privacy/periods.ts) plus those other terminal modules own (mail content, door
 * visits), read from them.
 */
export const retentionPeriods = {
  ...sharedRetentionPeriods,
  messageContentDays: MAIL_CONTENT_RETENTION_DAYS,
  doorVisitDays: VISIT_RETENTION_DAYS,
} as const;
