/** The TV app from its build dir (pre-compressed), the not-built page, and the phone page. */
import fs from 'node:fs';
import path from 'node:path';
import { buildFixtureApp } from '../fixtures/fixture-app';
import zlib from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { appCacheControl } from '../../src/server/routes/tv-app';
import { createCatalogueFixture, type CatalogueFixture } from '../fixtures/catalogue-fixture';
import { useFixtureApp } from '../fixtures/fixture-app';

const INDEX_HTML = `<!doctype html><html><head><title>Encore TV</title></head><body>${'<div class="row"></div>'.repeat(80)}</body></html>`;
// Marked, so a test can tell the pre-compressed file from on-the-fly compression of index.html.
const INDEX_HTML_BR_SOURCE = INDEX_HTML.replace('Encore TV', 'Encore TV (from .br)');

describe('TV app, built', () => {
  let fx: CatalogueFixture;
  let app: FastifyInstance;

  beforeAll(async () => {
    fx = await createCatalogueFixture({
      withApp: {
        indexHtml: INDEX_HTML,
        indexHtmlBr: zlib.brotliCompressSync(Buffer.from(INDEX_HTML_BR_SOURCE)),
      },
    });
    app = await buildFixtureApp(fx);
  });

  afterAll(async () => {
    await app?.close();
    await fx?.cleanup();
  });

  it('serves index.html.br to a Brotli client', async () => {
    const res = await app.inject({ url: '/', headers: { 'accept-encoding': 'gzip, br' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(zlib.brotliDecompressSync(res.rawPayload).toString()).toBe(INDEX_HTML_BR_SOURCE);
  });

  it('serves plain index.html to a client without Brotli, revalidated on every load', async () => {
    for (const url of ['/', '/index.html']) {
      const res = await app.inject({ url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.body).toBe(INDEX_HTML);
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('answers JSON 404 for a missing asset', async () => {
    const res = await app.inject({ url: '/nope.js' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toBe('ENCORE_ERR_NOT_FOUND');
  });

  it('serves the built phone remote: its shell revalidated at /remote/, its hashed bundle immutable', async () => {
    const dir = path.join(fx.config.appDir, 'remote');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><script type="module" src="./remote.AB12CD34.js"></script>');
    fs.writeFileSync(path.join(dir, 'remote.AB12CD34.js'), 'export {};');
    const shell = await app.inject({ url: '/remote/' });
    expect(shell.body).toContain('remote.AB12CD34.js');
    expect(shell.headers['cache-control']).toBe('no-cache');
    const js = await app.inject({ url: '/remote/remote.AB12CD34.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('keeps API routes working beside the catch-all', async () => {
    expect((await app.inject({ url: '/api/v1/home' })).statusCode).toBe(200);
  });
});

describe('TV app cache policy', () => {
  it.each([
    ['/dist/index.html', 'no-cache'],
    ['/dist/index.html.br', 'no-cache'],
    ['/dist/app-5MZUC4TF.js', 'public, max-age=31536000, immutable'],
    ['/dist/app-5MZUC4TF.js.gz', 'public, max-age=31536000, immutable'],
    ['/dist/vendor.3f9a1c2b.css', 'public, max-age=31536000, immutable'],
    ['/dist/settings.json', 'public, max-age=3600'],
    ['/dist/lightning-settings.js', 'public, max-age=3600'],
  ])('%s → %s', (file, expected) => {
    expect(appCacheControl(file)).toBe(expected);
  });
});

describe('TV app, not built', () => {
  const bff = useFixtureApp();

  it('answers / with a page saying how to build it', async () => {
    const res = await bff.app.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('npm run build');
  });

  it('answers /remote/ with a phone page saying how to build it', async () => {
    const res = await bff.app.inject({ url: '/remote/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('name="viewport"');
    expect(res.body).toContain('npm run build');

    const bare = await bff.app.inject({ url: '/remote' });
    expect(bare.statusCode).toBe(301);
    expect(bare.headers.location).toBe('/remote/');
  });
});
