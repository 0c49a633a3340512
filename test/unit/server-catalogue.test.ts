/**
 * The catalogue screens through the front door (`inject`) against a real SQLite store: shapes
 * checked against the protocol schemas, errors as ErrorBody, ETag/304, Brotli/gzip negotiation,
 * and Home reacting to play history.
 */
import { SqliteCatalogueSearch } from '../../src/server/search/sqlite-catalogue-search';
import zlib from 'node:zlib';
import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import {
  AlbumResponse,
  ApiPath,
  ArtistResponse,
  ErrorBody,
  ErrorCode,
  HealthResponse,
  HomeResponse,
  PLAYBACK_BATCH_MAX,
  PlaybackBatchResponse,
  PlaybackResponse,
  normalisationGainDb,
} from '../../src/protocol';
import { buildApp } from '../../src/server/app';
import { signUp } from '../fixtures/auth-helpers';
import { useFixtureApp } from '../fixtures/fixture-app';
import {
  FIXTURE_IDS,
  FIXTURE_TRACKS,
  fixtureContentHash,
} from '../fixtures/catalogue-fixture';

function expectShape<T extends TSchema>(schema: T, value: unknown): void {
  const check = TypeCompiler.Compile(schema);
  const errors = [...check.Errors(value)].map((e) => `${e.path}: ${e.message}`);
  expect(errors).toEqual([]);
}

function expectError(res: LightMyRequestResponse, statusCode: number, code: string): ErrorBody {
  expect(res.statusCode).toBe(statusCode);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.json();
  expectShape(ErrorBody, body);
  expect(body).toMatchObject({ error: code, statusCode });
  return body as ErrorBody;
}

const bff = useFixtureApp();

describe('GET /api/v1/home', () => {
  it('has Recently added and Artists rails, and no Jump back in before any play', async () => {
    const res = await bff.app.inject({ url: ApiPath.home() });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const home = res.json() as HomeResponse;
    expectShape(HomeResponse, home);

    expect(home.rails.map((r) => r.id)).toEqual(['recent-albums', 'artists']);
    const [recent, artists] = home.rails;
    // Newest first: Night Light's tracks were upserted last.
    expect(recent!.title).toBe('Recently added');
    expect(recent!.items.map((c) => c.id)).toEqual([
      FIXTURE_IDS.albums.night,
      FIXTURE_IDS.albums.light,
      FIXTURE_IDS.albums.dawn,
    ]);
    expect(recent!.items[0]).toMatchObject({
      kind: 'album',
      title: '夜の光 (Night Light)',
      subtitle: '東京 Nights',
    });
    expect(artists!.items).toEqual([
      expect.objectContaining({ kind: 'artist', title: 'Ólafur & the Ærø Quartet', subtitle: '2 albums' }),
      expect.objectContaining({ kind: 'artist', title: '東京 Nights', subtitle: '1 album' }),
    ]);
  });

  it('is revalidated: no-cache, a strong ETag, Vary: accept-encoding', async () => {
    const res = await bff.app.inject({ url: ApiPath.home() });
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(res.headers.vary).toMatch(/accept-encoding/i);
  });
});

describe('GET /api/v1/albums/:id', () => {
  it('returns the album, tracks in disc/track order and more by the artist', async () => {
    const res = await bff.app.inject({ url: ApiPath.album(FIXTURE_IDS.albums.dawn) });
    expect(res.statusCode).toBe(200);
    const body = res.json() as AlbumResponse;
    expectShape(AlbumResponse, body);
    expect(body.album).toMatchObject({
      id: FIXTURE_IDS.albums.dawn,
      title: 'Ágætis Dögun',
      artist: { id: FIXTURE_IDS.artists.olafur, name: 'Ólafur & the Ærø Quartet' },
      year: 2019,
      trackCount: 3,
      durationMs: 198_500 + 305_250 + 241_000,
    });
    expect(body.tracks.map((t) => t.title)).toEqual(['Einn', 'Tveir (ft. Zoë)', 'Þrír']);
    expect(body.moreByArtist.map((c) => c.id)).toEqual([FIXTURE_IDS.albums.light]);
    expect(body.moreByArtist[0]!.subtitle).toBe('Ólafur & the Ærø Quartet');
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    expect(res.headers.etag).toBeTruthy();
  });

  it('carries each track’s playback start with its manifest inlined, the same bytes as the manifest URL serves', async () => {
    const res = await bff.app.inject({ url: ApiPath.album(FIXTURE_IDS.albums.dawn) });
    const body = res.json() as AlbumResponse;
    for (const t of body.tracks) {
      const info = (await bff.app.inject({ url: ApiPath.playback(t.id) })).json() as PlaybackResponse;
      const { manifest, ...start } = t.playback!;
      // What Enter needs without a playback-info call: the same answer that call gives.
      expect(start).toEqual({
        manifestUrl: info.manifestUrl,
        progressiveUrl: info.progressiveUrl,
        progressiveMimeType: info.progressiveMimeType,
        gainDb: info.gainDb,
        ladder: info.ladder,
        durationMs: info.durationMs,
      });
      const served = await bff.app.inject({ url: info.manifestUrl });
      expect(served.statusCode).toBe(200);
      expect(manifest).toBe(served.body);
    }
  });

  it('orders multi-disc albums by disc first', async () => {
    const body = (await bff.app.inject({ url: ApiPath.album(FIXTURE_IDS.albums.light) })).json();
    expect(body.tracks.map((t: { disc: number; number: number }) => [t.disc, t.number])).toEqual([
      [1, 1],
      [2, 1],
    ]);
    expect(body.album.year).toBeNull();
  });

  it('answers 400 naming the field for a malformed id', async () => {
    for (const bad of ['nope', 'ar_0a0000000001', 'al_0A0000000001', 'al_123']) {
      const body = expectError(
        await bff.app.inject({ url: ApiPath.album(bad) }),
        400,
        ErrorCode.BadRequest,
      );
      expect(body.message).toBe('id: must be an album id (al_ + 12 hex)');
    }
  });

  it('answers 404 JSON for an unknown id', async () => {
    const res = await bff.app.inject({ url: ApiPath.album(FIXTURE_IDS.missing.album) });
    const body = expectError(res, 404, ErrorCode.NotFound);
    expect(body.message).toContain(FIXTURE_IDS.missing.album);
    expect(res.headers.etag).toBeUndefined();
  });
});

describe('GET /api/v1/artists/:id', () => {
  it('returns the artist with albums and top tracks', async () => {
    const res = await bff.app.inject({ url: ApiPath.artist(FIXTURE_IDS.artists.tokyo) });
    expect(res.statusCode).toBe(200);
    const body = res.json() as ArtistResponse;
    expectShape(ArtistResponse, body);
    expect(body.artist).toMatchObject({ id: FIXTURE_IDS.artists.tokyo, name: '東京 Nights' });
    expect(body.artist.artwork.color).toBe('#1b1035');
    expect(body.albums.map((c) => c.id)).toEqual([FIXTURE_IDS.albums.night]);
    expect(body.topTracks).toHaveLength(3);
    // Popular rows start without a playback-info call either.
    expect(body.topTracks.every((t) => t.playback?.manifest?.includes('<MPD'))).toBe(true);
    expect(res.headers['cache-control']).toBe('public, max-age=60');
  });

  it('answers 400 for a malformed id and 404 for an unknown one', async () => {
    const bad = expectError(
      await bff.app.inject({ url: ApiPath.artist(FIXTURE_IDS.albums.dawn) }),
      400,
      ErrorCode.BadRequest,
    );
    expect(bad.message).toBe('id: must be an artist id (ar_ + 12 hex)');
    expectError(
      await bff.app.inject({ url: ApiPath.artist(FIXTURE_IDS.missing.artist) }),
      404,
      ErrorCode.NotFound,
    );
  });
});

describe('GET /api/v1/tracks/:id/playback', () => {
  it('returns manifest and progressive URLs, ladder, loudness and the normalisation gain', async () => {
    const track = FIXTURE_TRACKS.find((t) => t.title === 'ネオン 🌃')!;
    const hash = fixtureContentHash(track.id);
    const res = await bff.app.inject({ url: ApiPath.playback(track.id) });
    expect(res.statusCode).toBe(200);
    const body = res.json() as PlaybackResponse;
    expectShape(PlaybackResponse, body);
    expect(body).toMatchObject({
      trackId: track.id,
      title: 'ネオン 🌃',
      artist: { id: FIXTURE_IDS.artists.tokyo, name: '東京 Nights' },
      albumId: FIXTURE_IDS.albums.night,
      albumTitle: '夜の光 (Night Light)',
      manifestUrl: `/media/tracks/${hash}/manifest.mpd`,
      progressiveUrl: `/media/tracks/${hash}/progressive.m4a`,
      progressiveMimeType: 'audio/mp4',
      loudness: { integratedLufs: -8, truePeakDbtp: 0.4 },
      gainDb: normalisationGainDb(-8, 0.4),
    });
    // A loud master is turned down to the −14 LUFS target.
    expect(body.gainDb).toBe(-6);
    expect(body.ladder.map((r) => r.bitrate)).toEqual([96_000, 160_000, 320_000]);
    // Internals of the store row never leak through the response schema.
    expect(res.body).not.toContain('sourcePath');
    expect(res.body).not.toContain('/music/');
  });

  it('caps the gain of a quiet track at the true-peak ceiling', async () => {
    const quiet = FIXTURE_TRACKS.find((t) => t.title === 'Tveir (ft. Zoë)')!;
    const body = (await bff.app.inject({ url: ApiPath.playback(quiet.id) })).json() as PlaybackResponse;
    // +6 dB would reach −14 LUFS, but the −6 dBTP peak only has 5 dB of headroom below −1 dBTP.
    expect(body.gainDb).toBe(5);
  });

  it('answers 400 naming the field, and 404 for an unknown track', async () => {
    const bad = expectError(
      await bff.app.inject({ url: ApiPath.playback('tr_XYZ') }),
      400,
      ErrorCode.BadRequest,
    );
    expect(bad.message).toBe('id: must be a track id (tr_ + 12 hex)');
    expectError(
      await bff.app.inject({ url: ApiPath.playback(FIXTURE_IDS.missing.track) }),
      404,
      ErrorCode.NotFound,
    );
  });
});

describe('GET /api/v1/tracks/playback?ids=', () => {
  it('answers many tracks in one call, in the order asked, each once, the same as one call per track; unknown ids left out', async () => {
    const ids = [FIXTURE_TRACKS[3]!.id, FIXTURE_TRACKS[0]!.id, FIXTURE_IDS.missing.track, FIXTURE_TRACKS[3]!.id, FIXTURE_TRACKS[1]!.id];
    const res = await bff.app.inject({ url: ApiPath.playbackBatch(ids) });
    expect(res.statusCode).toBe(200);
    const body = res.json() as PlaybackBatchResponse;
    expectShape(PlaybackBatchResponse, body);
    expect(body.tracks.map((t) => t.trackId)).toEqual([FIXTURE_TRACKS[3]!.id, FIXTURE_TRACKS[0]!.id, FIXTURE_TRACKS[1]!.id]);
    for (const t of body.tracks) expect(t).toEqual((await bff.app.inject({ url: ApiPath.playback(t.trackId) })).json());
  });

  it('answers 400 for no ids, a malformed id, a trailing comma or more than the batch allows, never a 500', async () => {
    const id = FIXTURE_TRACKS[0]!.id;
    const tooMany = Array.from({ length: PLAYBACK_BATCH_MAX + 1 }, () => id);
    expect((await bff.app.inject({ url: ApiPath.playbackBatch(tooMany.slice(1)) })).statusCode).toBe(200);
    for (const url of ['/api/v1/tracks/playback', '/api/v1/tracks/playback?ids=', `/api/v1/tracks/playback?ids=${id},`, `/api/v1/tracks/playback?ids=${id},tr_XYZ`, ApiPath.playbackBatch(tooMany)]) {
      const bad = expectError(await bff.app.inject({ url }), 400, ErrorCode.BadRequest);
      expect(bad.message, url).toMatch(/^ids/);
    }
    expect(expectError(await bff.app.inject({ url: `${ApiPath.playbackBatch([id])}&x=1` }), 400, ErrorCode.BadRequest).message).toBe('x: is not allowed');
  });
});

describe('GET /health', () => {
  it('reports ok, the package version and the track count', async () => {
    const res = await bff.app.inject({ url: ApiPath.health() });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expectShape(HealthResponse, body);
    expect(body).toMatchObject({ status: 'ok', tracks: FIXTURE_TRACKS.length });
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('unknown routes', () => {
  it('answer 404 JSON, API or not', async () => {
    expectError(await bff.app.inject({ url: '/api/v1/nope' }), 404, ErrorCode.NotFound);
    expectError(await bff.app.inject({ url: '/api/v2/home' }), 404, ErrorCode.NotFound);
    expectError(await bff.app.inject({ method: 'DELETE', url: ApiPath.home() }), 404, ErrorCode.NotFound);
  });
});

describe('bad input never becomes a 500', () => {
  it('answers 400 JSON for broken percent-encoding and over-long ids', async () => {
    const broken = expectError(
      await bff.app.inject({ url: '/api/v1/albums/%E0%A4%A' }),
      400,
      ErrorCode.BadRequest,
    );
    expect(broken.message).toBe('url: is not valid percent-encoding');
    expectError(
      await bff.app.inject({ url: ApiPath.album(`al_${'0'.repeat(400)}`) }),
      400,
      ErrorCode.BadRequest,
    );
    expectError(await bff.app.inject({ url: ApiPath.album('al_%00') }), 400, ErrorCode.BadRequest);
  });
});

describe('server faults', () => {
  it('answer 500 ENCORE_ERR_INTERNAL without leaking the cause, and log it', async () => {
    const logged: string[] = [];
    const broken = new Proxy(bff.fx.store, {
      get(target, prop, receiver) {
        if (prop === 'album') {
          return () => {
            throw new Error('SQLITE_CORRUPT: database disk image is malformed at /srv/secret.db');
          };
        }
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const faulty = await buildApp({
      config: bff.fx.config,
      store: broken,
      accounts: bff.fx.accounts,
      search: new SqliteCatalogueSearch(bff.fx.stores.database.sqlite),
      library: bff.fx.stores.library,
      shows: bff.fx.stores.shows,
      recentSearches: bff.fx.stores.recentSearches,
      logger: { level: 'error', stream: { write: (line: string) => logged.push(line) } },
    });
    try {
      const res = await faulty.inject({ url: ApiPath.album(FIXTURE_IDS.albums.dawn) });
      const body = expectError(res, 500, ErrorCode.Internal);
      expect(body.message).toBe('Internal server error');
      expect(res.body).not.toMatch(/SQLITE|secret|stack/i);
      expect(logged.join('')).toContain('SQLITE_CORRUPT');
    } finally {
      await faulty.close();
    }
  });
});

describe('conditional requests', () => {
  it('answers 304 with no body when If-None-Match matches, 200 when it does not', async () => {
    for (const url of [
      ApiPath.home(),
      ApiPath.album(FIXTURE_IDS.albums.night),
      ApiPath.artist(FIXTURE_IDS.artists.olafur),
      ApiPath.playback(FIXTURE_TRACKS[0]!.id),
    ]) {
      const first = await bff.app.inject({ url });
      const etag = first.headers.etag as string;
      expect(etag).toBeTruthy();

      const again = await bff.app.inject({ url, headers: { 'if-none-match': etag } });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      expect(again.headers.etag).toBe(etag);
      expect(again.headers['cache-control']).toBe(first.headers['cache-control']);

      const listed = await bff.app.inject({ url, headers: { 'if-none-match': `"other", W/${etag}` } });
      expect(listed.statusCode).toBe(304);

      const stale = await bff.app.inject({ url, headers: { 'if-none-match': '"stale"' } });
      expect(stale.statusCode).toBe(200);
      expect(stale.json()).toEqual(first.json());
    }
  });

  it('gives a compressed variant its own strong ETag that still revalidates', async () => {
    const url = ApiPath.home();
    const br = await bff.app.inject({ url, headers: { 'accept-encoding': 'br' } });
    const plain = await bff.app.inject({ url });
    expect(br.headers.etag).not.toBe(plain.headers.etag);
    const again = await bff.app.inject({
      url,
      headers: { 'accept-encoding': 'br', 'if-none-match': br.headers.etag as string },
    });
    expect(again.statusCode).toBe(304);
  });
});

describe('compression', () => {
  const url = () => ApiPath.home();

  it('prefers Brotli, decoding to the same JSON', async () => {
    const plain = await bff.app.inject({ url: url() });
    expect(plain.rawPayload.length).toBeGreaterThan(1024);
    const res = await bff.app.inject({ url: url(), headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.rawPayload.length).toBeLessThan(plain.rawPayload.length);
    expect(JSON.parse(zlib.brotliDecompressSync(res.rawPayload).toString('utf8'))).toEqual(
      plain.json(),
    );
  });

  it('falls back to gzip', async () => {
    const res = await bff.app.inject({ url: url(), headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(zlib.gunzipSync(res.rawPayload).toString('utf8')).rails).toBeDefined();
  });

  it('honours q-values', async () => {
    const res = await bff.app.inject({ url: url(), headers: { 'accept-encoding': 'br;q=0.1, gzip;q=0.9' } });
    expect(res.headers['content-encoding']).toBe('gzip');
  });

  it('sends plain JSON for identity, no header or an unknown coding', async () => {
    for (const headers of [{ 'accept-encoding': 'identity' }, {}, { 'accept-encoding': 'compress' }]) {
      const res = await bff.app.inject({ url: url(), headers });
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.json().rails).toBeDefined();
      expect(res.headers.vary).toMatch(/accept-encoding/i);
    }
  });

  it('leaves bodies under 1 KB alone', async () => {
    const res = await bff.app.inject({ url: ApiPath.health(), headers: { 'accept-encoding': 'br' } });
    expect(res.rawPayload.length).toBeLessThan(1024);
    expect(res.headers['content-encoding']).toBeUndefined();
  });
});

describe('play history', () => {
  it('adds Jump back in to the profile\'s Home only after its play, and changes that Home\'s ETag', async () => {
    const hh = await signUp(bff.app);
    const before = await bff.app.inject({ url: ApiPath.home(), headers: hh.bearer });
    expect((before.json() as HomeResponse).rails.map((r) => r.id)).not.toContain('jump-back-in');
    expect(before.headers['cache-control']).toBe('private, no-cache');

    const track = FIXTURE_TRACKS.find((t) => t.album.id === FIXTURE_IDS.albums.light)!;
    const play = await bff.app.inject({
      method: 'POST',
      url: ApiPath.plays(),
      headers: hh.bearer,
      payload: { trackId: track.id, positionMs: 31_000 },
    });
    expect(play.statusCode).toBe(204);
    expect(play.body).toBe('');

    const after = await bff.app.inject({
      url: ApiPath.home(),
      headers: { ...hh.bearer, 'if-none-match': before.headers.etag as string },
    });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    const home = after.json() as HomeResponse;
    expectShape(HomeResponse, home);
    expect(home.rails[0]).toMatchObject({ id: 'jump-back-in', title: 'Jump back in' });
    expect(home.rails[0]!.items.map((c) => c.id)).toEqual([FIXTURE_IDS.albums.light]);

    // Private: a guest (any web page, whatever its Origin) and another household see none of it.
    for (const headers of [{}, { origin: 'null' }, (await signUp(bff.app, 'Bo')).bearer]) {
      const other = (await bff.app.inject({ url: ApiPath.home(), headers })).json() as HomeResponse;
      expect(other.rails.map((r) => r.id)).not.toContain('jump-back-in');
    }
  });

  it('records a guest\'s play for popularity only: no history rail for guests', async () => {
    const track = FIXTURE_TRACKS[0]!;
    const play = await bff.app.inject({ method: 'POST', url: ApiPath.plays(), payload: { trackId: track.id } });
    expect(play.statusCode).toBe(204);
    const home = (await bff.app.inject({ url: ApiPath.home() })).json() as HomeResponse;
    expect(home.rails.map((r) => r.id)).not.toContain('jump-back-in');
  });
});
