import type { AppServices } from '../../src/main/app/services';
import type { EventChannel } from '../../src/shared/ipc/channels';
import type { EventPayload } from '../../src/shared/ipc/contract';
import { buildHealthCardTracks } from '../../src/shared/cards';
import { waitFor } from './eventually';

/** A fictitious Danish health card (CPR 150385-1004) as a magstripe reader sends it. */
export const testCpr = '1503851004';
export const testCprMasked = '150385-****';
export const healthCard = buildHealthCardTracks({ cpr: testCpr, surname: 'Testesen', given: 'Marie', address: 'Søndergade 12', postcode: '2100' });

export interface Recorded {
  event: EventChannel;
  payload: unknown;
}

/** Every event the services push to the renderer, in order. */
export function recordEvents(services: AppServices): Recorded[] {
  const events: Recorded[] = [];
  services.events.forward((event, payload) => events.push({ event, payload }));
  return events;
}

export function payloads<E extends EventChannel>(events: readonly Recorded[], event: E): EventPayload<E>[] {
  return events.filter((e) => e.event === event).map((e) => e.payload as EventPayload<E>);
}


/** Waits for the next event of a kind that matches, counting only events after `from`. */
export function waitForEvent<E extends EventChannel>(
  events: readonly Recorded[],
  event: E,
  match: (payload: EventPayload<E>) => boolean = () => true,
  from = 0,
  timeoutMs = 5000,
): Promise<EventPayload<E>> {
  return waitFor(() => payloads(events.slice(from), event).find(match), `event ${event}`, timeoutMs);
}

/**
 * Door decisions and relay pulses from `from` on, in the order they happened. A refused card that pulsed
 * would show a 'pulse' before its refusal (the read event waits for the pulse); an admission's comes before it.
 */
export function doorSequence(events: readonly Recorded[], from: number): string[] {
  return events.slice(from).flatMap((e): string[] => {
    if (e.event === 'hardware.door') return (e.payload as EventPayload<'hardware.door'>).cause === 'pulse' ? ['pulse'] : [];
    if (e.event !== 'hardware.read') return [];
    const { access } = e.payload as EventPayload<'hardware.read'>;
    if (!access) return [];
    return [access.allowed ? 'admitted' : `refused: ${access.reason}`];
  });
}
