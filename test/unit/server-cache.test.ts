/**
 * Freshness of the response cache: plays made through the BFF show at once; writes by another
 * process (an ingest beside the running BFF) show once the entry's TTL has passed.
 */
import { describe, expect, it } from 'vitest';
import { ApiPath, type AlbumResponse } from '../../src/protocol';
import { useFixtureApp } from '../fixtures/fixture-app';
import { SERVER_DEFAULTS } from '../../src/server/server-defaults';
import {
  FIXTURE_IDS,
  FIXTURE_TRACKS,
  fixtureContentHash,
} from '../fixtures/catalogue-fixture';

let clock = 1_000_000;

const bff = useFixtureApp({ now: () => clock });

describe('response cache', () => {
  it('serves a cached album until the TTL passes, then the store’s new state', async () => {
    const url = ApiPath.album(FIXTURE_IDS.albums.night);
    const first = await bff.app.inject({ url });
    expect((first.json() as AlbumResponse).tracks).toHaveLength(3);

    // Another writer adds a bonus track directly to the store.
    const template = FIXTURE_TRACKS.find((t) => t.album.id === FIXTURE_IDS.albums.night)!;
    (await bff.fx.store.upsertTrack({
      ...template,
      id: 'tr_2b0000000004',
      title: 'Bonus (ボーナス)',
      number: 4,
      contentHash: fixtureContentHash('tr_2b0000000004'),
      ladder: [{ codec: 'mp4a.40.2', bitrate: 96_000 }],
      sourcePath: '/music/bonus.flac',
      sourceSize: 1,
      sourceMtimeMs: 0,
    }));

    clock += SERVER_DEFAULTS.responseCache.ttlMs - 1;
    const cached = await bff.app.inject({ url, headers: { 'if-none-match': first.headers.etag as string } });
    expect(cached.statusCode).toBe(304);

    clock += 2;
    const fresh = await bff.app.inject({ url, headers: { 'if-none-match': first.headers.etag as string } });
    expect(fresh.statusCode).toBe(200);
    const body = fresh.json() as AlbumResponse;
    expect(body.tracks.map((t) => t.number)).toEqual([1, 2, 3, 4]);
    expect(body.album.trackCount).toBe(4);
  });

  it('rebuilds an unchanged screen to the same ETag, so clients keep their 304s', async () => {
    const url = ApiPath.artist(FIXTURE_IDS.artists.olafur);
    const first = await bff.app.inject({ url });
    clock += SERVER_DEFAULTS.responseCache.ttlMs * 10;
    const again = await bff.app.inject({ url, headers: { 'if-none-match': first.headers.etag as string } });
    expect(again.statusCode).toBe(304);
  });

  it('drops every cached screen when a play is recorded (top tracks follow plays)', async () => {
    const url = ApiPath.artist(FIXTURE_IDS.artists.tokyo);
    const before = await bff.app.inject({ url });
    const least = before.json().topTracks.at(-1).id as string;
    for (let i = 0; i < 3; i++) {
      const res = await bff.app.inject({ method: 'POST', url: ApiPath.plays(), payload: { trackId: least } });
      expect(res.statusCode).toBe(204);
    }
    const after = await bff.app.inject({ url });
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(after.json().topTracks[0].id).toBe(least);
  });
});
