import type { ParseStep } from '../../src/main/hardware/relays/protocol/bytes';

/** Feeds `stream` through a reply parser the way the serial exchange does; returns the frames found and bytes left. */
export function drainParser<T>(stream: Uint8Array, parse: (buffer: Uint8Array) => ParseStep<T>): { frames: T[]; left: number } {
  let buffer = stream;
  const frames: T[] = [];
  for (let guard = 0; guard <= stream.length + 1 && buffer.length > 0; guard++) {
    const step = parse(buffer);
    if (step.kind === 'need-more') break;
    if (step.kind === 'skip') buffer = buffer.subarray(Math.max(1, step.count));
    else {
      frames.push(step.value);
      buffer = buffer.subarray(step.length);
    }
  }
  return { frames, left: buffer.length };
}
