import type { Logger } from '../../log';
import { systemClock, type Clock, type TimerHandle } from '../relays/clock';
import type { Relay } from '../relays/types';
import type { ContactState, DoorContact } from './contact';

export interface RelayInputContactOptions {
  /** The board whose digital input the door's position contact is wired to (it must have readInputs). */
  relay: Pick<Relay, 'readInputs'>;
  /** The input's address (0-based, as the board numbers its discrete inputs). */
  input: number;
  /** The input level that means the door is open: 'off' for a normally closed reed switch (the usual wiring). */
  openLevel: 'on' | 'off';
  pollMs: number;
  clock?: Clock;
  log: Logger;
}

export interface RelayInputContact extends DoorContact {
  /** Stops polling. */
  close(): void;
  /** Resolves after the next poll has finished (tests; the technician's live view). */
  polled(): Promise<void>;
}

/**
 * A real door contact on the relay board's digital input (Modbus RTU Read Discrete Inputs, function 0x02), polled
 * on the relay's own command queue every `pollMs`. A failed read keeps the last known state (the relay's own
 * 'disconnected' event says the board is gone) and is logged once per outage.
 */
export function createRelayInputContact(options: RelayInputContactOptions): RelayInputContact {
  const { relay, input, openLevel, pollMs, log } = options;
  const clock = options.clock ?? systemClock;
  if (!relay.readInputs) throw new RangeError('this relay board has no digital inputs to read a door contact from');
  const readInputs = relay.readInputs.bind(relay);
  const listeners = new Set<(state: ContactState) => void>();
  let state: ContactState | undefined;
  let timer: TimerHandle | undefined;
  let closed = false;
  let failing = false;
  let waiters: (() => void)[] = [];

  const poll = async () => {
    try {
      const [level] = await readInputs(input, 1);
      failing = false;
      const next: ContactState = (level ? 'on' : 'off') === openLevel ? 'open' : 'closed';
      if (next !== state && !closed) {
        state = next;
        for (const listener of [...listeners]) listener(next);
      }
    } catch (error) {
      if (!failing) log.warn({ err: error instanceof Error ? error.message : String(error), input }, 'door contact input unreadable');
      failing = true;
    }
    const done = waiters;
    waiters = [];
    for (const resolve of done) resolve();
    if (!closed) timer = clock.setTimeout(() => void poll(), pollMs);
  };
  void poll();

  return {
    read: () => state,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    polled: () => new Promise<void>((resolve) => waiters.push(resolve)),
    close() {
      closed = true;
      if (timer) clock.clearTimeout(timer);
      timer = undefined;
    },
  };
}
