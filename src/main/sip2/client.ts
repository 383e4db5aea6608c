import { z } from 'zod';
import type { Logger } from '../log';
import { fieldText, sip2ConfigSchema, type Sip2Config, type Sip2ConfigInput } from './config';
import { FrameLink } from './connection';
import { Sip2Error, isSip2Error } from './errors';
import { BLANK_TIMESTAMP, formatSip2Timestamp, type SummaryCategory } from './fields';
import { decodeFrame, encodeFrame, type FrameOptions } from './frame';
import {
  acsStatusResponse,
  checkinRequest,
  checkinResponse,
  checkoutRequest,
  checkoutResponse,
  encodeMessage,
  endPatronSessionRequest,
  endSessionResponse,
  itemInformationRequest,
  itemInformationResponse,
  loginRequest,
  loginResponse,
  parseMessage,
  patronInformationRequest,
  patronInformationResponse,
  patronStatusRequest,
  patronStatusResponse,
  renewRequest,
  renewResponse,
  requestAcsResend,
  scStatusRequest,
  type AcsStatusResponse,
  type CheckinResponse,
  type CheckoutResponse,
  type EndSessionResponse,
  type ItemInformationResponse,
  type MessageSpec,
  type Parsed,
  type PatronInformationResponse,
  type PatronStatusResponse,
  type RenewResponse,
} from './messages';
import { tcpTransport, type Sip2Transport } from './transport';

export type Sip2State =
  /** Never connected yet; the first request (or connect()) connects. */
  | 'idle'
  /** Opening the connection, logging in, exchanging status. */
  | 'connecting'
  | 'ready'
  /** The connection dropped or could not be made; the next attempt is scheduled (a request starts it at once). */
  | 'waiting-to-reconnect'
  /** The ACS refused the login; no automatic retries (a request or connect() tries again). */
  | 'login-failed'
  | 'closed';

export interface Sip2ClientDeps {
  config: Sip2ConfigInput;
  log: Logger;
  /** Defaults to TCP to config.host:config.port. */
  transport?: Sip2Transport;
  now?: () => Date;
}

/**
 * Checkout (11) and renew (29) change state at the ACS: sending them twice may renew twice. They
 * are retried only before they may have reached the ACS, unless config.retryUnsafe says otherwise.
 */
type Safety = 'safe' | 'unsafe';

const identifier = fieldText.min(1, 'may not be empty');
const requestArgs = {
  patronId: identifier,
  itemId: identifier,
  password: fieldText.optional(),
};

export interface CheckoutOptions {
  /** AD: the borrower's PIN, when the ACS checks it on checkout. */
  patronPassword?: string;
  /** BO: the borrower agreed to the fee the ACS announced in an earlier refusal. */
  feeAcknowledged?: boolean;
  /** No block: a transaction the SC already granted off line, replayed; the ACS must not refuse it. */
  noBlock?: boolean;
  /** When it really happened (an off-line transaction replayed later); defaults to now. */
  transactionDate?: Date;
}

export interface PatronInformationOptions {
  /** AD: the PIN; the response's validPassword (CQ) says whether it was right. */
  password?: string;
  /** Which item list to get in full (one at a time, as the spec asks). */
  summary?: SummaryCategory;
  startItem?: number;
  endItem?: number;
}

/**
 * A SIP2 (3M Standard Interchange Protocol 2.0) client for a self-check kiosk: the SC side of one
 * TCP connection to the library system (ACS).
 *
 * - Connects lazily (or on connect()), logs in with 93 and sends 99 status; reconnects with backoff
 *   when the connection drops, logging in again.
 * - One request at a time: calls are queued, as SIP2 has no way to interleave.
 * - Matches responses by command and AY sequence number; sets aside stale answers, asks for a
 *   resend (97) when a checksum fails, and sends the last message again when the ACS sends 96.
 * - Retries after a timeout or a dropped connection, within config.retries.
 * - Fails with a Sip2Error ('timeout' | 'disconnected' | 'login-failed' | 'checksum' | 'protocol' |
 *   'invalid-request' | 'closed').
 *
 * Patron identifiers and PINs are never logged: log lines carry the message type and sequence number.
 */
export class Sip2Client {
  /** Private: it holds the SC login password. */
  private readonly config: Sip2Config;
  private readonly log: Logger;
  private readonly transport: Sip2Transport;
  private readonly now: () => Date;
  private readonly frameOptions: FrameOptions;

  private currentState: Sip2State = 'idle';
  private link: FrameLink | undefined;
  private connecting: Promise<FrameLink> | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private reconnectDelayMs: number;
  private sequence = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private lastAcsStatus: Parsed<AcsStatusResponse> | undefined;
  private readonly stateListeners = new Set<(state: Sip2State) => void>();

  constructor(deps: Sip2ClientDeps) {
    this.config = sip2ConfigSchema.parse(deps.config);
    this.log = deps.log;
    this.now = deps.now ?? (() => new Date());
    this.transport =
      deps.transport ?? tcpTransport({ host: this.config.host, port: this.config.port, connectTimeoutMs: this.config.connectTimeoutMs });
    const { dialect } = this.config;
    this.frameOptions = {
      encoding: dialect.encoding,
      checksum: dialect.checksums,
      terminator: dialect.terminator,
      checksumUnits: dialect.checksumUnits,
    };
    this.reconnectDelayMs = this.config.reconnect.initialMs;
  }

  get state(): Sip2State {
    return this.currentState;
  }

  /** The last ACS status (98): online, checkin/checkout allowed, supported messages … */
  get acsStatus(): Parsed<AcsStatusResponse> | undefined {
    return this.lastAcsStatus;
  }

  /** Calls `listener` on every state change; returns the unsubscribe function. */
  onStateChange(listener: (state: Sip2State) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Connects and logs in now (requests do it themselves when needed). Resolves with the ACS status when 99 is sent on connect. */
  connect(): Promise<Parsed<AcsStatusResponse> | undefined> {
    return this.exclusive(async () => {
      await this.ensureLink();
      return this.lastAcsStatus;
    });
  }

  /** Closes the connection for good; queued and later requests fail with 'closed'. */
  async close(): Promise<void> {
    if (this.isClosed()) return;
    this.setState('closed');
    clearTimeout(this.reconnectTimer);
    this.link?.close();
    this.link = undefined;
    await this.queue;
  }

  // ------------------------------------------------------------ requests

  /** 99 → 98. Also refreshes `acsStatus`. */
  async status(): Promise<Parsed<AcsStatusResponse>> {
    const status = await this.transact(scStatusRequest, () => this.scStatus(), acsStatusResponse, 'safe');
    this.lastAcsStatus = status;
    return status;
  }

  /** 63 → 64: validity, PIN check, counts and (with `summary`) one item list in full. */
  async patronInformation(patronId: string, options: PatronInformationOptions = {}): Promise<Parsed<PatronInformationResponse>> {
    const args = this.validate({ patronId: requestArgs.patronId, password: requestArgs.password }, { patronId, password: options.password });
    const range = this.validate(
      { startItem: z.number().int().min(1).optional(), endItem: z.number().int().min(1).optional() },
      { startItem: options.startItem, endItem: options.endItem },
    );
    return await this.transact(
      patronInformationRequest,
      () => ({
        language: this.config.dialect.language,
        transactionDate: this.timestamp(),
        summary: options.summary ? [options.summary] : [],
        institutionId: this.config.institutionId,
        patronId: args.patronId,
        terminalPassword: this.config.terminalPassword,
        patronPassword: args.password,
        startItem: range.startItem,
        endItem: range.endItem,
      }),
      patronInformationResponse,
      'safe',
    );
  }

  /** 23 → 24: the short check (valid patron, PIN, blocks, fees). */
  async patronStatus(patronId: string, options: { password?: string } = {}): Promise<Parsed<PatronStatusResponse>> {
    const args = this.validate({ patronId: requestArgs.patronId, password: requestArgs.password }, { patronId, password: options.password });
    return await this.transact(
      patronStatusRequest,
      () => ({
        language: this.config.dialect.language,
        transactionDate: this.timestamp(),
        institutionId: this.config.institutionId,
        patronId: args.patronId,
        terminalPassword: this.config.terminalPassword,
        patronPassword: args.password ?? '',
      }),
      patronStatusResponse,
      'safe',
    );
  }

  /** 11 → 12. `ok` false means refused; the screen messages say why. */
  async checkout(patronId: string, itemId: string, options: CheckoutOptions = {}): Promise<Parsed<CheckoutResponse>> {
    const args = this.validate(
      { patronId: requestArgs.patronId, itemId: requestArgs.itemId, password: requestArgs.password },
      { patronId, itemId, password: options.patronPassword },
    );
    return await this.transact(
      checkoutRequest,
      () => ({
        scRenewalPolicy: this.config.scRenewalPolicy,
        noBlock: options.noBlock ?? false,
        transactionDate: this.timestamp(options.transactionDate),
        nbDueDate: BLANK_TIMESTAMP,
        institutionId: this.config.institutionId,
        patronId: args.patronId,
        itemId: args.itemId,
        terminalPassword: this.config.terminalPassword,
        patronPassword: args.password,
        feeAcknowledged: options.feeAcknowledged,
      }),
      checkoutResponse,
      'unsafe',
    );
  }

  /** 09 → 10: return an item. `returnDate` defaults to now; `noBlock` for a return taken off line and replayed. */
  async checkin(itemId: string, options: { returnDate?: Date; noBlock?: boolean } = {}): Promise<Parsed<CheckinResponse>> {
    const args = this.validate({ itemId: requestArgs.itemId }, { itemId });
    return await this.transact(
      checkinRequest,
      () => {
        const transactionDate = this.timestamp();
        return {
          noBlock: options.noBlock ?? false,
          transactionDate,
          returnDate: options.returnDate ? this.timestamp(options.returnDate) : transactionDate,
          currentLocation: this.config.locationCode,
          institutionId: this.config.institutionId,
          itemId: args.itemId,
          terminalPassword: this.config.terminalPassword,
        };
      },
      checkinResponse,
      'safe',
    );
  }

  /** 29 → 30: renew one loan. */
  async renew(patronId: string, itemId: string, options: CheckoutOptions = {}): Promise<Parsed<RenewResponse>> {
    const args = this.validate(
      { patronId: requestArgs.patronId, itemId: requestArgs.itemId, password: requestArgs.password },
      { patronId, itemId, password: options.patronPassword },
    );
    return await this.transact(
      renewRequest,
      () => ({
        thirdPartyAllowed: false,
        noBlock: options.noBlock ?? false,
        transactionDate: this.timestamp(options.transactionDate),
        nbDueDate: BLANK_TIMESTAMP,
        institutionId: this.config.institutionId,
        patronId: args.patronId,
        patronPassword: args.password,
        itemId: args.itemId,
        terminalPassword: this.config.terminalPassword,
        feeAcknowledged: options.feeAcknowledged,
      }),
      renewResponse,
      'unsafe',
    );
  }

  /** 17 → 18: title, circulation status, due date, hold queue. */
  async itemInformation(itemId: string): Promise<Parsed<ItemInformationResponse>> {
    const args = this.validate({ itemId: requestArgs.itemId }, { itemId });
    return await this.transact(
      itemInformationRequest,
      () => ({
        transactionDate: this.timestamp(),
        institutionId: this.config.institutionId,
        itemId: args.itemId,
        terminalPassword: this.config.terminalPassword,
      }),
      itemInformationResponse,
      'safe',
    );
  }

  /** 35 → 36: tell the ACS the borrower is done. */
  async endSession(patronId: string, options: { password?: string } = {}): Promise<Parsed<EndSessionResponse>> {
    const args = this.validate({ patronId: requestArgs.patronId, password: requestArgs.password }, { patronId, password: options.password });
    return await this.transact(
      endPatronSessionRequest,
      () => ({
        transactionDate: this.timestamp(),
        institutionId: this.config.institutionId,
        patronId: args.patronId,
        terminalPassword: this.config.terminalPassword,
        patronPassword: args.password,
      }),
      endSessionResponse,
      'safe',
    );
  }

  // ------------------------------------------------------------ plumbing

  /** A method, not a field test, so the compiler does not carry a narrowed state across awaits. */
  private isClosed(): boolean {
    return this.currentState === 'closed';
  }

  private setState(state: Sip2State): void {
    if (this.currentState === state) return;
    // 'closed' is final.
    if (this.isClosed()) return;
    this.currentState = state;
    this.log.debug({ state }, 'sip2 state');
    for (const listener of this.stateListeners) listener(state);
  }

  private timestamp(date: Date = this.now()): string {
    return formatSip2Timestamp(date, this.config.dialect.timestampZone);
  }

  private scStatus() {
    return { statusCode: 0 as const, maxPrintWidth: this.config.dialect.maxPrintWidth, protocolVersion: '2.00' };
  }

  /** Checks request arguments before anything is queued; the error names the argument, never its value. */
  private validate<S extends z.ZodRawShape>(shape: S, values: Record<keyof S, unknown>): z.infer<z.ZodObject<S>> {
    const result = z.object(shape).safeParse(values);
    if (result.success) return result.data;
    const detail = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Sip2Error('invalid-request', `invalid SIP2 request: ${detail}`);
  }

  private nextSequence(): number | undefined {
    if (!this.config.dialect.sequenceNumbers) return undefined;
    const sequence = this.sequence;
    this.sequence = (this.sequence + 1) % 10;
    return sequence;
  }

  /** Runs tasks one after another: SIP2 allows one outstanding request per connection. */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private transact<Req, Res>(requestSpec: MessageSpec<Req>, build: () => Req, responseSpec: MessageSpec<Res>, safety: Safety): Promise<Parsed<Res>> {
    return this.exclusive(async () => {
      for (let attempt = 0; ; attempt++) {
        const link = await this.ensureLink();
        const sent = { written: false };
        try {
          return await this.exchange(link, requestSpec, build(), responseSpec, sent);
        } catch (error) {
          if (!isSip2Error(error) || (error.code !== 'timeout' && error.code !== 'disconnected')) throw error;
          const mayRepeat = safety === 'safe' || this.config.retryUnsafe || !sent.written;
          if (attempt >= this.config.retries || !mayRepeat) throw error;
          if (error.code === 'timeout' && !this.config.dialect.sequenceNumbers) {
            // Without sequence numbers a late answer could not be told from the answer to the retry.
            link.close('timed out without sequence numbers; reconnecting');
          }
          this.log.info({ type: requestSpec.code, attempt: attempt + 1, reason: error.code }, 'sip2 retrying request');
        }
      }
    });
  }

  /**
   * One request and its response on `link`, with the resend dance: a response with a bad
   * checksum gets a 97, a 96 from the ACS gets the request again (same bytes, same AY).
   */
  private async exchange<Req, Res>(
    link: FrameLink,
    requestSpec: MessageSpec<Req>,
    request: Req,
    responseSpec: MessageSpec<Res>,
    sent: { written: boolean },
  ): Promise<Parsed<Res>> {
    const { dialect } = this.config;
    let body: string;
    try {
      body = encodeMessage(requestSpec, request, { delimiter: dialect.fieldDelimiter });
    } catch (error) {
      throw new Sip2Error('invalid-request', error instanceof Error ? error.message : String(error), { cause: error });
    }
    const seq = this.nextSequence();
    const frame = encodeFrame(body, seq, this.frameOptions);
    const stale = link.discardReceived();
    if (stale > 0) this.log.warn({ type: requestSpec.code, count: stale }, 'sip2 discarded unsolicited messages');
    link.write(frame);
    sent.written = true;
    this.log.debug({ type: requestSpec.code, seq }, 'sip2 request sent');

    let resends = 0;
    let deadline = Date.now() + this.config.responseTimeoutMs;
    const context = `${requestSpec.name} (${requestSpec.code}${seq === undefined ? '' : `, AY${seq}`})`;
    for (;;) {
      let bytes: Buffer;
      try {
        bytes = await link.next(Math.max(1, deadline - Date.now()));
      } catch (error) {
        if (isSip2Error(error) && error.code === 'timeout') {
          throw new Sip2Error('timeout', `no response to ${context} within ${this.config.responseTimeoutMs} ms`);
        }
        throw error;
      }
      const decoded = decodeFrame(bytes, this.frameOptions);
      const code = decoded.body.slice(0, 2);
      const shownCode = /^\d\d$/.test(code) ? code : '??';

      const checksumOk =
        decoded.checksum === 'valid' ||
        !dialect.checksums ||
        (decoded.checksum === 'missing' && (dialect.acceptMissingChecksum || code === '96'));
      if (!checksumOk) {
        resends += 1;
        if (resends > this.config.maxResends) {
          throw new Sip2Error('checksum', `response to ${context} ${decoded.checksum === 'missing' ? 'has no checksum' : 'failed its checksum'} after ${this.config.maxResends} resend requests`);
        }
        this.log.warn({ type: shownCode, seq: decoded.sequence, checksum: decoded.checksum }, 'sip2 response failed its checksum; requesting resend');
        link.write(encodeFrame(encodeMessage(requestAcsResend, {}), undefined, this.frameOptions));
        deadline = Date.now() + this.config.responseTimeoutMs;
        continue;
      }

      if (code === '96') {
        resends += 1;
        if (resends > this.config.maxResends) throw new Sip2Error('checksum', `the ACS kept asking to resend ${context}`);
        this.log.warn({ type: requestSpec.code, seq }, 'sip2 ACS requested a resend');
        link.write(frame);
        deadline = Date.now() + this.config.responseTimeoutMs;
        continue;
      }

      const sameSequence = seq === undefined || decoded.sequence === undefined || decoded.sequence === seq;
      if (code !== responseSpec.code) {
        if (seq !== undefined && decoded.sequence === seq) {
          throw new Sip2Error('protocol', `expected ${responseSpec.name} (${responseSpec.code}) to ${context}, got ${shownCode}`);
        }
        this.log.warn({ type: shownCode, seq: decoded.sequence, expected: responseSpec.code }, 'sip2 unexpected message set aside');
        continue;
      }
      if (!sameSequence) {
        this.log.warn({ type: shownCode, seq: decoded.sequence, expected: seq }, 'sip2 stale response set aside');
        continue;
      }
      if (seq !== undefined && decoded.sequence === undefined && !dialect.acceptMissingSequenceNumber) {
        throw new Sip2Error('protocol', `response to ${context} has no sequence number`);
      }

      const parsed = parseMessage(responseSpec, decoded.body, { delimiter: dialect.fieldDelimiter });
      if (!parsed.ok) throw new Sip2Error('protocol', `unreadable response to ${context}: ${parsed.reason}`);
      let warnings = parsed.warnings;
      if (!dialect.acsSendsInstitutionId && 'institutionId' in parsed.message && parsed.message.institutionId === '') {
        parsed.message.institutionId = this.config.institutionId;
        warnings = warnings.filter((warning) => warning !== 'required field AO missing');
      }
      if (warnings.length > 0) this.log.warn({ type: code, seq: decoded.sequence, warnings }, 'sip2 response read with warnings');
      this.log.debug({ type: code, seq: decoded.sequence }, 'sip2 response received');
      return parsed.message;
    }
  }

  /** The open connection, opening one (or joining the attempt under way) if there is none. */
  private async ensureLink(): Promise<FrameLink> {
    if (this.isClosed()) throw new Sip2Error('closed', 'the SIP2 client is closed');
    if (this.link?.isOpen) return this.link;
    return this.startConnecting();
  }

  private startConnecting(): Promise<FrameLink> {
    if (this.connecting) return this.connecting;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    const attempt = (async () => {
      try {
        return await this.openLink();
      } finally {
        this.connecting = undefined;
      }
    })();
    // A background reconnect has nobody waiting: its failure is logged and rescheduled in openLink.
    attempt.catch(() => undefined);
    this.connecting = attempt;
    return attempt;
  }

  private async openLink(): Promise<FrameLink> {
    this.setState('connecting');
    let link: FrameLink | undefined;
    try {
      const socket = await this.withTimeout(this.transport.open(), this.config.connectTimeoutMs, (late) => late.destroy());
      link = new FrameLink(socket, this.log);
      if (this.isClosed()) throw new Sip2Error('closed', 'the SIP2 client is closed');
      const login = this.config.login;
      if (login) {
        const response = await this.exchange(
          link,
          loginRequest,
          {
            uidAlgorithm: login.uidAlgorithm,
            pwdAlgorithm: login.pwdAlgorithm,
            userId: login.user,
            password: login.password,
            locationCode: this.config.locationCode || undefined,
          },
          loginResponse,
          { written: false },
        );
        if (!response.ok) throw new Sip2Error('login-failed', 'the ACS refused the SIP2 login (94 ok=0)');
      }
      if (this.config.dialect.statusOnConnect) {
        this.lastAcsStatus = await this.exchange(link, scStatusRequest, this.scStatus(), acsStatusResponse, { written: false });
        if (!this.lastAcsStatus.onlineStatus) this.log.warn('sip2 ACS reports it is off line');
      }
    } catch (error) {
      link?.close('connect failed');
      return this.connectFailed(error);
    }
    if (this.isClosed()) {
      link.close();
      throw new Sip2Error('closed', 'the SIP2 client is closed');
    }
    const opened = link;
    opened.onClose((reason) => this.dropped(opened, reason));
    this.link = opened;
    this.reconnectDelayMs = this.config.reconnect.initialMs;
    this.setState('ready');
    this.log.info({ transport: this.transport.description }, 'sip2 connected');
    return opened;
  }

  private connectFailed(error: unknown): never {
    if (this.isClosed()) throw new Sip2Error('closed', 'the SIP2 client is closed');
    if (isSip2Error(error) && error.code === 'login-failed') {
      this.log.error('sip2 login refused by the ACS; not reconnecting until asked');
      this.setState('login-failed');
      throw error;
    }
    const detail = error instanceof Error ? error.message : String(error);
    this.log.warn({ reason: detail }, 'sip2 connect failed');
    this.scheduleReconnect();
    if (isSip2Error(error) && error.code !== 'timeout') throw error;
    throw new Sip2Error('disconnected', `could not connect to the ACS: ${detail}`, { cause: error });
  }

  private dropped(link: FrameLink, reason: Sip2Error): void {
    if (this.link !== link) return;
    this.link = undefined;
    if (this.isClosed()) return;
    this.log.warn({ reason: reason.message }, 'sip2 connection lost');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.isClosed()) return;
    this.setState('waiting-to-reconnect');
    clearTimeout(this.reconnectTimer);
    const delay = this.reconnectDelayMs;
    this.reconnectDelayMs = Math.min(this.config.reconnect.maxMs, Math.round(delay * this.config.reconnect.factor));
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.startConnecting();
    }, delay);
    // A kiosk app has other work keeping it alive; a waiting reconnect alone should not.
    this.reconnectTimer.unref();
  }

  private withTimeout<T>(promise: Promise<T>, ms: number, discardLate: (value: T) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        settled = true;
        reject(new Sip2Error('disconnected', `connect timed out after ${ms} ms`));
      }, ms);
      promise.then(
        (value) => {
          clearTimeout(timer);
          if (settled) discardLate(value);
          else resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          if (!settled) reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }
}
