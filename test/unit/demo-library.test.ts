import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseFile } from 'music-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemoLibrary, type DemoLibraryResult } from '../../src/ingest/demo/ensure-demo-library';
import { DEMO_CATALOGUE } from '../../src/ingest/demo/demo-catalogue';
import { resolveConfig, type EncoreConfig } from '../../src/config/encore-config';
import { openSqliteStores, type CatalogueStore, type SqliteStores } from '../../src/store';

const TRACK_SECONDS = 12;
const EXPECTED_TRACKS = DEMO_CATALOGUE.flatMap((a) => a.albums.flatMap((al) => al.tracks)).length;

describe('ensureDemoLibrary', () => {
  let tmp: string;
  let config: EncoreConfig;
  let first: DemoLibraryResult;
  let stores: SqliteStores;
  let store: CatalogueStore;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'encore-demo-'));
    config = resolveConfig({ ENCORE_DATA_DIR: tmp });
    first = await ensureDemoLibrary(config, { trackSeconds: TRACK_SECONDS, progress: false, durable: false, show: false, continuous: false });
    stores = openSqliteStores(config.dbPath);
    store = stores.catalogue;
  });

  afterAll(async () => {
    await stores?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('builds 3 artists, 4 albums and every track through the ingest', async () => {
    expect(first.built).toBe(true);
    expect(EXPECTED_TRACKS).toBe(12);
    expect(first.summary).toMatchObject({ ingested: EXPECTED_TRACKS, failed: [] });
    expect((await store.trackCount())).toBe(EXPECTED_TRACKS);
    expect((await store.artistsWithAlbums(10)).map((a) => a.name).sort()).toEqual(['Lumen Drift', 'The Paper Satellites', 'Ósk Vale']);
    const albums = (await store.recentAlbums(10));
    expect(albums.map((a) => a.title).sort()).toEqual(['Harbour Lights', 'Kaldur morgunn', 'Night Ferry', 'Static Bloom']);
    for (const album of albums) {
      expect(album.trackCount).toBe(3);
      expect(album.year).toBeGreaterThan(2000 - 1);
      expect(album.artwork.base).toMatch(/^\/media\/art\/[0-9a-f]{16}$/);
      const tracks = (await store.albumTracks(album.id));
      expect(tracks.map((t) => t.number)).toEqual([1, 2, 3]);
      for (const t of tracks) expect(Math.abs(t.durationMs - TRACK_SECONDS * 1000)).toBeLessThan(200);
    }
    expect(new Set(albums.map((a) => a.artwork.base)).size).toBe(4);
  });

  it('writes tagged, original stereo sources under the data dir', async () => {
    expect(first.files).toHaveLength(EXPECTED_TRACKS);
    const file = first.files.find((f) => f.includes('Hafið'))!;
    expect(path.relative(config.dataDir, file)).toBe(path.join('demo-source', 'Ósk Vale', 'Kaldur morgunn', '01 Hafið.flac'));
    const meta = await parseFile(file);
    expect(meta.common).toMatchObject({ title: 'Hafið', artist: 'Ósk Vale', album: 'Kaldur morgunn', year: 2022 });
    expect(meta.format.numberOfChannels).toBe(2);
    expect(meta.format.duration).toBeCloseTo(TRACK_SECONDS, 1);
  });

  it('spreads loudness from quiet to hot, as the catalogue asks', async () => {
    const albums = await store.recentAlbums(10);
    const tracks = (await Promise.all(albums.map((a) => store.albumTracks(a.id)))).flat();
    const lufs = tracks.map((t) => t.integratedLufs);
    expect(Math.max(...lufs) - Math.min(...lufs)).toBeGreaterThan(12);
    expect(Math.min(...lufs)).toBeLessThan(-20);
    expect(Math.max(...lufs)).toBeGreaterThan(-11);
    const byTitle = new Map(tracks.map((t) => [t.title, t.integratedLufs]));
    const specs = DEMO_CATALOGUE.flatMap((a) => a.albums.flatMap((al) => al.tracks));
    for (const spec of specs) expect(Math.abs(byTitle.get(spec.title)! - spec.targetLufs), spec.title).toBeLessThan(2.5);
    // Distinct content: no two tracks share media.
    expect(new Set(tracks.map((t) => t.contentHash)).size).toBe(EXPECTED_TRACKS);
  });

  it('does nothing, quickly, once the catalogue has tracks', async () => {
    const before = stores.database.sqlite.prepare('SELECT * FROM tracks ORDER BY id').all();
    const started = performance.now();
    const again = await ensureDemoLibrary(config, { trackSeconds: TRACK_SECONDS, progress: false, store, show: false, continuous: false });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(again.built).toBe(false);
    expect(again.summary).toBeNull();
    expect(stores.database.sqlite.prepare('SELECT * FROM tracks ORDER BY id').all()).toEqual(before);
  });

  it('rebuilds from the existing sources when the catalogue was lost, with the same ids', async () => {
    const ids = stores.database.sqlite.prepare('SELECT id FROM tracks ORDER BY id').all();
    await stores.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${config.dbPath}${suffix}`, { force: true });
    const rebuilt = await ensureDemoLibrary(config, { trackSeconds: TRACK_SECONDS, progress: false, durable: false, show: false, continuous: false });
    expect(rebuilt.built).toBe(true);
    // Sources and media were kept: nothing was transcoded again.
    expect(rebuilt.summary).toMatchObject({ ingested: EXPECTED_TRACKS, audioSeconds: 0 });
    stores = openSqliteStores(config.dbPath);
    store = stores.catalogue;
    expect(stores.database.sqlite.prepare('SELECT id FROM tracks ORDER BY id').all()).toEqual(ids);
  });
});
