/**
 * Splits a byte stream into frames: on a terminator sequence, or on silence (the owner calls idle() when the
 * inter-byte timeout passes). Memory is bounded: at most maxFrameLength + terminator length bytes are held;
 * longer input is reported once as 'overflow' and then skipped up to the next terminator or silence.
 */
export interface FramerOptions {
  /** null: frames end only on silence. */
  terminator: Uint8Array | null;
  /** Line terminators (CR/LF): CR and LF at either end of a frame are trimmed and empty frames dropped, so CRLF works in CR mode. */
  trimLineEnds: boolean;
  maxFrameLength: number;
}

export type FramerOutput =
  | { type: 'frame'; bytes: Uint8Array }
  /** Bytes that silence cut off before their terminator arrived. */
  | { type: 'incomplete'; bytes: Uint8Array }
  /** The first maxFrameLength bytes of a frame that was too long; the rest is skipped. */
  | { type: 'overflow'; bytes: Uint8Array };

const CR = 0x0d;
const LF = 0x0a;

export class Framer {
  private buffer: number[] = [];
  private discarding = false;
  /** Last bytes seen while discarding, to spot a terminator split across chunks. */
  private window: number[] = [];
  private readonly terminator: readonly number[];

  constructor(private readonly options: FramerOptions) {
    if (!Number.isInteger(options.maxFrameLength) || options.maxFrameLength < 1) throw new RangeError('maxFrameLength must be a positive integer');
    if (options.terminator?.length === 0) throw new RangeError('terminator must not be empty');
    this.terminator = options.terminator ? [...options.terminator] : [];
  }

  /** True while bytes are held or skipped: the owner should arm its inter-byte timer. */
  get busy(): boolean {
    return this.buffer.length > 0 || this.discarding;
  }

  push(chunk: Uint8Array): FramerOutput[] {
    const out: FramerOutput[] = [];
    const term = this.terminator;
    for (const byte of chunk) {
      if (this.discarding) {
        if (term.length === 0) continue;
        this.window.push(byte);
        if (this.window.length > term.length) this.window.shift();
        if (endsWith(this.window, term)) {
          this.discarding = false;
          this.window = [];
        }
        continue;
      }
      this.buffer.push(byte);
      if (term.length > 0 && endsWith(this.buffer, term)) {
        const content = this.buffer.slice(0, this.buffer.length - term.length);
        this.buffer = [];
        this.complete(content, 'frame', out);
      } else if (this.buffer.length > this.options.maxFrameLength + term.length) {
        out.push({ type: 'overflow', bytes: Uint8Array.from(this.buffer.slice(0, this.options.maxFrameLength)) });
        // Keep the tail: it may already hold the start of the terminator.
        this.window = term.length > 0 ? this.buffer.slice(-term.length) : [];
        this.buffer = [];
        this.discarding = true;
        if (term.length > 0 && endsWith(this.window, term)) {
          this.discarding = false;
          this.window = [];
        }
      }
    }
    return out;
  }

  /** The inter-byte timeout passed: ends a terminator-less frame, or reports a cut-off one. */
  idle(): FramerOutput[] {
    const out: FramerOutput[] = [];
    if (this.discarding) {
      this.discarding = false;
      this.window = [];
      return out;
    }
    if (this.buffer.length === 0) return out;
    const content = this.buffer;
    this.buffer = [];
    this.complete(content, this.terminator.length === 0 ? 'frame' : 'incomplete', out);
    return out;
  }

  /** Drops everything held (e.g. the device went away mid-frame); returns what was dropped, if anything. */
  reset(): FramerOutput[] {
    const out: FramerOutput[] = [];
    if (!this.discarding && this.buffer.length > 0) this.complete(this.buffer, 'incomplete', out);
    this.buffer = [];
    this.discarding = false;
    this.window = [];
    return out;
  }

  private complete(content: number[], type: 'frame' | 'incomplete', out: FramerOutput[]): void {
    const bytes = this.options.trimLineEnds ? trimLineEnds(content) : content;
    if (bytes.length === 0) return;
    if (bytes.length > this.options.maxFrameLength) {
      out.push({ type: 'overflow', bytes: Uint8Array.from(bytes.slice(0, this.options.maxFrameLength)) });
      return;
    }
    out.push({ type, bytes: Uint8Array.from(bytes) });
  }
}

function endsWith(buffer: readonly number[], suffix: readonly number[]): boolean {
  if (buffer.length < suffix.length) return false;
  const offset = buffer.length - suffix.length;
  for (let i = 0; i < suffix.length; i++) if (buffer[offset + i] !== suffix[i]) return false;
  return true;
}

function trimLineEnds(bytes: number[]): number[] {
  let start = 0;
  let end = bytes.length;
  while (start < end && (bytes[start] === CR || bytes[start] === LF)) start++;
  while (end > start && (bytes[end - 1] === CR || bytes[end - 1] === LF)) end--;
  return start === 0 && end === bytes.length ? bytes : bytes.slice(start, end);
}
