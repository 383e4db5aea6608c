import type { Database } from 'better-sqlite3';
import type { IdentityCountry } from '../../shared/identity';
import type { RegistrationIssue } from '../../shared/desk/registration';
import type { BorrowerDetail, Language, StaffSession } from '../../shared/ipc/contract';
import type { MessageKey } from '../../shared/i18n/resources';
import { all, get, sql } from '../db/sql';
import { refuse, type Refusal, type Result } from '../../shared/result';
import type { Logger } from '../log';
import { writeAudit, type AuditEvent } from '../privacy/audit';
import type { DeskMail, MailQueue } from './mail-queue';
import { mayAskRegisterExport, mayChange } from './access';
import { borrowerById, libraryById, toDetail, type LibraryRow } from './repository';

/** The audit action of a mail not sent because the borrower has no e-mail (named in reference.auditAction.*). */
export const mailNotSentAction = 'mail.not-sent-no-email';

export interface DeskDeps {
  db: Database;
  now: () => Date;
  mail: MailQueue;
  log: Logger;
  /** The terminal's language: mails go out in it. */
  language: () => Language;
  /** An enrolled desk's register allocates system-generated alternative borrower numbers (danish-fields.ts); unset, the desk stands alone. */
  allocateAltNumber?: () => Promise<string>;
}

/** What every desk use case (src/main/desk/*.ts behind DeskService) shares: the deps and small helpers over them. */
export class DeskContext {
  constructor(readonly deps: DeskDeps) {}

  get db(): Database {
    return this.deps.db;
  }

  nowIso(): string {
    return this.deps.now().toISOString();
  }

  today(): string {
    return this.nowIso().slice(0, 10);
  }

  audit(event: AuditEvent): void {
    writeAudit(this.db, event, this.deps.now());
  }

  mail(mail: DeskMail): void {
    // A borrower whose processing is restricted (GDPR art. 18, restriction.ts) gets no mail until it is lifted.
    if (mail.borrowerId && get<{ r: number }>(this.db, sql`SELECT processing_restricted AS r FROM borrower WHERE id = ${mail.borrowerId}`)?.r === 1) return;
    const { to } = mail;
    if (to === null) {
      // No e-mail (optional at Danish libraries): the audit records the mail that was not sent, by its template.
      this.audit({ staffId: null, libraryId: null, action: mailNotSentAction, subjectType: 'borrower', subjectId: mail.borrowerId ?? null, details: { template: mail.template, reason: 'no-email' } });
      return;
    }
    this.deps.mail.enqueue(this.db, { ...mail, to, language: this.deps.language() }, this.deps.now());
  }

  country(s: StaffSession): IdentityCountry {
    return libraryById(this.db, s.libraryId)?.country ?? 'SE';
  }

  branches(libraryId: string): LibraryRow[] {
    return all<LibraryRow>(this.db, sql`SELECT * FROM library WHERE parent_id = ${libraryId} ORDER BY name`);
  }

  /** The borrower as `s` sees it, with whether they may change it here and ask the register for its export (access.ts). */
  detail(id: string, s: StaffSession): BorrowerDetail {
    const row = borrowerById(this.db, id)!;
    return { ...toDetail(this.db, row, this.today()), changeable: mayChange(s, row), registerExportable: mayAskRegisterExport(this.db, s, row) };
  }
}

export const actor = (s: StaffSession): Pick<AuditEvent, 'staffId' | 'libraryId'> => ({ staffId: s.staffId, libraryId: s.libraryId });

/** What a desk use case returns: its value, or a refusal the screens show localized. */
export type DeskResult<T> = Result<T, Refusal>;

export const invalid = (issues: RegistrationIssue[]) => refuse('validation', 'errors.validation', undefined, issues);
export const invalidField = (path: string, message: MessageKey) => invalid([{ path, message }]);
