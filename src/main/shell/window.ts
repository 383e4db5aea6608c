import { BrowserWindow } from 'electron';
import path from 'node:path';
import type { TerminalMode } from '../../shared/ipc/contract';

export function createMainWindow(opts: { preload: string; mode: TerminalMode }): BrowserWindow {
  const kiosk = opts.mode === 'kiosk';
  return new BrowserWindow({
    width: 1280,
    height: 800,
    show: false,
    kiosk,
    fullscreen: kiosk,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: path.resolve(opts.preload),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: !kiosk,
    },
  });
}
