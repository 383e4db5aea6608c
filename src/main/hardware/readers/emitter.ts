import type { Logger } from '../../log';

/** A typed listener set. A throwing listener is logged and never breaks the reader that emitted. */
export class Listeners<E> {
  private readonly listeners = new Set<(event: E) => void>();

  constructor(private readonly log: Logger) {}

  add(listener: (event: E) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: E): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.log.error({ err: error }, 'reader event listener threw');
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
