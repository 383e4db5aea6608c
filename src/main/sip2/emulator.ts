import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createRootLogger, type Logger } from '../log';
import type { Sip2Encoding } from './encoding';
import { EmulatorLibrary, type EmulatorLibraryOptions } from './emulator-library';
import { decodeFrame, encodeFrame, FrameSplitter, type ChecksumUnits, type Terminator } from './frame';
import {
  acsStatusResponse,
  checkinRequest,
  checkinResponse,
  checkoutRequest,
  checkoutResponse,
  DEFAULT_DELIMITER,
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
  requestScResend,
  scStatusRequest,
  type MessageSpec,
  type Parsed,
} from './messages';

export interface Sip2EmulatorOptions extends EmulatorLibraryOptions {
  encoding?: Sip2Encoding;
  checksumUnits?: ChecksumUnits;
  /** What ends the messages the emulator sends. */
  terminator?: Terminator;
  /** Only CR LF ends a received message (a bare CR stays inside it), like systems that insist on CR LF. */
  requireCrlf?: boolean;
  /** 'mirror': checksum a response when its request had one (what most ACSs do). */
  checksums?: 'mirror' | 'always' | 'never';
  /** 'mirror': echo the request's AY. */
  sequenceNumbers?: 'mirror' | 'never';
  /** Echo AO in responses. */
  sendInstitutionId?: boolean;
  /** Drop a connection that sends anything but 93 before logging in (defaults to true when accounts are set). */
  requireLogin?: boolean;
  /**
   * Order of the variable fields in responses (the spec lets them come in any order): as our layouts list
   * them, reversed, or the first one moved last.
   */
  fieldOrder?: 'spec' | 'reversed' | 'rotated';
  /** Optional fields left out of responses, like systems that send less: 'CQ' (every response) or '24/CQ' (one message). */
  omitFields?: readonly string[];
  /** Fields added to every response, like vendor extensions ({ ZV: 'vendor data' }); a client must skip what it does not know. */
  extraFields?: Readonly<Record<string, string>>;
  /** Serve one connection at a time, like some library systems: a second waits, unanswered, until the first closes. */
  oneConnectionAtATime?: boolean;
  log?: Logger;
}

interface ConnectionState {
  loggedIn: boolean;
  /** The last response, for a 97. */
  last: { body: string; sequence: number | undefined } | undefined;
  queue: Promise<void>;
}

type Reaction = { body: string } | 'silent' | 'drop';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A SIP2 server (ACS) on 127.0.0.1 for tests, benchmarks and demos, backed by EmulatorLibrary, with
 * fault injection: corrupt checksums, dropped connections, delays, ignored messages, 96 resend
 * requests, missing sequence numbers and CR LF-only framing.
 */
export class Sip2Emulator {
  readonly library: EmulatorLibrary;
  /** Commands received on all connections, in order (e.g. '93', '99', '11', '97'); the last 10 000. */
  readonly received: string[] = [];
  /** Connections accepted so far. */
  connections = 0;

  private readonly options: Required<Pick<Sip2EmulatorOptions, 'encoding' | 'checksumUnits' | 'terminator' | 'checksums' | 'sequenceNumbers' | 'sendInstitutionId' | 'requireLogin'>>;
  private readonly log: Logger;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  /** With oneConnectionAtATime: the connection being served and those waiting, in order. */
  private serving: Socket | undefined;
  private readonly waiting: Socket[] = [];
  private readonly style: Pick<Sip2EmulatorOptions, 'fieldOrder' | 'omitFields' | 'extraFields' | 'oneConnectionAtATime'>;
  private requireCrlf: boolean;
  private corruptChecksums = 0;
  private dropCountdown: number | undefined;
  private delayMs = 0;
  private delayCount = 0;
  private ignoreCount = 0;
  private resendRequests = 0;
  private omitSequence = false;

  constructor(options: Sip2EmulatorOptions = {}) {
    this.library = new EmulatorLibrary(options);
    this.options = {
      encoding: options.encoding ?? 'utf8',
      checksumUnits: options.checksumUnits ?? 'bytes',
      terminator: options.terminator ?? 'CR',
      checksums: options.checksums ?? 'mirror',
      sequenceNumbers: options.sequenceNumbers ?? 'mirror',
      sendInstitutionId: options.sendInstitutionId ?? true,
      requireLogin: options.requireLogin ?? (options.accounts ?? []).length > 0,
    };
    this.requireCrlf = options.requireCrlf ?? false;
    this.style = { fieldOrder: options.fieldOrder, omitFields: options.omitFields, extraFields: options.extraFields, oneConnectionAtATime: options.oneConnectionAtATime };
    this.log = options.log ?? createRootLogger({ level: 'silent' });
    this.server = createServer((socket) => this.accept(socket));
  }

  /** Listens on 127.0.0.1 (port 0: any free port) and resolves with the address. */
  start(port = 0): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve({ host: '127.0.0.1', port: this.port });
      });
    });
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.dropConnections();
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Closes every open connection (the server keeps listening). */
  dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  // ------------------------------------------------------------ faults

  /** The next `count` responses carry a wrong checksum; answers to 97 count too (corruptNextChecksum(1): the resend is good). */
  corruptNextChecksum(count = 1): void {
    this.corruptChecksums += count;
  }

  /** The `n`-th message from now is not answered: its connection is closed instead. */
  dropConnectionAfter(n: number): void {
    this.dropCountdown = n;
  }

  /** Holds the next `count` responses back for `ms`. */
  delayResponses(ms: number, count = Number.POSITIVE_INFINITY): void {
    this.delayMs = ms;
    this.delayCount = count;
  }

  /** Swallows the next `count` messages without answering. */
  ignoreNext(count = 1): void {
    this.ignoreCount += count;
  }

  /** Answers the next `count` messages with 96 (request SC resend) instead of handling them. */
  sendResendRequest(count = 1): void {
    this.resendRequests += count;
  }

  /** Leaves AY out of responses. */
  omitSequenceNumbers(on = true): void {
    this.omitSequence = on;
  }

  /** Only CR LF ends a message, for connections accepted from now on. */
  setRequireCrlf(on = true): void {
    this.requireCrlf = on;
  }

  clearFaults(): void {
    this.corruptChecksums = 0;
    this.dropCountdown = undefined;
    this.delayMs = 0;
    this.delayCount = 0;
    this.ignoreCount = 0;
    this.resendRequests = 0;
    this.omitSequence = false;
  }

  // ------------------------------------------------------------ connections

  private accept(socket: Socket): void {
    this.connections += 1;
    this.sockets.add(socket);
    socket.setNoDelay(true);
    if (this.style.oneConnectionAtATime) {
      // Accepted by the operating system, but nothing is read until the connection before it closes.
      if (this.serving) {
        socket.pause();
        this.waiting.push(socket);
      } else this.serving = socket;
      socket.on('close', () => {
        const at = this.waiting.indexOf(socket);
        if (at >= 0) this.waiting.splice(at, 1);
        if (this.serving !== socket) return;
        this.serving = this.waiting.shift();
        this.serving?.resume();
      });
    }
    const splitter = new FrameSplitter(this.requireCrlf ? 'crlf-only' : 'cr-or-lf');
    const state: ConnectionState = { loggedIn: !this.options.requireLogin, last: undefined, queue: Promise.resolve() };
    socket.on('data', (chunk: Buffer) => {
      for (const frame of splitter.push(chunk).frames) {
        state.queue = state.queue
          .then(() => this.handle(socket, state, frame))
          .catch((error: unknown) => this.log.error({ err: error }, 'sip2 emulator failed to handle a message'));
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => this.sockets.delete(socket));
  }

  private async handle(socket: Socket, state: ConnectionState, bytes: Buffer): Promise<void> {
    if (socket.destroyed) return;
    const decoded = decodeFrame(bytes, { encoding: this.options.encoding, checksumUnits: this.options.checksumUnits });
    const code = decoded.body.slice(0, 2);
    this.received.push(code);
    // A long-running demo emulator must not grow without bound.
    if (this.received.length > 10_000) this.received.splice(0, this.received.length - 10_000);
    this.log.debug({ type: code, seq: decoded.sequence }, 'sip2 emulator received');

    if (this.dropCountdown !== undefined) {
      this.dropCountdown -= 1;
      if (this.dropCountdown <= 0) {
        this.dropCountdown = undefined;
        socket.destroy();
        return;
      }
    }
    if (this.ignoreCount > 0) {
      this.ignoreCount -= 1;
      return;
    }
    const checksum = this.options.checksums === 'always' || (this.options.checksums === 'mirror' && decoded.checksum !== 'missing');
    if (decoded.checksum === 'invalid' || this.resendRequests > 0) {
      if (decoded.checksum !== 'invalid') this.resendRequests -= 1;
      this.send(socket, encodeMessage(requestScResend, {}), undefined, checksum, false);
      return;
    }
    if (code === '97') {
      if (state.last) this.send(socket, state.last.body, state.last.sequence, checksum, this.takeCorruption());
      return;
    }
    const reaction = this.respond(code, decoded.body, state);
    if (reaction === 'drop') {
      socket.destroy();
      return;
    }
    if (reaction === 'silent') return;
    const { body } = reaction;
    const sequence = this.options.sequenceNumbers === 'never' || this.omitSequence ? undefined : decoded.sequence;
    state.last = { body, sequence };
    if (this.delayCount > 0 && this.delayMs > 0) {
      this.delayCount -= 1;
      await sleep(this.delayMs);
    }
    this.send(socket, body, sequence, checksum, this.takeCorruption());
  }

  private takeCorruption(): boolean {
    if (this.corruptChecksums === 0) return false;
    this.corruptChecksums -= 1;
    return true;
  }

  private send(socket: Socket, body: string, sequence: number | undefined, checksum: boolean, corrupt: boolean): void {
    if (socket.destroyed) return;
    const frame = encodeFrame(body, sequence, {
      encoding: this.options.encoding,
      checksum: checksum || corrupt,
      terminator: this.options.terminator,
      checksumUnits: this.options.checksumUnits,
    });
    if (corrupt) {
      // Bump the checksum's last hex digit: still well-formed, now wrong.
      const at = frame.length - (this.options.terminator === 'CRLF' ? 3 : 2);
      const digit = parseInt(String.fromCharCode(frame[at]!), 16);
      frame[at] = ((digit + 1) % 16).toString(16).toUpperCase().charCodeAt(0);
    }
    socket.write(frame);
  }

  /** What to do with a request: answer it, stay silent or close the connection. */
  private respond(code: string, body: string, state: ConnectionState): Reaction {
    const library = this.library;
    if (code === '93') {
      return this.reply(loginRequest, body, loginResponse, (request) => {
        state.loggedIn = library.login(request);
        return { ok: state.loggedIn };
      });
    }
    if (!state.loggedIn) {
      this.log.warn({ type: code }, 'sip2 emulator: message before login; dropping the connection');
      return 'drop';
    }
    switch (code) {
      case '99':
        return this.reply(scStatusRequest, body, acsStatusResponse, () => library.status());
      case '63':
        return this.reply(patronInformationRequest, body, patronInformationResponse, (request) => library.patronInformation(request));
      case '23':
        return this.reply(patronStatusRequest, body, patronStatusResponse, (request) => library.patronStatus(request));
      case '11':
        return this.reply(checkoutRequest, body, checkoutResponse, (request) => library.checkout(request));
      case '09':
        return this.reply(checkinRequest, body, checkinResponse, (request) => library.checkin(request));
      case '29':
        return this.reply(renewRequest, body, renewResponse, (request) => library.renew(request));
      case '17':
        return this.reply(itemInformationRequest, body, itemInformationResponse, (request) => library.itemInformation(request));
      case '35':
        return this.reply(endPatronSessionRequest, body, endSessionResponse, (request) => library.endSession(request));
      default:
        // The spec: unrecognised commands are ignored.
        this.log.warn({ type: /^\d\d$/.test(code) ? code : '??' }, 'sip2 emulator ignored an unsupported message');
        return 'silent';
    }
  }

  private reply<Req, Res>(requestSpec: MessageSpec<Req>, body: string, responseSpec: MessageSpec<Res>, handler: (request: Parsed<Req>) => Res): Reaction {
    const parsed = parseMessage(requestSpec, body);
    if (!parsed.ok) {
      this.log.warn({ type: requestSpec.code, reason: parsed.reason }, 'sip2 emulator could not read a request');
      return 'silent';
    }
    const response = encodeMessage(responseSpec, handler(parsed.message), { delimiter: DEFAULT_DELIMITER });
    return { body: this.restyle(responseSpec, response) };
  }

  /** The response in this emulator's dialect: fields left out, added and reordered. */
  private restyle<T>(spec: MessageSpec<T>, body: string): string {
    const fixedLength = 2 + spec.fixed.reduce((sum, [, codec]) => sum + codec.length, 0);
    const omitted = new Set(this.style.omitFields ?? []);
    if (!this.options.sendInstitutionId) omitted.add('AO');
    let fields = body
      .slice(fixedLength)
      .split(DEFAULT_DELIMITER)
      .filter((field) => field !== '' && !omitted.has(field.slice(0, 2)) && !omitted.has(`${spec.code}/${field.slice(0, 2)}`));
    fields.push(...Object.entries(this.style.extraFields ?? {}).map(([id, value]) => `${id}${value}`));
    if (this.style.fieldOrder === 'reversed') fields = fields.reverse();
    if (this.style.fieldOrder === 'rotated' && fields.length > 1) fields = [...fields.slice(1), fields[0]!];
    return body.slice(0, fixedLength) + fields.map((field) => `${field}${DEFAULT_DELIMITER}`).join('');
  }
}
