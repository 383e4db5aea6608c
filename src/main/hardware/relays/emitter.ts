import type { Logger } from '../../log';

/**
 * A typed event emitter. `on` returns the unsubscribe function; a throwing listener is
 * logged and never breaks the driver or controller that emitted.
 */
export class Emitter<Events extends { [K in keyof Events]: (...args: never[]) => void }> {
  private readonly listeners = new Map<keyof Events, Set<Events[keyof Events]>>();

  constructor(private readonly log: Logger) {}

  on<E extends keyof Events>(event: E, listener: Events[E]): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  emit<E extends keyof Events>(event: E, ...args: Parameters<Events[E]>): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as (...a: Parameters<Events[E]>) => void)(...args);
      } catch (error) {
        this.log.error({ err: error, event: String(event) }, 'event listener threw');
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
