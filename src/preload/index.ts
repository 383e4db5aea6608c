import { contextBridge, ipcRenderer } from 'electron';
import {
  eventChannels,
  invokeChannels,
  ipcEventPrefix,
  ipcInvokePrefix,
  isEventChannel,
  type InvokeChannel,
} from '../shared/ipc/channels';
import type { PreloadActions, PreloadApi } from '../shared/ipc/bridge';

// The page gets named actions from the contract and an event subscription limited to
// the contract's events: never ipcRenderer itself.
const actions = Object.fromEntries(
  invokeChannels.map((channel: InvokeChannel) => [
    channel,
    (request: unknown) => ipcRenderer.invoke(ipcInvokePrefix + channel, request),
  ]),
) as PreloadActions;

const api = {
  actions,
  subscribe(event, listener) {
    if (!isEventChannel(event)) throw new Error(`Unknown event ${String(event)}; known: ${eventChannels.join(', ')}`);
    const wrapped = (_e: Electron.IpcRendererEvent, payload: unknown) => listener(payload as never);
    ipcRenderer.on(ipcEventPrefix + event, wrapped);
    return () => {
      ipcRenderer.removeListener(ipcEventPrefix + event, wrapped);
    };
  },
} satisfies PreloadApi;

contextBridge.exposeInMainWorld('lanedisk', api);
