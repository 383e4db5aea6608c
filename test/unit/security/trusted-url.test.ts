import { describe, expect, it } from 'vitest';
import { isTrustedRendererUrl } from '../../../src/main/security/trusted-url';

const file = { fileUrl: 'file:///opt/lanedisk/out/renderer/index.html' };
const dev = { devOrigin: 'http://localhost:5173' };

describe('isTrustedRendererUrl', () => {
  it.each([
    ['file:///opt/lanedisk/out/renderer/index.html', file],
    ['file:///opt/lanedisk/out/renderer/index.html#/kiosk', file],
    ['file:///opt/lanedisk/out/renderer/./index.html', file],
    ['http://localhost:5173/', dev],
    ['http://localhost:5173/src/main.tsx?x=1', dev],
  ])('trusts %s', (url, trusted) => {
    expect(isTrustedRendererUrl(url, trusted)).toBe(true);
  });

  it.each([
    ['file:///opt/lanedisk/out/renderer/other.html', file],
    ['file:///opt/lanedisk/out/renderer/../../../etc/passwd', file],
    ['file:///opt/lanedisk/out/renderer/index.html/../evil.html', file],
    ['file:///opt/lanedisk/out/renderer/index.html.evil', file],
    ['file://evil-host/opt/lanedisk/out/renderer/index.html', file],
    ['http://localhost:5173.evil.test/', dev],
    ['http://localhost:5173@evil.test/', dev],
    ['http://user@localhost:5173/', dev],
    ['blob:http://localhost:5173/0f0e2d5c-7d5c-4c1a-9a65-3f3c1b7d9a11', dev],
    ['http://evil.test/?http://localhost:5173', dev],
    ['https://localhost:5173/', dev],
    ['http://localhost:5174/', dev],
    ['http://localhost:5173/', file],
    ['file:///opt/lanedisk/out/renderer/index.html', dev],
    ['javascript:alert(1)', { ...file, ...dev }],
    ['data:text/html,<script>1</script>', { ...file, ...dev }],
    ['not a url', { ...file, ...dev }],
    ['', { ...file, ...dev }],
    [undefined, { ...file, ...dev }],
    ['http://localhost:5173/', { devOrigin: 'not a url' }],
    ['http://localhost:5173/', {}],
  ])('does not trust %s', (url, trusted) => {
    expect(isTrustedRendererUrl(url, trusted)).toBe(false);
  });
});
