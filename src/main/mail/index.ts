/**
 * Mail for the borrower register: a transactional outbox (enqueueMail inside
 * the caller's transaction) and a sender that delivers it over SMTP, or to
 * .eml files when no SMTP server is configured.
 *
 * Wiring:
 *   const setup = createMailSetup({ env: process.env, dataDir, log: moduleLogger(log, 'mail'), now });
 *   const sender = createMailSender({ db, transport: setup.transport, from: setup.from, log: moduleLogger(log, 'mail'), now });
 *   sender.start(30_000);                       // and `await sender.stop()` on close
 *   db.transaction(() => { ...change...; enqueueMail(db, mail, now()); })();
 *   sender.wake();                              // after the commit, to send right away
 *   purgeMailContent(db, now());                // daily, with the other retention jobs
 */
export { isMailAddress, MailAddressSchema } from './address';
export { classifySendError, type SendFailure } from './classify';
export { mailEnv, mailFromEnv, parseSmtpConfig, smtpConfigFromEnv, type SmtpConfig, type SmtpConfigInput } from './config';
export { MailConfigError, MailValidationError, type MailIssue } from './errors';
export {
  enqueueMail,
  listMailProblems,
  MAIL_CONTENT_RETENTION_DAYS,
  pendingMailCount,
  purgeMailContent,
  type EnqueuedMail,
  type MailProblem,
  type NewMail,
} from './outbox';
export { backoffDelay, createMailSender, defaultBackoff, type BackoffOptions, type DrainResult, type MailSender, type MailSenderOptions } from './sender';
export { formatMailDate, mailLanguages, mailTemplateIds, mailTemplates, renderMail, type MailLanguage, type MailParams, type MailTemplateId } from './templates';
export {
  createFileTransport,
  createMailSetup,
  createSmtpTransport,
  type MailDelivery,
  type MailSetup,
  type MailTransport,
  type OutgoingMail,
} from './transport';
