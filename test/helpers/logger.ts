import { Writable } from 'node:stream';
import { createRootLogger, type Logger } from '../../src/main/log';

/** A logger that keeps its lines for assertions instead of printing them. */
export function captureLogger(): { log: Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const log = createRootLogger({ level: 'debug', destination });
  return {
    log,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

export const silentLogger: Logger = createRootLogger({ level: 'silent' });
