/**
 * Inlined starts, round trip: every list ApiClient returns (an album or artist screen, the same
 * data fetched for an action — the Search page's top result, the context menu — and search
 * results) carries a start equal to what the playback-info call answers, its manifest equal to
 * the file at its URL, and media URLs the engine can fetch from any page (artistData's were left
 * relative). Real BFF over inject, real SQLite, the TV's ApiClient and the pages' item builders.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { albumItems, artistItems, searchTrackItem } from '../../src/app/playback-items';
import { ApiClient } from '../../src/app/services/api-client';
import { ManifestMemory } from '../../src/player/manifest-memory';
import type { TrackSummary } from '../../src/protocol';
import { FIXTURE_IDS } from '../fixtures/catalogue-fixture';
import { useFixtureApp } from '../fixtures/fixture-app';
import { injectFetch } from '../fixtures/inject-fetch';

const PAGE = 'http://tv.test/';

beforeAll(() => {
  (globalThis as { document?: unknown }).document ??= { baseURI: PAGE };
});

const bff = useFixtureApp();

describe('inlined playback starts, from screen data to the engine', () => {
  const api = () => new ApiClient('', injectFetch(bff.app));
  const { dawn, night } = FIXTURE_IDS.albums;
  const { olafur, tokyo } = FIXTURE_IDS.artists;

  /** Each list's tracks as ApiClient hands them over (what the pages build items from). */
  const lists: Array<[string, () => Promise<TrackSummary[]>]> = [
    ['album screen', async () => (await api().album(dawn)).tracks],
    ['album data for an action', async () => (await api().albumData(night)).tracks],
    ['artist screen', async () => (await api().artist(olafur)).topTracks],
    ['artist data for an action (Search top result, context menu)', async () => (await api().artistData(tokyo)).topTracks],
  ];

  it.each(lists)('%s: each start is the playback-info answer, its manifest from memory resolves to the BFF', async (_name, tracks) => {
    const list = await tracks();
    expect(list.length).toBeGreaterThan(0);
    for (const track of list) {
      const inlined = track.playback;
      expect(inlined, track.id).toBeDefined();
      const { manifest, ...start } = inlined!;
      expect(await api().playback(track.id)).toMatchObject(start);
      expect(start.manifestUrl.startsWith(PAGE)).toBe(true);
      // The manifest text is the file at its URL, and its memory entry keeps that URL as the base.
      const file = await bff.app.inject({ url: new URL(start.manifestUrl).pathname });
      expect(file.statusCode).toBe(200);
      expect(manifest).toBe(file.body);
      const memory = new ManifestMemory();
      expect(memory.get(memory.put(start.manifestUrl, manifest!))).toEqual({ url: start.manifestUrl, text: file.body });
    }
  });

  it('album and artist items carry their start to the player', async () => {
    const album = albumItems(await api().album(dawn));
    expect(album.every((it) => it.playback?.manifestUrl.startsWith(PAGE))).toBe(true);
    for (const artist of [artistItems(await api().artistData(tokyo)), artistItems(await api().artist(olafur))]) {
      expect(artist.length).toBeGreaterThan(0);
      expect(artist.every((it) => it.playback?.manifestUrl.startsWith(PAGE) && it.playback.manifest)).toBe(true);
    }
  });

  it('search results: media URLs are absolute wherever a start is inlined', async () => {
    const res = await api().search('night');
    expect(res.tracks.length).toBeGreaterThan(0);
    for (const t of res.tracks) {
      const start = searchTrackItem(t).playback;
      if (start) expect(start.manifestUrl.startsWith(PAGE)).toBe(true);
    }
  });
});
