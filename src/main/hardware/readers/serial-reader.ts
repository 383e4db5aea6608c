import type { Logger } from '../../log';
import type { SerialReaderConfig } from './config';
import { Framer, type FramerOutput } from './framer';
import { checkTextFrame, serialSettings, stripAffixes, type SerialSettings } from './serial-settings';
import { classifyOpenError, type SerialConnection, type SerialOpener } from './serial-transport';
import { ReconnectingReader } from './reconnecting-reader';
import type { BackoffOptions, Decode, Reader, Timers } from './types';
import { missingCaseError } from '../../../shared/result';

export interface SerialReaderDeps<C> {
  config: SerialReaderConfig;
  decode: Decode<C>;
  opener: SerialOpener;
  log: Logger;
  timers?: Timers;
  backoff?: BackoffOptions;
  /** Decides which parity settings need emulating (see serialSettings). */
  platform?: NodeJS.Platform;
}

/**
 * A serial (RS-232 / USB-CDC) card reader: frames the byte stream, checks and decodes each frame, and keeps
 * reopening the port with back-off while the device is away (unplugged, not yet plugged in, busy).
 */
export function createSerialReader<C>(deps: SerialReaderDeps<C>): Reader<C> {
  return new SerialReader(deps);
}

class SerialReader<C> extends ReconnectingReader<C> {
  private settings: SerialSettings | undefined;
  private framer: Framer | undefined;
  private connection: SerialConnection | undefined;
  private idleTimer: unknown;

  constructor(private readonly deps: SerialReaderDeps<C>) {
    super(deps, 'reader.serial');
  }

  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    const result = serialSettings(this.deps.config, this.deps.platform);
    if (!result.ok) {
      this.core.setStatus('error');
      this.core.error(result.reason, result.detail);
      return;
    }
    this.settings = result.settings;
    this.framer = new Framer(result.settings.framer);
    void this.connect();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.cancelRetry();
    this.clearIdleTimer();
    this.framer?.reset();
    const connection = this.connection;
    this.connection = undefined;
    if (connection) {
      try {
        await connection.close();
      } catch (error) {
        this.core.log.warn({ err: error }, 'closing the serial port failed');
      }
    }
    this.core.setStatus('disconnected');
  }

  protected async connect(): Promise<void> {
    const settings = this.settings;
    if (this.stopped || !settings) return;
    let connection: SerialConnection;
    try {
      connection = await this.deps.opener.open(settings.open);
    } catch (error) {
      if (this.stopped) return;
      const { reason, absent } = classifyOpenError(error);
      this.core.setStatus(absent ? 'disconnected' : 'error');
      this.core.connectionError(reason, error instanceof Error ? error.message : undefined);
      this.scheduleRetry();
      return;
    }
    if (this.stopped) {
      await connection.close().catch(() => undefined);
      return;
    }
    this.connection = connection;
    this.attempt = 0;
    this.core.setStatus('connected');
    connection.onData((chunk) => this.receive(connection, chunk));
    connection.onLost((error) => this.lost(connection, error));
  }

  private lost(connection: SerialConnection, error: Error): void {
    if (this.connection !== connection || this.stopped) return;
    this.connection = undefined;
    this.clearIdleTimer();
    this.core.log.warn({ err: error.message }, 'serial port lost');
    for (const output of this.framer?.reset() ?? []) this.handle(output);
    this.core.setStatus('disconnected');
    this.scheduleRetry();
  }

  private receive(connection: SerialConnection, chunk: Uint8Array): void {
    const framer = this.framer;
    const settings = this.settings;
    if (this.connection !== connection || !framer || !settings) return;
    const bytes = settings.transform ? chunk.map(settings.transform) : chunk;
    for (const output of framer.push(bytes)) this.handle(output);
    this.clearIdleTimer();
    if (framer.busy) {
      this.idleTimer = this.timers.setTimeout(() => {
        this.idleTimer = undefined;
        for (const output of framer.idle()) this.handle(output);
      }, this.deps.config.interByteTimeoutMs);
    }
  }

  private handle(output: FramerOutput): void {
    const settings = this.settings;
    if (!settings) return;
    this.core.raw(output.bytes);
    switch (output.type) {
      case 'incomplete':
        this.core.error('incomplete-frame', `${output.bytes.length} bytes, then silence before the terminator`);
        return;
      case 'overflow':
        this.core.error('frame-too-long', `more than ${this.deps.config.maxFrameLength} bytes; discarded`);
        return;
      case 'frame': {
        const content = stripAffixes(output.bytes, settings.prefix, settings.suffix);
        if (content.length === 0) {
          this.core.error('empty-frame');
          return;
        }
        const problem = checkTextFrame(content, settings.highBitReason);
        if (problem) {
          this.core.error(problem.reason, problem.detail);
          return;
        }
        this.core.decode({ type: 'text', text: Buffer.from(content).toString('latin1') });
        return;
      }
      default:
        throw missingCaseError(output);
    }
  }

  private clearIdleTimer(): void {
    if (this.idleTimer !== undefined) this.timers.clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }
}
