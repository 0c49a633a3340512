/**
 * The BFF's edge against bad input: strict body schemas (no silent drop, no coercion), 415 for a
 * body it does not read, request timeouts for headers and body over a raw socket, every error in
 * the ErrorBody shape, and no source maps unless configured.
 */
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiPath, ErrorBody, ErrorCode } from '../../src/protocol';
import { edgeValidatorFactory } from '../../src/server/http/edge-validation';
import { createCatalogueFixture, FIXTURE_TRACKS, type CatalogueFixture } from '../fixtures/catalogue-fixture';
import { buildFixtureApp, buildFixtureAppFromStores, useFixtureApp } from '../fixtures/fixture-app';

const TRACK = FIXTURE_TRACKS[0]!.id;
const playCount = (fx: CatalogueFixture) => (fx.stores.database.sqlite.prepare('SELECT count(*) AS n FROM plays').get() as { n: number }).n;
const isErrorBody = (v: unknown): v is ErrorBody =>
  typeof v === 'object' && v !== null && Object.keys(v).sort().join() === 'error,message,statusCode' &&
  typeof (v as ErrorBody).error === 'string' && (v as ErrorBody).error.startsWith('ENCORE_ERR_');

describe('strict request schemas', () => {
  const bff = useFixtureApp({ playsRateLimit: { capacity: 1000, refillPerSecond: 1000 } });
  const post = (payload: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    bff.app.inject({
      method: 'POST',
      url: ApiPath.plays(),
      headers,
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });

  it.each([
    [{ trackId: TRACK, extra: 1 }, 'extra: is not allowed'],
    [{ trackId: TRACK, positionMs: 1000, __proto__x: true }, '__proto__x: is not allowed'],
    [{ trackId: TRACK, positionMs: '100' }, 'positionMs: must be integer'],
    [{ trackId: TRACK, positionMs: true }, 'positionMs: must be integer'],
    [{ trackId: TRACK, positionMs: null }, 'positionMs: must be integer'],
    [{ trackId: TRACK, positionMs: [100] }, 'positionMs: must be integer'],
    [{ trackId: 42 }, 'trackId: must be string'],
    [{ trackId: [TRACK] }, 'trackId: must be string'],
  ])('answers %j with 400 naming the field, and records nothing', async (payload, message) => {
    const before = playCount(bff.fx);
    const res = await post(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: ErrorCode.BadRequest, message, statusCode: 400 });
    expect(playCount(bff.fx)).toBe(before);
  });

  it('still accepts the exact schema', async () => {
    const res = await post({ trackId: TRACK, positionMs: 100 });
    expect(res.statusCode).toBe(204);
  });

  it.each([
    ['text/plain', `{"trackId":"${TRACK}"}`],
    ['application/x-www-form-urlencoded', `trackId=${TRACK}`],
    ['application/xml', '<play/>'],
    ['multipart/form-data; boundary=x', '--x--'],
  ])('answers a %s body with 415 in the ErrorBody shape', async (type, body) => {
    const res = await post(body, { 'content-type': type });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toEqual({
      error: ErrorCode.UnsupportedMediaType,
      message: 'body: content-type must be application/json',
      statusCode: 415,
    });
  });

  it('coerces path params only as text read from the URL (ids stay strings)', async () => {
    const res = await bff.app.inject({ url: ApiPath.album('123') });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('id: must be an album id (al_ + 12 hex)');
  });

  it('reads numbers from a query string on a route that declares one (scalar coercion only there)', async () => {
    // The BFF has no numeric query parameter yet: a bare app with the same validator factory.
    const probe = Fastify({ schemaController: { compilersFactory: { buildValidator: edgeValidatorFactory } } });
    try {
      const Limit = Type.Object({ limit: Type.Integer() }, { additionalProperties: false });
      probe.get('/q', { schema: { querystring: Limit } }, async (req) => req.query);
      probe.post('/b', { schema: { body: Limit } }, async (req) => req.body);
      expect((await probe.inject({ url: '/q?limit=20' })).json()).toEqual({ limit: 20 });
      expect((await probe.inject({ url: '/q?limit=20&limit=30' })).statusCode).toBe(400);
      expect((await probe.inject({ url: '/q?limit=twenty' })).statusCode).toBe(400);
      expect((await probe.inject({ method: 'POST', url: '/b', payload: { limit: '20' } })).statusCode).toBe(400);
      expect((await probe.inject({ method: 'POST', url: '/b', payload: { limit: 20 } })).json()).toEqual({ limit: 20 });
    } finally {
      await probe.close();
    }
  });
});

/** One raw HTTP/1.1 exchange: writes `parts` (pausing `pauseMs` after each), reads until close. */
function rawExchange(port: number, parts: string[], pauseMs = 0): Promise<{ raw: string; elapsedMs: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = net.connect(port, '127.0.0.1');
    let raw = '';
    socket.on('data', (c) => (raw += c.toString()));
    socket.on('error', (err) => ((err as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(err)));
    socket.on('close', () => resolve({ raw, elapsedMs: performance.now() - started }));
    socket.on('connect', async () => {
      for (const part of parts) {
        if (socket.destroyed) return;
        socket.write(part);
        if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
      }
    });
  });
}

const parseRaw = (raw: string) => {
  const [head = '', body = ''] = raw.split('\r\n\r\n');
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), head, body: body ? JSON.parse(body) : null };
};

describe('request timeouts (real sockets)', () => {
  let fx: CatalogueFixture;
  let app: FastifyInstance;
  let port: number;
  const timeouts = { headersMs: 600, requestMs: 1200 };

  beforeAll(async () => {
    fx = await createCatalogueFixture();
    app = await buildFixtureAppFromStores({ ...fx.config, timeouts }, { catalogue: fx.store, accounts: fx.accounts });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as net.AddressInfo).port;
  });

  afterAll(async () => {
    await app?.close();
    await fx?.cleanup();
  });

  it('cuts a body that never finishes with 408 in the ErrorBody shape, and records nothing', async () => {
    const plays = playCount(fx);
    const { raw, elapsedMs } = await rawExchange(port, [
      `POST ${ApiPath.plays()} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 60\r\n\r\n`,
      '{"trackId":',
    ]);
    const res = parseRaw(raw);
    expect(res.status).toBe(408);
    expect(res.head).toMatch(/content-type: application\/json/i);
    expect(isErrorBody(res.body)).toBe(true);
    expect(res.body.error).toBe(ErrorCode.RequestTimeout);
    expect(res.body.message).toMatch(/^request: not received in time/);
    // Cut at the request timeout, give or take Node's checking interval; not held open.
    expect(elapsedMs).toBeGreaterThanOrEqual(timeouts.requestMs - 50);
    expect(elapsedMs).toBeLessThan(timeouts.requestMs + 1500);
    expect(playCount(fx)).toBe(plays);
  });

  it('cuts a body that trickles a byte at a time (slowloris), even though bytes keep coming', async () => {
    const body = JSON.stringify({ trackId: FIXTURE_TRACKS[0]!.id });
    const head = `POST ${ApiPath.plays()} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const { raw, elapsedMs } = await rawExchange(port, [head, ...body.split('')], 100);
    expect(parseRaw(raw).status).toBe(408);
    expect(elapsedMs).toBeLessThan(timeouts.requestMs + 1500);
  });

  it('cuts headers that never finish', async () => {
    const { raw, elapsedMs } = await rawExchange(port, [`GET ${ApiPath.health()} HTTP/1.1\r\nHost: localhost\r\n`]);
    const res = parseRaw(raw);
    expect(res.status).toBe(408);
    expect(res.body.error).toBe(ErrorCode.RequestTimeout);
    expect(elapsedMs).toBeLessThan(timeouts.headersMs + 1500);
  });

  it('answers malformed HTTP and oversized headers in the ErrorBody shape', async () => {
    const garbage = parseRaw((await rawExchange(port, ['NOT HTTP AT ALL\r\n\r\n'])).raw);
    expect(garbage.status).toBe(400);
    expect(garbage.body).toEqual({ error: ErrorCode.BadRequest, message: 'request: is not valid HTTP/1.1', statusCode: 400 });
    const huge = parseRaw((await rawExchange(port, [`GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'x'.repeat(20_000)}\r\n\r\n`])).raw);
    expect(huge.status).toBe(431);
    expect(huge.body.error).toBe(ErrorCode.HeadersTooLarge);
  });

  it('still serves a normal request on the same server', async () => {
    const res = await fetch(`http://127.0.0.1:${port}${ApiPath.health()}`);
    expect(res.status).toBe(200);
  });
});

describe('source maps', () => {
  const APP = { indexHtml: '<!doctype html><title>Encore</title>', indexHtmlBr: zlib.brotliCompressSync('<!doctype html>') };
  let fx: CatalogueFixture;

  beforeAll(async () => {
    fx = await createCatalogueFixture({ withApp: APP });
    await fs.writeFile(path.join(fx.config.appDir, 'app.5MZUC4TF.js'), '//# sourceMappingURL=app.5MZUC4TF.js.map\n');
    await fs.writeFile(path.join(fx.config.appDir, 'app.5MZUC4TF.js.map'), '{"version":3,"sources":["src/index.ts"]}');
    await fs.writeFile(path.join(fx.config.appDir, 'app.5MZUC4TF.js.map.br'), zlib.brotliCompressSync('{"version":3}'));
  });
  afterAll(async () => fx?.cleanup());

  it('are not served in production, under any spelling of the path', async () => {
    const app = await buildFixtureApp(fx);
    try {
      expect((await app.inject({ url: '/app.5MZUC4TF.js' })).statusCode).toBe(200);
      for (const url of ['/app.5MZUC4TF.js.map', '/app.5MZUC4TF.js.MAP', '/app.5MZUC4TF.js.ma%70', '/./app.5MZUC4TF.js.map']) {
        for (const encoding of ['identity', 'br']) {
          const res = await app.inject({ url, headers: { 'accept-encoding': encoding } });
          expect(res.statusCode, `${url} (${encoding})`).toBe(404);
          expect(isErrorBody(res.json())).toBe(true);
        }
      }
    } finally {
      await app.close();
    }
  });

  it('are served when ENCORE_SERVE_SOURCE_MAPS=1 sets the dev flag', async () => {
    const app = await buildFixtureAppFromStores({ ...fx.config, serveSourceMaps: true }, { catalogue: fx.store, accounts: fx.accounts });
    try {
      const res = await app.inject({ url: '/app.5MZUC4TF.js.map' });
      expect(res.statusCode).toBe(200);
      expect(res.json().version).toBe(3);
    } finally {
      await app.close();
    }
  });
});
