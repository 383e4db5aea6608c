import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { Credential } from '../../shared/cards';
import type { IdentityCountry } from '../../shared/identity';
import { parseIdentity } from '../../shared/identity';
import {
  checkRegistration,
  isLmaType,
  maxSamordningValidity,
  type RegistrationFields,
  type RegistrationIssue,
} from '../../shared/desk/registration';
import type {
  AuditEntry,
  BorrowerDetail,
  BorrowerSummary,
  BorrowerUpdate,
  IdentityCheck,
  Language,
  Library,
  StaffSession,
} from '../../shared/ipc/contract';
import type { MessageKey } from '../../shared/i18n/resources';
import { withOutbox, type OutboxEntry } from '../db/outbox';
import { all, get, run, sql } from '../db/sql';
import { AppFailure } from '../ipc/failure';
import type { Logger } from '../log';
import { renderExportHtml } from '../privacy/export-html';
import { eraseBorrower, exportBorrower } from '../privacy/subject';
import { writeAudit, type AuditEvent } from '../privacy/audit';
import type { DeskMail, MailQueue } from './mail-queue';
import { hashPassword, randomPassword, verifyPassword } from '../../common/passwords';
import { hashPin, writeBorrowerPin } from './borrower-pin';
import {
  borrowerById,
  ftsPrefixQuery,
  libraryById,
  toDetail,
  toLibrary,
  toSummary,
  type BorrowerRow,
  type LibraryRow,
} from './repository';

export interface DeskDeps {
  db: Database;
  now: () => Date;
  mail: MailQueue;
  log: Logger;
  /** The terminal's language: mails go out in it. */
  language: () => Language;
}

interface StaffRow {
  id: string;
  library_id: string;
  email: string;
  name: string;
  role: StaffSession['role'];
  password_hash: string;
  active: number;
}

const invalid = (issues: RegistrationIssue[]) => new AppFailure('validation', 'errors.validation', {}, issues);
const invalidField = (path: string, message: MessageKey) => invalid([{ path, message }]);

/**
 * The borrower register as desk staff use it (SPEC section 2, MTM handbook).
 * Every change writes its outbox entry, mails and audit row in one SQLite transaction.
 */
export class DeskService {
  private session: StaffSession | undefined;

  constructor(private readonly deps: DeskDeps) {}

  private get db() {
    return this.deps.db;
  }

  private today(): string {
    return this.deps.now().toISOString().slice(0, 10);
  }

  // ---- session ------------------------------------------------------------

  async login(email: string, password: string): Promise<StaffSession> {
    const staff = get<StaffRow>(this.db, sql`SELECT * FROM staff WHERE email = ${email.trim()} AND active = 1`);
    // Verify against a dummy hash when the account is unknown, so timing does not reveal which e-mails exist.
    const ok = await verifyPassword(password, staff?.password_hash ?? dummyHash);
    if (!staff || !ok) {
      this.audit({ staffId: staff?.id ?? null, libraryId: staff?.library_id ?? null, action: 'staff.login-failed', subjectType: 'staff', subjectId: staff?.id ?? null });
      throw new AppFailure('forbidden', 'desk.login.failed');
    }
    const library = libraryById(this.db, staff.library_id)!;
    this.session = {
      staffId: staff.id,
      name: staff.name,
      email: staff.email,
      role: staff.role,
      libraryId: staff.library_id,
      libraryName: library.name,
    };
    this.audit({ staffId: staff.id, libraryId: staff.library_id, action: 'staff.login', subjectType: 'staff', subjectId: staff.id });
    return this.session;
  }

  logout(): void {
    if (this.session) this.audit({ ...this.actor(this.session), action: 'staff.logout', subjectType: 'staff', subjectId: this.session.staffId });
    this.session = undefined;
  }

  current(): StaffSession | undefined {
    return this.session;
  }

  private require(roles: StaffSession['role'][] = ['registrar', 'admin']): StaffSession {
    if (!this.session) throw new AppFailure('forbidden', 'desk.error.notSignedIn');
    if (!roles.includes(this.session.role)) throw new AppFailure('forbidden', roles.length === 1 && roles[0] === 'admin' ? 'desk.error.adminOnly' : 'errors.forbidden');
    return this.session;
  }

  private actor(s: StaffSession): Pick<AuditEvent, 'staffId' | 'libraryId'> {
    return { staffId: s.staffId, libraryId: s.libraryId };
  }

  private audit(event: AuditEvent): void {
    writeAudit(this.db, event, this.deps.now());
  }

  private country(s: StaffSession): IdentityCountry {
    return libraryById(this.db, s.libraryId)?.country ?? 'SE';
  }

  private branches(libraryId: string): LibraryRow[] {
    return all<LibraryRow>(this.db, sql`SELECT * FROM library WHERE parent_id = ${libraryId} ORDER BY name`);
  }

  /** A registrar administers their own library's borrowers; an admin all. Protected identities belong to no library. */
  private mayAdminister(s: StaffSession, row: BorrowerRow): boolean {
    return s.role === 'admin' || row.library_id === s.libraryId || row.protected === 1;
  }

  private borrowerFor(s: StaffSession, id: string): BorrowerRow {
    const row = borrowerById(this.db, id);
    if (!row) throw new AppFailure('not-found', 'errors.notFound');
    if (!this.mayAdminister(s, row)) throw new AppFailure('forbidden', 'desk.error.notYourLibrary');
    return row;
  }

  private detail(id: string): BorrowerDetail {
    return toDetail(this.db, borrowerById(this.db, id)!, this.today());
  }

  // ---- start page and options ----------------------------------------------

  startPage() {
    const s = this.require();
    const borrowerCount = get<{ n: number }>(this.db, sql`SELECT count(*) AS n FROM borrower WHERE library_id = ${s.libraryId}`)?.n ?? 0;
    const transfers = all<{ id: string; borrower_id: string; first_name: string; last_name: string; from_name: string; created_at: string }>(
      this.db,
      sql`SELECT t.id, t.borrower_id, b.first_name, b.last_name, l.name AS from_name, t.created_at
          FROM transfer_request t JOIN borrower b ON b.id = t.borrower_id JOIN library l ON l.id = t.from_library_id
          WHERE t.to_library_id = ${s.libraryId} AND t.status = 'pending' ORDER BY t.created_at`,
    );
    return {
      libraryName: s.libraryName,
      borrowerCount,
      transfers: transfers.map((t) => ({
        id: t.id,
        borrowerId: t.borrower_id,
        borrowerName: `${t.first_name} ${t.last_name}`,
        fromLibraryName: t.from_name,
        createdAt: t.created_at,
      })),
    };
  }

  options() {
    const s = this.require();
    return {
      today: this.today(),
      country: this.country(s),
      branches: this.branches(s.libraryId).map(toLibrary),
      groups: all<{ code: string; name: string }>(this.db, sql`SELECT code, name FROM user_group WHERE published = 1 ORDER BY name`),
    };
  }

  // ---- registration ----------------------------------------------------------

  checkIdentity(identityNumber: string): IdentityCheck {
    const s = this.require();
    const parsed = parseIdentity(identityNumber, { today: this.today(), country: this.country(s) });
    if (!parsed.ok) return { status: 'invalid' };
    const row = get<BorrowerRow>(this.db, sql`SELECT rowid, * FROM borrower WHERE identity_number = ${parsed.normalised}`);
    if (!row) return { status: 'free' };
    if (row.protected === 1) return { status: 'protected' };
    if (row.library_id === s.libraryId) return { status: 'here', borrowerId: row.id };
    return {
      status: 'elsewhere',
      borrowerId: row.id,
      name: `${row.first_name} ${row.last_name}`,
      libraryName: libraryById(this.db, row.library_id)?.name ?? '',
    };
  }

  async register(fields: RegistrationFields): Promise<BorrowerDetail> {
    const s = this.require();
    const checked = checkRegistration(fields, { today: this.today(), country: this.country(s) });
    if (!checked.ok) throw invalid(checked.issues);
    const r = checked.value;

    const issues: RegistrationIssue[] = [];
    if (get(this.db, sql`SELECT 1 FROM borrower WHERE identity_number = ${r.identity.normalised}`)) issues.push({ path: 'identityNumber', message: 'desk.error.identityTaken' });
    if (get(this.db, sql`SELECT 1 FROM borrower WHERE email = ${r.email}`)) issues.push({ path: 'email', message: 'desk.error.emailTaken' });
    const groups = [...new Set(r.groups)];
    for (const code of groups) {
      if (!get(this.db, sql`SELECT 1 FROM user_group WHERE code = ${code} AND published = 1`)) issues.push({ path: 'groups', message: 'desk.error.unknownGroup' });
    }
    if (r.branchId && !this.branches(s.libraryId).some((b) => b.id === r.branchId)) issues.push({ path: 'branchId', message: 'desk.error.unknownBranch' });
    const cards = [...new Set(r.cardNumbers)];
    for (const card of cards) {
      if (get(this.db, sql`SELECT 1 FROM card WHERE number = ${card}`)) issues.push({ path: 'cardNumbers', message: 'desk.error.cardTaken' });
    }
    if (issues.length > 0) throw invalid(issues);

    // Slow hash outside the transaction; the random password exists only in this function and the mail.
    const password = r.sendLoginDetails ? randomPassword() : r.password!;
    const passwordHash = await hashPassword(password);
    const id = randomUUID();
    const now = this.deps.now().toISOString();
    const libraryId = r.protectedIdentity ? null : s.libraryId;
    const branchId = r.protectedIdentity ? null : (r.branchId ?? null);
    const minor = r.registerType === 'minor' || r.registerType === 'minor-lma';

    try {
      withOutbox(this.db, this.deps.now, () => {
        run(
          this.db,
          sql`INSERT INTO borrower (id, library_id, branch_id, register_type, identity_kind, identity_number, birth_date,
                first_name, last_name, email, valid_until, guardian_name, guardian_birth_date, protected, password_hash,
                agreement_accepted_at, created_at, created_by, updated_at)
              VALUES (${id}, ${libraryId}, ${branchId}, ${r.registerType}, ${r.identity.kind}, ${r.identity.normalised},
                ${r.identity.birthDate}, ${r.firstName}, ${r.lastName}, ${r.email}, ${r.validUntil ?? null},
                ${minor ? r.guardianName! : null}, ${minor ? r.guardianBirthDate! : null}, ${r.protectedIdentity ? 1 : 0},
                ${passwordHash}, ${now}, ${now}, ${s.staffId}, ${now})`,
        );
        for (const code of groups) run(this.db, sql`INSERT INTO borrower_group (borrower_id, group_code) VALUES (${id}, ${code})`);
        for (const card of cards) run(this.db, sql`INSERT INTO card (number, borrower_id, added_at) VALUES (${card}, ${id}, ${now})`);
        if (r.sendLoginDetails) {
          this.mail({
            to: r.email,
            template: 'registration-login',
            params: { name: `${r.firstName} ${r.lastName}`, email: r.email, password, libraryName: s.libraryName },
            borrowerId: id,
          });
        }
        this.audit({ ...this.actor(s), action: 'borrower.create', subjectType: 'borrower', subjectId: id, details: { registerType: r.registerType, protected: r.protectedIdentity } });
        const row = borrowerById(this.db, id)!;
        return { result: undefined, outbox: [this.outboxCreate(row, groups, cards)] };
      });
    } catch (error) {
      throw translateConstraint(error);
    }
    this.deps.log.info({ borrowerId: id, registerType: r.registerType }, 'borrower registered');
    return this.detail(id);
  }

  private mail(mail: DeskMail): void {
    this.deps.mail.enqueue(this.db, { ...mail, language: this.deps.language() }, this.deps.now());
  }

  private outboxCreate(row: BorrowerRow, groups: string[], cards: string[]): OutboxEntry {
    const { rowid: _rowid, ...fields } = row;
    return { kind: 'borrower.create', payload: { id: row.id, fields, groups, cards } };
  }

  /** Moves a borrower from another library here; the borrower has consented (MTM: "Flytta en låntagare till ditt eget bibliotek"). */
  moveHere(borrowerId: string, consent: boolean, newEmail?: string): BorrowerDetail {
    const s = this.require();
    if (!consent) throw invalidField('consent', 'desk.error.consentRequired');
    const row = borrowerById(this.db, borrowerId);
    if (!row || row.protected === 1) throw new AppFailure('not-found', 'errors.notFound');
    if (row.library_id === s.libraryId) throw invalidField('borrowerId', 'desk.error.sameLibrary');
    const email = newEmail ? newEmail.toLowerCase() : row.email;
    if (email !== row.email && get(this.db, sql`SELECT 1 FROM borrower WHERE email = ${email}`)) throw invalidField('newEmail', 'desk.error.emailTaken');
    const from = libraryById(this.db, row.library_id);
    withOutbox(this.db, this.deps.now, () => {
      const changes = this.applyChanges(row, { library_id: s.libraryId, branch_id: null, email });
      run(this.db, sql`UPDATE transfer_request SET status = 'rejected', decided_at = ${this.deps.now().toISOString()}, decided_by = ${s.staffId} WHERE borrower_id = ${row.id} AND status = 'pending'`);
      this.mail({ to: email, template: 'moved-to-library', params: { name: `${row.first_name} ${row.last_name}`, toLibrary: s.libraryName }, borrowerId: row.id });
      this.audit({ ...this.actor(s), action: 'borrower.move-here', subjectType: 'borrower', subjectId: row.id, details: { fromLibraryId: from?.id ?? null, emailChanged: email !== row.email } });
      return { result: undefined, outbox: [changes] };
    });
    return this.detail(row.id);
  }

  // ---- find ----------------------------------------------------------------------

  search(query: string, limit: number): BorrowerSummary[] {
    const s = this.require();
    const q = query.trim();
    const today = this.today();
    const found = new Map<string, { row: BorrowerRow; exact: boolean }>();
    const add = (rows: BorrowerRow[], exact: boolean) => {
      for (const row of rows) if (!found.has(row.id)) found.set(row.id, { row, exact });
    };
    const scope = s.role === 'admin' ? sql`1 = 1` : sql`b.library_id = ${s.libraryId}`;
    // For lookups by e-mail, identity or name, the unary + keeps the planner on those indexes
    // instead of walking every borrower of the library.
    const filter = s.role === 'admin' ? sql`1 = 1` : sql`+b.library_id = ${s.libraryId}`;

    if (q === '') {
      add(all<BorrowerRow>(this.db, sql`SELECT b.rowid, b.* FROM borrower b WHERE ${scope} ORDER BY b.last_name, b.first_name LIMIT ${limit}`), false);
    } else {
      const identity = parseIdentity(q, { today, country: this.country(s) });
      if (identity.ok) add(all<BorrowerRow>(this.db, sql`SELECT rowid, * FROM borrower b WHERE identity_number = ${identity.normalised}`), true);
      add(all<BorrowerRow>(this.db, sql`SELECT b.rowid, b.* FROM card c JOIN borrower b ON b.id = c.borrower_id WHERE c.number = ${q}`), true);
      if (q.includes('@')) {
        add(all<BorrowerRow>(this.db, sql`SELECT rowid, * FROM borrower b WHERE email = ${q}`), true);
        // A prefix as a range, so the e-mail index answers it (LIKE with ESCAPE would scan).
        const prefix = q.toLowerCase();
        add(all<BorrowerRow>(this.db, sql`SELECT b.rowid, b.* FROM borrower b WHERE b.email >= ${prefix} AND b.email < ${prefix + '\uffff'} AND ${filter} LIMIT ${limit}`), false);
      }
      const digits = q.replace(/[-+\s]/g, '');
      if (/^\d{6,}$/.test(digits)) {
        // A partial identity number: prefix of the normalised form (12-digit Swedish, 10-digit Danish).
        // As a range (':' sorts right after '9'), so the unique index answers it.
        add(all<BorrowerRow>(this.db, sql`SELECT b.rowid, b.* FROM borrower b WHERE b.identity_number >= ${digits} AND b.identity_number < ${digits + ':'} AND ${filter} LIMIT ${limit}`), false);
      }
      const fts = ftsPrefixQuery(q);
      if (fts && /\p{L}/u.test(q)) {
        // No ranking: bm25 over every match of a common name is what makes a search slow.
        // The first matches (in rowid order) are sorted by name instead.
        const rows = all<BorrowerRow>(
          this.db,
          sql`SELECT b.rowid, b.* FROM borrower_fts f JOIN borrower b ON b.rowid = f.rowid
              WHERE borrower_fts MATCH ${fts} AND ${filter} LIMIT ${limit}`,
        );
        add(rows.sort((x, y) => x.last_name.localeCompare(y.last_name, 'sv') || x.first_name.localeCompare(y.first_name, 'sv')), false);
      }
    }
    // Others' borrowers never show; a protected identity only on an exact identity, card or e-mail match.
    const visible = [...found.values()]
      .filter(({ row, exact }) => (row.protected === 1 ? exact : this.mayAdminister(s, row)))
      .slice(0, limit)
      .map(({ row }) => toSummary(this.db, row, today));
    this.audit({ ...this.actor(s), action: 'borrower.search', subjectType: 'borrower', subjectId: null, details: { results: visible.length } });
    return visible;
  }

  get(id: string): BorrowerDetail {
    const s = this.require();
    const row = this.borrowerFor(s, id);
    this.audit({ ...this.actor(s), action: 'borrower.view', subjectType: 'borrower', subjectId: row.id });
    return this.detail(row.id);
  }

  findByCard(cardNumber: string): BorrowerDetail | null {
    this.require();
    const hit = get<{ borrower_id: string }>(this.db, sql`SELECT borrower_id FROM card WHERE number = ${cardNumber}`);
    return hit ? this.get(hit.borrower_id) : null;
  }

  /**
   * The borrower a card read at the desk reader belongs to, when staff are signed in and may see them
   * (the account view that follows is audited as usual).
   */
  borrowerIdForCredential(credential: Credential): string | undefined {
    const s = this.session;
    if (!s || !['registrar', 'admin'].includes(s.role)) return undefined;
    const row =
      credential.kind === 'identity'
        ? get<BorrowerRow>(this.db, sql`SELECT rowid, * FROM borrower WHERE identity_number = ${credential.value}`)
        : get<BorrowerRow>(this.db, sql`SELECT b.rowid, b.* FROM card c JOIN borrower b ON b.id = c.borrower_id WHERE c.number = ${credential.value}`);
    return row && this.mayAdminister(s, row) ? row.id : undefined;
  }

  // ---- edit ------------------------------------------------------------------------

  /** Applies column changes with a version bump and returns the outbox entry describing them field by field. */
  private applyChanges(row: BorrowerRow, changes: Partial<Record<keyof BorrowerRow, string | number | null>>): OutboxEntry {
    const diff: Record<string, { from: unknown; to: unknown }> = {};
    for (const [key, to] of Object.entries(changes)) {
      const from = row[key as keyof BorrowerRow];
      if (from !== to) diff[key] = { from, to };
    }
    const now = this.deps.now().toISOString();
    const sets = Object.keys(diff).map((key) => sql`${rawIdentifier(key)} = ${diff[key]!.to}`);
    const updated = run(
      this.db,
      sql`UPDATE borrower SET ${sql.join([...sets, sql`updated_at = ${now}`, sql`version = version + 1`])}
          WHERE id = ${row.id} AND version = ${row.version}`,
    );
    if (updated.changes !== 1) throw new AppFailure('conflict', 'desk.error.changedMeanwhile');
    return { kind: 'borrower.update', payload: { id: row.id, baseVersion: row.version, changes: diff } };
  }

  update(change: BorrowerUpdate): BorrowerDetail {
    const s = this.require();
    const row = this.borrowerFor(s, change.id);
    if (row.version !== change.expectedVersion) throw new AppFailure('conflict', 'desk.error.changedMeanwhile');
    const today = this.today();
    const issues: RegistrationIssue[] = [];
    const columns: Partial<Record<keyof BorrowerRow, string | number | null>> = {};

    if (row.protected === 1 && (change.firstName !== undefined || change.lastName !== undefined || change.groups !== undefined || change.branchId !== undefined)) {
      throw new AppFailure('forbidden', 'errors.forbidden');
    }
    if (change.firstName !== undefined) columns.first_name = change.firstName;
    if (change.lastName !== undefined) columns.last_name = change.lastName;
    if (change.email !== undefined) {
      const email = change.email.toLowerCase();
      if (email !== row.email && get(this.db, sql`SELECT 1 FROM borrower WHERE email = ${email}`)) issues.push({ path: 'email', message: 'desk.error.emailTaken' });
      columns.email = email;
    }
    let kind = row.identity_kind;
    if (change.identityNumber !== undefined) {
      const parsed = parseIdentity(change.identityNumber, { today, country: this.country(s) });
      if (!parsed.ok) issues.push({ path: 'identityNumber', message: `identity.reason.${parsed.reason}` });
      else if (parsed.normalised !== row.identity_number) {
        // Only a samordningsnummer replaced by a personnummer is edited in place; an LMA holder gets a new account.
        if (row.identity_kind !== 'se-samordningsnummer' || parsed.kind !== 'se-personnummer') issues.push({ path: 'identityNumber', message: 'desk.error.identityNotEditable' });
        else if (get(this.db, sql`SELECT 1 FROM borrower WHERE identity_number = ${parsed.normalised}`)) issues.push({ path: 'identityNumber', message: 'desk.error.identityTaken' });
        else {
          columns.identity_number = parsed.normalised;
          columns.identity_kind = parsed.kind;
          columns.birth_date = parsed.birthDate;
          kind = parsed.kind;
        }
      }
    }
    if (change.validUntil !== undefined || columns.identity_kind !== undefined) {
      const validUntil = change.validUntil === undefined ? row.valid_until : change.validUntil || null;
      if (change.validUntil && change.validUntil < today) issues.push({ path: 'validUntil', message: 'desk.error.validityPast' });
      if (isLmaType(row.register_type) && validUntil === null) issues.push({ path: 'validUntil', message: 'desk.error.validityRequiredLma' });
      if (kind === 'se-samordningsnummer') {
        if (validUntil === null) issues.push({ path: 'validUntil', message: 'desk.error.validityRequiredSamordning' });
        else if (change.validUntil && validUntil > maxSamordningValidity(today)) issues.push({ path: 'validUntil', message: 'desk.error.validityTooLong' });
      }
      columns.valid_until = validUntil;
    }
    if (change.branchId !== undefined) {
      if (change.branchId !== null && !this.branches(row.library_id ?? '').some((b) => b.id === change.branchId)) issues.push({ path: 'branchId', message: 'desk.error.unknownBranch' });
      columns.branch_id = change.branchId;
    }
    const groups = change.groups === undefined ? undefined : [...new Set(change.groups)];
    for (const code of groups ?? []) {
      if (!get(this.db, sql`SELECT 1 FROM user_group WHERE code = ${code} AND published = 1`)) issues.push({ path: 'groups', message: 'desk.error.unknownGroup' });
    }
    if (issues.length > 0) throw invalid(issues);

    withOutbox(this.db, this.deps.now, () => {
      const outbox = [this.applyChanges(row, columns)];
      if (groups) {
        run(this.db, sql`DELETE FROM borrower_group WHERE borrower_id = ${row.id}`);
        for (const code of groups) run(this.db, sql`INSERT INTO borrower_group (borrower_id, group_code) VALUES (${row.id}, ${code})`);
        outbox.push({ kind: 'borrower.groups', payload: { id: row.id, groups } });
      }
      this.audit({ ...this.actor(s), action: 'borrower.update', subjectType: 'borrower', subjectId: row.id, details: { fields: Object.keys(columns).concat(groups ? ['groups'] : []) } });
      return { result: undefined, outbox };
    });
    return this.detail(row.id);
  }

  /** Staff set a password; it is not mailed (MTM handbook) and never shown again. */
  async setPassword(id: string, password: string): Promise<void> {
    const s = this.require();
    const row = this.borrowerFor(s, id);
    const hash = await hashPassword(password);
    withOutbox(this.db, this.deps.now, () => {
      const fresh = borrowerById(this.db, row.id)!;
      const entry = this.applyChanges(fresh, { password_hash: hash });
      this.audit({ ...this.actor(s), action: 'borrower.set-password', subjectType: 'borrower', subjectId: row.id });
      // The register gets the new hash; the outbox never carries the password itself.
      return { result: undefined, outbox: [entry] };
    });
  }

  /** Staff set or remove the borrower's kiosk and door PIN (SPEC 1: desk staff help with PIN/password); never shown again. */
  async setPin(id: string, pin: string | null): Promise<void> {
    const s = this.require();
    const row = this.borrowerFor(s, id);
    const pinHash = await hashPin(pin);
    withOutbox(this.db, this.deps.now, () => {
      const entry = writeBorrowerPin(this.db, row.id, pinHash);
      this.audit({ ...this.actor(s), action: pin === null ? 'borrower.remove-pin' : 'borrower.set-pin', subjectType: 'borrower', subjectId: row.id });
      return { result: undefined, outbox: [entry] };
    });
  }

  /**
   * Deletes the account the way every erasure goes (src/main/privacy/erase.ts): dependent rows,
   * door entitlements, mail content and unsent outbox data go too, audited, and the erasure
   * travels to the register as an id only. Refused while books are on loan or fees are unpaid.
   */
  delete(id: string): void {
    const s = this.require();
    const row = this.borrowerFor(s, id);
    const result = eraseBorrower(this.db, row.id, { staff: this.actor(s), now: this.deps.now() });
    if (result.ok) return;
    if (result.reason === 'open-loans') throw invalidField('id', 'desk.error.openLoans');
    if (result.reason === 'outstanding-debt') throw invalidField('id', 'desk.error.outstandingDebt');
    throw new AppFailure('not-found', 'errors.notFound');
  }

  addCard(borrowerId: string, cardNumber: string): BorrowerDetail {
    const s = this.require();
    const row = this.borrowerFor(s, borrowerId);
    if (get(this.db, sql`SELECT 1 FROM card WHERE number = ${cardNumber}`)) throw invalidField('cardNumber', 'desk.error.cardTaken');
    withOutbox(this.db, this.deps.now, () => {
      run(this.db, sql`INSERT INTO card (number, borrower_id, added_at) VALUES (${cardNumber}, ${row.id}, ${this.deps.now().toISOString()})`);
      this.audit({ ...this.actor(s), action: 'borrower.add-card', subjectType: 'borrower', subjectId: row.id });
      return { result: undefined, outbox: [{ kind: 'card.add', payload: { borrowerId: row.id, number: cardNumber } }] };
    });
    return this.detail(row.id);
  }

  removeCard(borrowerId: string, cardNumber: string): BorrowerDetail {
    const s = this.require();
    const row = this.borrowerFor(s, borrowerId);
    withOutbox(this.db, this.deps.now, () => {
      const { changes } = run(this.db, sql`DELETE FROM card WHERE number = ${cardNumber} AND borrower_id = ${row.id}`);
      if (changes === 0) throw new AppFailure('not-found', 'errors.notFound');
      this.audit({ ...this.actor(s), action: 'borrower.remove-card', subjectType: 'borrower', subjectId: row.id });
      return { result: undefined, outbox: [{ kind: 'card.remove', payload: { borrowerId: row.id, number: cardNumber } }] };
    });
    return this.detail(row.id);
  }

  // ---- transfers -------------------------------------------------------------------

  searchLibraries(query: string): Library[] {
    this.require();
    const q = query.trim();
    if (q === '') return [];
    return all<LibraryRow>(
      this.db,
      sql`SELECT * FROM library WHERE parent_id IS NULL AND name LIKE ${'%' + escapeLike(q) + '%'} ESCAPE '\\' ORDER BY name LIMIT 50`,
    ).map(toLibrary);
  }

  requestTransfer(borrowerId: string, toLibraryId: string): BorrowerDetail {
    const s = this.require();
    const row = this.borrowerFor(s, borrowerId);
    const to = libraryById(this.db, toLibraryId);
    if (!to || to.parent_id !== null || row.protected === 1) throw new AppFailure('not-found', 'errors.notFound');
    if (to.id === row.library_id) throw invalidField('toLibraryId', 'desk.error.sameLibrary');
    if (get(this.db, sql`SELECT 1 FROM transfer_request WHERE borrower_id = ${row.id} AND status = 'pending'`)) throw invalidField('toLibraryId', 'desk.error.transferPending');
    const from = libraryById(this.db, row.library_id)!;
    const id = randomUUID();
    withOutbox(this.db, this.deps.now, () => {
      run(
        this.db,
        sql`INSERT INTO transfer_request (id, borrower_id, from_library_id, to_library_id, requested_by, created_at)
            VALUES (${id}, ${row.id}, ${from.id}, ${to.id}, ${s.staffId}, ${this.deps.now().toISOString()})`,
      );
      this.mail({ to: row.email, template: 'transfer-requested', params: { name: `${row.first_name} ${row.last_name}`, fromLibrary: from.name, toLibrary: to.name }, borrowerId: row.id });
      this.audit({ ...this.actor(s), action: 'transfer.request', subjectType: 'borrower', subjectId: row.id, details: { transferId: id, toLibraryId: to.id } });
      return { result: undefined, outbox: [{ kind: 'transfer.request', payload: { id, borrowerId: row.id, fromLibraryId: from.id, toLibraryId: to.id } }] };
    });
    return this.detail(row.id);
  }

  /** The receiving library accepts or rejects; the borrower is mailed either way. */
  decideTransfer(requestId: string, accept: boolean): void {
    const s = this.require();
    const t = get<{ id: string; borrower_id: string; from_library_id: string; to_library_id: string; status: string }>(
      this.db,
      sql`SELECT * FROM transfer_request WHERE id = ${requestId}`,
    );
    if (!t || t.status !== 'pending') throw new AppFailure('not-found', 'errors.notFound');
    if (t.to_library_id !== s.libraryId && s.role !== 'admin') throw new AppFailure('forbidden', 'desk.error.notYourLibrary');
    const row = borrowerById(this.db, t.borrower_id)!;
    const from = libraryById(this.db, t.from_library_id)!;
    const to = libraryById(this.db, t.to_library_id)!;
    const name = `${row.first_name} ${row.last_name}`;
    withOutbox(this.db, this.deps.now, () => {
      const now = this.deps.now().toISOString();
      run(this.db, sql`UPDATE transfer_request SET status = ${accept ? 'accepted' : 'rejected'}, decided_at = ${now}, decided_by = ${s.staffId} WHERE id = ${t.id}`);
      const outbox: OutboxEntry[] = [{ kind: 'transfer.decide', payload: { id: t.id, accept } }];
      if (accept) outbox.push(this.applyChanges(row, { library_id: to.id, branch_id: null }));
      this.mail(
        accept
          ? { to: row.email, template: 'transfer-accepted', params: { name, toLibrary: to.name }, borrowerId: row.id }
          : { to: row.email, template: 'transfer-rejected', params: { name, toLibrary: to.name, fromLibrary: from.name }, borrowerId: row.id },
      );
      this.audit({ ...this.actor(s), action: accept ? 'transfer.accept' : 'transfer.reject', subjectType: 'borrower', subjectId: row.id, details: { transferId: t.id } });
      return { result: undefined, outbox };
    });
  }

  /** Everything held on the borrower (right of access), audited as a view. */
  exportBorrower(id: string, language: Language): { json: string; html: string; fileName: string } {
    const s = this.require();
    const row = this.borrowerFor(s, id);
    const data = exportBorrower(this.db, row.id, { now: this.deps.now(), audit: this.actor(s) });
    if (!data) throw new AppFailure('not-found', 'errors.notFound');
    const day = this.today();
    return { json: JSON.stringify(data, null, 2), html: renderExportHtml(data, language), fileName: `borrower-${row.id}-${day}` };
  }

  // ---- audit -----------------------------------------------------------------------

  auditLog(filter: { subjectId?: string; staffId?: string; action?: string; limit: number }): AuditEntry[] {
    const s = this.require(['admin']);
    const where = [sql`1 = 1`];
    if (filter.subjectId) where.push(sql`a.subject_id = ${filter.subjectId}`);
    if (filter.staffId) where.push(sql`a.staff_id = ${filter.staffId}`);
    if (filter.action) where.push(sql`a.action = ${filter.action}`);
    const rows = all<{ id: number; at: string; staff_name: string | null; action: string; subject_type: string; subject_id: string | null; details: string }>(
      this.db,
      sql`SELECT a.id, a.at, st.name AS staff_name, a.action, a.subject_type, a.subject_id, a.details
          FROM audit_log a LEFT JOIN staff st ON st.id = a.staff_id
          WHERE ${sql.join(where, ' AND ')} ORDER BY a.id DESC LIMIT ${filter.limit}`,
    );
    this.audit({ ...this.actor(s), action: 'audit.view', subjectType: 'staff', subjectId: null, details: { results: rows.length } });
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      staffName: r.staff_name,
      action: r.action,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      details: JSON.parse(r.details) as Record<string, unknown>,
    }));
  }
}

/** A valid hash of a random string: verified against when the e-mail is unknown. */
const dummyHash = 'scrypt$15$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const updatableColumns = new Set<string>(['first_name', 'last_name', 'email', 'valid_until', 'branch_id', 'library_id', 'identity_number', 'identity_kind', 'birth_date', 'password_hash']);

/** Column names come from our own code, never from input; the allow-list makes that checkable. */
function rawIdentifier(column: string) {
  if (!updatableColumns.has(column)) throw new Error(`Not an updatable column: ${column}`);
  return sql.identifier(column);
}

/** A UNIQUE race between the pre-check and the insert (another desk, same moment) becomes a field error. */
function translateConstraint(error: unknown): unknown {
  const message = error instanceof Error ? error.message : '';
  if (message.includes('UNIQUE constraint failed: borrower.email')) return invalidField('email', 'desk.error.emailTaken');
  if (message.includes('UNIQUE constraint failed: borrower.identity_number')) return invalidField('identityNumber', 'desk.error.identityTaken');
  if (message.includes('UNIQUE constraint failed: card.number')) return invalidField('cardNumbers', 'desk.error.cardTaken');
  return error;
}
