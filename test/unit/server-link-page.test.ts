/**
 * GET /link serves the built phone page with its lock-down headers; /link/ keeps the ?code= on
 * its way back to /link; an unbuilt page says how to build it instead of failing.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { linkPageRoutes } from '../../src/server/routes/link-page';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function appWith(page: string | null) {
  const appDir = mkdtempSync(path.join(os.tmpdir(), 'encore-link-'));
  dirs.push(appDir);
  if (page !== null) {
    mkdirSync(path.join(appDir, 'link'));
    writeFileSync(path.join(appDir, 'link', 'index.html'), page);
  }
  const app = Fastify();
  await app.register(linkPageRoutes, { appDir });
  return app;
}

describe('GET /link', () => {
  it('serves the built page, revalidated, with a CSP that allows only this origin’s scripts and no framing', async () => {
    const app = await appWith('<!doctype html><p>link page</p>');
    const res = await app.inject({ method: 'GET', url: '/link?code=BCDF-GHJK' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('link page');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('/link/ redirects to /link relatively, keeping the code', async () => {
    const app = await appWith('<p>x</p>');
    const res = await app.inject({ method: 'GET', url: '/link/?code=BCDF-GHJK' });
    expect(res.statusCode).toBe(301);
    expect(new URL(res.headers.location as string, 'http://tv.local/link/').href).toBe('http://tv.local/link?code=BCDF-GHJK');
  });

  it('without a build, says how to make one (and is not cached)', async () => {
    const app = await appWith(null);
    const res = await app.inject({ method: 'GET', url: '/link' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('npm run build');
    expect(res.headers['cache-control']).toBe('no-store');
  });
});
