export type ContactState = 'open' | 'closed';

/**
 * A door contact (reed switch or the lock's door-position output), wherever it is wired:
 * a relay board input, a serial modem line, a GPIO. The door controller only needs its state
 * and its changes.
 */
export interface DoorContact {
  /** The current state, or undefined if not known yet. */
  read(): ContactState | undefined;
  /** Called on every change; returns the unsubscribe function. */
  onChange(listener: (state: ContactState) => void): () => void;
}

export interface SimulatedDoorContact extends DoorContact {
  set(state: ContactState): void;
}

/** A contact the demo, the technician screen or a test flips by hand. */
export function createSimulatedDoorContact(initial: ContactState = 'closed'): SimulatedDoorContact {
  let state = initial;
  const listeners = new Set<(state: ContactState) => void>();
  return {
    read: () => state,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(next) {
      if (next === state) return;
      state = next;
      for (const listener of [...listeners]) listener(next);
    },
  };
}
