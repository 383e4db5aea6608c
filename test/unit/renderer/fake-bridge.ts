import type { Bridge } from '../../../src/shared/ipc/bridge';
import type { EventChannel, InvokeChannel } from '../../../src/shared/ipc/channels';
import type { EventPayload, Request, Response } from '../../../src/shared/ipc/contract';
import type { AppError, Result } from '../../../src/shared/result';

type Handler<K extends InvokeChannel> = (request: Request<K>) => Result<Response<K>> | Promise<Result<Response<K>>>;

/**
 * The renderer's Bridge without a main process: the test answers each channel and emits events.
 * Stores subscribe when their module loads, so one fake serves a whole test file (vi.mock of
 * src/renderer/src/bridge); reset() forgets answers and calls between tests, not the subscriptions.
 */
export function createFakeBridge() {
  const handlers = new Map<InvokeChannel, Handler<InvokeChannel>>();
  const listeners = new Map<EventChannel, Set<(payload: never) => void>>();
  const calls: { channel: InvokeChannel; request: unknown }[] = [];
  const bridge: Bridge = {
    async invoke(channel, request) {
      calls.push({ channel, request });
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`the test gave no answer for ${channel}`);
      return (await handler(request)) as never;
    },
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };
  return {
    bridge,
    calls,
    answer<K extends InvokeChannel>(channel: K, handler: Handler<K>): void {
      handlers.set(channel, handler);
    },
    emit<E extends EventChannel>(event: E, payload: EventPayload<E>): void {
      for (const listener of listeners.get(event) ?? []) (listener as (p: EventPayload<E>) => void)(payload);
    },
    reset(): void {
      handlers.clear();
      calls.splice(0);
    },
  };
}

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const failure = (error: AppError): Result<never> => ({ ok: false, error });
export const forbidden: AppError = { kind: 'forbidden', message: 'Fel e-post eller lösenord.', code: 'desk.login.failed' };
export const unavailable: AppError = { kind: 'unavailable', message: 'Ingen kontakt med terminalen.', code: 'errors.disconnected' };
