import type { Database } from 'better-sqlite3';
import type { Credential } from '../../shared/cards';
import type { KioskSession, KioskTransaction, Language } from '../../shared/ipc/contract';
import { parseIdentity } from '../../shared/identity';
import { defaultKioskSetting, receiptDeliveries, type KioskOperation, type ReceiptDelivery } from '../../shared/kiosk/settings';
import type { CirculationBackend, CirculationResult, PatronAccount, PatronRef } from '../circulation/types';
import { withOutbox } from '../db/outbox';
import { get, run, sql } from '../db/sql';
import type { CredentialRef } from '../door/hashing';
import { claimPinAttempt, readLockout, settlePinAttempt } from '../door/pin-failures';
import { err, ok, refuse, type Refusal, type Result } from '../../shared/result';
import type { Logger } from '../log';
import type { MailQueue } from '../desk/mail-queue';
import type { DoorFeedKeyStore } from '../door';
import { checkPinAtLibrary, keepLockoutLocal, lockoutMinutesLeft, signInAtLibrary, type BorrowerRow } from './library-sign-in';
import { kioskRuntimeSettings, type KioskSettings } from './settings';
import { findVisitor } from './visitors';

export type { KioskSettings } from './settings';

/** The kiosk with nothing set: the fresh terminal's settings in Sweden (services.ts decides the country and name). */
export const defaultKioskSettings: KioskSettings = kioskRuntimeSettings(defaultKioskSetting, { country: 'SE', libraryName: 'Lånedisk' });

interface Session {
  borrower: BorrowerRow;
  patron: PatronRef;
  stage: 'pin' | 'active';
  lastActivity: number;
  transactions: KioskTransaction[];
}

export type IdentifyInput = { cardNumber: string } | { identityNumber: string } | { credential: Credential };

/** Why a borrower is not let in; each has a plain-language message (kiosk.refusal.*). */
export type KioskRefusal = 'unknown-card' | 'expired' | 'blocked' | 'locked-out' | 'pin-wrong' | 'typed-identity-not-allowed' | 'library-unreachable' | 'restricted';

/** A card or PIN refused: the refusal the screen shows, and its reason (the reader's kiosk.refused event names it). */
export interface KioskRefused extends Refusal {
  reason: KioskRefusal;
}

/** The refusal in words: wrong PIN with the attempts left, a lockout with its minutes left (plural forms through `count`). */
function refused(reason: KioskRefusal, counts: { attemptsLeft?: number; minutesLeft?: number } = {}): { ok: false; error: KioskRefused } {
  if (reason === 'pin-wrong') return err({ kind: 'forbidden', code: 'kiosk.pin.attemptsLeft', params: { count: counts.attemptsLeft ?? 0 }, reason });
  if (reason === 'locked-out' && counts.minutesLeft) return err({ kind: 'forbidden', code: 'kiosk.refusal.locked-out.minutes', params: { count: counts.minutesLeft }, reason });
  return err({ kind: 'forbidden', code: `kiosk.refusal.${reason}`, reason });
}

const noSession = () => refuse('forbidden', 'kiosk.error.noSession');
/** An operation the kiosk's settings do not allow: refused in words, the tile is not shown either. */
const disabled = (operation: KioskOperation) => refuse('forbidden', `kiosk.disabled.${operation}`);

/**
 * One borrower session at a self-check kiosk: identify (card or typed number),
 * PIN, then loans, checkout, return, renew and a receipt. Identification and
 * PIN are always checked against the local register, so it works offline.
 */
export class KioskService {
  private session: Session | undefined;

  constructor(
    private readonly deps: {
      db: Database;
      backend: () => CirculationBackend;
      now: () => Date;
      log: Logger;
      mail: MailQueue;
      language: () => Language;
      settings: () => KioskSettings;
      onChange: (session: KioskSession | null) => void;
      /** The register's door key (the feed is the kiosk's index of other libraries' borrowers); none: visitors are unknown. */
      feedKeys?: DoorFeedKeyStore;
      /** A visitor's first name from the register (online); null or a failure: the neutral greeting. */
      greeting?: (ref: string) => Promise<string | null>;
    },
  ) {}

  private get settings() {
    return this.deps.settings();
  }

  private nowMs() {
    return this.deps.now().getTime();
  }

  /** The session as the page may see it: a name, never an identity number. */
  view(): KioskSession | null {
    this.expireIfIdle();
    const s = this.session;
    if (!s) return null;
    return {
      stage: s.stage,
      firstName: s.borrower.first_name,
      ...(s.borrower.visitor ? { visitor: true } : {}),
      ...(!s.borrower.visitor && !s.borrower.email ? { noEmail: true } : {}),
      idleSeconds: this.settings.idleSignOutSeconds,
      transactions: s.transactions,
    };
  }

  private changed() {
    this.deps.onChange(this.view());
  }

  private expireIfIdle() {
    if (this.session && this.nowMs() - this.session.lastActivity > this.settings.idleSignOutSeconds * 1000) {
      this.deps.log.info('kiosk session ended after idle time');
      void this.endAtLibrary(this.session);
      this.session = undefined;
    }
  }

  private active(): Session | undefined {
    this.expireIfIdle();
    if (!this.session || this.session.stage !== 'active') return undefined;
    this.session.lastActivity = this.nowMs();
    return this.session;
  }

  /** The own library's row first, then the keyed-hash feed (a visitor); the credential as the backend knows it. */
  private async findBorrower(input: IdentifyInput): Promise<{ row?: BorrowerRow; credential: string } | undefined | 'typed-identity-not-allowed'> {
    const ref = this.credentialOf(input);
    if (ref === 'typed-identity-not-allowed' || ref === undefined) return ref;
    const columns = sql`b.id, b.first_name, b.last_name, b.email, b.identity_number, b.valid_until, b.blocked, b.protected, b.pin_hash, b.processing_restricted`;
    const local =
      ref.kind === 'card'
        ? get<BorrowerRow>(this.deps.db, sql`SELECT ${columns} FROM card c JOIN borrower b ON b.id = c.borrower_id WHERE c.number = ${ref.number}`)
        : get<BorrowerRow>(this.deps.db, sql`SELECT ${columns} FROM borrower b WHERE b.identity_number = ${ref.normalised}`);
    const credential = ref.kind === 'card' ? ref.number : ref.normalised;
    if (local) return { row: local, credential };
    // A Danish alternative borrower number typed like a card number (seed 002); the backend knows the person by the CPR number.
    const byAltNumber = ref.kind === 'card' ? get<BorrowerRow>(this.deps.db, sql`SELECT ${columns} FROM borrower b WHERE b.alt_number = ${ref.number}`) : undefined;
    if (byAltNumber) return { row: byAltNumber, credential: byAltNumber.identity_number };
    const visitor = this.deps.feedKeys ? await findVisitor(this.deps.db, this.deps.feedKeys, ref) : undefined;
    if (!visitor) return { credential };
    const firstName = await this.visitorName(visitor.ref);
    const row: BorrowerRow = {
      id: visitor.ref,
      first_name: firstName ?? '',
      last_name: '',
      email: '',
      identity_number: '',
      valid_until: visitor.validUntil,
      blocked: visitor.blocked ? 1 : 0,
      processing_restricted: visitor.restricted ? 1 : 0,
      protected: 0,
      pin_hash: visitor.pinHash,
      visitor: true,
    };
    return { row, credential };
  }

  private credentialOf(input: IdentifyInput): CredentialRef | undefined | 'typed-identity-not-allowed' {
    if ('cardNumber' in input) return { kind: 'card', number: input.cardNumber.trim() };
    if ('identityNumber' in input) {
      if (!this.settings.allowTypedIdentity) return 'typed-identity-not-allowed';
      const parsed = parseIdentity(input.identityNumber, { today: this.deps.now().toISOString().slice(0, 10), country: this.settings.country });
      return parsed.ok ? { kind: 'identity', normalised: parsed.normalised } : undefined;
    }
    const { credential } = input;
    return credential.kind === 'identity' ? { kind: 'identity', normalised: credential.value } : { kind: 'card', number: credential.value };
  }

  /** Online: the register's answer (a protected borrower gets none); offline or on any error: the neutral greeting. */
  private async visitorName(ref: string): Promise<string | null> {
    if (!this.deps.greeting) return null;
    try {
      return await this.deps.greeting(ref);
    } catch (error) {
      this.deps.log.info({ err: error instanceof Error ? error.message : String(error) }, 'kiosk visitor greeted neutrally');
      return null;
    }
  }

  /** A card was read or a number typed: start a session, or say plainly why not. */
  async identify(input: IdentifyInput): Promise<Result<KioskSession, KioskRefused>> {
    const lookedUp = await this.findBorrower(input);
    if (lookedUp === 'typed-identity-not-allowed') return refused(lookedUp);
    if (!lookedUp) return refused('unknown-card');
    // The backend hears the card or number the borrower used (kept in memory for the session), or the identity number where the site says so.
    const local = lookedUp.row;
    // Restricted processing (GDPR art. 18): the account is not used, not even to ask the library system.
    if (local?.processing_restricted === 1) return refused('restricted');
    const patronId = local && !local.visitor && this.settings.patronId === 'identity' ? local.identity_number : lookedUp.credential;
    const atLibrary = await signInAtLibrary(this.deps.backend(), patronId, local);
    if (!atLibrary.ok) return refused(atLibrary.reason);
    const found = atLibrary.row;
    const today = this.deps.now().toISOString().slice(0, 10);
    if (!atLibrary.verified && found.valid_until !== null && found.valid_until < today) return refused('expired');
    if (!atLibrary.verified && found.blocked === 1) return refused('blocked');
    if (this.lockedOut(found.id)) return refused('locked-out', { minutesLeft: lockoutMinutesLeft(this.deps.db, found.id, this.deps.now()) });
    this.session = {
      borrower: found,
      patron: { borrowerId: found.id, patronId, ...(found.visitor ? { visitor: true } : {}) },
      stage: this.settings.pinPolicy === 'required' ? 'pin' : 'active',
      lastActivity: this.nowMs(),
      transactions: [],
    };
    this.deps.log.info({ stage: this.session.stage, visitor: found.visitor === true }, 'kiosk session started');
    if (this.session.stage === 'active' && !found.remote) this.recordActivity(found.id);
    this.changed();
    return ok(this.view()!);
  }

  /**
   * The borrower is signed in (after the PIN where one is required): borrower activity, which keeps
   * them from being erased as inactive (SPEC 3). Set here and queued for the register in one transaction.
   */
  private recordActivity(borrowerId: string): void {
    const at = this.deps.now().toISOString();
    withOutbox(this.deps.db, this.deps.now, () => {
      run(this.deps.db, sql`UPDATE borrower SET last_activity_at = ${at} WHERE id = ${borrowerId} AND (last_activity_at IS NULL OR last_activity_at < ${at})`);
      return { result: undefined, outbox: [{ kind: 'borrower.activity', payload: { id: borrowerId, at } }] };
    });
  }

  /** Wrong PINs are counted per borrower in the database the door uses too, so a restart clears nothing. */
  private lockedOut(borrowerId: string): boolean {
    const { lockedUntil } = readLockout(this.deps.db, borrowerId);
    return lockedUntil !== null && lockedUntil.getTime() > this.nowMs();
  }

  /**
   * The PIN is checked one attempt at a time per borrower (claimPinAttempt counts it before the slow hash), so
   * guesses sent all at once get no more than maxPinFailures checks between them; a lock started here reaches
   * every kiosk and door through the register.
   */
  async enterPin(pin: string): Promise<Result<KioskSession, Refusal>> {
    this.expireIfIdle();
    const s = this.session;
    if (!s || s.stage !== 'pin') return noSession();
    s.lastActivity = this.nowMs();
    const id = s.borrower.id;
    const max = this.settings.maxPinFailures;
    const claimed = claimPinAttempt(this.deps.db, id, { maxFailures: max, lockoutMinutes: this.settings.lockoutMinutes }, this.deps.now());
    if (!claimed.ok) return this.lockedOutOf(s);
    const checked = await checkPinAtLibrary(this.deps.backend(), s.patron.patronId, s.borrower, pin);
    const outcome = settlePinAttempt(this.deps.db, claimed.claim, checked === true, this.deps.now());
    keepLockoutLocal(this.deps.db, s.borrower);
    if (typeof checked === 'object') return this.refusedAtLibrary(s, checked.refusal);
    if (outcome === 'locked-out') return this.lockedOutOf(s);
    if (outcome === 'correct') {
      // The session ended while the PIN was checked (cancel, idle, reload): nobody is signed in.
      if (this.session !== s) return noSession();
      s.stage = 'active';
      if (!s.borrower.remote) this.recordActivity(id);
      this.changed();
      return ok(this.view()!);
    }
    this.deps.log.warn({ failures: claimed.claim.failures }, 'kiosk PIN refused');
    return refused('pin-wrong', { attemptsLeft: Math.max(max - claimed.claim.failures, 0) });
  }

  /** SIP2 35: the library system hears that the borrower's session ended (in the background where nobody waits for it). */
  private endAtLibrary(s: Session): Promise<void> {
    const ending = this.deps.backend().endPatronSession?.(s.patron) ?? Promise.resolve();
    return ending.catch((error: unknown) => this.deps.log.info({ err: error instanceof Error ? error.message : String(error) }, 'end of patron session failed'));
  }

  /** Locked out: the session ends, so the next borrower starts from the welcome screen. */
  private lockedOutOf(s: Session) {
    if (this.session === s) {
      this.deps.log.warn('kiosk PIN locked out');
      void this.endAtLibrary(s);
      this.session = undefined;
      this.changed();
    }
    return refused('locked-out', { minutesLeft: lockoutMinutesLeft(this.deps.db, s.borrower.id, this.deps.now()) });
  }

  /** The library system does not (or no longer) know the card, or cannot be asked for one it alone knows: the session ends. */
  private refusedAtLibrary(s: Session, reason: KioskRefusal) {
    if (this.session === s) {
      void this.endAtLibrary(s);
      this.session = undefined;
      this.changed();
    }
    return refused(reason);
  }

  async account(): Promise<Result<PatronAccount, Refusal>> {
    const s = this.active();
    return s ? this.deps.backend().account(s.patron) : noSession();
  }

  private record(kind: KioskTransaction['kind'], result: CirculationResult): CirculationResult {
    if (result.ok && this.session) {
      this.session.transactions.push({ kind, itemId: result.itemId, title: result.title, ...(result.dueDate ? { dueDate: result.dueDate } : {}) });
      this.changed();
    }
    return result;
  }

  /** The loan's outcome (the library system's yes or no, shown in the visit's list), or no session. */
  async checkout(itemId: string): Promise<Result<CirculationResult, Refusal>> {
    if (!this.settings.operations.borrow) return disabled('borrow');
    const s = this.active();
    return s ? ok(this.record('checkout', await this.deps.backend().checkout(s.patron, itemId))) : noSession();
  }

  async renew(itemId: string): Promise<Result<CirculationResult, Refusal>> {
    if (!this.settings.operations.renew) return disabled('renew');
    const s = this.active();
    return s ? ok(this.record('renew', await this.deps.backend().renew(s.patron, itemId))) : noSession();
  }

  /** Returns need no session: a borrower may just drop off books. */
  async checkin(itemId: string): Promise<Result<CirculationResult, Refusal>> {
    if (!this.settings.operations.return) return disabled('return');
    this.expireIfIdle();
    if (this.session) this.session.lastActivity = this.nowMs();
    return ok(this.record('checkin', await this.deps.backend().checkin(itemId)));
  }

  /** The receipt's lines; with 'email' it is also queued to the borrower's address, in the borrower's language. */
  receipt(delivery: ReceiptDelivery, format: (t: KioskTransaction) => string, language: Language = this.deps.language()): Result<{ lines: string[]; emailed: boolean }, Refusal> {
    const s = this.active();
    if (!s) return noSession();
    // Only what the kiosk's receipt setting offers this borrower.
    if (!receiptDeliveries(this.settings.receipt, false).includes(delivery)) return refuse('forbidden', 'kiosk.receipt.notOffered');
    const lines = s.transactions.map(format);
    // A visitor's e-mail address is not held here: their receipt is printed (the page offers no e-mail to them).
    // A borrower without e-mail (optional at Danish libraries) is not offered one either (KioskSession.noEmail).
    const to = s.borrower.visitor ? null : s.borrower.email;
    if (delivery === 'email' && lines.length > 0 && to) {
      this.deps.db.transaction(() =>
        this.deps.mail.enqueue(
          this.deps.db,
          {
            to,
            template: 'loan-receipt',
            params: { name: s.borrower.first_name, libraryName: this.settings.libraryName, lines: lines.join('\n') },
            language,
            borrowerId: s.borrower.id,
          },
          this.deps.now(),
        ),
      )();
      return ok({ lines, emailed: true });
    }
    return ok({ lines, emailed: false });
  }

  /** Sign-out or cancel: the session ends here at once (the screen resets), then at the library system (SIP2 35). */
  async end(): Promise<void> {
    const s = this.session;
    if (s) this.deps.log.info({ transactions: s.transactions.length }, 'kiosk session ended');
    this.session = undefined;
    this.changed();
    if (s) await this.endAtLibrary(s);
  }
}
