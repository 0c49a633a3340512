/** POST /api/v1/plays: validation with readable messages, the body limit and the rate limit. */
import { SqliteCatalogueSearch } from '../../src/server/search/sqlite-catalogue-search';
import { describe, expect, it } from 'vitest';
import { ApiPath, ErrorCode } from '../../src/protocol';
import { buildApp } from '../../src/server/app';
import { useFixtureApp } from '../fixtures/fixture-app';
import {
  FIXTURE_IDS,
  FIXTURE_TRACKS,
} from '../fixtures/catalogue-fixture';

let clock = 0;

// A generous limit so the validation tests never trip it; the rate test has its own bff.app.
const bff = useFixtureApp({ playsRateLimit: { capacity: 1000, refillPerSecond: 1000 } });

const post = (payload: unknown, headers: Record<string, string> = {}) =>
  bff.app.inject({
    method: 'POST',
    url: ApiPath.plays(),
    headers: { 'content-type': 'application/json', ...headers },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });

describe('POST /api/v1/plays validation', () => {
  it('accepts a play with or without a position', async () => {
    expect((await post({ trackId: FIXTURE_TRACKS[0]!.id })).statusCode).toBe(204);
    expect((await post({ trackId: FIXTURE_TRACKS[0]!.id, positionMs: 0 })).statusCode).toBe(204);
  });

  it.each([
    [{}, 'trackId: is required'],
    [{ trackId: 'al_0a0000000001' }, 'trackId: must be a track id (tr_ + 12 hex)'],
    [{ trackId: 42 }, 'trackId: must be string'],
    [{ trackId: FIXTURE_TRACKS[0]!.id, positionMs: -1 }, 'positionMs: must be >= 0'],
    [{ trackId: FIXTURE_TRACKS[0]!.id, positionMs: 1.5 }, 'positionMs: must be integer'],
    [[FIXTURE_TRACKS[0]!.id], 'body: must be object'],
  ])('rejects %j with 400 naming the field', async (payload, message) => {
    const res = await post(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: ErrorCode.BadRequest, message, statusCode: 400 });
  });

  it('rejects malformed JSON, an empty body and a wrong content type with 4xx JSON', async () => {
    const broken = await post('{"trackId": ');
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({ error: ErrorCode.BadRequest, message: 'body: is not valid JSON' });

    const empty = await post('');
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error).toBe(ErrorCode.BadRequest);

    // No text/plain parser: a body the BFF does not read is refused before any schema.
    const text = await post('trackId=tr_2a0000000001', { 'content-type': 'text/plain' });
    expect(text.statusCode).toBe(415);
    expect(text.json().error).toBe(ErrorCode.UnsupportedMediaType);

    const xml = await post('<play/>', { 'content-type': 'application/xml' });
    expect(xml.statusCode).toBe(415);
    expect(xml.json()).toMatchObject({
      error: ErrorCode.UnsupportedMediaType,
      message: 'body: content-type must be application/json',
    });
  });

  it('answers 404 for a well-formed but unknown track', async () => {
    const res = await post({ trackId: FIXTURE_IDS.missing.track });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toBe(ErrorCode.NotFound);
  });

  it('refuses a body over 1 KB with 413', async () => {
    const res = await post({ trackId: FIXTURE_TRACKS[0]!.id, padding: 'x'.repeat(2048) });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: ErrorCode.PayloadTooLarge, statusCode: 413 });
  });
});

describe('POST /api/v1/plays rate limit', () => {
  it('answers 429 with Retry-After once a client spends its bucket, per IP, and refills', async () => {
    const limited = await buildApp({
      config: bff.fx.config,
      store: bff.fx.store,
      accounts: bff.fx.accounts,
      search: new SqliteCatalogueSearch(bff.fx.stores.database.sqlite),
      library: bff.fx.stores.library,
      shows: bff.fx.stores.shows,
      recentSearches: bff.fx.stores.recentSearches,
      playsRateLimit: { capacity: 3, refillPerSecond: 1, now: () => clock },
    });
    try {
      const send = (ip: string) =>
        limited.inject({
          method: 'POST',
          url: ApiPath.plays(),
          remoteAddress: ip,
          payload: { trackId: FIXTURE_TRACKS[1]!.id },
        });
      for (let i = 0; i < 3; i++) expect((await send('10.0.0.1')).statusCode).toBe(204);
      const refused = await send('10.0.0.1');
      expect(refused.statusCode).toBe(429);
      expect(refused.json()).toMatchObject({ error: ErrorCode.TooManyRequests, statusCode: 429 });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);

      // Another client is unaffected.
      expect((await send('10.0.0.2')).statusCode).toBe(204);

      clock += 1000;
      expect((await send('10.0.0.1')).statusCode).toBe(204);
    } finally {
      await limited.close();
    }
  });
});
