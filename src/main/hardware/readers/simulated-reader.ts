import { moduleLogger, type Logger } from '../../log';
import type { SimulatedReaderConfig } from './config';
import { ReaderCore } from './core';
import { inProcessReader } from './in-process-reader';
import type { Decode, Reader, ReaderInput } from './types';

export interface SimulatedReader<C> extends Reader<C> {
  /** Presents a card: emits it as raw bytes and decodes it, like a real reader would. Ignored while disconnected. */
  present(input: ReaderInput): void;
  /** Simulates unplugging (false) and plugging back in (true). */
  setConnected(connected: boolean): void;
}

export interface SimulatedReaderDeps<C> {
  config: SimulatedReaderConfig;
  decode: Decode<C>;
  log: Logger;
}

/** A reader for the demo and tests: cards arrive when present() is called. */
export function createSimulatedReader<C>(deps: SimulatedReaderDeps<C>): SimulatedReader<C> {
  const { config } = deps;
  const core = new ReaderCore(config.id, deps.decode, moduleLogger(deps.log, 'reader.simulated').child({ readerId: config.id }));
  let plugged = config.connected;
  const { reader, running } = inProcessReader(core, {
    started: () => core.setStatus(plugged ? 'connected' : 'disconnected'),
    stopped: () => core.setStatus('disconnected'),
  });

  return {
    ...reader,
    setConnected(connected) {
      plugged = connected;
      if (running()) core.setStatus(connected ? 'connected' : 'disconnected');
    },
    present(input) {
      if (!running() || !plugged) return;
      const bytes = input.type === 'bytes' ? Uint8Array.from(input.bytes) : new Uint8Array(Buffer.from(input.text, 'latin1'));
      core.raw(bytes);
      core.decode(input.type === 'bytes' ? { type: 'bytes', bytes } : { type: 'text', text: input.text });
    },
  };
}
