import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTWORK_SIZES, type Artwork } from '../../src/protocol';
import { MANIFEST_FILE, PROGRESSIVE_FILE, trackMediaPath } from '../../src/config/encore-config';
import { openSqliteStores, type CatalogueStore, type SqliteStores } from '../../src/store';
import { SqliteCatalogueSearch } from '../../src/server/search/sqlite-catalogue-search';
import { topLevelBoxes } from '../../src/ingest/dash-packaging';
import { deriveIds } from '../../src/ingest/derive-ids';
import { ingestFolder, type IngestProgress, type IngestSummary } from '../../src/ingest/ingest-folder';
import { tagsFromPath } from '../../src/ingest/read-track-tags';
import { makeTone, solidImage } from './support/make-audio';

const SIGUR = 'Sigur Rós/Ágætis byrjun';
const FILES = {
  svefn: `${SIGUR}/01 Svefn-g-englar.flac`,
  staralfur: `${SIGUR}/02 Starálfur.flac`,
  joga: 'Björk/Homogenic/03 Jóga.mp3',
  bachelorette: 'Björk/Homogenic/04 Bachelorette.m4a',
  merry: '坂本龍一/戦場のメリークリスマス/01 メリークリスマス.opus',
  vorbis: '坂本龍一/戦場のメリークリスマス/02 The Seed.ogg',
  loose: 'Loose/untagged.wav',
  empty: 'Bad/empty.mp3',
  text: 'Bad/notes.mp3',
  truncated: 'Bad/truncated.m4a',
} as const;
const GOOD = ['svefn', 'staralfur', 'joga', 'bachelorette', 'merry', 'vorbis', 'loose'] as const;
const SECONDS = 9;

describe('ingestFolder', () => {
  let tmp: string;
  let root: string;
  let mediaDir: string;
  let stores: SqliteStores;
  let store: CatalogueStore;
  let first: IngestSummary;
  const progress: IngestProgress[] = [];
  const abs = (key: keyof typeof FILES) => path.join(root, FILES[key]);
  const trackOf = async (key: keyof typeof FILES) => {
    const rec = (await store.sourceRecord(abs(key)));
    expect(rec, `no row for ${FILES[key]}`).toBeDefined();
    return (await store.track(rec!.trackId))!;
  };
  const run = () =>
    ingestFolder({ root, store, mediaDir, concurrency: 2, durable: false, onProgress: (p) => progress.push(p) });
  const prune = () => ingestFolder({ root, store, mediaDir, concurrency: 2, durable: false, prune: true });
  const dump = () =>
    ['artists', 'albums', 'tracks'].map((t) => stores.database.sqlite.prepare(`SELECT * FROM ${t} ORDER BY id`).all());
  const artFile = (art: Artwork, size: number, fmt: string) =>
    path.join(mediaDir, art.base.replace(/^\/media\//, ''), `${size}.${fmt}`);

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'encore-ingest-'));
    root = path.join(tmp, 'library');
    mediaDir = path.join(tmp, 'data', 'media');
    stores = openSqliteStores(path.join(tmp, 'data', 'encore.db'));
    store = stores.catalogue;

    const sigur = { artist: 'Sigur Rós', album: 'Ágætis byrjun', date: 1999, genre: 'Post-rock' };
    makeTone(abs('svefn'), {
      seconds: SECONDS, amplitude: 0.02, freq: 220,
      tags: { ...sigur, title: 'Svefn-g-englar', track: '1/2' },
    });
    // No tags at all: everything comes from the path, and it must land in the same album.
    makeTone(abs('staralfur'), { seconds: 6, amplitude: 0.2, freq: 330 });
    fs.writeFileSync(path.join(root, SIGUR, 'cover.jpg'), await solidImage(220, 20, 20, 'jpeg'));

    const bjork = { artist: 'Björk', album_artist: 'Björk', album: 'Homogenic', date: 1997 };
    makeTone(abs('joga'), {
      seconds: SECONDS, amplitude: 0.95, freq: 880,
      tags: { ...bjork, title: 'Jóga', track: 3 },
      cover: await solidImage(20, 40, 230, 'png'),
    });
    makeTone(abs('bachelorette'), { seconds: 5, tags: { ...bjork, title: 'Bachelorette', track: 4 } });

    const sakamoto = { artist: '坂本龍一', album: '戦場のメリークリスマス', date: 1983 };
    makeTone(abs('merry'), { seconds: 5, tags: { ...sakamoto, title: 'メリークリスマス', track: 1 } });
    makeTone(abs('vorbis'), { seconds: 4, freq: 523, tags: { ...sakamoto, title: 'The Seed', track: 2 } });
    makeTone(abs('loose'), { seconds: 3 });

    fs.mkdirSync(path.join(root, 'Bad'), { recursive: true });
    fs.writeFileSync(abs('empty'), '');
    fs.writeFileSync(abs('text'), 'These are my notes, not an MP3.\n'.repeat(40));
    makeTone(abs('truncated'), { seconds: 8, tags: { title: 'Cut' } });
    const whole = fs.readFileSync(abs('truncated'));
    fs.writeFileSync(abs('truncated'), whole.subarray(0, Math.floor(whole.length * 0.4)));

    first = await run();
  });

  afterAll(async () => {
    await stores?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('ingests every good file and reports each bad one with path and reason', async () => {
    expect(first.total).toBe(10);
    expect(first.ingested).toBe(GOOD.length);
    expect(first.unchanged).toBe(0);
    const failed = Object.fromEntries(first.failed.map((f) => [path.relative(root, f.path), f.reason]));
    expect(Object.keys(failed).sort()).toEqual([FILES.empty, FILES.text, FILES.truncated].sort());
    expect(failed[FILES.empty]).toMatch(/empty/);
    expect(failed[FILES.text]).toMatch(/ffmpeg|invalid|no audio/i);
    expect(failed[FILES.truncated]).toMatch(/moov|ffmpeg|invalid/i);
    expect((await store.trackCount())).toBe(GOOD.length);
    expect(progress).toHaveLength(10);
    expect(progress.map((p) => p.done).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(first.audioSeconds).toBeGreaterThan(40);
    expect(first.realtimePerCore).toBeGreaterThan(0);
    expect(first.realtimePerCpuSecond).toBeGreaterThan(0);
  });

  it('keeps the genre tag for search (untagged tracks have none) and indexes every track', async () => {
    const genres = stores.database.sqlite.prepare('SELECT title, genre FROM tracks WHERE genre IS NOT NULL').all();
    expect(genres).toEqual([{ title: 'Svefn-g-englar', genre: 'Post-rock' }]);
    const hits = await new SqliteCatalogueSearch(stores.database.sqlite).search('SIGUR agæt');
    expect(hits.top).toMatchObject({ kind: 'album', card: { title: 'Ágætis byrjun' } });
    expect(hits.tracks.map((t) => t.title).sort()).toEqual(['Starálfur', 'Svefn-g-englar']);
  });

  it('keeps Unicode tags exactly and fills missing tags from the folder layout', async () => {
    const svefn = (await trackOf('svefn'));
    expect(svefn).toMatchObject({ title: 'Svefn-g-englar', artistName: 'Sigur Rós', albumTitle: 'Ágætis byrjun', disc: 1, number: 1 });
    const staralfur = (await trackOf('staralfur'));
    expect(staralfur).toMatchObject({ title: 'Starálfur', artistName: 'Sigur Rós', number: 2 });
    expect(staralfur.albumId).toBe(svefn.albumId);
    expect((await store.album(svefn.albumId))).toMatchObject({ trackCount: 2, year: 1999 });
    expect((await store.albumTracks(svefn.albumId)).map((t) => t.title)).toEqual(['Svefn-g-englar', 'Starálfur']);

    expect((await trackOf('merry'))).toMatchObject({ title: 'メリークリスマス', artistName: '坂本龍一', albumTitle: '戦場のメリークリスマス' });
    expect((await trackOf('vorbis'))).toMatchObject({ title: 'The Seed', number: 2 });
    expect((await trackOf('joga'))).toMatchObject({ title: 'Jóga', artistName: 'Björk', number: 3 });
    expect((await trackOf('loose'))).toMatchObject({ title: 'untagged', artistName: 'Unknown Artist', albumTitle: 'Loose', number: 0 });
    expect((await store.artistsWithAlbums(10)).map((a) => a.name).sort()).toEqual(['Björk', 'Sigur Rós', 'Unknown Artist', '坂本龍一']);
  });

  it('derives prefixed ids that fold Unicode form and case but not content', async () => {
    const svefn = (await trackOf('svefn'));
    expect(svefn.id).toMatch(/^tr_[0-9a-f]{12}$/);
    expect(svefn.albumId).toMatch(/^al_[0-9a-f]{12}$/);
    expect(svefn.artistId).toMatch(/^ar_[0-9a-f]{12}$/);
    expect(deriveIds('Sigur Rós', 'Ágætis byrjun', FILES.svefn)).toEqual({
      trackId: svefn.id, albumId: svefn.albumId, artistId: svefn.artistId,
    });
    const nfd = deriveIds('Sigur Rós'.normalize('NFD'), 'ÁGÆTIS BYRJUN'.normalize('NFD'), FILES.svefn.normalize('NFD'));
    expect(nfd).toEqual(deriveIds('Sigur Rós', 'Ágætis byrjun', FILES.svefn));
    expect(deriveIds('A', 'B C', 'x').albumId).not.toBe(deriveIds('A B', 'C', 'x').albumId);
  });

  it('reads numbers, discs and names from paths', async () => {
    const r = '/music';
    expect(tagsFromPath('/music/Artist/Album/CD2/01 - Song.mp3', r)).toEqual({ title: 'Song', number: 1, disc: 2, album: 'Album', artist: 'Artist' });
    expect(tagsFromPath('/music/Artist/Album/1-07 Song Two.flac', r)).toMatchObject({ title: 'Song Two', number: 7, disc: 1 });
    expect(tagsFromPath('/music/Artist/Album/03. Song.flac', r)).toMatchObject({ title: 'Song', number: 3 });
    expect(tagsFromPath('/music/Album/1979.mp3', r)).toEqual({ title: '1979', number: null, disc: null, album: 'Album', artist: null });
  });

  it('renders embedded, folder and generated covers at every size and format', async () => {
    const bjork = (await store.album((await trackOf('joga')).albumId))!.artwork;
    const sigur = (await store.album((await trackOf('svefn')).albumId))!.artwork;
    const loose = (await store.album((await trackOf('loose')).albumId))!.artwork;
    for (const art of [bjork, sigur, loose]) {
      expect(art.base).toMatch(/^\/media\/art\/[0-9a-f]{16}$/);
      expect(art.sizes).toEqual([...ARTWORK_SIZES]);
      expect(art.formats).toEqual(['webp', 'jpg']);
      for (const size of ARTWORK_SIZES) for (const fmt of art.formats) expect(fs.existsSync(artFile(art, size, fmt))).toBe(true);
    }
    expect(new Set([bjork.base, sigur.base, loose.base]).size).toBe(3);
    const rgb = (c: string) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));
    const [br, , bb] = rgb(bjork.color);
    expect(bb!).toBeGreaterThan(180); // the embedded blue cover
    expect(br!).toBeLessThan(80);
    const [sr, , sb] = rgb(sigur.color);
    expect(sr!).toBeGreaterThan(180); // cover.jpg in the folder, red
    expect(sb!).toBeLessThan(80);
    expect((await store.artist((await trackOf('joga')).artistId))?.artwork).toEqual(bjork);
  });

  it('writes a three-rung DASH ladder with a ~1 s first segment, then ~4 s ones, and a progressive file', async () => {
    const track = (await trackOf('joga'));
    const dir = path.join(mediaDir, trackMediaPath(track.contentHash));
    expect(fs.existsSync(path.join(dir, PROGRESSIVE_FILE))).toBe(true);
    const mpd = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => ['Period', 'AdaptationSet', 'Representation', 'S'].includes(n) })
      .parse(fs.readFileSync(path.join(dir, MANIFEST_FILE), 'utf8'));
    expect(mpd.MPD.type).toBe('static');
    const sets = mpd.MPD.Period[0].AdaptationSet;
    expect(sets).toHaveLength(1);
    const reps = sets[0].Representation as Record<string, any>[];
    expect(reps).toHaveLength(3);
    const bandwidths = reps.map((r) => Number(r.bandwidth)).sort((a, b) => a - b);
    [96_000, 160_000, 320_000].forEach((want, i) => {
      expect(Math.abs(bandwidths[i]! - want) / want).toBeLessThanOrEqual(0.1);
    });
    const files = fs.readdirSync(dir);
    for (const rep of reps) {
      expect(rep.codecs).toBe('mp4a.40.2');
      expect(Number(rep.audioSamplingRate)).toBeOneOf([44100, 48000]);
      const tpl = rep.SegmentTemplate ?? sets[0].SegmentTemplate;
      const timescale = Number(tpl.timescale);
      // The timeline spelled out: each S is d, repeated r more times.
      const seconds = (tpl.SegmentTimeline.S as Record<string, string>[]).flatMap((s) =>
        Array.from({ length: 1 + Number(s.r ?? 0) }, () => Number(s.d) / timescale));
      expect(seconds[0]).toBeCloseTo(1, 2);
      for (const mid of seconds.slice(1, -1)) expect(mid).toBeCloseTo(4, 2);
      expect(seconds.at(-1)!).toBeLessThanOrEqual(4.05);
      expect(Math.abs(seconds.reduce((a, b) => a + b) - SECONDS)).toBeLessThan(0.1);
      const init = String(tpl.initialization).replace('$RepresentationID$', rep.id);
      expect(fs.existsSync(path.join(dir, init))).toBe(true);
      const start = Number(tpl.startNumber ?? 1);
      const media = seconds.map((_, i) => String(tpl.media)
        .replace('$RepresentationID$', rep.id)
        .replace(/\$Number%0(\d+)d\$/, (_, w: string) => String(start + i).padStart(Number(w), '0')));
      // Exactly the segments the timeline names: none missing, none left over from the 1 s cut.
      expect(files.filter((f) => f.startsWith(`chunk-${rep.id}-`)).sort()).toEqual(media);
      const bytes = media.map((m) => fs.statSync(path.join(dir, m)).size);
      expect(bytes[0]!).toBeLessThan(bytes[1]! * 0.4);
      const fragments = topLevelBoxes(fs.readFileSync(path.join(dir, media[1]!))).filter((b) => b.type === 'moof');
      expect(fragments).toHaveLength(4);
    }
    expect(track.ladder.map((r) => r.bitrate)).toEqual([96_000, 160_000, 320_000]);
    expect(Math.abs(track.durationMs - SECONDS * 1000)).toBeLessThan(150);
  });

  it('measures plausible, different loudness for a quiet and a loud input', async () => {
    const quiet = (await trackOf('svefn'));
    const loud = (await trackOf('joga'));
    expect(quiet.integratedLufs).toBeLessThan(-25);
    expect(quiet.integratedLufs).toBeGreaterThan(-50);
    expect(loud.integratedLufs).toBeGreaterThan(-10);
    expect(loud.integratedLufs).toBeLessThan(0);
    expect(loud.integratedLufs - quiet.integratedLufs).toBeGreaterThan(20);
    expect(loud.truePeakDbtp).toBeGreaterThan(-3);
    expect(loud.truePeakDbtp).toBeLessThan(3);
    expect(quiet.truePeakDbtp).toBeLessThan(loud.truePeakDbtp - 20);
  });

  it('leaves everything unchanged on a second run, rows identical', async () => {
    const before = dump();
    const second = await run();
    expect(second).toMatchObject({ ingested: 0, unchanged: GOOD.length, audioSeconds: 0 });
    expect(second.failed).toHaveLength(3);
    expect(dump()).toEqual(before);
  });

  it('treats a touched but identical file as unchanged and remembers the new mtime', async () => {
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(abs('vorbis'), later, later);
    const before = (await trackOf('vorbis'));
    const summary = await run();
    expect(summary).toMatchObject({ ingested: 0, unchanged: GOOD.length, audioSeconds: 0 });
    expect((await store.sourceRecord(abs('vorbis')))?.sourceMtimeMs).toBe(Math.round(fs.statSync(abs('vorbis')).mtimeMs));
    expect((await trackOf('vorbis'))).toEqual(before);
  });

  it('re-ingests a changed file in place, keeping its track id', async () => {
    const before = (await trackOf('bachelorette'));
    const plays = async () => (await store.artistTopTracks(before.artistId, 10)).find((t) => t.id === before.id);
    await store.recordPlay(before.id, Date.now(), null);
    const replacement = path.join(tmp, 'replacement.m4a');
    makeTone(replacement, { seconds: 7, freq: 660, tags: { artist: 'Björk', album: 'Homogenic', title: 'Bachelorette (Remix)', track: 4 } });
    fs.renameSync(replacement, abs('bachelorette'));
    const later = new Date(Date.now() + 120_000);
    fs.utimesSync(abs('bachelorette'), later, later);

    const summary = await run();
    expect(summary).toMatchObject({ ingested: 1, unchanged: GOOD.length - 1 });
    const after = (await trackOf('bachelorette'));
    expect(after.id).toBe(before.id);
    expect(after.title).toBe('Bachelorette (Remix)');
    expect(after.contentHash).not.toBe(before.contentHash);
    expect(Math.abs(after.durationMs - 7000)).toBeLessThan(150);
    expect(fs.existsSync(path.join(mediaDir, trackMediaPath(after.contentHash), MANIFEST_FILE))).toBe(true);
    expect((await store.trackCount())).toBe(GOOD.length);
    expect(await plays()).toBeDefined();
    expect((await store.recentlyPlayedAlbums(null, 5))[0]?.id).toBe(after.albumId);
    expect(stores.database.sqlite.pragma('foreign_key_check')).toEqual([]);
  });

  it('counts a deleted file as missing and keeps its track unless asked to prune', async () => {
    const kept = (await trackOf('loose'));
    fs.renameSync(abs('loose'), `${abs('loose')}.away`);
    const summary = await run();
    expect(summary).toMatchObject({ missing: 1, removed: 0, unchanged: GOOD.length - 1 });
    expect((await store.track(kept.id))).toBeDefined();
    fs.renameSync(`${abs('loose')}.away`, abs('loose'));
    expect(await run()).toMatchObject({ missing: 0, removed: 0, unchanged: GOOD.length });
  });

  it('never counts a dangling symlink as gone (an offline network drive)', async () => {
    const link = path.join(root, 'NAS', 'Far.flac');
    fs.mkdirSync(path.dirname(link), { recursive: true });
    const target = path.join(tmp, 'nas-share', 'Far.flac');
    makeTone(target, { seconds: 2, tags: { artist: 'Far', album: 'Away', title: 'Far' } });
    fs.symlinkSync(target, link);
    expect(await run()).toMatchObject({ ingested: 1 });
    fs.rmSync(path.dirname(target), { recursive: true }); // the share goes offline
    const summary = await prune();
    expect(summary).toMatchObject({ missing: 0, removed: 0 });
    expect(summary.failed).toContainEqual({ path: link, reason: expect.stringMatching(/^link target unavailable \(ENOENT\)$/) });
    expect((await store.sourceRecord(link))).toBeDefined();
    fs.rmSync(path.join(root, 'NAS'), { recursive: true }); // the link itself is deleted
    expect(await prune()).toMatchObject({ missing: 1, removed: 1 });
  });

  it('keeps the plays of a file that was moved: they pass to the same recording at its new path', async () => {
    const before = (await trackOf('vorbis'));
    await store.recordPlay(before.id, Date.now(), null);
    const moved = path.join(root, '坂本龍一', 'Moved', path.basename(abs('vorbis')));
    fs.mkdirSync(path.dirname(moved), { recursive: true });
    fs.renameSync(abs('vorbis'), moved);
    expect(await prune()).toMatchObject({ removed: 1 });
    const after = (await store.track((await store.sourceRecord(moved))!.trackId))!;
    expect(after.id).not.toBe(before.id);
    expect(stores.database.sqlite.prepare('SELECT COUNT(*) AS n FROM plays WHERE track_id = ?').get(after.id)).toEqual({ n: 1 });
    fs.renameSync(moved, abs('vorbis'));
    await prune();
    expect(stores.database.sqlite.prepare('SELECT COUNT(*) AS n FROM plays WHERE track_id = ?').get((await trackOf('vorbis')).id)).toEqual({ n: 1 });
  });

  it('with --prune removes a deleted file with its plays and emptied album and artist; sweeps only old unreferenced media', async () => {
    const gone = (await trackOf('loose'));
    await store.recordPlay(gone.id, Date.now(), null);
    const goneMedia = path.join(mediaDir, trackMediaPath(gone.contentHash));
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    fs.utimesSync(goneMedia, twoHoursAgo, twoHoursAgo);
    // Unreferenced but new: another ingest may be about to commit its row.
    const young = path.join(mediaDir, trackMediaPath('f'.repeat(64)));
    fs.mkdirSync(young, { recursive: true });
    fs.rmSync(abs('loose'));

    const summary = await prune();
    expect(summary).toMatchObject({ ingested: 0, missing: 1, removed: 1, unchanged: GOOD.length - 1 });
    expect((await store.track(gone.id))).toBeUndefined();
    expect((await store.album(gone.albumId))).toBeUndefined();
    expect((await store.artist(gone.artistId))).toBeUndefined();
    expect(stores.database.sqlite.prepare('SELECT COUNT(*) AS n FROM plays WHERE track_id = ?').get(gone.id)).toEqual({ n: 0 });
    expect(stores.database.sqlite.pragma('foreign_key_check')).toEqual([]);
    expect(fs.existsSync(goneMedia)).toBe(false);
    expect(fs.existsSync(young)).toBe(true);
    // Media still referenced stays, old or not.
    const kept = path.join(mediaDir, trackMediaPath((await trackOf('joga')).contentHash));
    fs.utimesSync(kept, twoHoursAgo, twoHoursAgo);
    await run();
    expect(fs.existsSync(path.join(kept, MANIFEST_FILE))).toBe(true);
  });

  it('removes nothing when the folder now holds no audio at all (an unmounted drive)', async () => {
    const mount = path.join(tmp, 'mount');
    makeTone(path.join(mount, 'Artist/Album/01 Only.wav'), { seconds: 2 });
    const ingest = () => ingestFolder({ root: mount, store, mediaDir, durable: false, prune: true });
    expect(await ingest()).toMatchObject({ ingested: 1 });
    const count = (await store.trackCount());
    fs.rmSync(path.join(mount, 'Artist'), { recursive: true });
    expect(await ingest()).toMatchObject({ total: 0, removed: 0 });
    expect((await store.trackCount())).toBe(count);
    // A folder ingested elsewhere is never touched by this root's removals.
    expect((await store.sourcesUnder(mount))).toHaveLength(1);
    expect((await store.sourcesUnder(root)).length).toBe(GOOD.length - 1);
  });

  it('throws only when the root itself cannot be read', async () => {
    await expect(
      ingestFolder({ root: path.join(tmp, 'missing'), store, mediaDir, durable: false }),
    ).rejects.toThrow(/ENOENT/);
  });
});
