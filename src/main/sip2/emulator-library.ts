import { formatSip2Timestamp, patronStatusFlags, type PatronStatusFlags, type TimestampZone } from './fields';
import {
  encodeSupportedMessages,
  sanitizeFieldValue,
  type AcsStatusResponse,
  type CheckinRequest,
  type CheckinResponse,
  type CheckoutRequest,
  type CheckoutResponse,
  type EndPatronSessionRequest,
  type EndSessionResponse,
  type ItemInformationRequest,
  type ItemInformationResponse,
  type LoginRequest,
  type PatronInformationRequest,
  type PatronInformationResponse,
  type PatronStatusRequest,
  type PatronStatusResponse,
  type RenewRequest,
  type RenewResponse,
} from './messages';

/**
 * The library system behind the SIP2 emulator: an in-memory catalogue of patrons and items with
 * the circulation rules a kiosk meets (loans, renewals with a limit, holds, fees, blocks, PINs).
 * It speaks in message objects; emulator.ts puts them on the wire.
 */

export interface EmulatorFine {
  /** In the library's currency with two decimals, e.g. "25.00". */
  amount: string;
  description: string;
}

export interface EmulatorPatron {
  id: string;
  /** The PIN checked against AD; undefined: no PIN on this account. */
  pin?: string;
  name: string;
  /** None (optional at Danish libraries): the patron information (64) leaves the e-mail field (BE) out. */
  email?: string | null;
  blocked?: boolean;
  fines?: EmulatorFine[];
}

export type EmulatorItemStatus = 'available' | 'charged' | 'on-hold-shelf' | 'in-transit' | 'lost' | 'missing';

export interface EmulatorItem {
  id: string;
  title: string;
  status?: EmulatorItemStatus;
  /** Who has it, when charged. */
  patronId?: string;
  dueDate?: Date;
  renewals?: number;
  /** Patron ids waiting for this item, first in line first. */
  holdQueue?: string[];
  /** A rental fee (e.g. "10.00"): checkout is refused until the borrower acknowledges it (BO = Y). */
  rentalFee?: string;
  permanentLocation?: string;
  /** SIP2 media type, 3 digits: 001 book, 006 CD … */
  mediaType?: string;
}

export interface EmulatorLibraryOptions {
  institutionId?: string;
  libraryName?: string;
  currency?: string;
  loanDays?: number;
  maxRenewals?: number;
  /** Fees at or above this (in currency units) block borrowing. */
  feeLimit?: string;
  chargedItemsLimit?: number;
  patrons?: readonly EmulatorPatron[];
  items?: readonly EmulatorItem[];
  /** SC login accounts (93); empty: any login is accepted. */
  accounts?: ReadonlyArray<{ user: string; password: string }>;
  now?: () => Date;
  timestampZone?: TimestampZone;
}

const DAY_MS = 86_400_000;

/** "25.00" → 2500; unreadable amounts count as 0. */
export function amountToCents(amount: string): number {
  const m = /^(\d+)(?:[.,](\d{1,2}))?$/.exec(amount.trim());
  if (!m) return 0;
  return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
}

export function centsToAmount(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

const circulationStatusCodes: Record<EmulatorItemStatus, number> = {
  available: 3,
  charged: 4,
  'on-hold-shelf': 8,
  'in-transit': 10,
  lost: 12,
  missing: 13,
};

const noMessages = { screenMessages: [] as string[], printLines: [] as string[] };

/** A circulation request as the library system received it (tests check the no-block flag and the dates). */
export interface EmulatorJournalEntry {
  code: '11' | '09' | '29';
  noBlock: boolean;
  transactionDate: string;
  returnDate?: string;
  patronId?: string;
  itemId: string;
}

export class EmulatorLibrary {
  readonly patrons = new Map<string, EmulatorPatron>();
  /** Checkouts, checkins and renewals received, in order. */
  readonly journal: EmulatorJournalEntry[] = [];
  readonly items = new Map<string, EmulatorItem>();
  readonly institutionId: string;
  readonly libraryName: string;
  readonly currency: string;
  private readonly loanDays: number;
  private readonly maxRenewals: number;
  private readonly feeLimitCents: number;
  private readonly chargedItemsLimit: number;
  private readonly accounts: ReadonlyArray<{ user: string; password: string }>;
  private readonly now: () => Date;
  private readonly zone: TimestampZone;

  constructor(options: EmulatorLibraryOptions = {}) {
    this.institutionId = options.institutionId ?? 'LANEDISK';
    this.libraryName = options.libraryName ?? 'Emulated library';
    this.currency = options.currency ?? 'SEK';
    this.loanDays = options.loanDays ?? 28;
    this.maxRenewals = options.maxRenewals ?? 2;
    this.feeLimitCents = amountToCents(options.feeLimit ?? '100.00');
    this.chargedItemsLimit = options.chargedItemsLimit ?? 50;
    this.accounts = options.accounts ?? [];
    this.now = options.now ?? (() => new Date());
    this.zone = options.timestampZone ?? 'local';
    for (const patron of options.patrons ?? []) this.patrons.set(patron.id, structuredClone(patron));
    for (const item of options.items ?? []) this.items.set(item.id, structuredClone(item));
  }

  private timestamp(date = this.now()): string {
    return formatSip2Timestamp(date, this.zone);
  }

  private text(value: string | undefined): string {
    return sanitizeFieldValue(value ?? '');
  }

  // ------------------------------------------------------------ queries

  feesCents(patron: EmulatorPatron): number {
    return (patron.fines ?? []).reduce((sum, fine) => sum + amountToCents(fine.amount), 0);
  }

  loansOf(patronId: string): EmulatorItem[] {
    return [...this.items.values()].filter((item) => item.status === 'charged' && item.patronId === patronId);
  }

  private overdue(item: EmulatorItem): boolean {
    return item.dueDate !== undefined && item.dueDate.getTime() < this.now().getTime();
  }

  /** Items this patron waits for: ready ones (on the hold shelf for them) and the rest. */
  private holdsOf(patronId: string): { ready: EmulatorItem[]; waiting: EmulatorItem[] } {
    const ready: EmulatorItem[] = [];
    const waiting: EmulatorItem[] = [];
    for (const item of this.items.values()) {
      if (!item.holdQueue?.includes(patronId)) continue;
      if (item.status === 'on-hold-shelf' && item.holdQueue[0] === patronId) ready.push(item);
      else waiting.push(item);
    }
    return { ready, waiting };
  }

  private statusFlags(patron: EmulatorPatron | undefined): PatronStatusFlags {
    if (!patron) return patronStatusFlags({ chargePrivilegesDenied: true, renewalPrivilegesDenied: true, holdPrivilegesDenied: true });
    const tooMuchFees = this.feesCents(patron) >= this.feeLimitCents;
    const blocked = patron.blocked === true;
    const loans = this.loansOf(patron.id);
    return patronStatusFlags({
      chargePrivilegesDenied: blocked || tooMuchFees,
      renewalPrivilegesDenied: blocked || tooMuchFees,
      holdPrivilegesDenied: blocked,
      excessiveOutstandingFines: tooMuchFees,
      tooManyItemsCharged: loans.length >= this.chargedItemsLimit,
      tooManyItemsOverdue: loans.filter((item) => this.overdue(item)).length > 0 && blocked,
    });
  }

  /** Why this patron may not borrow now, as a screen message; undefined when they may. */
  private borrowingRefusal(patron: EmulatorPatron | undefined, password: string | undefined): string | undefined {
    if (!patron) return 'Unknown borrower. Please ask the staff.';
    if (password !== undefined && patron.pin !== undefined && password !== patron.pin) return 'Wrong PIN.';
    if (patron.blocked) return 'Your card is blocked. Please contact the staff.';
    if (this.feesCents(patron) >= this.feeLimitCents) return 'You have unpaid fees. Please contact the staff.';
    return undefined;
  }

  // ------------------------------------------------------------ handlers

  login(request: LoginRequest): boolean {
    if (this.accounts.length === 0) return true;
    return this.accounts.some((account) => account.user === request.userId && account.password === request.password);
  }

  status(): AcsStatusResponse {
    return {
      onlineStatus: true,
      checkinOk: true,
      checkoutOk: true,
      acsRenewalPolicy: true,
      statusUpdateOk: false,
      offlineOk: false,
      timeoutPeriod: 30,
      retriesAllowed: 3,
      dateTimeSync: this.timestamp(),
      protocolVersion: '2.00',
      institutionId: this.institutionId,
      libraryName: this.text(this.libraryName),
      supportedMessages: encodeSupportedMessages({
        patronStatus: true,
        checkout: true,
        checkin: true,
        status: true,
        resend: true,
        login: true,
        patronInformation: true,
        endPatronSession: true,
        itemInformation: true,
        renew: true,
      }),
      ...noMessages,
    };
  }

  patronStatus(request: PatronStatusRequest): PatronStatusResponse {
    const patron = this.patrons.get(request.patronId);
    const passwordGiven = request.patronPassword !== '';
    const screenMessages = patron ? [] : ['Unknown borrower.'];
    if (patron?.blocked) screenMessages.push('Your card is blocked. Please contact the staff.');
    return {
      patronStatus: this.statusFlags(patron),
      language: request.language,
      transactionDate: this.timestamp(),
      institutionId: this.institutionId,
      patronId: request.patronId,
      name: this.text(patron?.name),
      validPatron: patron !== undefined,
      validPassword: passwordGiven ? patron !== undefined && (patron.pin === undefined || patron.pin === request.patronPassword) : undefined,
      currency: this.currency,
      feeAmount: patron ? centsToAmount(this.feesCents(patron)) : undefined,
      screenMessages,
      printLines: [],
    };
  }

  patronInformation(request: PatronInformationRequest): PatronInformationResponse {
    const patron = this.patrons.get(request.patronId);
    const loans = patron ? this.loansOf(patron.id) : [];
    const overdues = loans.filter((item) => this.overdue(item));
    const holds = patron ? this.holdsOf(patron.id) : { ready: [], waiting: [] };
    const fines = (patron?.fines ?? []).map((fine) => this.text(`${fine.amount} ${this.currency} ${fine.description}`));
    const first = Math.max(1, request.startItem ?? 1);
    const last = request.endItem ?? Number.MAX_SAFE_INTEGER;
    const range = (values: string[]) => values.slice(first - 1, Math.max(first - 1, last));
    const wanted = new Set(request.summary);
    const list = (category: (typeof request.summary)[number], values: string[]) => (wanted.has(category) ? range(values) : []);
    const screenMessages: string[] = [];
    if (!patron) screenMessages.push('Unknown borrower.');
    else if (patron.blocked) screenMessages.push('Your card is blocked. Please contact the staff.');
    if (holds.ready.length > 0) screenMessages.push(`${holds.ready.length} reservation(s) ready to collect.`);
    return {
      patronStatus: this.statusFlags(patron),
      language: request.language,
      transactionDate: this.timestamp(),
      holdItemsCount: holds.ready.length,
      overdueItemsCount: overdues.length,
      chargedItemsCount: loans.length,
      fineItemsCount: fines.length,
      recallItemsCount: 0,
      unavailableHoldsCount: holds.waiting.length,
      institutionId: this.institutionId,
      patronId: request.patronId,
      name: this.text(patron?.name),
      chargedItemsLimit: this.chargedItemsLimit,
      validPatron: patron !== undefined,
      validPassword:
        request.patronPassword === undefined ? undefined : patron !== undefined && (patron.pin === undefined || patron.pin === request.patronPassword),
      currency: this.currency,
      feeAmount: patron ? centsToAmount(this.feesCents(patron)) : undefined,
      feeLimit: centsToAmount(this.feeLimitCents),
      holds: list(
        'holds',
        holds.ready.map((item) => item.id),
      ),
      overdues: list(
        'overdues',
        overdues.map((item) => item.id),
      ),
      charged: list(
        'charged',
        loans.map((item) => item.id),
      ),
      fines: list('fines', fines),
      recalls: [],
      unavailableHolds: list(
        'unavailableHolds',
        holds.waiting.map((item) => item.id),
      ),
      email: patron?.email ? this.text(patron.email) : undefined,
      screenMessages,
      printLines: [],
    };
  }

  private circulationResponse(ok: boolean, request: { patronId: string; itemId?: string }, item: EmulatorItem | undefined): CheckoutResponse {
    return {
      ok,
      renewalOk: false,
      magneticMedia: false,
      desensitize: ok,
      transactionDate: this.timestamp(),
      institutionId: this.institutionId,
      patronId: request.patronId,
      itemId: request.itemId ?? '',
      title: this.text(item?.title),
      dueDate: item?.dueDate && ok ? this.timestamp(item.dueDate) : '',
      mediaType: item?.mediaType,
      ...noMessages,
    };
  }

  checkout(request: CheckoutRequest): CheckoutResponse {
    this.journal.push({ code: '11', noBlock: request.noBlock, transactionDate: request.transactionDate, patronId: request.patronId, itemId: request.itemId });
    const patron = this.patrons.get(request.patronId);
    const item = this.items.get(request.itemId);
    const refuse = (message: string, extra: Partial<CheckoutResponse> = {}): CheckoutResponse => ({
      ...this.circulationResponse(false, request, item),
      ...extra,
      screenMessages: [message],
    });
    const refusal = this.borrowingRefusal(patron, request.patronPassword);
    if (refusal || !patron) return refuse(refusal ?? 'Unknown borrower.');
    if (!item) return refuse('This item is not in the catalogue. Please ask the staff.');
    if (item.status === 'lost' || item.status === 'missing' || item.status === 'in-transit') return refuse('This item cannot be borrowed. Please ask the staff.');
    if (item.status === 'charged') {
      if (item.patronId !== patron.id) return refuse('This item is already on loan.');
      // The borrower has it already: with renewals allowed at the SC this is a renewal.
      if (!request.scRenewalPolicy) return refuse('You already have this item.');
      const renewal = this.renew({ ...request, thirdPartyAllowed: false, feeAcknowledged: request.feeAcknowledged });
      return { ...renewal, renewalOk: renewal.ok };
    }
    const queue = item.holdQueue ?? [];
    if (queue.length > 0 && queue[0] !== patron.id) return refuse('This item is reserved for another borrower.');
    if (item.rentalFee && request.feeAcknowledged !== true) {
      return refuse(`This item has a rental fee of ${item.rentalFee} ${this.currency}.`, {
        feeType: 6,
        currency: this.currency,
        feeAmount: item.rentalFee,
      });
    }
    if (queue[0] === patron.id) queue.shift();
    if (item.rentalFee) (patron.fines ??= []).push({ amount: item.rentalFee, description: `Rental: ${item.title}` });
    item.status = 'charged';
    item.patronId = patron.id;
    item.renewals = 0;
    item.dueDate = new Date(this.now().getTime() + this.loanDays * DAY_MS);
    return {
      ...this.circulationResponse(true, request, item),
      feeType: item.rentalFee ? 6 : undefined,
      currency: item.rentalFee ? this.currency : undefined,
      feeAmount: item.rentalFee,
      screenMessages: [`Due ${item.dueDate.toISOString().slice(0, 10)}.`],
    };
  }

  renew(request: RenewRequest): RenewResponse {
    this.journal.push({ code: '29', noBlock: request.noBlock, transactionDate: request.transactionDate, patronId: request.patronId, itemId: request.itemId ?? '' });
    const patron = this.patrons.get(request.patronId);
    const item = request.itemId === undefined ? undefined : this.items.get(request.itemId);
    const refuse = (message: string): RenewResponse => ({ ...this.circulationResponse(false, request, item), screenMessages: [message] });
    const refusal = this.borrowingRefusal(patron, request.patronPassword);
    if (refusal || !patron) return refuse(refusal ?? 'Unknown borrower.');
    if (!item) return refuse('This item is not in the catalogue.');
    if (item.status !== 'charged' || item.patronId !== patron.id) return refuse('This item is not on loan to you.');
    if ((item.holdQueue ?? []).length > 0) return refuse('This item is reserved by another borrower and cannot be renewed.');
    if ((item.renewals ?? 0) >= this.maxRenewals) return refuse('This item cannot be renewed again.');
    item.renewals = (item.renewals ?? 0) + 1;
    item.dueDate = new Date(this.now().getTime() + this.loanDays * DAY_MS);
    return {
      ...this.circulationResponse(true, request, item),
      renewalOk: true,
      screenMessages: [`Renewed, due ${item.dueDate.toISOString().slice(0, 10)}.`],
    };
  }

  checkin(request: CheckinRequest): CheckinResponse {
    this.journal.push({ code: '09', noBlock: request.noBlock, transactionDate: request.transactionDate, returnDate: request.returnDate, itemId: request.itemId });
    const item = this.items.get(request.itemId);
    const base: CheckinResponse = {
      ok: false,
      resensitize: false,
      magneticMedia: false,
      alert: false,
      transactionDate: this.timestamp(),
      institutionId: this.institutionId,
      itemId: request.itemId,
      permanentLocation: this.text(item?.permanentLocation),
      title: item ? this.text(item.title) : undefined,
      mediaType: item?.mediaType,
      ...noMessages,
    };
    if (!item) return { ...base, alert: true, screenMessages: ['This item is not in the catalogue. Please give it to the staff.'] };
    if (item.status !== 'charged') return { ...base, screenMessages: ['This item was not on loan.'] };
    const patronId = item.patronId;
    item.patronId = undefined;
    item.dueDate = undefined;
    item.renewals = 0;
    const reserved = (item.holdQueue ?? []).length > 0;
    item.status = reserved ? 'on-hold-shelf' : 'available';
    return {
      ...base,
      ok: true,
      resensitize: true,
      alert: reserved,
      sortBin: reserved ? '2' : '1',
      patronId,
      screenMessages: [reserved ? 'Returned. Reserved: please leave it for the staff.' : 'Returned. Thank you.'],
    };
  }

  itemInformation(request: ItemInformationRequest): ItemInformationResponse {
    const item = this.items.get(request.itemId);
    if (!item) {
      return {
        circulationStatus: 1,
        securityMarker: 0,
        feeType: 1,
        transactionDate: this.timestamp(),
        itemId: request.itemId,
        title: '',
        screenMessages: ['This item is not in the catalogue.'],
        printLines: [],
      };
    }
    const status = item.status ?? 'available';
    return {
      circulationStatus: circulationStatusCodes[status],
      securityMarker: 2,
      feeType: item.rentalFee ? 6 : 1,
      transactionDate: this.timestamp(),
      holdQueueLength: (item.holdQueue ?? []).length,
      dueDate: item.dueDate ? this.timestamp(item.dueDate) : undefined,
      itemId: item.id,
      title: this.text(item.title),
      owner: this.text(this.libraryName),
      currency: item.rentalFee ? this.currency : undefined,
      feeAmount: item.rentalFee,
      mediaType: item.mediaType,
      permanentLocation: item.permanentLocation === undefined ? undefined : this.text(item.permanentLocation),
      ...noMessages,
    };
  }

  endSession(request: EndPatronSessionRequest): EndSessionResponse {
    return {
      endSession: true,
      transactionDate: this.timestamp(),
      institutionId: this.institutionId,
      patronId: request.patronId,
      screenMessages: ['Thank you for visiting.'],
      printLines: [],
    };
  }
}
