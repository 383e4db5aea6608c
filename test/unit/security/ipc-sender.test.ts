import { describe, expect, it } from 'vitest';
import { isTrustedIpcSender, type ExpectedSender, type IpcSender } from '../../../src/main/security/ipc-sender';

const index = 'file:///opt/lanedisk/resources/app.asar/out/renderer/index.html';
const packaged: ExpectedSender = { webContentsId: 7, renderer: { fileUrl: index } };
const development: ExpectedSender = { webContentsId: 7, renderer: { devOrigin: 'http://127.0.0.1:5173' } };
const ours = (frameUrl: string | undefined): IpcSender => ({ frameUrl, isMainFrame: true, webContentsId: 7 });

describe('isTrustedIpcSender: our window, main frame, our renderer', () => {
  it.each([
    [index, packaged],
    [`${index}#/kiosk`, packaged],
    [`${index}?lang=sv`, packaged],
    ['FILE:///opt/lanedisk/resources/app.asar/out/renderer/index.html', packaged],
    ['file://localhost/opt/lanedisk/resources/app.asar/out/renderer/index.html', packaged],
    ['file:///opt/lanedisk/resources/app.asar/out/renderer/%2e%2e/renderer/index.html', packaged],
    ['http://127.0.0.1:5173/', development],
    ['http://127.0.0.1:5173/#/desk', development],
    // The URL parser (like Chromium's) reads these as 127.0.0.1 itself: the same address, not a look-alike.
    ['http://127.0.0.1.:5173/', development],
    ['http://127.1:5173/', development],
    ['HTTP://127.0.0.1:5173/', development],
  ])('trusts %s', (url, expected) => {
    expect(isTrustedIpcSender(ours(url), expected)).toBe(true);
  });
});

describe('isTrustedIpcSender: attempts to pass as our renderer', () => {
  it('refuses a subframe even when it shows our own renderer', () => {
    expect(isTrustedIpcSender({ frameUrl: index, isMainFrame: false, webContentsId: 7 }, packaged)).toBe(false);
    expect(isTrustedIpcSender({ frameUrl: 'http://127.0.0.1:5173/', isMainFrame: false, webContentsId: 7 }, development)).toBe(false);
  });

  it('refuses another window or web contents showing our renderer', () => {
    expect(isTrustedIpcSender({ frameUrl: index, isMainFrame: true, webContentsId: 8 }, packaged)).toBe(false);
  });

  it('refuses a frame that is gone (no URL)', () => {
    expect(isTrustedIpcSender(ours(undefined), packaged)).toBe(false);
    expect(isTrustedIpcSender(ours(''), packaged)).toBe(false);
  });

  it.each([
    // Other files, and paths that leave the renderer folder.
    'file:///opt/lanedisk/resources/app.asar/out/renderer/other.html',
    'file:///opt/lanedisk/resources/app.asar/out/renderer/../../evil.html',
    'file:///opt/lanedisk/resources/app.asar/out/renderer/%2e%2e/%2e%2e/evil.html',
    'file:///opt/lanedisk/resources/app.asar/out/renderer/index.html/../../evil/index.html',
    'file:///tmp/evil/out/renderer/index.html',
    'file:///tmp/index.html',
    'file:///opt/lanedisk/resources/app.asar/out/renderer/index.html.evil',
    'file:///opt/lanedisk/resources/app.asar/out/renderer/index.html%00.evil',
    // Encoded and case-changed paths name another file (on a case-sensitive disk) or none at all.
    'file:///opt/lanedisk/resources/app.asar/out/renderer/index%2ehtml',
    'file:///opt/lanedisk/resources/app.asar/out/renderer%2findex.html',
    'file:///opt/lanedisk/resources/app.asar/out/renderer/INDEX.HTML',
    'file:///OPT/lanedisk/resources/app.asar/out/renderer/index.html',
    'file://evil.example/opt/lanedisk/resources/app.asar/out/renderer/index.html',
    // Other schemes.
    'http://127.0.0.1:5173/',
    'data:text/html,<script>ipc()</script>',
    `blob:${index}`,
    'about:blank',
    'about:srcdoc',
    'javascript:void 0',
    'chrome-error://chromewebdata/',
    'devtools://devtools/bundled/inspector.html',
  ])('refuses %s in a packaged build', (url) => {
    expect(isTrustedIpcSender(ours(url), packaged)).toBe(false);
  });

  it.each([
    'http://127.0.0.1.evil.example:5173/',
    'http://127.0.0.1:5173.evil.example/',
    'http://127.0.0.1:5173@evil.example/',
    'http://evil.example@127.0.0.1:5173/',
    'http://user:pw@127.0.0.1:5173/',
    'http://evil.example/?http://127.0.0.1:5173',
    'http://evil.example/#http://127.0.0.1:5173',
    'http://localhost:5173/',
    'https://127.0.0.1:5173/',
    'ws://127.0.0.1:5173/',
    'http://127.0.0.1:5174/',
    'http://127.0.0.1/',
    'blob:http://127.0.0.1:5173/0f0e2d5c-7d5c-4c1a-9a65-3f3c1b7d9a11',
    'data:text/html;base64,PHNjcmlwdD4=',
    'about:blank',
    index,
  ])('refuses %s against the dev server', (url) => {
    expect(isTrustedIpcSender(ours(url), development)).toBe(false);
  });

  it.each(['http://localhost.:5173/', 'http://LOCALHOST.:5173/', 'http://localhost.evil.example:5173/', 'http://evil.localhost:5173/'])(
    'refuses %s against a localhost dev server (trailing dot, look-alikes)',
    (url) => {
      expect(isTrustedIpcSender(ours(url), { webContentsId: 7, renderer: { devOrigin: 'http://localhost:5173' } })).toBe(false);
    },
  );

  it('trusts nothing when no renderer is expected', () => {
    expect(isTrustedIpcSender(ours(index), { webContentsId: 7, renderer: {} })).toBe(false);
  });
});
