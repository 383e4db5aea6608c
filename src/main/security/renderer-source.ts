import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loopbackHostnames } from './loopback-host';
import type { TrustedRenderer } from './trusted-url';

/** Where the window loads the renderer from, and what the shell then trusts (navigation, IPC senders). */
export type RendererSource =
  | { kind: 'dev-server'; url: string; trusted: TrustedRenderer }
  | { kind: 'file'; file: string; trusted: TrustedRenderer; ignoredDevServerUrl: boolean };

export interface RendererSourceInput {
  /** `app.isPackaged`: an installed build. */
  isPackaged: boolean;
  /** ELECTRON_RENDERER_URL, which electron-vite dev sets. */
  devServerUrl: string | undefined;
  /** The built renderer folder (out/renderer). */
  rendererDir: string;
}

/**
 * An installed build always loads its own files: ELECTRON_RENDERER_URL is only an environment variable,
 * and anyone who can set one for a packaged kiosk must not be able to point it (and its IPC) at their own
 * page. A development build uses the dev server when the variable names an http(s) server on this machine.
 */
export function chooseRendererSource({ isPackaged, devServerUrl, rendererDir }: RendererSourceInput): RendererSource {
  const file = path.join(rendererDir, 'index.html');
  const builtFiles = (ignoredDevServerUrl: boolean): RendererSource => ({
    kind: 'file',
    file,
    trusted: { fileUrl: pathToFileURL(file).href },
    ignoredDevServerUrl,
  });
  if (devServerUrl === undefined || devServerUrl === '') return builtFiles(false);
  if (isPackaged) return builtFiles(true);
  let url: URL;
  try {
    url = new URL(devServerUrl);
  } catch {
    return builtFiles(true);
  }
  const local = (loopbackHostnames as readonly string[]).includes(url.hostname);
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !local || url.username !== '' || url.password !== '') return builtFiles(true);
  return { kind: 'dev-server', url: url.href, trusted: { devOrigin: url.origin } };
}
