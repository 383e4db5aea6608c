import type { Duplex } from 'node:stream';
import type { Logger } from '../log';
import { Sip2Error } from './errors';
import { FrameSplitter, type SplitMode } from './frame';

interface Waiter {
  resolve: (frame: Buffer) => void;
  reject: (error: Sip2Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * One open connection as a queue of received messages (terminators removed). SIP2 is strictly
 * one request, one response, so a single waiter is enough; messages nobody waits for are kept
 * until the next wait or discarded before the next request.
 */
export class FrameLink {
  private readonly frames: Buffer[] = [];
  private readonly splitter: FrameSplitter;
  private waiter: Waiter | undefined;
  private closedWith: Sip2Error | undefined;
  private readonly closeListeners = new Set<(error: Sip2Error) => void>();

  constructor(
    private readonly socket: Duplex,
    private readonly log: Logger,
    splitMode: SplitMode = 'cr-or-lf',
  ) {
    this.splitter = new FrameSplitter(splitMode);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (error: Error) => this.shutdown(new Sip2Error('disconnected', `connection error: ${error.message}`, { cause: error })));
    socket.on('end', () => this.shutdown(new Sip2Error('disconnected', 'the ACS closed the connection')));
    socket.on('close', () => this.shutdown(new Sip2Error('disconnected', 'the connection closed')));
  }

  get isOpen(): boolean {
    return this.closedWith === undefined;
  }

  /** Called once, with the reason, when the connection ends for any cause. */
  onClose(listener: (error: Sip2Error) => void): void {
    if (this.closedWith) listener(this.closedWith);
    else this.closeListeners.add(listener);
  }

  write(bytes: Uint8Array): void {
    if (this.closedWith) throw this.closedWith;
    this.socket.write(bytes);
  }

  /** The next received message, or a 'timeout' / 'disconnected' Sip2Error. */
  next(timeoutMs: number): Promise<Buffer> {
    const queued = this.frames.shift();
    if (queued) return Promise.resolve(queued);
    if (this.closedWith) return Promise.reject(this.closedWith);
    if (this.waiter) return Promise.reject(new Sip2Error('protocol', 'two reads at once on one SIP2 connection'));
    return new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(new Sip2Error('timeout', `no response within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiter = { resolve, reject, timer };
    });
  }

  /** Drops messages that arrived while nothing was asked (late answers to timed-out requests); returns how many. */
  discardReceived(): number {
    const count = this.frames.length;
    this.frames.length = 0;
    return count;
  }

  close(reason = 'closed by the client'): void {
    this.shutdown(new Sip2Error('disconnected', reason));
  }

  private receive(chunk: Buffer): void {
    const { frames, overflowed } = this.splitter.push(chunk);
    for (const frame of frames) {
      const waiter = this.waiter;
      if (waiter) {
        this.waiter = undefined;
        clearTimeout(waiter.timer);
        waiter.resolve(frame);
      } else {
        this.frames.push(frame);
      }
    }
    if (overflowed) {
      this.log.warn('sip2 stream sent too much without a terminator; dropping the connection');
      this.shutdown(new Sip2Error('protocol', 'message too long (no terminator)'));
    }
  }

  private shutdown(error: Sip2Error): void {
    if (this.closedWith) return;
    this.closedWith = error;
    this.socket.destroy();
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
    for (const listener of this.closeListeners) listener(error);
    this.closeListeners.clear();
  }
}
