import type { Bridge, PreloadApi } from '../../../shared/ipc/bridge';
import { i18n } from '../i18n';
import { createWebSocketBridge } from './websocket-bridge';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the web host. */
    lanedisk?: PreloadApi;
  }
}

function fromPreload(api: PreloadApi): Bridge {
  return {
    invoke: (channel, request) => api.actions[channel](request as never),
    subscribe: (event, listener) => api.subscribe(event, listener),
  };
}

function choose(): Bridge {
  if (window.lanedisk) return fromPreload(window.lanedisk);
  const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return createWebSocketBridge(`${protocol}//${window.location.host}/ipc`, () => i18n.t('errors.disconnected'));
}

export const bridge: Bridge = choose();
