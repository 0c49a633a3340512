/**
 * Search against a real SQLite FTS5 index (migration 2), filled through upsertTrack like an
 * ingest, and GET /api/v1/search through inject: ranking, diacritics, typos, bad input.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { resolveConfig } from '../../src/config/encore-config';
import { openSqliteStores, type CatalogueStore, type SqliteStores } from '../../src/store';
import { buildFixtureAppFromStores } from '../fixtures/fixture-app';
import { SqliteCatalogueSearch, TypoIndex, queryWords, type CatalogueResults } from '../../src/server/search/sqlite-catalogue-search';
import type { SearchResponse } from '../../src/protocol';
import { addRows, idsFor, trackInput } from '../fixtures/search-catalogue';

const ROWS = [
  { artist: 'Ósk Vale', album: 'Kaldur morgunn', title: 'Hafið', genre: 'Ambient' },
  { artist: 'Ósk Vale', album: 'Kaldur morgunn', title: 'Norðurljós', genre: 'Ambient' },
  { artist: 'Lumen Drift', album: 'Night Ferry', title: 'Departure Hall', genre: 'Electronic' },
  { artist: 'Lumen Drift', album: 'Night Ferry', title: 'Sodium Lamps', genre: 'Electronic' },
  { artist: 'Lumen Drift', album: 'Harbour Lights', title: 'Signal Fires', genre: 'Electronic' },
  { artist: 'Beyoncé', album: 'Lemonade', title: 'Formation', genre: 'Pop' },
  { artist: 'The Paper Satellites', album: 'Static Bloom', title: 'Static Bloom', genre: 'Rock' },
  { artist: 'The Paper Satellites', album: 'Static Bloom', title: 'Static', genre: 'Rock' },
  { artist: 'Oskar Lind', album: 'Oslo', title: 'Osmosis', genre: null },
  { artist: 'Drift Collective', album: 'Lumen', title: 'Lumenal', genre: 'Ambient' },
];

let stores: SqliteStores;
let store: CatalogueStore;
let search: SqliteCatalogueSearch;
let app: FastifyInstance;

beforeAll(async () => {
  stores = openSqliteStores(':memory:');
  store = stores.catalogue;
  await addRows(store, ROWS);
  search = new SqliteCatalogueSearch(stores.database.sqlite);
  app = await buildFixtureAppFromStores(resolveConfig({ ENCORE_DATA_DIR: '/nonexistent-encore-test' }), stores, {
    secret: new Uint8Array(32),
    search,
  });
});

afterAll(async () => {
  await app.close();
  await stores.close();
});

const names = (r: CatalogueResults) => ({
  top: r.top ? (r.top.kind === 'track' ? r.top.track.title : r.top.card.title) : null,
  tracks: r.tracks.map((t) => t.title),
  albums: r.albums.map((a) => a.title),
  artists: r.artists.map((a) => a.title),
});

describe('search ranking and matching', () => {
  it('"osk" finds Ósk Vale first (diacritics and case folded), her album and tracks too', async () => {
    const r = names(await search.search('osk'));
    expect(r.top).toBe('Ósk Vale');
    expect(r.artists).toEqual(['Ósk Vale', 'Oskar Lind']);
    expect(r.albums).toContain('Kaldur morgunn');
    expect(r.tracks).toEqual(expect.arrayContaining(['Hafið', 'Norðurljós']));
  });

  it('"beyonce" finds Beyoncé, and "BEYONCÉ" the same', async () => {
    expect(names(await search.search('beyonce')).top).toBe('Beyoncé');
    expect(await search.search('BEYONCÉ')).toEqual({ ...(await search.search('beyonce')), query: 'BEYONCÉ' });
  });

  it('prefixes match as the user types: "lum dri" finds Lumen Drift', async () => {
    expect(names(await search.search('lum dri')).top).toBe('Lumen Drift');
  });

  it('one typo in a word of 5+ letters: "lumen drfit" finds Lumen Drift', async () => {
    const r = names(await search.search('lumen drfit'));
    expect(r.top).toBe('Lumen Drift');
    expect(r.artists).toContain('Lumen Drift');
  });

  it('no typo tolerance under 5 letters: "sttaic" finds Static, a 4-letter "sttc" nothing', async () => {
    expect(names(await search.search('sttc')).tracks).toEqual([]);
    expect(names(await search.search('sttaic')).tracks).toEqual(expect.arrayContaining(['Static', 'Static Bloom']));
  });

  it('ranks exact > prefix > context > typo: "static" puts the track named exactly so first', async () => {
    const r = names(await search.search('static'));
    expect(r.tracks.slice(0, 2)).toEqual(['Static', 'Static Bloom']);
    // "lumen": the artist named so takes the top spot over the album "Lumen" (same tier); within
    // albums, the album whose name matches beats those matched through their artist's name.
    const lumen = names(await search.search('lumen'));
    expect(lumen.top).toBe('Lumen Drift');
    expect(lumen.artists).toEqual(['Lumen Drift']);
    expect(lumen.albums[0]).toBe('Lumen');
    expect(lumen.albums).toEqual(expect.arrayContaining(['Night Ferry', 'Harbour Lights']));
  });

  it('plays break ties within a tier', async () => {
    const localStores = openSqliteStores(':memory:');
    const local = localStores.catalogue;
    await addRows(local, [
      { artist: 'A', album: 'X', title: 'Echo One' },
      { artist: 'A', album: 'X', title: 'Echo Two' },
    ]);
    const s = new SqliteCatalogueSearch(localStores.database.sqlite);
    expect(names(await s.search('echo')).tracks).toEqual(['Echo One', 'Echo Two']);
    const two = idsFor('A', 'X', 'Echo Two').trackId;
    await local.recordPlay(two, 1, null);
    await local.recordPlay(two, 2, null);
    expect(names(await s.search('echo')).tracks).toEqual(['Echo Two', 'Echo One']);
    await localStores.close();
  });

  it('the index follows renames and removals in the same transaction', async () => {
    const localStores = openSqliteStores(':memory:');
    const local = localStores.catalogue;
    const s = new SqliteCatalogueSearch(localStores.database.sqlite);
    await addRows(local, [{ artist: 'Old Name', album: 'Alb', title: 'Song' }]);
    expect(names(await s.search('old')).artists).toEqual(['Old Name']);
    const input = trackInput({ artist: 'Old Name', album: 'Alb', title: 'Song' });
    await local.upsertTrack({ ...input, artist: { ...input.artist, name: 'Nova Name' } });
    expect(names(await s.search('old')).artists).toEqual([]);
    expect(names(await s.search('nova song')).tracks).toEqual(['Song']);
    // The typo map sees the new vocabulary too.
    expect(names(await s.search('nvoa')).artists).toEqual([]);
    expect(names(await s.search('novva')).artists).toEqual(['Nova Name']);
    await local.removeTracks([input.id]);
    expect(await s.search('nova')).toMatchObject({ tracks: [], albums: [], artists: [] });
    await localStores.close();
  });

  it('an empty query browses genres from tags, most tracks first', async () => {
    const r = await search.search('   ');
    expect(r).toMatchObject({ query: '', top: null, tracks: [] });
    expect(r.genres.map((g) => g.name)).toEqual(['Ambient', 'Electronic', 'Rock', 'Pop']);
    expect(r.genres[0]).toEqual({ name: 'Ambient', trackCount: 3 });
  });
});

describe('search words', () => {
  it('cuts on anything but letters and digits, folds case and diacritics', () => {
    expect(queryWords('  Ósk-VALE: "NEAR" (x*) ')).toEqual(['osk', 'vale', 'near', 'x']);
    expect(queryWords('\u0000\u001f\ud800')).toEqual([]);
  });

  it('typo candidates are exactly the vocabulary terms at Damerau–Levenshtein (OSA) distance 1', () => {
    const osa = (a: string, b: string) => {
      const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
      for (let i = 1; i <= a.length; i++)
        for (let j = 1; j <= b.length; j++) {
          const cost = a[i - 1] === b[j - 1] ? 0 : 1;
          d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
        }
      return d[a.length]![b.length]!;
    };
    const w = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'ð'), minLength: 1, maxLength: 7 });
    fc.assert(
      fc.property(w, fc.uniqueArray(w, { maxLength: 30 }), (word, vocab) => {
        const expected = vocab.filter((t) => t !== word && osa(word, t) === 1).sort();
        const got = new TypoIndex(vocab).candidates(word).sort();
        // At most 8 are kept; below that, exactly the neighbours.
        if (expected.length <= 8) expect(got).toEqual(expected);
        else expect(got.every((t) => expected.includes(t))).toBe(true);
      }),
    );
  });
});

describe('GET /api/v1/search', () => {
  const get = (q: string) => app.inject({ url: `/api/v1/search?q=${encodeURIComponent(q)}` });

  it('answers a query with the protocol shape', async () => {
    const res = await get('osk');
    expect(res.statusCode).toBe(200);
    const body = res.json<SearchResponse>();
    expect(body.top).toMatchObject({ kind: 'artist', card: { title: 'Ósk Vale', subtitle: '1 album' } });
    expect(body.tracks[0]).toMatchObject({ albumTitle: 'Kaldur morgunn', artist: { name: 'Ósk Vale' } });
  });

  it('FTS syntax, control characters and odd Unicode are text: results or nothing, never a 500', async () => {
    for (const q of ['"', '*', 'NEAR', 'NEAR(', '(', ')', '-', ':', 'a:b', '"osk', 'osk*', '-osk', 'osk OR', 'AND', 'NOT osk', '^', '{name}: x', 'osk\u0000', '\u0007\u001b[31m', '🎵', 'ﬁ', '\u200b']) {
      const res = await get(q);
      expect(res.statusCode, q).toBe(200);
    }
    expect((await get('"osk"')).json<SearchResponse>().top).toMatchObject({ card: { title: 'Ósk Vale' } });
    expect((await get('(osk*)')).json<SearchResponse>().top).toMatchObject({ card: { title: 'Ósk Vale' } });
    // NEAR is a word like any other: nothing here holds it.
    expect((await get('NEAR(osk vale)')).json<SearchResponse>()).toMatchObject({ top: null, tracks: [] });
  });

  it('any text at all gets a 200 or a clear 400 naming q', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 220 }), async (q) => {
        const res = await app.inject({ url: '/api/v1/search', query: { q } });
        expect([200, 400]).toContain(res.statusCode);
        if (res.statusCode === 400) expect(res.json()).toMatchObject({ error: 'ENCORE_ERR_BAD_REQUEST', message: expect.stringMatching(/^querystring\.q|q/) });
      }),
      { numRuns: 150 },
    );
  });

  it('lone surrogates sent as raw %-escapes are not a 500', async () => {
    for (const url of ['/api/v1/search?q=%ED%A0%80', '/api/v1/search?q=a%ED%A0%80b', '/api/v1/search?q=%uD800', '/api/v1/search?q=%']) {
      const res = await app.inject({ url });
      expect([200, 400], url).toContain(res.statusCode);
    }
  });

  it('500 characters is a 400 that says q is too long', async () => {
    const res = await get('a'.repeat(500));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'ENCORE_ERR_BAD_REQUEST', message: expect.stringContaining('q') });
    expect(res.json<{ message: string }>().message).toMatch(/200/);
  });

  it('no q browses', async () => {
    const res = await app.inject({ url: '/api/v1/search' });
    expect(res.statusCode).toBe(200);
    expect(res.json<SearchResponse>().genres.length).toBeGreaterThan(0);
  });
});
