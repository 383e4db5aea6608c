import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chooseRendererSource } from '../../../src/main/security/renderer-source';

const rendererDir = path.resolve('/opt/lanedisk/resources/app.asar/out/renderer');
const index = path.join(rendererDir, 'index.html');
const builtFiles = (ignoredDevServerUrl: boolean) => ({
  kind: 'file',
  file: index,
  trusted: { fileUrl: pathToFileURL(index).href },
  ignoredDevServerUrl,
});

describe('chooseRendererSource', () => {
  it('loads the built files in a packaged build even when ELECTRON_RENDERER_URL is set', () => {
    expect(chooseRendererSource({ isPackaged: true, devServerUrl: 'http://localhost:5173/', rendererDir })).toEqual(builtFiles(true));
    expect(chooseRendererSource({ isPackaged: true, devServerUrl: 'https://evil.example/', rendererDir })).toEqual(builtFiles(true));
  });

  it('loads the built files without ELECTRON_RENDERER_URL, packaged or not', () => {
    expect(chooseRendererSource({ isPackaged: true, devServerUrl: undefined, rendererDir })).toEqual(builtFiles(false));
    expect(chooseRendererSource({ isPackaged: false, devServerUrl: undefined, rendererDir })).toEqual(builtFiles(false));
    expect(chooseRendererSource({ isPackaged: false, devServerUrl: '', rendererDir })).toEqual(builtFiles(false));
  });

  it.each(['http://localhost:5173/', 'http://127.0.0.1:5173', 'http://[::1]:5173/', 'https://localhost:5173/'])(
    'uses the dev server %s in a development build, and trusts only its origin',
    (url) => {
      const source = chooseRendererSource({ isPackaged: false, devServerUrl: url, rendererDir });
      expect(source).toEqual({ kind: 'dev-server', url: new URL(url).href, trusted: { devOrigin: new URL(url).origin } });
    },
  );

  it.each([
    'https://evil.example/',
    'http://localhost.evil.example:5173/',
    'http://127.0.0.1.evil.example:5173/',
    'http://localhost:5173@evil.example/',
    'http://user@localhost:5173/',
    'file:///tmp/evil/index.html',
    'javascript:alert(1)',
    'data:text/html,x',
    'not a url',
  ])('ignores a dev server URL %s that is not an http(s) server on this machine', (url) => {
    expect(chooseRendererSource({ isPackaged: false, devServerUrl: url, rendererDir })).toEqual(builtFiles(true));
  });
});
