import type { EventChannel } from '../../shared/ipc/channels';
import type { EventPayload } from '../../shared/ipc/contract';

type Listener = (event: EventChannel, payload: unknown) => void;

/** Events for the renderer; each host forwards them over its own transport. */
export class AppEvents {
  private readonly listeners = new Set<Listener>();

  emit<E extends EventChannel>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) listener(event, payload);
  }

  /** Returns the unsubscribe function. */
  forward(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
