import type { Credential } from '../../shared/cards';
import type { RegistrationFields } from '../../shared/desk/registration';
import type { GuardianConsentInput } from '../../shared/door/consent';
import type { OptInInput } from '../../shared/door/opt-in';
import type { AuditEntry, BorrowerDetail, BorrowerList, BorrowerListQuery, BorrowerPage, BorrowerSummary, BorrowerUpdate, IdentityCheck, Language, Library, StaffSession } from '../../shared/ipc/contract';
import { ok, refuse } from '../../shared/result';
import { DeskContext, type DeskDeps, type DeskResult } from './context';
import { addCard, removeCard, setPassword, setPin } from './credentials';
import { setRestriction } from './restriction';
import { setDoorConsent } from './door-consent';
import { setDoorOptIn } from './door-opt-in';
import type { OpenDoorAlarm } from '../door/alarms';
import { acknowledgeDoorAlarm, listDoorAlarms } from './door-alarms';
import { setDoorOverride } from './door-override';
import type { DeskDoorOverrideRequest } from '../../shared/ipc/features/desk.contract';
import { deleteBorrower, updateBorrower } from './edit';
import { generateAltNumberFor } from './danish-fields';
import { borrowerIdForCredential, findByCard, searchBorrowers, viewBorrower } from './find';
import { borrowerListExport, listBorrowers } from './lists';
import type { ExportSource } from '../export-source';
import { changeOwnAccount, unguarded, type AttemptGuard, type OwnAccountChange } from './own-account';
import { auditLog, exportBorrowerRecord } from './records';
import { exportFromRegister, type RegisterExporter } from './register-export';
import { revealIdentity, viewBorrowerPage } from './borrower-page';
import { setBlocked, unlockPin } from './blocks';
import { borrowerFor } from './access';
import { cardNumbers } from './repository';
import type { AuditEvent } from '../privacy/audit';
import { checkIdentity, moveHere, registerBorrower } from './registration';
import { signIn, signOut } from './session';
import { deskOptions, startPage } from './start-page';
import { decideTransfer, requestTransfer, searchLibraries, withdrawTransfer } from './transfers';

export type { DeskDeps, DeskResult } from './context';

/** Roles that work at the desk; central register staff work like administrators (SPEC 1). */
const deskRoles: StaffSession['role'][] = ['registrar', 'admin', 'central'];
const adminRoles: StaffSession['role'][] = ['admin', 'central'];

/**
 * The borrower register as desk staff use it (SPEC section 2, MTM handbook): the staff session and
 * who may call what; each use case lives in its own module (session, start-page, registration, find,
 * edit, credentials, transfers, records) and takes the shared DeskContext.
 * Every change writes its outbox entry, mails and audit row in one SQLite transaction. Every method returns
 * a DeskResult: the value, or a refusal (not signed in, not allowed, not found, a field that is wrong).
 */
export class DeskService {
  private session: StaffSession | undefined;
  private readonly ctx: DeskContext;

  constructor(deps: DeskDeps) {
    this.ctx = new DeskContext(deps);
  }

  // ---- session ------------------------------------------------------------

  async login(email: string, password: string): Promise<DeskResult<StaffSession>> {
    const signedIn = await signIn(this.ctx, email, password);
    if (signedIn.ok) this.session = signedIn.value;
    return signedIn;
  }

  logout(): void {
    if (this.session) signOut(this.ctx, this.session);
    this.session = undefined;
  }

  current(): StaffSession | undefined {
    return this.session;
  }

  /** Runs a use case as the signed-in staff member, or refuses when nobody (or nobody with one of `roles`) is. */
  private as<T>(use: (s: StaffSession) => DeskResult<T>, roles: StaffSession['role'][] = deskRoles): DeskResult<T> {
    if (!this.session) return refuse('forbidden', 'desk.error.notSignedIn');
    if (!roles.includes(this.session.role)) return refuse('forbidden', roles === adminRoles ? 'desk.error.adminOnly' : 'errors.forbidden');
    return use(this.session);
  }

  /** `as` for the use cases that hash (slowly) before they write. */
  private async asAsync<T>(use: (s: StaffSession) => Promise<DeskResult<T>>, roles: StaffSession['role'][] = deskRoles): Promise<DeskResult<T>> {
    const s = this.as(ok, roles);
    return s.ok ? use(s.value) : s;
  }

  // ---- the staff member's own account ------------------------------------

  /** "Mina uppgifter": own password and e-mail, with the current password (checked through `guard`'s back-off). */
  async changeOwnAccount(change: OwnAccountChange, guard: AttemptGuard = unguarded): Promise<DeskResult<StaffSession>> {
    const changed = await this.asAsync((s) => changeOwnAccount(this.ctx, s, change, guard), ['registrar', 'technician', 'admin', 'central']);
    if (changed.ok && this.session?.staffId === changed.value.staffId) this.session = changed.value;
    return changed;
  }

  // ---- start page and options ----------------------------------------------

  startPage() {
    return this.as((s) => ok(startPage(this.ctx, s)));
  }

  options() {
    return this.as((s) => ok(deskOptions(this.ctx, s)));
  }

  // ---- registration ----------------------------------------------------------

  checkIdentity(identityNumber: string): DeskResult<IdentityCheck> {
    return this.as((s) => ok(checkIdentity(this.ctx, s, identityNumber)));
  }

  register(fields: RegistrationFields): Promise<DeskResult<BorrowerDetail>> {
    return this.asAsync((s) => registerBorrower(this.ctx, s, fields));
  }

  moveHere(borrowerId: string, consent: boolean, newEmail?: string): DeskResult<BorrowerDetail> {
    return this.as((s) => moveHere(this.ctx, s, borrowerId, consent, newEmail));
  }

  // ---- find ----------------------------------------------------------------------

  search(query: string, limit: number): DeskResult<BorrowerSummary[]> {
    return this.as((s) => ok(searchBorrowers(this.ctx, s, query, limit)));
  }

  listBorrowers(query: BorrowerListQuery): DeskResult<BorrowerList> {
    return this.as((s) => ok(listBorrowers(this.ctx, s, query)));
  }

  get(id: string): DeskResult<BorrowerDetail> {
    return this.as((s) => viewBorrower(this.ctx, s, id));
  }

  findByCard(cardNumber: string): DeskResult<BorrowerDetail | null> {
    return this.as((s) => findByCard(this.ctx, s, cardNumber));
  }

  /**
   * The borrower a card read at the desk reader belongs to, when staff are signed in and may see them
   * (the account view that follows is audited as usual).
   */
  borrowerIdForCredential(credential: Credential): string | undefined {
    const s = this.session;
    if (!s || !deskRoles.includes(s.role)) return undefined;
    return borrowerIdForCredential(this.ctx, s, credential);
  }

  // ---- edit ------------------------------------------------------------------------

  update(change: BorrowerUpdate): DeskResult<BorrowerDetail> {
    return this.as((s) => updateBorrower(this.ctx, s, change));
  }

  generateAltNumber(): Promise<DeskResult<{ altNumber: string }>> {
    return this.asAsync((s) => generateAltNumberFor(this.ctx, s));
  }

  setPassword(id: string, password: string): Promise<DeskResult<void>> {
    return this.asAsync((s) => setPassword(this.ctx, s, id, password));
  }

  setPin(id: string, pin: string | null): Promise<DeskResult<void>> {
    return this.asAsync((s) => setPin(this.ctx, s, id, pin));
  }

  doorAlarms(): DeskResult<OpenDoorAlarm[]> {
    return this.as((s) => ok(listDoorAlarms(this.ctx, s)));
  }

  acknowledgeDoorAlarm(id: string): DeskResult<OpenDoorAlarm[]> {
    return this.as((s) => acknowledgeDoorAlarm(this.ctx, s, id));
  }

  /** Open once, hold open, lock down or cancel a door of the staff member's library (through the register). */
  setDoorOverride(request: DeskDoorOverrideRequest): DeskResult<{ id: string }> {
    return this.as((s) => setDoorOverride(this.ctx, s, request));
  }

  setDoorConsent(id: string, consent: GuardianConsentInput | null): DeskResult<BorrowerDetail> {
    return this.as((s) => setDoorConsent(this.ctx, s, id, consent));
  }

  setDoorOptIn(id: string, optIn: OptInInput | null): DeskResult<BorrowerDetail> {
    return this.as((s) => setDoorOptIn(this.ctx, s, id, optIn));
  }

  setRestriction(id: string, restricted: boolean, reason?: string): DeskResult<BorrowerDetail> {
    return this.as((s) => setRestriction(this.ctx, s, id, restricted, reason));
  }

  delete(id: string): DeskResult<void> {
    return this.as((s) => deleteBorrower(this.ctx, s, id));
  }

  addCard(borrowerId: string, cardNumber: string): DeskResult<BorrowerDetail> {
    return this.as((s) => addCard(this.ctx, s, borrowerId, cardNumber));
  }

  removeCard(borrowerId: string, cardNumber: string): DeskResult<BorrowerDetail> {
    return this.as((s) => removeCard(this.ctx, s, borrowerId, cardNumber));
  }

  // ---- transfers -------------------------------------------------------------------

  searchLibraries(query: string): DeskResult<Library[]> {
    return this.as(() => ok(searchLibraries(this.ctx, query)));
  }

  requestTransfer(borrowerId: string, toLibraryId: string): DeskResult<BorrowerDetail> {
    return this.as((s) => requestTransfer(this.ctx, s, borrowerId, toLibraryId));
  }

  decideTransfer(requestId: string, accept: boolean, email?: string | null): DeskResult<void> {
    return this.as((s) => decideTransfer(this.ctx, s, requestId, accept, email));
  }

  // ---- circulation at the desk (issue 11) --------------------------------------------

  borrowerPage(id: string): DeskResult<BorrowerPage> {
    return this.as((s) => viewBorrowerPage(this.ctx, s, id));
  }

  revealIdentity(id: string): DeskResult<{ identityNumber: string }> {
    return this.as((s) => revealIdentity(this.ctx, s, id));
  }

  block(id: string, reason: string): DeskResult<BorrowerPage> {
    return this.as((s) => setBlocked(this.ctx, s, id, true, reason));
  }

  unblock(id: string, reason: string): DeskResult<BorrowerPage> {
    return this.as((s) => setBlocked(this.ctx, s, id, false, reason));
  }

  unlockPin(id: string): DeskResult<BorrowerPage> {
    return this.as((s) => unlockPin(this.ctx, s, id));
  }

  /**
   * The signed-in staff member and the borrower they may administer, as a circulation backend needs them
   * (src/main/circulation/desk-circulation.ts): the card the borrower holds first, else the identity number.
   */
  patron(id: string): DeskResult<{ staff: StaffSession; borrowerId: string; patronId: string }> {
    return this.as((s) => {
      const found = borrowerFor(this.ctx, s, id);
      if (!found.ok) return found;
      const card = cardNumbers(this.ctx.db, found.value.id)[0];
      return ok({ staff: s, borrowerId: found.value.id, patronId: card ?? found.value.identity_number });
    });
  }

  /** Signed-in desk staff, or the refusal (for what needs no borrower: a return). */
  staff(): DeskResult<StaffSession> {
    return this.as(ok);
  }

  /** Records what staff did at the desk on a borrower's behalf (loans, returns, renewals). */
  audit(event: AuditEvent): void {
    this.ctx.audit(event);
  }

  withdrawTransfer(requestId: string): DeskResult<{ borrowerName: string }> {
    return this.as((s) => withdrawTransfer(this.ctx, s, requestId));
  }

  // ---- export and audit --------------------------------------------------------------

  exportBorrower(id: string, language: Language): DeskResult<{ json: string; html: string; fileName: string }> {
    return this.as((s) => exportBorrowerRecord(this.ctx, s, id, language));
  }

  /** Everything the central register holds on the borrower (administrators, password typed again; register-export.ts). */
  exportFromRegister(id: string, password: string, exporter: RegisterExporter | undefined): Promise<DeskResult<{ json: string; fileName: string }>> {
    return this.asAsync((s) => exportFromRegister(this.ctx, s, id, password, exporter), adminRoles);
  }

  auditLog(filter: { subjectId?: string; staffId?: string; action?: string; limit: number }): DeskResult<AuditEntry[]> {
    return this.as((s) => ok(auditLog(this.ctx, s, filter)), adminRoles);
  }

  /** A list's borrowers for `runExport` (list-export in lists.ts); each chunk checks the same staff member is still signed in. */
  borrowerListExport(query: Pick<BorrowerListQuery, 'registerType' | 'sort' | 'direction'>, columns: readonly string[]): DeskResult<ExportSource> {
    return this.as((s) => {
      const source = borrowerListExport(this.ctx, s, query, columns);
      return ok({
        ...source,
        next: () => {
          if (this.session?.staffId !== s.staffId) throw new Error('signed out during the export');
          return source.next();
        },
      });
    });
  }
}
