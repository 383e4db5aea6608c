import path from 'node:path';

/**
 * What the terminal's web host (src/main/web/server.ts) and the register's admin page
 * (src/server/admin/page.ts) both need to serve a built page from a folder.
 */

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** The Content-Type for a built file, by its extension; anything else is octet-stream (and no-sniff keeps it so). */
export function staticContentType(file: string): string {
  return contentTypes[path.extname(file)] ?? 'application/octet-stream';
}

/** Whether the resolved `file` lies in `root` (or is `root` itself): compared as parsed paths, never by substring. */
export function liesWithin(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return !relative.startsWith('..') && !path.isAbsolute(relative);
}
