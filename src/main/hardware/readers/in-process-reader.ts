import type { ReaderCore } from './core';
import type { Reader, ReaderEvent } from './types';

/**
 * The part of a reader that lives in this process (the simulator, the keyboard wedge) that both share:
 * started once, stopped for good, status and events from the core. `started` and `stopped` run once each.
 */
export function inProcessReader<C>(core: ReaderCore<C>, hooks: { started(): void; stopped(): void }): { reader: Reader<C>; running: () => boolean } {
  let running = false;
  let stopped = false;
  return {
    running: () => running,
    reader: {
      id: core.id,
      status: () => core.status(),
      onEvent: (listener: (event: ReaderEvent<C>) => void) => core.listeners.add(listener),
      start() {
        if (running || stopped) return;
        running = true;
        hooks.started();
      },
      stop() {
        if (!stopped) {
          stopped = true;
          running = false;
          hooks.stopped();
        }
        return Promise.resolve();
      },
    },
  };
}
