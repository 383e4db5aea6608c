import { app, session, type WebContents } from 'electron';
import { contentSecurityPolicy } from '../web/csp';
import { isTrustedRendererUrl, type TrustedRenderer } from '../security/trusted-url';
import type { Logger } from '../log';

/**
 * Locks every web contents down: no navigation away from our renderer, no new
 * windows, no webviews, no permission prompts (hardware is reached from main, never from the page).
 */
export function hardenApp(trusted: TrustedRenderer, log: Logger): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isTrustedRendererUrl(url, trusted)) {
        log.warn({ url: safeOrigin(url) }, 'navigation denied');
        event.preventDefault();
      }
    });
    contents.on('will-redirect', (event, url) => {
      if (!isTrustedRendererUrl(url, trusted)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      log.warn({ url: safeOrigin(url) }, 'new window denied');
      return { action: 'deny' };
    });
  });

  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy] },
    });
  });
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(unparseable)';
  }
}
