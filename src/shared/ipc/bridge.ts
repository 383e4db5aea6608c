import type { Result } from '../result';
import type { EventChannel, InvokeChannel } from './channels';
import type { EventPayload, Request, Response } from './contract';

/** What the renderer talks to, whichever host it runs in (Electron preload or the web host's WebSocket). */
export interface Bridge {
  invoke<K extends InvokeChannel>(channel: K, request: Request<K>): Promise<Result<Response<K>>>;
  subscribe<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** The preload's named actions: one function per channel, derived from the contract. */
export type PreloadActions = {
  [K in InvokeChannel]: (request: Request<K>) => Promise<Result<Response<K>>>;
};

export interface PreloadApi {
  actions: PreloadActions;
  subscribe<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}
