import type { Bridge } from '../../../shared/ipc/bridge';
import type { WireServerMessage } from '../../../shared/ipc/wire';
import type { Result } from '../../../shared/result';

interface Pending {
  resolve: (result: Result<unknown>) => void;
}

/**
 * The web host's transport: the same Bridge over a WebSocket to the same
 * services. Reconnects with backoff; calls made while disconnected wait for the connection.
 */
export function createWebSocketBridge(url: string, disconnectedMessage: () => string): Bridge {
  let socket: WebSocket | undefined;
  let nextId = 1;
  let retryMs = 250;
  const pending = new Map<number, Pending>();
  const queue: string[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  function connect() {
    const ws = new WebSocket(url);
    socket = ws;
    ws.addEventListener('open', () => {
      retryMs = 250;
      for (const message of queue.splice(0)) ws.send(message);
    });
    ws.addEventListener('message', (event: MessageEvent<string>) => {
      const message = JSON.parse(event.data) as WireServerMessage;
      switch (message.type) {
        case 'result': {
          pending.get(message.id)?.resolve(message.result as Result<unknown>);
          pending.delete(message.id);
          break;
        }
        case 'event': {
          for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
          break;
        }
        case 'protocol-error':
          break;
      }
    });
    ws.addEventListener('close', () => {
      // Calls in flight may or may not have run; report them as failed rather than guess.
      for (const [id, call] of pending) {
        call.resolve({ ok: false, error: { kind: 'unavailable', code: 'errors.disconnected', message: disconnectedMessage() } });
        pending.delete(id);
      }
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    });
  }
  connect();

  return {
    invoke(channel, request) {
      const id = nextId++;
      const text = JSON.stringify({ type: 'invoke', id, channel, payload: request });
      return new Promise((resolve) => {
        pending.set(id, { resolve: resolve as Pending['resolve'] });
        if (socket?.readyState === WebSocket.OPEN) socket.send(text);
        else queue.push(text);
      });
    },
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
  };
}
