/**
 * CORS: what a packaged TV app on file:// (origin `null`) needs from the BFF. Preflights are
 * answered and cached, screens and errors are readable, media ranges expose their headers.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiPath, ErrorCode, type PlaybackResponse } from '../../src/protocol';
import { FIXTURE_IDS, FIXTURE_MEDIA, FIXTURE_TRACKS } from '../fixtures/catalogue-fixture';
import { useFixtureApp } from '../fixtures/fixture-app';

/** What Chromium sends from a file:// page. */
const FILE_ORIGIN = { origin: 'null' };
const trackId = FIXTURE_TRACKS[0]!.id;
// One play report per client, so the rate-limited reply is one request away.
const bff = useFixtureApp({ playsRateLimit: { capacity: 1, refillPerSecond: 0.001 } });
/** The progressive file's path, as the playback call hands it to the app. */
let progressive = '';

beforeAll(async () => {
  progressive = (await bff.app.inject({ url: ApiPath.playback(trackId) })).json<PlaybackResponse>().progressiveUrl;
});

const list = (header: string | string[] | number | undefined) =>
  String(header ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase());

describe('preflight', () => {
  it('answers OPTIONS for the play report: 204, POST and Content-Type allowed, cached', async () => {
    const res = await bff.app.inject({
      method: 'OPTIONS',
      url: ApiPath.plays(),
      headers: { ...FILE_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('null');
    expect(list(res.headers['access-control-allow-methods'])).toEqual(expect.arrayContaining(['get', 'head', 'post']));
    expect(list(res.headers['access-control-allow-headers'])).toContain('content-type');
    expect(res.headers['access-control-max-age']).toBe('7200');
    expect(res.body).toBe('');
  });

  it('lets a packaged app send its token and switch profile (Authorization, PUT)', async () => {
    const res = await bff.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/me/profile',
      headers: { ...FILE_ORIGIN, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(res.statusCode).toBe(204);
    expect(list(res.headers['access-control-allow-methods'])).toEqual(expect.arrayContaining(['put', 'delete', 'patch']));
    expect(list(res.headers['access-control-allow-headers'])).toEqual(expect.arrayContaining(['authorization', 'content-type']));
  });

  it('allows the Range header on media (Shaka byte-range segments)', async () => {
    const res = await bff.app.inject({
      method: 'OPTIONS',
      url: progressive,
      headers: { ...FILE_ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'range' },
    });
    expect(res.statusCode).toBe(204);
    expect(list(res.headers['access-control-allow-headers'])).toContain('range');
  });
});

describe('origins not on the list', () => {
  it('a web page elsewhere gets no CORS headers: the browser keeps history and catalogue from it', async () => {
    const res = await bff.app.inject({ url: ApiPath.home(), headers: { origin: 'http://evil.example' } });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await bff.app.inject({
      method: 'OPTIONS',
      url: ApiPath.plays(),
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('an origin from ENCORE_CORS_ORIGINS may read', async () => {
    const res = await bff.app.inject({ url: ApiPath.home(), headers: { origin: 'http://phone.test:3000' } });
    expect(res.headers['access-control-allow-origin']).toBe('http://phone.test:3000');
  });
});

describe('cross-origin reads from a file:// app', () => {
  it('GET /api/v1/home is readable, its ETag exposed, the answer keyed on Origin', async () => {
    const res = await bff.app.inject({ url: ApiPath.home(), headers: FILE_ORIGIN });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('null');
    expect(list(res.headers['access-control-expose-headers'])).toContain('etag');
    // The answer depends on the Origin, so shared caches must key on it.
    expect(list(res.headers.vary)).toContain('origin');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('a media Range response exposes Content-Range, Accept-Ranges and Content-Length', async () => {
    const res = await bff.app.inject({ url: progressive, headers: { ...FILE_ORIGIN, range: 'bytes=0-99' } });
    expect(res.statusCode).toBe(206);
    expect(res.headers['content-range']).toBe(`bytes 0-99/${FIXTURE_MEDIA.progressiveBytes}`);
    expect(res.headers['access-control-allow-origin']).toBe('null');
    expect(list(res.headers['access-control-expose-headers'])).toEqual(
      expect.arrayContaining(['content-range', 'accept-ranges', 'content-length']),
    );
  });

  it('errors are readable too, so the app can show their message', async () => {
    const missing = await bff.app.inject({ url: ApiPath.album(FIXTURE_IDS.missing.album), headers: FILE_ORIGIN });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['access-control-allow-origin']).toBe('null');

    const play = () =>
      bff.app.inject({
        method: 'POST',
        url: ApiPath.plays(),
        headers: { ...FILE_ORIGIN, 'content-type': 'application/json' },
        payload: JSON.stringify({ trackId }),
      });
    const recorded = await play();
    expect(recorded.statusCode).toBe(204);
    expect(recorded.headers['access-control-allow-origin']).toBe('null');
    const limited = await play();
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: ErrorCode.TooManyRequests });
    expect(limited.headers['access-control-allow-origin']).toBe('null');
  });
});

describe('ENCORE_CORS_ORIGINS', () => {
  it('always allows null, adds listed origins, and names a bad entry', async () => {
    const { resolveConfig } = await import('../../src/config/encore-config');
    expect(resolveConfig({}).corsOrigins).toEqual(['null', 'file://']);
    expect(resolveConfig({ ENCORE_CORS_ORIGINS: 'http://a.test:3000, https://b.test/' }).corsOrigins).toEqual([
      'null',
      'file://',
      'http://a.test:3000',
      'https://b.test',
    ]);
    expect(() => resolveConfig({ ENCORE_CORS_ORIGINS: 'http://a.test/path' })).toThrow(/not an origin.*use http:\/\/a\.test/);
    expect(() => resolveConfig({ ENCORE_CORS_ORIGINS: 'nope' })).toThrow(/"nope" is not an origin/);
  });
});
