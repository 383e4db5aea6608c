import { isTrustedRendererUrl, type TrustedRenderer } from './trusted-url';

/** What the shell knows about the frame an IPC message came from (read off Electron's event). */
export interface IpcSender {
  /** The sending frame's URL; undefined when the frame is gone (navigated away or destroyed). */
  frameUrl: string | undefined;
  /** The frame is its page's top frame, not an iframe. */
  isMainFrame: boolean;
  /** The id of the web contents that sent it. */
  webContentsId: number;
}

/** Whom the shell listens to: our one window, showing our renderer. */
export interface ExpectedSender {
  webContentsId: number;
  renderer: TrustedRenderer;
}

/**
 * An IPC message is dispatched only when it comes from our window's main frame while that frame shows
 * our own renderer (STYLE.md 3: VS Code's validatedIpcMain). An iframe, another window or web contents,
 * or our window after it was navigated anywhere else is refused, whatever the channel.
 */
export function isTrustedIpcSender(sender: IpcSender, expected: ExpectedSender): boolean {
  return sender.isMainFrame && sender.webContentsId === expected.webContentsId && isTrustedRendererUrl(sender.frameUrl, expected.renderer);
}
