import {
  INVALID,
  fixedCount,
  fixedDigits,
  fixedText,
  okFlag,
  optional,
  optionalFlag,
  optionalNumber,
  patronStatus,
  protocolVersion,
  repeated,
  required,
  statusCode,
  summary,
  timestamp,
  yesNo,
  yesNoUnknown,
  type FieldCodec,
  type FixedCodec,
  type PatronStatusFlags,
  type SummaryCategory,
} from './fields';

/**
 * The SIP2 messages a self-check kiosk uses, as typed objects, with one generic encoder and parser
 * driven by a layout per message (3M Standard Interchange Protocol v2.00):
 * `<2-digit command><fixed-length fields in spec order><ID value|ID value|…>`.
 * AY/AZ and the terminator are the frame's business (frame.ts), not the message's.
 *
 * Names follow the spec; where the kiosk has a plainer word it is used (AA → patronId, AB → itemId,
 * AJ → title, AE → name, AF → screenMessages, AG → printLines).
 */

/** Fields whose id this layout does not know, by id, in the order received. Kept, never dropped. */
export type Sip2Extra = Record<string, string[]>;

// ---------------------------------------------------------------- 93 / 94 login

export interface LoginRequest {
  /** '0': user id not encrypted (the usual). */
  uidAlgorithm: string;
  /** '0': password not encrypted. */
  pwdAlgorithm: string;
  /** CN */
  userId: string;
  /** CO */
  password: string;
  /** CP: the SC's location code. */
  locationCode?: string;
}

export interface LoginResponse {
  ok: boolean;
}

// ---------------------------------------------------------------- 99 / 98 status

export interface ScStatusRequest {
  /** 0 SC ok, 1 printer out of paper, 2 SC about to shut down. */
  statusCode: 0 | 1 | 2;
  maxPrintWidth: number;
  protocolVersion: string;
}

export interface AcsStatusResponse {
  onlineStatus: boolean;
  checkinOk: boolean;
  checkoutOk: boolean;
  /** The SC may process renewals. */
  acsRenewalPolicy: boolean;
  statusUpdateOk: boolean;
  offlineOk: boolean;
  /** Tenths of a second; 0 = ACS off line, 999 = unknown; null when blank. */
  timeoutPeriod: number | null;
  /** 999 = unknown; null when blank. */
  retriesAllowed: number | null;
  dateTimeSync: string;
  protocolVersion: string;
  /** AO */
  institutionId: string;
  /** AM */
  libraryName?: string;
  /** BX: 16 Y/N positions, see supportedMessagesOf(). */
  supportedMessages: string;
  /** AN */
  terminalLocation?: string;
  screenMessages: string[];
  printLines: string[];
}

// ---------------------------------------------------------------- 63 / 64 patron information

export interface PatronInformationRequest {
  /** 3 digits: 000 unknown, 001 English, 006 Swedish, 009 Danish, 012 Norwegian. */
  language: string;
  transactionDate: string;
  /** Which item list to send in full (the spec asks for one at a time). */
  summary: SummaryCategory[];
  institutionId: string;
  patronId: string;
  terminalPassword?: string;
  patronPassword?: string;
  /** BP: first item of the list to send (1-based). */
  startItem?: number;
  /** BQ: last item of the list to send. */
  endItem?: number;
}

export interface PatronInformationResponse {
  patronStatus: PatronStatusFlags;
  language: string;
  transactionDate: string;
  holdItemsCount: number | null;
  overdueItemsCount: number | null;
  chargedItemsCount: number | null;
  fineItemsCount: number | null;
  recallItemsCount: number | null;
  unavailableHoldsCount: number | null;
  /** AO */
  institutionId: string;
  /** AA */
  patronId: string;
  /** AE personal name */
  name: string;
  /** BZ */
  holdItemsLimit?: number;
  /** CA */
  overdueItemsLimit?: number;
  /** CB */
  chargedItemsLimit?: number;
  /** BL: the ACS knows this patron. */
  validPatron?: boolean;
  /** CQ: the password (PIN) sent in AD is right. */
  validPassword?: boolean;
  /** BH: ISO 4217, e.g. SEK, DKK, NOK. */
  currency?: string;
  /** BV: outstanding fees, as the ACS writes the amount ("25.00"). */
  feeAmount?: string;
  /** CC */
  feeLimit?: string;
  /** AS hold items (available / ready to pick up). */
  holds: string[];
  /** AT */
  overdues: string[];
  /** AU */
  charged: string[];
  /** AV */
  fines: string[];
  /** BU */
  recalls: string[];
  /** CD unavailable hold items. */
  unavailableHolds: string[];
  /** BD */
  homeAddress?: string;
  /** BE */
  email?: string;
  /** BF */
  phone?: string;
  screenMessages: string[];
  printLines: string[];
}

// ---------------------------------------------------------------- 23 / 24 patron status

export interface PatronStatusRequest {
  language: string;
  transactionDate: string;
  institutionId: string;
  patronId: string;
  terminalPassword: string;
  patronPassword: string;
}

export interface PatronStatusResponse {
  patronStatus: PatronStatusFlags;
  language: string;
  transactionDate: string;
  institutionId: string;
  patronId: string;
  name: string;
  validPatron?: boolean;
  validPassword?: boolean;
  currency?: string;
  feeAmount?: string;
  screenMessages: string[];
  printLines: string[];
}

// ---------------------------------------------------------------- 11 / 12 checkout, 29 / 30 renew

export interface CheckoutRequest {
  /** The SC is configured to do renewals. */
  scRenewalPolicy: boolean;
  /** Already done offline: the ACS must not refuse it. */
  noBlock: boolean;
  transactionDate: string;
  /** Due date given offline; blanks otherwise. */
  nbDueDate: string;
  institutionId: string;
  patronId: string;
  itemId: string;
  terminalPassword: string;
  itemProperties?: string;
  patronPassword?: string;
  feeAcknowledged?: boolean;
  cancel?: boolean;
}

/** Checkout (12) and renew (30) responses share this layout. */
export interface CheckoutResponse {
  ok: boolean;
  /** The patron already had the item: this was a renewal. */
  renewalOk: boolean;
  /** null: the ACS does not know (U). */
  magneticMedia: boolean | null;
  desensitize: boolean | null;
  transactionDate: string;
  institutionId: string;
  patronId: string;
  itemId: string;
  title: string;
  /** AH, in whatever form the ACS writes dates (see parseDueDate). */
  dueDate: string;
  /** BT: 01 other, 02 administrative, 03 damage, 04 overdue, 05 processing, 06 rental, 07 replacement, 08 computer access, 09 hold fee. */
  feeType?: number;
  /** CI */
  securityInhibit?: boolean;
  currency?: string;
  feeAmount?: string;
  /** CK: 000 other, 001 book, 002 magazine … */
  mediaType?: string;
  itemProperties?: string;
  /** BK */
  transactionId?: string;
  screenMessages: string[];
  printLines: string[];
}

export interface RenewRequest {
  thirdPartyAllowed: boolean;
  noBlock: boolean;
  transactionDate: string;
  nbDueDate: string;
  institutionId: string;
  patronId: string;
  patronPassword?: string;
  itemId?: string;
  title?: string;
  terminalPassword?: string;
  itemProperties?: string;
  feeAcknowledged?: boolean;
}

export type RenewResponse = CheckoutResponse;

// ---------------------------------------------------------------- 09 / 10 checkin

export interface CheckinRequest {
  noBlock: boolean;
  transactionDate: string;
  /** When the item came back (blanks or the transaction date when returned now). */
  returnDate: string;
  /** AP */
  currentLocation: string;
  institutionId: string;
  itemId: string;
  terminalPassword: string;
  itemProperties?: string;
  cancel?: boolean;
}

export interface CheckinResponse {
  ok: boolean;
  resensitize: boolean;
  magneticMedia: boolean | null;
  /** Staff attention needed: on hold for someone, belongs elsewhere … */
  alert: boolean;
  transactionDate: string;
  institutionId: string;
  itemId: string;
  /** AQ */
  permanentLocation: string;
  title?: string;
  /** CL */
  sortBin?: string;
  patronId?: string;
  mediaType?: string;
  itemProperties?: string;
  screenMessages: string[];
  printLines: string[];
}

// ---------------------------------------------------------------- 17 / 18 item information

export interface ItemInformationRequest {
  transactionDate: string;
  institutionId: string;
  itemId: string;
  terminalPassword?: string;
}

export interface ItemInformationResponse {
  /** 1 other, 2 on order, 3 available, 4 charged, 5 charged (no recall before date), 6 in process, 7 recalled, 8 on hold shelf, 9 to be reshelved, 10 in transit, 11 claimed returned, 12 lost, 13 missing. */
  circulationStatus: number;
  /** 0 other, 1 none, 2 tattle-tape strip, 3 whisper tape. */
  securityMarker: number;
  feeType: number;
  transactionDate: string;
  /** CF */
  holdQueueLength?: number;
  dueDate?: string;
  /** CJ */
  recallDate?: string;
  /** CM */
  holdPickupDate?: string;
  itemId: string;
  title: string;
  /** BG */
  owner?: string;
  currency?: string;
  feeAmount?: string;
  mediaType?: string;
  permanentLocation?: string;
  /** AP */
  currentLocation?: string;
  itemProperties?: string;
  screenMessages: string[];
  printLines: string[];
}

// ---------------------------------------------------------------- 35 / 36 end session

export interface EndPatronSessionRequest {
  transactionDate: string;
  institutionId: string;
  patronId: string;
  terminalPassword?: string;
  patronPassword?: string;
}

export interface EndSessionResponse {
  endSession: boolean;
  transactionDate: string;
  institutionId: string;
  patronId: string;
  screenMessages: string[];
  printLines: string[];
}

// ---------------------------------------------------------------- 97 / 96 resend

/** 97 (SC → ACS) and 96 (ACS → SC): "send your last message again". No fields, never a sequence number. */
export type ResendRequest = Record<never, never>;

// ---------------------------------------------------------------- layouts

type Entry<T, C extends 'fixed' | 'field'> = { [K in keyof T]-?: readonly [K, C extends 'fixed' ? FixedCodec<T[K]> : FieldCodec<T[K]>] }[keyof T];

/** How one message is laid out: its command, fixed fields in order, then its identified fields. */
export interface MessageSpec<T> {
  readonly code: string;
  readonly name: string;
  readonly fixed: ReadonlyArray<Entry<T, 'fixed'>>;
  readonly fields: ReadonlyArray<Entry<T, 'field'>>;
}

function spec<T>(code: string, name: string, fixed: ReadonlyArray<Entry<T, 'fixed'>>, fields: ReadonlyArray<Entry<T, 'field'>>): MessageSpec<T> {
  return { code, name, fixed, fields };
}

const language = fixedText(3);
const screenAndPrint = [
  ['screenMessages', repeated('AF')],
  ['printLines', repeated('AG')],
] as const;

export const loginRequest = spec<LoginRequest>(
  '93',
  'Login',
  [
    ['uidAlgorithm', fixedText(1)],
    ['pwdAlgorithm', fixedText(1)],
  ],
  [
    ['userId', required('CN')],
    ['password', required('CO')],
    ['locationCode', optional('CP')],
  ],
);

export const loginResponse = spec<LoginResponse>('94', 'Login Response', [['ok', okFlag]], []);

export const scStatusRequest = spec<ScStatusRequest>(
  '99',
  'SC Status',
  [
    ['statusCode', statusCode],
    ['maxPrintWidth', fixedDigits(3)],
    ['protocolVersion', protocolVersion],
  ],
  [],
);

export const acsStatusResponse = spec<AcsStatusResponse>(
  '98',
  'ACS Status',
  [
    ['onlineStatus', yesNo],
    ['checkinOk', yesNo],
    ['checkoutOk', yesNo],
    ['acsRenewalPolicy', yesNo],
    ['statusUpdateOk', yesNo],
    ['offlineOk', yesNo],
    ['timeoutPeriod', fixedCount(3)],
    ['retriesAllowed', fixedCount(3)],
    ['dateTimeSync', timestamp],
    ['protocolVersion', protocolVersion],
  ],
  [
    ['institutionId', required('AO')],
    ['libraryName', optional('AM')],
    ['supportedMessages', required('BX')],
    ['terminalLocation', optional('AN')],
    ...screenAndPrint,
  ],
);

export const patronInformationRequest = spec<PatronInformationRequest>(
  '63',
  'Patron Information',
  [
    ['language', language],
    ['transactionDate', timestamp],
    ['summary', summary],
  ],
  [
    ['institutionId', required('AO')],
    ['patronId', required('AA')],
    ['terminalPassword', optional('AC')],
    ['patronPassword', optional('AD')],
    ['startItem', optionalNumber('BP')],
    ['endItem', optionalNumber('BQ')],
  ],
);

export const patronInformationResponse = spec<PatronInformationResponse>(
  '64',
  'Patron Information Response',
  [
    ['patronStatus', patronStatus],
    ['language', language],
    ['transactionDate', timestamp],
    ['holdItemsCount', fixedCount(4)],
    ['overdueItemsCount', fixedCount(4)],
    ['chargedItemsCount', fixedCount(4)],
    ['fineItemsCount', fixedCount(4)],
    ['recallItemsCount', fixedCount(4)],
    ['unavailableHoldsCount', fixedCount(4)],
  ],
  [
    ['institutionId', required('AO')],
    ['patronId', required('AA')],
    ['name', required('AE')],
    ['holdItemsLimit', optionalNumber('BZ', 4)],
    ['overdueItemsLimit', optionalNumber('CA', 4)],
    ['chargedItemsLimit', optionalNumber('CB', 4)],
    ['validPatron', optionalFlag('BL')],
    ['validPassword', optionalFlag('CQ')],
    ['currency', optional('BH')],
    ['feeAmount', optional('BV')],
    ['feeLimit', optional('CC')],
    ['holds', repeated('AS')],
    ['overdues', repeated('AT')],
    ['charged', repeated('AU')],
    ['fines', repeated('AV')],
    ['recalls', repeated('BU')],
    ['unavailableHolds', repeated('CD')],
    ['homeAddress', optional('BD')],
    ['email', optional('BE')],
    ['phone', optional('BF')],
    ...screenAndPrint,
  ],
);

export const patronStatusRequest = spec<PatronStatusRequest>(
  '23',
  'Patron Status Request',
  [
    ['language', language],
    ['transactionDate', timestamp],
  ],
  [
    ['institutionId', required('AO')],
    ['patronId', required('AA')],
    ['terminalPassword', required('AC')],
    ['patronPassword', required('AD')],
  ],
);

export const patronStatusResponse = spec<PatronStatusResponse>(
  '24',
  'Patron Status Response',
  [
    ['patronStatus', patronStatus],
    ['language', language],
    ['transactionDate', timestamp],
  ],
  [
    ['institutionId', required('AO')],
    ['patronId', required('AA')],
    ['name', required('AE')],
    ['validPatron', optionalFlag('BL')],
    ['validPassword', optionalFlag('CQ')],
    ['currency', optional('BH')],
    ['feeAmount', optional('BV')],
    ...screenAndPrint,
  ],
);

export const checkoutRequest = spec<CheckoutRequest>(
  '11',
  'Checkout',
  [
    ['scRenewalPolicy', yesNo],
    ['noBlock', yesNo],
    ['transactionDate', timestamp],
    ['nbDueDate', timestamp],
  ],
  [
    ['institutionId', required('AO')],
    ['patronId', required('AA')],
    ['itemId', required('AB')],
    ['terminalPassword', required('AC')],
    ['itemProperties', optional('CH')],
    ['patronPassword', optional('AD')],
    ['feeAcknowledged', optionalFlag('BO')],
    ['cancel', optionalFlag('BI')],
  ],
);

const circulationResponseFixed: MessageSpec<CheckoutResponse>['fixed'] = [
  ['ok', okFlag],
  ['renewalOk', yesNo],
  ['magneticMedia', yesNoUnknown],
  ['desensitize', yesNoUnknown],
  ['transactionDate', timestamp],
];
const circulationResponseFields: MessageSpec<CheckoutResponse>['fields'] = [
  ['institutionId', required('AO')],
  ['patronId', required('AA')],
  ['itemId', required('AB')],
  ['title', required('AJ')],
  ['dueDate', required('AH')],
  ['feeType', optionalNumber('BT', 2)],
  ['securityInhibit', optionalFlag('CI')],
  ['currency', optional('BH')],
  ['feeAmount', optional('BV')],
  ['mediaType', optional('CK')],
  ['itemProperties', optional('CH')],
  ['transactionId', optional('BK')],
  ...screenAndPrint,
];

export const checkoutResponse = spec<CheckoutResponse>('12', 'Checkout Response', circulationResponseFixed, circulationResponseFields);

export const renewRequest = spec<RenewRequest>(
  '29',
  'Renew',
  [
    ['thirdPartyAllowed', yesNo],
    ['noBlock', yesNo],
    ['transactionDate', timestamp],
    ['nbDueDate', timestamp],
  ],
  [
    ['institutionId', required('AO')],
    ['patronId', required('AA')],
    ['patronPassword', optional('AD')],
    ['itemId', optional('AB')],
    ['title', optional('AJ')],
    ['terminalPassword', optional('AC')],
    ['itemProperties', optional('CH')],
    ['feeAcknowledged', optionalFlag('BO')],
  ],
);

export const renewResponse = spec<RenewResponse>('30', 'Renew Response', circulationResponseFixed, circulationResponseFields);

export const checkinRequest = spec<CheckinRequest>(
  '09',
  'Checkin',
  [
    ['noBlock', yesNo],
    ['transactionDate', timestamp],
    ['returnDate', timestamp],
  ],
  [
    ['currentLocation', required('AP')],
    ['institutionId', required('AO')],
    ['itemId', required('AB')],
    ['terminalPassword', required('AC')],
    ['itemProperties', optional('CH')],
    ['cancel', optionalFlag('BI')],
  ],
);

export const checkinResponse = spec<CheckinResponse>(
  '10',
  'Checkin Response',
  [
    ['ok', okFlag],
    ['resensitize', yesNo],
    ['magneticMedia', yesNoUnknown],
    ['alert', yesNo],
    ['transactionDate', timestamp],
  ],
  [
    ['institutionId', required('AO')],
    ['itemId', required('AB')],
    ['permanentLocation', required('AQ')],
    ['title', optional('AJ')],
    ['sortBin', optional('CL')],
    ['patronId', optional('AA')],
    ['mediaType', optional('CK')],
    ['itemProperties', optional('CH')],
    ...screenAndPrint,
  ],
);

export const itemInformationRequest = spec<ItemInformationRequest>(
  '17',
  'Item Information',
  [['transactionDate', timestamp]],
  [
    ['institutionId', required('AO')],
    ['itemId', required('AB')],
    ['terminalPassword', optional('AC')],
  ],
);

export const itemInformationResponse = spec<ItemInformationResponse>(
  '18',
  'Item Information Response',
  [
    ['circulationStatus', fixedDigits(2)],
    ['securityMarker', fixedDigits(2)],
    ['feeType', fixedDigits(2)],
    ['transactionDate', timestamp],
  ],
  [
    ['holdQueueLength', optionalNumber('CF')],
    ['dueDate', optional('AH')],
    ['recallDate', optional('CJ')],
    ['holdPickupDate', optional('CM')],
    ['itemId', required('AB')],
    ['title', required('AJ')],
    ['owner', optional('BG')],
    ['currency', optional('BH')],
    ['feeAmount', optional('BV')],
    ['mediaType', optional('CK')],
    ['permanentLocation', optional('AQ')],
    ['currentLocation', optional('AP')],
    ['itemProperties', optional('CH')],
    ...screenAndPrint,
  ],
);

export const endPatronSessionRequest = spec<EndPatronSessionRequest>(
  '35',
  'End Patron Session',
  [['transactionDate', timestamp]],
  [
    ['institutionId', required('AO')],
    ['patronId', required('AA')],
    ['terminalPassword', optional('AC')],
    ['patronPassword', optional('AD')],
  ],
);

export const endSessionResponse = spec<EndSessionResponse>(
  '36',
  'End Session Response',
  [
    ['endSession', yesNo],
    ['transactionDate', timestamp],
  ],
  [['institutionId', required('AO')], ['patronId', required('AA')], ...screenAndPrint],
);

export const requestAcsResend = spec<ResendRequest>('97', 'Request ACS Resend', [], []);
export const requestScResend = spec<ResendRequest>('96', 'Request SC Resend', [], []);

/** Every request the SC sends, by command. */
export const requestSpecs = {
  '93': loginRequest,
  '99': scStatusRequest,
  '63': patronInformationRequest,
  '23': patronStatusRequest,
  '11': checkoutRequest,
  '09': checkinRequest,
  '29': renewRequest,
  '17': itemInformationRequest,
  '35': endPatronSessionRequest,
  '97': requestAcsResend,
} as const;

/** Every response the ACS sends, by command. */
export const responseSpecs = {
  '94': loginResponse,
  '98': acsStatusResponse,
  '64': patronInformationResponse,
  '24': patronStatusResponse,
  '12': checkoutResponse,
  '10': checkinResponse,
  '30': renewResponse,
  '18': itemInformationResponse,
  '36': endSessionResponse,
  '96': requestScResend,
} as const;

// ---------------------------------------------------------------- encode / parse

export const DEFAULT_DELIMITER = '|';

export interface MessageOptions {
  /** The field delimiter; '|' unless a site agreed on another (the spec allows it). */
  delimiter?: string;
}

/** What a parsed message carries besides its typed fields. */
export type Parsed<T> = T & { extra: Sip2Extra };

export type ParseResult<T> = { ok: true; message: Parsed<T>; warnings: string[] } | { ok: false; reason: string };

/** The `extra` fields of a message object (parsed messages carry them; built ones usually do not). */
function extraOf(message: unknown): Sip2Extra {
  if (typeof message !== 'object' || message === null || !('extra' in message)) return {};
  const { extra } = message;
  return typeof extra === 'object' && extra !== null ? (extra as Sip2Extra) : {};
}

/** Characters a value can never contain: they would end the field or the message. */
function forbiddenIn(value: string, delimiter: string): string | undefined {
  if (value.includes(delimiter)) return 'the field delimiter';
  if (value.includes('\r') || value.includes('\n')) return 'a line break';
  if (value.includes('\0')) return 'a NUL';
  return undefined;
}

/** Replaces what a field value may not contain (delimiter, CR, LF, NUL) with spaces and cuts it to the spec's 255 characters. */
export function sanitizeFieldValue(value: string, delimiter = DEFAULT_DELIMITER): string {
  return value
    .split(delimiter)
    .join(' ')
    .replace(/[\r\n\0]/g, ' ')
    .slice(0, 255);
}

/**
 * Writes a message body (command, fixed fields, identified fields, then any `extra` fields).
 * Throws RangeError for values that cannot be written: a fixed field of the wrong width, or a value
 * holding the delimiter or a line break. Callers validate user input before it gets here.
 */
export function encodeMessage<T>(spec: MessageSpec<T>, message: NoInfer<T> | NoInfer<T & { extra?: Sip2Extra }>, options: MessageOptions = {}): string {
  const delimiter = options.delimiter ?? DEFAULT_DELIMITER;
  let out = spec.code;
  for (const [key, codec] of spec.fixed) {
    const text = codec.encode(message[key]);
    if (text.length !== codec.length) throw new RangeError(`${spec.name}: ${String(key)} must be ${codec.length} characters`);
    out += text;
  }
  const write = (id: string, value: string, what: string) => {
    const bad = forbiddenIn(value, delimiter);
    if (bad) throw new RangeError(`${spec.name}: ${what} contains ${bad}`);
    out += `${id}${value}${delimiter}`;
  };
  for (const [key, codec] of spec.fields) {
    for (const value of codec.encode(message[key])) write(codec.id, value, `field ${codec.id}`);
  }
  for (const [id, values] of Object.entries(extraOf(message))) {
    if (id.length !== 2 || id === 'AY' || id === 'AZ' || forbiddenIn(id, delimiter)) throw new RangeError(`${spec.name}: '${id}' is not a usable field id`);
    for (const value of values) write(id, value, `field ${id}`);
  }
  return out;
}

/**
 * Reads a message body into its typed form. Never throws: anything that cannot be read gives
 * `{ ok: false, reason }`; tolerated oddities (missing required fields, odd flags) give warnings.
 * Reasons and warnings never quote field values, which may be patron identifiers.
 */
export function parseMessage<T>(spec: MessageSpec<T>, body: unknown, options: MessageOptions = {}): ParseResult<T> {
  if (typeof body !== 'string') return { ok: false, reason: 'message is not text' };
  if (body === '') return { ok: false, reason: 'empty message' };
  const delimiter = options.delimiter ?? DEFAULT_DELIMITER;
  const code = body.slice(0, 2);
  if (code !== spec.code) {
    const shown = /^[0-9A-Za-z]{2}$/.test(code) ? `'${code}'` : 'an unreadable command';
    return { ok: false, reason: `expected ${spec.name} (${spec.code}), got ${shown}` };
  }
  const warnings: string[] = [];
  const warn = (message: string) => void warnings.push(message);
  const message: Record<string, unknown> = {};
  let offset = 2;
  for (const [key, codec] of spec.fixed) {
    const raw = body.slice(offset, offset + codec.length);
    if (raw.length < codec.length) {
      return { ok: false, reason: `${spec.name} too short: ${String(key)} needs ${codec.length} characters at offset ${offset}` };
    }
    const value = codec.decode(raw, warn);
    if (value === INVALID) return { ok: false, reason: `${spec.name}: fixed field ${String(key)} at offset ${offset} is not valid` };
    message[key as string] = value;
    offset += codec.length;
  }
  const found = new Map<string, string[]>();
  for (const part of body.slice(offset).split(delimiter)) {
    if (part === '') continue;
    if (part.length < 2) {
      warn('stray character between fields');
      continue;
    }
    const id = part.slice(0, 2);
    const list = found.get(id);
    if (list) list.push(part.slice(2));
    else found.set(id, [part.slice(2)]);
  }
  for (const [key, codec] of spec.fields) {
    const value = codec.decode(found.get(codec.id), warn);
    found.delete(codec.id);
    if (value === INVALID) return { ok: false, reason: `${spec.name}: field ${codec.id} is not valid` };
    if (value !== undefined) message[key as string] = value;
  }
  message.extra = Object.fromEntries(found);
  return { ok: true, message: message as Parsed<T>, warnings };
}

/** The 16 positions of the ACS status BX field. */
export const supportedMessageNames = [
  'patronStatus',
  'checkout',
  'checkin',
  'blockPatron',
  'status',
  'resend',
  'login',
  'patronInformation',
  'endPatronSession',
  'feePaid',
  'itemInformation',
  'itemStatusUpdate',
  'patronEnable',
  'hold',
  'renew',
  'renewAll',
] as const;
export type SupportedMessage = (typeof supportedMessageNames)[number];

/** BX as named booleans; positions the ACS left out count as unsupported. */
export function supportedMessagesOf(bx: string): Record<SupportedMessage, boolean> {
  return Object.fromEntries(supportedMessageNames.map((name, i) => [name, bx[i] === 'Y' || bx[i] === 'y'])) as Record<SupportedMessage, boolean>;
}

/** Writes BX from named booleans. */
export function encodeSupportedMessages(supported: Partial<Record<SupportedMessage, boolean>>): string {
  return supportedMessageNames.map((name) => (supported[name] ? 'Y' : 'N')).join('');
}

/** SIP2 language codes for the kiosk's languages. */
export const sip2LanguageCodes = { unknown: '000', en: '001', sv: '006', fi: '007', da: '009', nb: '012', no: '012' } as const;
