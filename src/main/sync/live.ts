import { setTimeout as sleep } from 'node:timers/promises';
import { LiveChangeEventSchema } from '../../shared/sync/protocol';
import type { Logger } from '../log';

export interface LiveChangesDeps {
  baseUrl: string;
  fetch: typeof fetch;
  /** The terminal token; undefined while not enrolled (the stream waits and asks again). */
  token: () => Promise<string | undefined>;
  /** A change concerns this terminal (`seq`: its change id), or the stream (re)opened (`null`: pull to catch up). */
  onChange: (seq: string | null) => void;
  log: Logger;
  random?: () => number;
  /** Longest wait between reconnection attempts (default 60 s). */
  maxBackoffMs?: number;
}

/**
 * The terminal's subscription to the register's live changes (GET /sync/events, server-sent events). It only
 * says when to pull; the pull itself is the ordinary one. When the stream is down the sync loop's timer still
 * runs, so nothing depends on it: it reconnects with exponential backoff and jitter.
 */
export class LiveChanges {
  private stopped = false;
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;
  private open = false;

  constructor(private readonly deps: LiveChangesDeps) {}

  /** The stream is open and subscribed. */
  get connected(): boolean {
    return this.open;
  }

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    await this.running;
  }

  private async loop(): Promise<void> {
    const random = this.deps.random ?? Math.random;
    let failures = 0;
    while (!this.stopped) {
      let subscribed = false;
      try {
        subscribed = await this.listen(() => {
          failures = 0;
        });
      } catch (error) {
        if (!this.stopped) this.deps.log.info({ err: error instanceof Error ? error.message : String(error) }, 'live changes: stream down; the timer syncs meanwhile');
      }
      this.open = false;
      if (this.stopped) return;
      if (!subscribed) failures++;
      const wait = Math.min(this.deps.maxBackoffMs ?? 60_000, 1000 * 2 ** Math.min(failures, 10)) * (0.5 + random() / 2);
      await sleep(wait, undefined, { signal: this.abort.signal }).catch(() => undefined);
    }
  }

  /** One connection until it ends. True when it was subscribed (the next attempt need not back off further). */
  private async listen(onOpen: () => void): Promise<boolean> {
    const token = await this.deps.token();
    if (!token) return false;
    const response = await this.deps.fetch(new URL('/sync/events', this.deps.baseUrl), {
      headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` },
      signal: this.abort.signal,
    });
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw new Error(`register answered ${response.status} to the live stream`);
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let subscribed = false;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return subscribed;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = parseEvent(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        if (event.type === 'ready') {
          subscribed = true;
          this.open = true;
          onOpen();
          this.deps.onChange(null);
        } else if (event.type === 'change') {
          this.deps.onChange(event.seq);
        }
      }
      // A stream that never sends a blank line is not ours.
      if (buffer.length > 64 * 1024) throw new Error('live stream: event too long');
    }
  }
}

type LiveEvent = { type: 'ready' } | { type: 'change'; seq: string | null } | { type: 'other' };

/** One server-sent event block (`event:` and `data:` lines; comments start with ':'). */
export function parseEvent(block: string): LiveEvent {
  let type = 'message';
  let data = '';
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) type = line.slice(6).trim();
    else if (line.startsWith('data:')) data += line.slice(5).trim();
  }
  if (type === 'ready') return { type: 'ready' };
  if (type !== 'change') return { type: 'other' };
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    json = undefined;
  }
  const parsed = LiveChangeEventSchema.safeParse(json);
  // An unreadable change event still means "something changed": pull.
  return { type: 'change', seq: parsed.success ? parsed.data.seq : null };
}
