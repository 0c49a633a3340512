import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Artwork } from '../../src/protocol';
import type { TrackInput } from '../../src/store/catalogue-store';
import { openSqliteStores, type CatalogueStore, type SqliteStores } from '../../src/store';
import { SQLITE_MIGRATIONS as MIGRATIONS } from '../../src/store/migrations-sqlite';

const art = (hash: string, color = '#112233'): Artwork => ({
  base: `/media/art/${hash}`,
  sizes: [240, 480, 960],
  formats: ['webp', 'jpg'],
  color,
});

const hex12 = (n: number) => n.toString(16).padStart(12, '0');

function track(n: number, over: Partial<TrackInput> = {}): TrackInput {
  return {
    id: `tr_${hex12(n)}`,
    title: `Track ${n}`,
    artist: { id: 'ar_000000000001', name: 'Björk' },
    album: { id: 'al_000000000001', title: 'Homogenic', year: 1997, artwork: art('a1') },
    disc: 1,
    number: n,
    durationMs: 60_000 + n,
    integratedLufs: -12.5,
    truePeakDbtp: -0.4,
    contentHash: `hash${n}`.padEnd(64, '0'),
    ladder: [
      { codec: 'mp4a.40.2', bitrate: 96_000 },
      { codec: 'mp4a.40.2', bitrate: 160_000 },
      { codec: 'mp4a.40.2', bitrate: 320_000 },
    ],
    sourcePath: `Björk/Homogenic/${String(n).padStart(2, '0')} Track.flac`,
    sourceSize: 1000 + n,
    sourceMtimeMs: 1_700_000_000_000 + n,
    ...over,
  };
}

const otherAlbum = {
  artist: { id: 'ar_000000000002', name: 'Sigur Rós' },
  album: { id: 'al_000000000002', title: 'Ágætis byrjun', year: 1999, artwork: art('a2') },
};

describe('SqliteCatalogueStore', () => {
  let dir: string;
  let dbPath: string;
  let clock: number;
  let stores: SqliteStores;
  let store: CatalogueStore;
  const open = () => {
    stores = openSqliteStores(dbPath, { now: () => clock });
    store = stores.catalogue;
    return stores;
  };
  const sqlite = () => stores.database.sqlite;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'encore-store-'));
    dbPath = path.join(dir, 'nested', 'encore.db');
    clock = 1_000;
    open();
  });

  afterEach(async () => {
    await stores.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates the directory, uses WAL and foreign keys, and migrates idempotently', async () => {
    expect(fs.existsSync(dbPath)).toBe(true);
    expect(sqlite().pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite().pragma('foreign_keys', { simple: true })).toBe(1);
    expect(sqlite().pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    await store.upsertTrack(track(1));
    await stores.close();

    open();
    await stores.close();
    open();
    expect(sqlite().pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect((await store.trackCount())).toBe(1);
    expect((await store.track('tr_000000000001'))?.artistName).toBe('Björk');
  });

  it('refuses a database written by a newer schema', async () => {
    await stores.close();
    const raw = new Database(dbPath);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => open()).toThrow(/newer/);
    const fix = new Database(dbPath);
    fix.pragma(`user_version = ${MIGRATIONS.length}`);
    fix.close();
    open();
  });

  it('round-trips a track with its artist, album, artwork and ladder', async () => {
    const input = track(3);
    await store.upsertTrack(input);
    const row = (await store.track(input.id))!;
    expect(row).toEqual({
      id: input.id,
      title: input.title,
      artistId: input.artist.id,
      artistName: 'Björk',
      albumId: input.album.id,
      albumTitle: 'Homogenic',
      disc: 1,
      number: 3,
      durationMs: input.durationMs,
      integratedLufs: -12.5,
      truePeakDbtp: -0.4,
      contentHash: input.contentHash,
      ladder: input.ladder,
      sourcePath: input.sourcePath,
      artwork: input.album.artwork,
      packaging: null,
      gapless: false,
      // Music: only an episode of a show (show-store.ts) is long-form.
      longForm: null,
    });
    // What the packaging added and the gapless tag, as the ingest records them (migration 8).
    const packaging = { sampleRate: 44_100, primingSamples: 1024, samples: 2_646_177, paddingSamples: 351 };
    await store.upsertTrack({ ...input, packaging, gapless: true });
    expect(await store.track(input.id)).toMatchObject({ packaging, gapless: true });
    await store.upsertTrack(input);
    expect((await store.sourceRecord(input.sourcePath))).toEqual({
      trackId: input.id,
      contentHash: input.contentHash,
      sourceSize: input.sourceSize,
      sourceMtimeMs: input.sourceMtimeMs,
    });
    expect((await store.sourceRecord('nope'))).toBeUndefined();
    expect((await store.album(input.album.id))).toMatchObject({
      trackCount: 1,
      durationMs: input.durationMs,
      year: 1997,
      artistName: 'Björk',
      addedAt: 1_000,
    });
    expect((await store.artist(input.artist.id))).toEqual({
      id: input.artist.id,
      name: 'Björk',
      artwork: input.album.artwork,
      albumCount: 1,
    });
    expect((await store.referencedHashes())).toEqual(new Set([input.contentHash]));
  });

  it('rejects malformed artwork or ladder before writing anything', async () => {
    const bad = track(1, {
      album: { ...track(1).album, artwork: { ...art('x'), color: 'red' } },
    });
    await expect(store.upsertTrack(bad)).rejects.toThrow(/Artwork/);
    await expect(store.upsertTrack(track(1, { ladder: [{ codec: 'x', bitrate: 0 }] }))).rejects.toThrow(/ladder/);
    expect((await store.trackCount())).toBe(0);
  });

  it('replaces a re-ingested track in place, keeping its id, plays and added_at', async () => {
    await store.upsertTrack(track(1));
    await store.upsertTrack(track(2));
    await store.recordPlay('tr_000000000001', 5_000, null);
    clock = 9_000;
    (await store.upsertTrack(
      track(1, { title: 'Jóga', contentHash: 'f'.repeat(64), sourceSize: 42, durationMs: 1234 }),
    ));
    expect((await store.trackCount())).toBe(2);
    const row = (await store.track('tr_000000000001'))!;
    expect(row.title).toBe('Jóga');
    expect(row.contentHash).toBe('f'.repeat(64));
    expect((await store.sourceRecord(row.sourcePath))?.sourceSize).toBe(42);
    expect((await store.album('al_000000000001'))).toMatchObject({
      addedAt: 1_000,
      trackCount: 2,
      durationMs: 1234 + 60_002,
    });
    expect((await store.recentlyPlayedAlbums(null, 10)).map((a) => a.id)).toEqual(['al_000000000001']);
    expect((await store.referencedHashes())).toEqual(new Set(['f'.repeat(64), track(2).contentHash]));
  });

  it('moves history to a new id for the same source path and leaves no duplicate', async () => {
    await store.upsertTrack(track(1));
    await store.recordPlay('tr_000000000001', 5_000, null);
    await store.upsertTrack(track(1, { id: 'tr_00000000abcd' }));
    expect((await store.trackCount())).toBe(1);
    expect((await store.track('tr_000000000001'))).toBeUndefined();
    expect((await store.sourceRecord(track(1).sourcePath))?.trackId).toBe('tr_00000000abcd');
    expect((await store.artistTopTracks('ar_000000000001', 5))[0]?.id).toBe('tr_00000000abcd');
    expect((await store.recentlyPlayedAlbums(null, 5))).toHaveLength(1);
  });

  it('keeps an album year when a later track of it is untagged', async () => {
    await store.upsertTrack(track(1));
    await store.upsertTrack(track(2, { album: { ...track(2).album, year: null } }));
    expect((await store.album('al_000000000001'))?.year).toBe(1997);
    await store.upsertTrack(track(3, { album: { ...track(3).album, year: 1998 } }));
    expect((await store.album('al_000000000001'))?.year).toBe(1998);
  });

  it('removes albums and artists left empty when a track moves', async () => {
    await store.upsertTrack(track(1));
    await store.upsertTrack(track(2));
    await store.upsertTrack(track(3, otherAlbum));
    expect((await store.artistsWithAlbums(10))).toHaveLength(2);

    // Retagged: track 3 now belongs to Björk's album, Sigur Rós is left with nothing.
    await store.upsertTrack(track(3));
    expect((await store.album('al_000000000002'))).toBeUndefined();
    expect((await store.artist('ar_000000000002'))).toBeUndefined();
    expect((await store.artistsWithAlbums(10)).map((a) => a.name)).toEqual(['Björk']);
    expect((await store.album('al_000000000001'))?.trackCount).toBe(3);

    // Moving one track of several keeps the old album.
    await store.upsertTrack(track(2, otherAlbum));
    expect((await store.album('al_000000000001'))?.trackCount).toBe(2);
    expect((await store.album('al_000000000002'))?.trackCount).toBe(1);
    expect(sqlite().pragma('foreign_key_check')).toEqual([]);
  });

  it('orders albums newest first, tracks by disc then number, artists by name', async () => {
    clock = 1_000;
    await store.upsertTrack(track(1, otherAlbum));
    clock = 2_000;
    await store.upsertTrack(track(12, { disc: 2, number: 1 }));
    await store.upsertTrack(track(11, { disc: 1, number: 2 }));
    await store.upsertTrack(track(10, { disc: 1, number: 1 }));
    (await store.upsertTrack(
      track(20, {
        artist: { id: 'ar_000000000003', name: 'aphex Twin' },
        album: { id: 'al_000000000003', title: 'Drukqs', year: null, artwork: art('a3') },
      }),
    ));
    expect((await store.recentAlbums(10)).map((a) => a.id)).toEqual([
      'al_000000000003',
      'al_000000000001',
      'al_000000000002',
    ]);
    expect((await store.recentAlbums(1))).toHaveLength(1);
    expect((await store.albumTracks('al_000000000001')).map((t) => [t.disc, t.number])).toEqual([
      [1, 1],
      [1, 2],
      [2, 1],
    ]);
    expect((await store.artistsWithAlbums(10)).map((a) => a.name)).toEqual(['aphex Twin', 'Björk', 'Sigur Rós']);
    expect((await store.artistsWithAlbums(2))).toHaveLength(2);
  });

  it('gives an artist the artwork of their newest album and lists albums newest first', async () => {
    await store.upsertTrack(track(1));
    (await store.upsertTrack(
      track(2, {
        album: { id: 'al_000000000009', title: 'Vespertine', year: 2001, artwork: art('v') },
      }),
    ));
    (await store.upsertTrack(
      track(3, { album: { id: 'al_00000000000a', title: 'Demo', year: null, artwork: art('d') } }),
    ));
    expect((await store.artist('ar_000000000001'))?.artwork?.base).toBe('/media/art/v');
    expect((await store.artistAlbums('ar_000000000001')).map((a) => a.title)).toEqual([
      'Vespertine',
      'Homogenic',
      'Demo',
    ]);
    expect((await store.artistAlbums('ar_ffffffffffff'))).toEqual([]);
    expect((await store.artist('ar_ffffffffffff'))).toBeUndefined();
  });

  it('records plays: recently played albums once each, top tracks by play count', async () => {
    await store.upsertTrack(track(1));
    await store.upsertTrack(track(2));
    await store.upsertTrack(track(3, otherAlbum));
    expect((await store.recentlyPlayedAlbums(null, 10))).toEqual([]);

    await store.recordPlay('tr_000000000001', 100, null);
    await store.recordPlay('tr_000000000003', 200, null);
    await store.recordPlay('tr_000000000002', 300, null);
    await store.recordPlay('tr_000000000002', 400, null);
    expect((await store.recentlyPlayedAlbums(null, 10)).map((a) => a.id)).toEqual([
      'al_000000000001',
      'al_000000000002',
    ]);
    expect((await store.recentlyPlayedAlbums(null, 1)).map((a) => a.id)).toEqual(['al_000000000001']);

    await store.recordPlay('tr_000000000003', 500, null);
    const recent = (await store.recentlyPlayedAlbums(null, 10));
    expect(recent.map((a) => a.id)).toEqual(['al_000000000002', 'al_000000000001']);
    expect(recent[0]).toMatchObject({ trackCount: 1, artistName: 'Sigur Rós' });

    expect((await store.artistTopTracks('ar_000000000001', 10)).map((t) => t.id)).toEqual([
      'tr_000000000002',
      'tr_000000000001',
    ]);
    expect((await store.artistTopTracks('ar_000000000001', 1))).toHaveLength(1);
  });

  it('enforces foreign keys: no play for an unknown track, no orphan rows', async () => {
    expect(await store.recordPlay('tr_ffffffffffff', 1, null)).toBe(false);
    await store.upsertTrack(track(1));
    expect(() => sqlite().prepare('DELETE FROM artists').run()).toThrow(/FOREIGN KEY/);
    await store.recordPlay('tr_000000000001', 1, null);
    sqlite().prepare('DELETE FROM tracks').run();
    expect(sqlite().prepare('SELECT COUNT(*) AS n FROM plays').get()).toEqual({ n: 0 });
    expect(sqlite().pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('rolls back a failed upsert completely', async () => {
    await store.upsertTrack(track(1));
    // Same source path as track 1 under a new id is legal; a NOT NULL violation mid-way is not.
    const broken = track(2, { title: null as unknown as string });
    await expect(store.upsertTrack(broken)).rejects.toThrow();
    expect((await store.trackCount())).toBe(1);
    expect((await store.album('al_000000000001'))?.trackCount).toBe(1);
  });

  it('sees another connection’s commits (WAL readers alongside the ingest writer)', async () => {
    const readerStores = openSqliteStores(dbPath);
    const reader = readerStores.catalogue;
    try {
      expect((await reader.trackCount())).toBe(0);
      await store.upsertTrack(track(1));
      expect((await reader.trackCount())).toBe(1);
    } finally {
      await readerStores.close();
    }
  });

  it('keeps plays per profile: a guest and each profile see only their own history', async () => {
    await store.upsertTrack(track(1));
    await store.upsertTrack(track(2, otherAlbum));
    await store.recordPlay('tr_000000000001', 100, 'pf_aaaaaaaaaaaaaaaa');
    await store.recordPlay('tr_000000000002', 200, null);
    const ids = async (profile: string | null) => (await store.recentlyPlayedAlbums(profile, 10)).map((a) => a.id);
    expect(await ids('pf_aaaaaaaaaaaaaaaa')).toEqual(['al_000000000001']);
    expect(await ids(null)).toEqual(['al_000000000002']);
    expect(await ids('pf_bbbbbbbbbbbbbbbb')).toEqual([]);
    // Popularity counts everyone's plays.
    expect((await store.artistTopTracks('ar_000000000002', 5))[0]?.id).toBe('tr_000000000002');
  });

  it('lists artists by an accent- and case-folded sort key, only those with albums, limited after sorting', async () => {
    const names = ['Zed', 'Ósk Vale', 'beyoncé', 'Émile', 'Aa'];
    for (const [i, name] of names.entries()) {
      const n = i + 1;
      await store.upsertTrack(
        track(n, {
          artist: { id: `ar_${hex12(100 + n)}`, name },
          album: { id: `al_${hex12(100 + n)}`, title: `A${n}`, year: 2000, artwork: art(`s${n}`) },
        }),
      );
    }
    // A featured artist on someone else's track has no album of their own.
    await stores.database.sqlite.prepare("INSERT INTO artists (id, name, sort_name) VALUES ('ar_0000000000ff', 'Aardvark', 'aardvark')").run();
    expect((await store.artistsWithAlbums(10)).map((a) => a.name)).toEqual(['Aa', 'beyoncé', 'Émile', 'Ósk Vale', 'Zed']);
    expect((await store.artistsWithAlbums(2)).map((a) => a.name)).toEqual(['Aa', 'beyoncé']);
  });

  it('upgrades a database of the first schema: sort keys backfilled, old plays kept as a guest\'s', async () => {
    await stores.close();
    fs.rmSync(dbPath);
    const old = openSqliteStores(dbPath, { migrations: MIGRATIONS.slice(0, 1) });
    old.database.sqlite.exec(`
      INSERT INTO artists (id, name) VALUES ('ar_000000000001', 'Ósk Vale');
      INSERT INTO albums (id, artist_id, title, year, artwork_json, added_at)
        VALUES ('al_000000000001', 'ar_000000000001', 'X', 2020, '${JSON.stringify(art('o'))}', 1);
      INSERT INTO tracks (id, album_id, artist_id, title, disc, number, duration_ms, integrated_lufs, true_peak_dbtp,
        content_hash, ladder_json, source_path, source_size, source_mtime_ms, added_at)
        VALUES ('tr_000000000001', 'al_000000000001', 'ar_000000000001', 'T', 1, 1, 1000, -14, -1, 'h', '[]', '/a.flac', 1, 1, 1);
      INSERT INTO plays (track_id, at_ms) VALUES ('tr_000000000001', 5);
    `);
    await old.close();
    open();
    expect(sqlite().prepare('SELECT sort_name FROM artists').get()).toEqual({ sort_name: 'osk vale' });
    expect((await store.recentlyPlayedAlbums(null, 5)).map((a) => a.id)).toEqual(['al_000000000001']);
    expect(sqlite().pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
  });

  it('passes playlist entries, likes and resume positions to the same file under its new id', async () => {
    await store.upsertTrack(track(1));
    sqlite().exec(`
      INSERT INTO households (id, login, password_hash, created_at) VALUES ('hh_1', 'a', 'x', 0);
      INSERT INTO profiles (id, household_id, name, color, is_default, position, created_at) VALUES ('pf_1', 'hh_1', 'A', '#000000', 1, 0, 0);
      INSERT INTO playlists (id, profile_id, name, version, created_at, updated_at) VALUES ('pl_1', 'pf_1', 'Mix', 1, 0, 0);
      INSERT INTO playlist_entries (id, playlist_id, track_id, position, added_at) VALUES ('pe_1', 'pl_1', 'tr_000000000001', 0, 0);
      INSERT INTO library_items (profile_id, kind, item_id, added_at) VALUES ('pf_1', 'track', 'tr_000000000001', 0);
      INSERT INTO positions (profile_id, track_id, position_ms, played, updated_at) VALUES ('pf_1', 'tr_000000000001', 61000, 0, 0);
    `);
    // Retagged: the same source path arrives under a new id.
    await store.upsertTrack(track(1, { id: 'tr_00000000abcd' }));
    const one = (sql: string) => sqlite().prepare(sql).get();
    expect(one("SELECT track_id FROM playlist_entries WHERE id = 'pe_1'")).toEqual({ track_id: 'tr_00000000abcd' });
    expect(one("SELECT item_id FROM library_items WHERE profile_id = 'pf_1'")).toEqual({ item_id: 'tr_00000000abcd' });
    expect(one("SELECT track_id, position_ms FROM positions WHERE profile_id = 'pf_1'")).toEqual({ track_id: 'tr_00000000abcd', position_ms: 61000 });
  });
});
