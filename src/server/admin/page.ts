import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** The admin page's own policy: nothing inline, nothing from elsewhere, never framed. */
export const adminPageCsp =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** Where `npm run build` puts the page (vite.admin.config.ts): out/admin at the repository root. */
export const defaultAdminPageDir = path.resolve(import.meta.dirname, '../../../out/admin');
export const adminPagePath = '/admin/app/';

/**
 * The built admin page (src/admin) at /admin/app/: GET and HEAD only, files inside `dir` only (the path is
 * resolved and compared as a path, symlinks included, never by substring), a path with no file extension gets
 * index.html (the page's own routes), and every answer carries the CSP and no-sniff headers.
 */
export function registerAdminPage(app: FastifyInstance, dir: string): void {
  let rootPromise: Promise<string | undefined> | undefined;
  const root = () => (rootPromise ??= realpath(dir).catch(() => undefined));
  const headers = (reply: FastifyReply) =>
    reply
      .header('content-security-policy', adminPageCsp)
      .header('x-content-type-options', 'nosniff')
      .header('x-frame-options', 'DENY')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'no-store');
  const notFound = (reply: FastifyReply) => headers(reply).code(404).type('text/plain; charset=utf-8').send('Not found');

  const serve = async (relative: string, reply: FastifyReply) => {
    const base = await root();
    if (!base) return notFound(reply);
    let decoded: string;
    try {
      decoded = decodeURIComponent(relative);
    } catch {
      return notFound(reply);
    }
    if (decoded.includes('\0') || decoded.includes('\\')) return notFound(reply);
    const wanted = decoded === '' || path.extname(decoded) === '' ? 'index.html' : decoded;
    const file = await realpath(path.resolve(base, wanted)).catch(() => undefined);
    const inside = file !== undefined && path.relative(base, file) !== '' && !path.relative(base, file).startsWith('..') && !path.isAbsolute(path.relative(base, file));
    const info = inside ? await stat(file).catch(() => undefined) : undefined;
    if (!file || !info?.isFile()) return notFound(reply);
    return headers(reply)
      .type(contentTypes[path.extname(file)] ?? 'application/octet-stream')
      .header('content-length', info.size)
      .send(createReadStream(file));
  };

  app.get('/admin/app', (_request, reply) => reply.redirect(adminPagePath, 301));
  app.get('/admin/app/*', async (request, reply) => serve((request.params as { '*': string })['*'], reply));
}
