import type { Credential } from '../../shared/cards';
import type { RegistrationFields } from '../../shared/desk/registration';
import type { GuardianConsentInput } from '../../shared/door/consent';
import type { AuditEntry, BorrowerDetail, BorrowerSummary, BorrowerUpdate, IdentityCheck, Language, Library, StaffSession } from '../../shared/ipc/contract';
import { AppFailure } from '../ipc/failure';
import { DeskContext, type DeskDeps } from './context';
import { addCard, removeCard, setPassword, setPin } from './credentials';
import { setDoorConsent } from './door-consent';
import { acknowledgeDoorAlarm, listDoorAlarms } from './door-alarms';
import { deleteBorrower, updateBorrower } from './edit';
import { borrowerIdForCredential, findByCard, searchBorrowers, viewBorrower } from './find';
import { auditLog, exportBorrowerRecord } from './records';
import { checkIdentity, moveHere, registerBorrower } from './registration';
import { signIn, signOut } from './session';
import { deskOptions, startPage } from './start-page';
import { decideTransfer, requestTransfer, searchLibraries } from './transfers';

export type { DeskDeps } from './context';

/** Roles that work at the desk; central register staff work like administrators (SPEC 1). */
const deskRoles: StaffSession['role'][] = ['registrar', 'admin', 'central'];
const adminRoles: StaffSession['role'][] = ['admin', 'central'];

/**
 * The borrower register as desk staff use it (SPEC section 2, MTM handbook): the staff session and
 * who may call what; each use case lives in its own module (session, start-page, registration, find,
 * edit, credentials, transfers, records) and takes the shared DeskContext.
 * Every change writes its outbox entry, mails and audit row in one SQLite transaction.
 */
export class DeskService {
  private session: StaffSession | undefined;
  private readonly ctx: DeskContext;

  constructor(deps: DeskDeps) {
    this.ctx = new DeskContext(deps);
  }

  // ---- session ------------------------------------------------------------

  async login(email: string, password: string): Promise<StaffSession> {
    this.session = await signIn(this.ctx, email, password);
    return this.session;
  }

  logout(): void {
    if (this.session) signOut(this.ctx, this.session);
    this.session = undefined;
  }

  current(): StaffSession | undefined {
    return this.session;
  }

  private require(roles: StaffSession['role'][] = deskRoles): StaffSession {
    if (!this.session) throw new AppFailure('forbidden', 'desk.error.notSignedIn');
    if (!roles.includes(this.session.role)) throw new AppFailure('forbidden', roles === adminRoles ? 'desk.error.adminOnly' : 'errors.forbidden');
    return this.session;
  }

  // ---- start page and options ----------------------------------------------

  startPage() {
    return startPage(this.ctx, this.require());
  }

  options() {
    return deskOptions(this.ctx, this.require());
  }

  // ---- registration ----------------------------------------------------------

  checkIdentity(identityNumber: string): IdentityCheck {
    return checkIdentity(this.ctx, this.require(), identityNumber);
  }

  // async like the use case: a refusal is a rejected promise, never a synchronous throw.
  async register(fields: RegistrationFields): Promise<BorrowerDetail> {
    return registerBorrower(this.ctx, this.require(), fields);
  }

  moveHere(borrowerId: string, consent: boolean, newEmail?: string): BorrowerDetail {
    return moveHere(this.ctx, this.require(), borrowerId, consent, newEmail);
  }

  // ---- find ----------------------------------------------------------------------

  search(query: string, limit: number): BorrowerSummary[] {
    return searchBorrowers(this.ctx, this.require(), query, limit);
  }

  get(id: string): BorrowerDetail {
    return viewBorrower(this.ctx, this.require(), id);
  }

  findByCard(cardNumber: string): BorrowerDetail | null {
    return findByCard(this.ctx, this.require(), cardNumber);
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

  update(change: BorrowerUpdate): BorrowerDetail {
    return updateBorrower(this.ctx, this.require(), change);
  }

  async setPassword(id: string, password: string): Promise<void> {
    return setPassword(this.ctx, this.require(), id, password);
  }

  async setPin(id: string, pin: string | null): Promise<void> {
    return setPin(this.ctx, this.require(), id, pin);
  }

  doorAlarms() {
    return listDoorAlarms(this.ctx, this.require());
  }

  acknowledgeDoorAlarm(id: string) {
    return acknowledgeDoorAlarm(this.ctx, this.require(), id);
  }

  setDoorConsent(id: string, consent: GuardianConsentInput | null): BorrowerDetail {
    return setDoorConsent(this.ctx, this.require(), id, consent);
  }

  delete(id: string): void {
    deleteBorrower(this.ctx, this.require(), id);
  }

  addCard(borrowerId: string, cardNumber: string): BorrowerDetail {
    return addCard(this.ctx, this.require(), borrowerId, cardNumber);
  }

  removeCard(borrowerId: string, cardNumber: string): BorrowerDetail {
    return removeCard(this.ctx, this.require(), borrowerId, cardNumber);
  }

  // ---- transfers -------------------------------------------------------------------

  searchLibraries(query: string): Library[] {
    this.require();
    return searchLibraries(this.ctx, query);
  }

  requestTransfer(borrowerId: string, toLibraryId: string): BorrowerDetail {
    return requestTransfer(this.ctx, this.require(), borrowerId, toLibraryId);
  }

  decideTransfer(requestId: string, accept: boolean): void {
    decideTransfer(this.ctx, this.require(), requestId, accept);
  }

  // ---- export and audit --------------------------------------------------------------

  exportBorrower(id: string, language: Language): { json: string; html: string; fileName: string } {
    return exportBorrowerRecord(this.ctx, this.require(), id, language);
  }

  auditLog(filter: { subjectId?: string; staffId?: string; action?: string; limit: number }): AuditEntry[] {
    return auditLog(this.ctx, this.require(adminRoles), filter);
  }
}
