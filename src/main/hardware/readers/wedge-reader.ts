import { moduleLogger, type Logger } from '../../log';
import { createBurstDetector, type BurstDetector } from './burst-detector';
import type { KeyStroke, WedgeReaderConfig } from './config';
import { ReaderCore } from './core';
import { inProcessReader } from './in-process-reader';
import type { Decode, Reader } from './types';

export interface WedgeReader<C> extends Reader<C> {
  /** One keystroke from the renderer (sent over IPC). */
  keystroke(stroke: KeyStroke): void;
}

export interface WedgeReaderDeps<C> {
  config: WedgeReaderConfig;
  decode: Decode<C>;
  log: Logger;
  /** Defaults to createBurstDetector with the config's thresholds. */
  detector?: BurstDetector;
}

/**
 * A keyboard-wedge reader: the renderer forwards keystrokes, a burst detector picks out what a reader typed,
 * and bursts are decoded as text. Rejected typing (a person at the keyboard, perhaps a PIN) is reported by
 * reason and length only, never as raw data.
 */
export function createWedgeReader<C>(deps: WedgeReaderDeps<C>): WedgeReader<C> {
  const { config } = deps;
  const core = new ReaderCore(config.id, deps.decode, moduleLogger(deps.log, 'reader.wedge').child({ readerId: config.id }));
  const detector =
    deps.detector ??
    createBurstDetector({ maxGapMs: config.maxGapMs, minLength: config.minLength, maxLength: config.maxLength, terminators: config.terminators });
  const { reader, running } = inProcessReader(core, {
    // The keyboard is always there; the wedge is "connected" as soon as keystrokes can arrive.
    started: () => core.setStatus('connected'),
    stopped: () => {
      detector.reset();
      core.setStatus('disconnected');
    },
  });

  return {
    ...reader,
    keystroke(stroke) {
      if (!running()) return;
      if (typeof stroke.key !== 'string' || !Number.isFinite(stroke.timeMs)) return;
      const outcome = detector.push(stroke);
      if (!outcome) return;
      if (outcome.type === 'rejected') {
        core.error(outcome.reason, `${outcome.length} characters`);
        return;
      }
      core.raw(new Uint8Array(Buffer.from(outcome.text, 'utf8')));
      core.decode({ type: 'text', text: outcome.text });
    },
  };
}
