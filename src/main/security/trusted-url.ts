/**
 * Decides whether a URL belongs to our own renderer. Compares parsed parts,
 * never substrings: `http://localhost:5173.evil.test` or
 * `file:///tmp/out/renderer/../../evil.html` must not pass.
 */
export interface TrustedRenderer {
  /** The dev server's origin (electron-vite dev), if any. */
  devOrigin?: string;
  /** The built renderer's index.html as a file: URL. */
  fileUrl?: string;
}

export function isTrustedRendererUrl(candidate: string | undefined, trusted: TrustedRenderer): boolean {
  if (!candidate) return false;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  if (trusted.devOrigin !== undefined) {
    let dev: URL;
    try {
      dev = new URL(trusted.devOrigin);
    } catch {
      return false;
    }
    // Same scheme, not just the same origin: `blob:http://localhost:5173/…` has that origin too. No userinfo either.
    const plain = url.username === '' && url.password === '';
    if ((dev.protocol === 'http:' || dev.protocol === 'https:') && url.protocol === dev.protocol && plain && url.origin === dev.origin) return true;
  }
  if (trusted.fileUrl !== undefined && url.protocol === 'file:') {
    let file: URL;
    try {
      file = new URL(trusted.fileUrl);
    } catch {
      return false;
    }
    // URL parsing has already resolved any ../ segments; the path must be exactly our index.html.
    return file.protocol === 'file:' && url.host === file.host && url.pathname === file.pathname;
  }
  return false;
}
