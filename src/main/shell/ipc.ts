import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { invokeChannels, ipcEventPrefix, ipcInvokePrefix } from '../../shared/ipc/channels';
import type { AppServices } from '../app/services';
import type { Logger } from '../log';
import { isTrustedIpcSender } from '../security/ipc-sender';
import type { TrustedRenderer } from '../security/trusted-url';

/**
 * Connects the contract's channels to ipcMain. A message is dispatched only
 * when it comes from our window's main frame showing our renderer.
 */
export function registerIpc(services: AppServices, window: BrowserWindow, trusted: TrustedRenderer, log: Logger): () => void {
  const isTrustedSender = (event: IpcMainInvokeEvent): boolean => {
    const frame = event.senderFrame;
    return isTrustedIpcSender(
      { frameUrl: frame?.url, isMainFrame: frame !== null && frame === window.webContents.mainFrame, webContentsId: event.sender.id },
      { webContentsId: window.webContents.id, renderer: trusted },
    );
  };

  for (const channel of invokeChannels) {
    ipcMain.handle(ipcInvokePrefix + channel, (event, payload: unknown) => {
      if (!isTrustedSender(event)) {
        log.warn({ channel }, 'IPC from an untrusted sender refused');
        return services.dispatcher.refuse('forbidden', 'errors.forbidden');
      }
      return services.dispatcher.dispatch(channel, payload, { host: 'electron' });
    });
  }
  const stopForwarding = services.events.forward((event, payload) => {
    if (!window.isDestroyed()) window.webContents.send(ipcEventPrefix + event, payload);
  });

  return () => {
    stopForwarding();
    for (const channel of invokeChannels) ipcMain.removeHandler(ipcInvokePrefix + channel);
  };
}
