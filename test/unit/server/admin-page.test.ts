import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminPageCsp, registerAdminPage } from '../../../src/server/admin/page';

/** The admin page's static handler: only files inside its folder, with the CSP, whatever the path says. */
describe('the admin page handler', () => {
  let app: FastifyInstance;
  let base: string;
  let dir: string;
  let url: string;
  beforeAll(async () => {
    base = mkdtempSync(path.join(tmpdir(), 'lanedisk-admin-page-'));
    dir = path.join(base, 'admin');
    mkdirSync(path.join(dir, 'assets'), { recursive: true });
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>admin</title>');
    writeFileSync(path.join(dir, 'assets', 'app.js'), 'export {};');
    writeFileSync(path.join(base, 'secret.txt'), 'the database password');
    writeFileSync(path.join(base, 'admin-secret.txt'), 'a sibling whose name starts like the folder');
    symlinkSync(path.join(base, 'secret.txt'), path.join(dir, 'assets', 'link.js'));
    app = Fastify();
    registerAdminPage(app, dir);
    url = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app.close();
    rmSync(base, { recursive: true, force: true });
  });

  /** A raw request line, so neither fetch nor URL normalises the dots away. */
  const raw = (target: string) =>
    new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((resolve, reject) => {
      const { hostname, port } = new URL(url);
      const req = httpRequest({ host: hostname, port, path: target, method: 'GET' }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      });
      req.on('error', reject);
      req.end();
    });

  it('serves the page and its assets with a strict CSP, and the page for its own routes', async () => {
    const index = await raw('/admin/app/');
    expect(index.status).toBe(200);
    expect(index.body).toBe('<!doctype html><title>admin</title>');
    expect(index.headers['content-security-policy']).toBe(adminPageCsp);
    expect(adminPageCsp).not.toContain('unsafe');
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect(index.headers['x-frame-options']).toBe('DENY');
    const script = await raw('/admin/app/assets/app.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await raw('/admin/app/terminals')).body).toBe('<!doctype html><title>admin</title>');
    expect((await raw('/admin/app/assets/missing.js')).status).toBe(404);
  });

  it.each([
    '/admin/app/../secret.txt',
    '/admin/app/../../secret.txt',
    '/admin/app/%2e%2e/secret.txt',
    '/admin/app/%2E%2E%2Fsecret.txt',
    '/admin/app/assets/%2e%2e/%2e%2e/secret.txt',
    '/admin/app/..%5csecret.txt',
    '/admin/app/%2e%2e/admin-secret.txt',
    '/admin/app/' + encodeURIComponent('/etc/passwd'),
    '/admin/app//etc/passwd',
    '/admin/app/assets/app.js%00.html',
    '/admin/app/%',
    '/admin/app/assets/link.js',
  ])('never serves a file outside its folder: %s', async (target) => {
    const response = await raw(target);
    expect(response.body).not.toContain('password');
    expect(response.body).not.toContain('sibling');
    expect(response.body).not.toContain('root:');
    expect([200, 400, 404]).toContain(response.status);
    if (response.status === 200) expect(response.body).toBe('<!doctype html><title>admin</title>');
  });
});
