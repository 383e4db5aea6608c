import type { BrowserWindow } from 'electron';
import type { TerminalMode } from '../../shared/ipc/contract';

/**
 * A kiosk terminal is locked down: full screen, no menu, no devtools, no
 * zoom or reload shortcuts. Staff leave it only through the kiosk's staff PIN
 * (which switches the terminal mode), and this follows the mode.
 */
export function applyKioskLockdown(window: BrowserWindow, mode: TerminalMode): () => void {
  const kiosk = mode === 'kiosk';
  window.setKiosk(kiosk);
  window.setFullScreen(kiosk);
  window.setMenuBarVisibility(!kiosk);
  window.setClosable(!kiosk);
  if (!kiosk) return () => undefined;

  const contents = window.webContents;
  const closeDevTools = () => contents.closeDevTools();
  const blockKeys = (event: Electron.Event, input: Electron.Input) => {
    const key = input.key.toLowerCase();
    const withModifier = input.control || input.meta || input.alt;
    if (key === 'f11' || key === 'f12' || key === 'f5' || (withModifier && ['r', 'w', 'q', 'i', 'j', '+', '-', '=', '0', 'tab', 'f4'].includes(key))) {
      event.preventDefault();
    }
  };
  contents.on('devtools-opened', closeDevTools);
  contents.on('before-input-event', blockKeys);
  return () => {
    contents.off('devtools-opened', closeDevTools);
    contents.off('before-input-event', blockKeys);
  };
}
