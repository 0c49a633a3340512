import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Artwork } from '../../src/protocol';
import type { TrackInput } from '../../src/store/catalogue-store';
import { MIGRATIONS, SqliteCatalogueStore } from '../../src/store';

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
  let store: SqliteCatalogueStore;
  const open = () => SqliteCatalogueStore.open(dbPath, { now: () => clock });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'encore-store-'));
    dbPath = path.join(dir, 'nested', 'encore.db');
    clock = 1_000;
    store = open();
  });

  afterEach(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates the directory, uses WAL and foreign keys, and migrates idempotently', () => {
    expect(fs.existsSync(dbPath)).toBe(true);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    store.upsertTrack(track(1));
    store.close();

    store = open();
    store.close();
    store = open();
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(store.trackCount()).toBe(1);
    expect(store.track('tr_000000000001')?.artistName).toBe('Björk');
  });

  it('refuses a database written by a newer schema', () => {
    store.close();
    const raw = new Database(dbPath);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => open()).toThrow(/newer/);
    const fix = new Database(dbPath);
    fix.pragma(`user_version = ${MIGRATIONS.length}`);
    fix.close();
    store = open();
  });

  it('round-trips a track with its artist, album, artwork and ladder', () => {
    const input = track(3);
    store.upsertTrack(input);
    const row = store.track(input.id)!;
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
    });
    expect(store.sourceRecord(input.sourcePath)).toEqual({
      trackId: input.id,
      contentHash: input.contentHash,
      sourceSize: input.sourceSize,
      sourceMtimeMs: input.sourceMtimeMs,
    });
    expect(store.sourceRecord('nope')).toBeUndefined();
    expect(store.album(input.album.id)).toMatchObject({
      trackCount: 1,
      durationMs: input.durationMs,
      year: 1997,
      artistName: 'Björk',
      addedAt: 1_000,
    });
    expect(store.artist(input.artist.id)).toEqual({
      id: input.artist.id,
      name: 'Björk',
      artwork: input.album.artwork,
    });
    expect(store.referencedHashes()).toEqual(new Set([input.contentHash]));
  });

  it('rejects malformed artwork or ladder before writing anything', () => {
    const bad = track(1, {
      album: { ...track(1).album, artwork: { ...art('x'), color: 'red' } },
    });
    expect(() => store.upsertTrack(bad)).toThrow(/Artwork/);
    expect(() => store.upsertTrack(track(1, { ladder: [{ codec: 'x', bitrate: 0 }] }))).toThrow(
      /ladder/,
    );
    expect(store.trackCount()).toBe(0);
  });

  it('replaces a re-ingested track in place, keeping its id, plays and added_at', () => {
    store.upsertTrack(track(1));
    store.upsertTrack(track(2));
    store.recordPlay('tr_000000000001', 5_000);
    clock = 9_000;
    store.upsertTrack(
      track(1, { title: 'Jóga', contentHash: 'f'.repeat(64), sourceSize: 42, durationMs: 1234 }),
    );
    expect(store.trackCount()).toBe(2);
    const row = store.track('tr_000000000001')!;
    expect(row.title).toBe('Jóga');
    expect(row.contentHash).toBe('f'.repeat(64));
    expect(store.sourceRecord(row.sourcePath)?.sourceSize).toBe(42);
    expect(store.album('al_000000000001')).toMatchObject({
      addedAt: 1_000,
      trackCount: 2,
      durationMs: 1234 + 60_002,
    });
    expect(store.recentlyPlayedAlbums(10).map((a) => a.id)).toEqual(['al_000000000001']);
    expect(store.referencedHashes()).toEqual(new Set(['f'.repeat(64), track(2).contentHash]));
  });

  it('moves history to a new id for the same source path and leaves no duplicate', () => {
    store.upsertTrack(track(1));
    store.recordPlay('tr_000000000001', 5_000);
    store.upsertTrack(track(1, { id: 'tr_00000000abcd' }));
    expect(store.trackCount()).toBe(1);
    expect(store.track('tr_000000000001')).toBeUndefined();
    expect(store.sourceRecord(track(1).sourcePath)?.trackId).toBe('tr_00000000abcd');
    expect(store.artistTopTracks('ar_000000000001', 5)[0]?.id).toBe('tr_00000000abcd');
    expect(store.recentlyPlayedAlbums(5)).toHaveLength(1);
  });

  it('keeps an album year when a later track of it is untagged', () => {
    store.upsertTrack(track(1));
    store.upsertTrack(track(2, { album: { ...track(2).album, year: null } }));
    expect(store.album('al_000000000001')?.year).toBe(1997);
    store.upsertTrack(track(3, { album: { ...track(3).album, year: 1998 } }));
    expect(store.album('al_000000000001')?.year).toBe(1998);
  });

  it('removes albums and artists left empty when a track moves', () => {
    store.upsertTrack(track(1));
    store.upsertTrack(track(2));
    store.upsertTrack(track(3, otherAlbum));
    expect(store.artists(10)).toHaveLength(2);

    // Retagged: track 3 now belongs to Björk's album, Sigur Rós is left with nothing.
    store.upsertTrack(track(3));
    expect(store.album('al_000000000002')).toBeUndefined();
    expect(store.artist('ar_000000000002')).toBeUndefined();
    expect(store.artists(10).map((a) => a.name)).toEqual(['Björk']);
    expect(store.album('al_000000000001')?.trackCount).toBe(3);

    // Moving one track of several keeps the old album.
    store.upsertTrack(track(2, otherAlbum));
    expect(store.album('al_000000000001')?.trackCount).toBe(2);
    expect(store.album('al_000000000002')?.trackCount).toBe(1);
    expect(store.db.pragma('foreign_key_check')).toEqual([]);
  });

  it('orders albums newest first, tracks by disc then number, artists by name', () => {
    clock = 1_000;
    store.upsertTrack(track(1, otherAlbum));
    clock = 2_000;
    store.upsertTrack(track(12, { disc: 2, number: 1 }));
    store.upsertTrack(track(11, { disc: 1, number: 2 }));
    store.upsertTrack(track(10, { disc: 1, number: 1 }));
    store.upsertTrack(
      track(20, {
        artist: { id: 'ar_000000000003', name: 'aphex Twin' },
        album: { id: 'al_000000000003', title: 'Drukqs', year: null, artwork: art('a3') },
      }),
    );
    expect(store.recentAlbums(10).map((a) => a.id)).toEqual([
      'al_000000000003',
      'al_000000000001',
      'al_000000000002',
    ]);
    expect(store.recentAlbums(1)).toHaveLength(1);
    expect(store.albumTracks('al_000000000001').map((t) => [t.disc, t.number])).toEqual([
      [1, 1],
      [1, 2],
      [2, 1],
    ]);
    expect(store.artists(10).map((a) => a.name)).toEqual(['aphex Twin', 'Björk', 'Sigur Rós']);
    expect(store.artists(2)).toHaveLength(2);
  });

  it('gives an artist the artwork of their newest album and lists albums newest first', () => {
    store.upsertTrack(track(1));
    store.upsertTrack(
      track(2, {
        album: { id: 'al_000000000009', title: 'Vespertine', year: 2001, artwork: art('v') },
      }),
    );
    store.upsertTrack(
      track(3, { album: { id: 'al_00000000000a', title: 'Demo', year: null, artwork: art('d') } }),
    );
    expect(store.artist('ar_000000000001')?.artwork?.base).toBe('/media/art/v');
    expect(store.artistAlbums('ar_000000000001').map((a) => a.title)).toEqual([
      'Vespertine',
      'Homogenic',
      'Demo',
    ]);
    expect(store.artistAlbums('ar_ffffffffffff')).toEqual([]);
    expect(store.artist('ar_ffffffffffff')).toBeUndefined();
  });

  it('records plays: recently played albums once each, top tracks by play count', () => {
    store.upsertTrack(track(1));
    store.upsertTrack(track(2));
    store.upsertTrack(track(3, otherAlbum));
    expect(store.recentlyPlayedAlbums(10)).toEqual([]);

    store.recordPlay('tr_000000000001', 100);
    store.recordPlay('tr_000000000003', 200);
    store.recordPlay('tr_000000000002', 300);
    store.recordPlay('tr_000000000002', 400);
    expect(store.recentlyPlayedAlbums(10).map((a) => a.id)).toEqual([
      'al_000000000001',
      'al_000000000002',
    ]);
    expect(store.recentlyPlayedAlbums(1).map((a) => a.id)).toEqual(['al_000000000001']);

    store.recordPlay('tr_000000000003', 500);
    const recent = store.recentlyPlayedAlbums(10);
    expect(recent.map((a) => a.id)).toEqual(['al_000000000002', 'al_000000000001']);
    expect(recent[0]).toMatchObject({ trackCount: 1, artistName: 'Sigur Rós' });

    expect(store.artistTopTracks('ar_000000000001', 10).map((t) => t.id)).toEqual([
      'tr_000000000002',
      'tr_000000000001',
    ]);
    expect(store.artistTopTracks('ar_000000000001', 1)).toHaveLength(1);
  });

  it('enforces foreign keys: no play for an unknown track, no orphan rows', () => {
    expect(() => store.recordPlay('tr_ffffffffffff', 1)).toThrow(/FOREIGN KEY/);
    store.upsertTrack(track(1));
    expect(() => store.db.prepare('DELETE FROM artists').run()).toThrow(/FOREIGN KEY/);
    store.recordPlay('tr_000000000001', 1);
    store.db.prepare('DELETE FROM tracks').run();
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM plays').get()).toEqual({ n: 0 });
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('rolls back a failed upsert completely', () => {
    store.upsertTrack(track(1));
    // Same source path as track 1 under a new id is legal; a NOT NULL violation mid-way is not.
    const broken = track(2, { title: null as unknown as string });
    expect(() => store.upsertTrack(broken)).toThrow();
    expect(store.trackCount()).toBe(1);
    expect(store.album('al_000000000001')?.trackCount).toBe(1);
  });

  it('sees another connection’s commits (WAL readers alongside the ingest writer)', () => {
    const reader = SqliteCatalogueStore.open(dbPath);
    try {
      expect(reader.trackCount()).toBe(0);
      store.upsertTrack(track(1));
      expect(reader.trackCount()).toBe(1);
    } finally {
      reader.close();
    }
  });
});
