import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Framer, type FramerOptions, type FramerOutput } from '../../../../src/main/hardware/readers';

const bytes = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));
const text = (outputs: FramerOutput[]) => outputs.map((o) => `${o.type}:${Buffer.from(o.bytes).toString('latin1')}`);

const cr: FramerOptions = { terminator: bytes('\r'), trimLineEnds: true, maxFrameLength: 16 };
const crlf: FramerOptions = { terminator: bytes('\r\n'), trimLineEnds: true, maxFrameLength: 16 };

describe('framer', () => {
  it('splits on the terminator, across chunks, and trims line ends', () => {
    const framer = new Framer(crlf);
    expect(text(framer.push(bytes('1234\r')))).toEqual([]);
    expect(text(framer.push(bytes('\n5678\r\n\r\n')))).toEqual(['frame:1234', 'frame:5678']);
    expect(framer.busy).toBe(false);
  });

  it('turns silence into a frame without a terminator and into an incomplete frame with one', () => {
    const timed = new Framer({ terminator: null, trimLineEnds: false, maxFrameLength: 16 });
    timed.push(bytes('12'));
    timed.push(bytes('34'));
    expect(text(timed.idle())).toEqual(['frame:1234']);
    const lined = new Framer(cr);
    lined.push(bytes(';12345'));
    expect(lined.busy).toBe(true);
    expect(text(lined.idle())).toEqual(['incomplete:;12345']);
    expect(text(lined.idle())).toEqual([]);
    // A left-over LF (CRLF into a CR reader) is not an incomplete frame.
    lined.push(bytes('\n'));
    expect(text(lined.idle())).toEqual([]);
  });

  it('reports an oversized frame once and skips to the terminator, even when the terminator is split', () => {
    const framer = new Framer({ ...crlf, maxFrameLength: 4 });
    const out = [...framer.push(bytes('ABCDEFGHIJ\r')), ...framer.push(bytes('\nok\r\n'))];
    expect(text(out)).toEqual(['overflow:ABCD', 'frame:ok']);
  });

  it('skips an oversized terminator-less frame until silence', () => {
    const framer = new Framer({ terminator: null, trimLineEnds: false, maxFrameLength: 4 });
    expect(text(framer.push(bytes('ABCDEFGH')))).toEqual(['overflow:ABCD']);
    expect(text(framer.push(bytes('IJKL')))).toEqual([]);
    expect(text(framer.idle())).toEqual([]);
    framer.push(bytes('1234'));
    expect(text(framer.idle())).toEqual(['frame:1234']);
  });

  it('reset reports what was cut off', () => {
    const framer = new Framer(cr);
    framer.push(bytes('12'));
    expect(text(framer.reset())).toEqual(['incomplete:12']);
    expect(framer.busy).toBe(false);
  });

  it('refuses impossible options', () => {
    expect(() => new Framer({ ...cr, maxFrameLength: 0 })).toThrow(RangeError);
    expect(() => new Framer({ ...cr, terminator: new Uint8Array() })).toThrow(RangeError);
  });
});

describe('framer properties (garbage in)', () => {
  const options = fc.record({
    terminator: fc.option(fc.uint8Array({ minLength: 1, maxLength: 3 }), { nil: null }),
    trimLineEnds: fc.boolean(),
    maxFrameLength: fc.integer({ min: 1, max: 64 }),
  });
  const bias = fc.constantFrom(0x0d, 0x0a, 0x03, 0x00, 0xff, 0x3b, 0x3f, 0x31);
  const chunk = fc.array(fc.oneof(fc.integer({ min: 0, max: 255 }), bias), { maxLength: 80 }).map((a) => Uint8Array.from(a));
  // A script of chunks, with `null` meaning "silence": the inter-byte timeout fired.
  const script = fc.array(fc.option(chunk, { nil: null, freq: 4 }), { maxLength: 30 });

  function run(opts: FramerOptions, steps: (Uint8Array | null)[]): FramerOutput[] {
    const framer = new Framer(opts);
    const out: FramerOutput[] = [];
    for (const step of steps) out.push(...(step ? framer.push(step) : framer.idle()));
    out.push(...framer.idle());
    expect(framer.busy).toBe(false);
    return out;
  }

  it('never throws, never emits more than maxFrameLength bytes, never emits an empty frame', () => {
    fc.assert(
      fc.property(options, script, (opts, steps) => {
        for (const output of run(opts, steps)) {
          expect(output.bytes.length).toBeGreaterThan(0);
          expect(output.bytes.length).toBeLessThanOrEqual(opts.maxFrameLength);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same frames however the bytes are split into chunks', () => {
    fc.assert(
      fc.property(options, fc.array(chunk, { maxLength: 10 }), fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1 }), (opts, chunks, sizes) => {
        const all = Uint8Array.from(chunks.flatMap((c) => [...c]));
        const resplit: Uint8Array[] = [];
        for (let i = 0, k = 0; i < all.length; k++) {
          const size = sizes[k % sizes.length] ?? 1;
          resplit.push(all.subarray(i, i + size));
          i += size;
        }
        expect(text(run(opts, resplit))).toEqual(text(run(opts, [all])));
      }),
      { numRuns: 500 },
    );
  });

  it('never lets a complete frame contain its terminator', () => {
    fc.assert(
      fc.property(options, script, (opts, steps) => {
        const terminator = opts.terminator;
        if (!terminator) return;
        const needle = Buffer.from(terminator);
        for (const output of run({ ...opts, trimLineEnds: false }, steps)) {
          if (output.type === 'frame') expect(Buffer.from(output.bytes).indexOf(needle)).toBe(-1);
        }
      }),
      { numRuns: 500 },
    );
  });
});
