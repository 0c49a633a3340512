/**
 * Inlined starts, round trip: every list the TV plays from (an album or artist screen, the same
 * data fetched for an action — the Search page's top result, the context menu — and search
 * results) carries a start equal to what the playback-info call answers, its manifest equal to
 * the file at its URL, and media URLs the engine can fetch from any page. Real BFF over inject,
 * real SQLite, the TV's ApiClient and the item builders the pages use.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { albumItems, artistItems, searchTrackItem } from '../../src/app/playback-items';
import { ApiClient } from '../../src/app/services/api-client';
import { ManifestMemory } from '../../src/player/manifest-memory';
import type { PlaybackItem } from '../../src/player/types';
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

  const lists: Array<[string, () => Promise<PlaybackItem[]>]> = [
    ['album screen', async () => albumItems(await api().album(dawn))],
    ['album data for an action', async () => albumItems(await api().albumData(night))],
    ['artist screen', async () => artistItems(await api().artist(olafur))],
    ['artist data for an action (Search top result, context menu)', async () => artistItems(await api().artistData(tokyo))],
  ];

  it.each(lists)('%s: each item starts like the playback-info call, its manifest from memory resolves to the BFF', async (_name, items) => {
    const list = await items();
    expect(list.length).toBeGreaterThan(0);
    for (const item of list) {
      const inlined = item.playback;
      expect(inlined, item.trackId).toBeDefined();
      const { manifest, ...start } = inlined!;
      expect(await api().playback(item.trackId)).toMatchObject(start);
      expect(start.manifestUrl.startsWith(PAGE)).toBe(true);
      // The manifest text is the file at its URL, and its memory entry keeps that URL as the base.
      const file = await bff.app.inject({ url: new URL(start.manifestUrl).pathname });
      expect(file.statusCode).toBe(200);
      expect(manifest).toBe(file.body);
      const memory = new ManifestMemory();
      expect(memory.get(memory.put(start.manifestUrl, manifest!))).toEqual({ url: start.manifestUrl, text: file.body });
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
