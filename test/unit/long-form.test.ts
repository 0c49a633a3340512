import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyLongForm, longFormKind, publishedAt } from '../../src/ingest/classify-long-form';
import { DEMO_SHOW, writeDemoShow } from '../../src/ingest/demo/demo-show';
import { resolveFfmpegPath } from '../../src/ingest/ffmpeg-binary';
import { ingestFolder } from '../../src/ingest/ingest-folder';
import { FIXTURE_IDS, FIXTURE_TRACKS } from '../fixtures/catalogue-fixture';
import { ApiPath, LibraryPath, type AlbumResponse, type ArtistResponse, type SearchResponse, type HomeResponse, type LibraryResponse, type PlaybackResponse, type PositionResponse, type ShowResponse } from '../../src/protocol';
import { MANIFEST_FILE, trackMediaPath } from '../../src/config/encore-config';
import { ladderRenditions, TrackTranscoder } from '../../src/ingest/track-transcoder';
import { resolveConfig } from '../../src/config/encore-config';
import { ensureDemoLibrary } from '../../src/ingest/demo/ensure-demo-library';
import { openSqliteStores } from '../../src/store';
import { addProfile, signInTv, signUp } from '../fixtures/auth-helpers';
import { useFixtureApp } from '../fixtures/fixture-app';
import { injectFetch } from '../fixtures/inject-fetch';
import { albumItems, artistItems, describedItem, searchTrackItem } from '../../src/app/playback-items';
import { ApiClient } from '../../src/app/services/api-client';

describe('long-form classification (the documented rule)', () => {
  it('genre tags first, then a Podcasts/ or Audiobooks/ folder, else music', () => {
    expect(longFormKind(['Podcast'], 'a/b.mp3')).toBe('podcast');
    expect(longFormKind(['  podcasts '], 'a.mp3')).toBe('podcast');
    expect(longFormKind(['Rock', 'Audio Book'], 'a.mp3')).toBe('audiobook');
    expect(longFormKind(['AUDIOBOOKS'], 'Podcasts/x.mp3')).toBe('audiobook');
    expect(longFormKind([], 'Podcasts/Show/01 Ep.mp3')).toBe('podcast');
    expect(longFormKind([], 'Spoken/audiobooks/Author/Book/01.m4b')).toBe('audiobook');
    expect(longFormKind(['Jazz'], 'Artist/Album/01 Podcasts.mp3')).toBeNull();
    expect(longFormKind([], 'Podcasts.mp3')).toBeNull();
    expect(longFormKind(['Podcast rock'], 'Artist/Podcaster/01.mp3')).toBeNull();
    // Found by the property below: names that are also Object.prototype members.
    expect(longFormKind(['constructor'], 'toString/__proto__/a.mp3')).toBeNull();
  });

  it('is music for any path and genres that do not name long-form', () => {
    const word = fc.stringMatching(/^[A-Za-z ]{1,12}$/).filter((w) => !/^(podcasts?|audio ?books?)$/i.test(w.trim()));
    fc.assert(
      fc.property(fc.array(word, { maxLength: 3 }), fc.array(word, { minLength: 1, maxLength: 4 }), (genres, parts) => {
        expect(longFormKind(genres, `${parts.join('/')}.mp3`)).toBeNull();
      }),
    );
  });

  it('reads dates and trims descriptions', () => {
    expect(publishedAt('2024-03-15')).toBe(Date.UTC(2024, 2, 15));
    expect(publishedAt('2024')).toBe(Date.UTC(2024, 0, 1));
    expect(publishedAt('2024-03-15T10:00:00Z')).toBe(Date.UTC(2024, 2, 15, 10));
    expect(publishedAt('someday')).toBeNull();
    expect(publishedAt(null)).toBeNull();
    const meta = classifyLongForm({ genres: ['Podcast'], date: '2024-03-01', description: ' two\n lines ' + 'x'.repeat(3000) }, 'a.mp3');
    expect(meta!.description.startsWith('two lines x')).toBe(true);
    expect(meta!.description).toHaveLength(2000);
  });
});

const bff = useFixtureApp();
let tmp: string;
const EPISODE_SECONDS = 20;

describe('shows and positions (real ffmpeg ingest, BFF through inject)', () => {
  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'encore-longform-'));
    const ffmpeg = resolveFfmpegPath();
    await writeDemoShow(ffmpeg, tmp, EPISODE_SECONDS);
    // An untagged chapter under Audiobooks/: the folder alone makes it long-form.
    const chapter = path.join(tmp, 'Audiobooks', 'A. Writer', 'A Book', '01 Chapter One.flac');
    await fs.mkdir(path.dirname(chapter), { recursive: true });
    execFileSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=f=300:r=16000:d=12', '-c:a', 'flac', chapter]);
    const summary = await ingestFolder({
      root: tmp,
      store: bff.fx.store,
      shows: bff.fx.stores.shows,
      mediaDir: bff.fx.config.mediaDir,
      concurrency: 2,
      durable: false,
    });
    expect(summary.failed).toEqual([]);
    expect(summary.ingested).toBe(3);
  }, 120_000);
  afterAll(async () => {
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  });

  async function showId(): Promise<string> {
    const albums = await bff.fx.store.recentAlbums(50);
    return albums.find((a) => a.title === DEMO_SHOW.title)!.id;
  }

  it('stores the show with its episodes newest first (title, date, description, duration)', async () => {
    const res = await bff.app.inject({ url: LibraryPath.show(await showId()) });
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as ShowResponse;
    expect(page.show).toMatchObject({ title: DEMO_SHOW.title, author: { name: DEMO_SHOW.host }, kind: 'podcast' });
    const [newest, older] = DEMO_SHOW.episodes.slice().reverse();
    expect(page.episodes.map((e) => [e.track.title, e.publishedAt, e.description, e.positionMs, e.played])).toEqual([
      [newest!.title, Date.parse(newest!.date), newest!.description, 0, false],
      [older!.title, Date.parse(older!.date), older!.description, 0, false],
    ]);
    for (const e of page.episodes) expect(Math.abs(e.track.durationMs - EPISODE_SECONDS * 1000)).toBeLessThan(200);

    // Episodes are on the spoken-word ladder (mono AAC-LC), music stays on the music ladder.
    const played = (await bff.app.inject({ url: `/api/v1/tracks/${page.episodes[0]!.track.id}/playback` })).json() as PlaybackResponse;
    expect(played.ladder).toEqual(ladderRenditions('spoken'));
    const track = (await bff.fx.store.track(page.episodes[0]!.track.id))!;
    const mpd = await fs.readFile(path.join(bff.fx.config.mediaDir, trackMediaPath(track.contentHash), MANIFEST_FILE), 'utf8');
    const channels = [...mpd.matchAll(/AudioChannelConfiguration[^>]*value="(\d+)"/g)].map((m) => m[1]);
    expect(channels.length).toBeGreaterThan(0);
    expect(new Set(channels)).toEqual(new Set(['1']));
    // The same bytes taken as music (moved out of Podcasts/) would not reuse this media.
    const dir = path.join(bff.fx.config.mediaDir, trackMediaPath(track.contentHash));
    expect(await TrackTranscoder.readAnalysis(dir, 'spoken')).toMatchObject({ ladder: ladderRenditions('spoken') });
    expect(await TrackTranscoder.readAnalysis(dir, 'music')).toBeNull();
    expect([...mpd.matchAll(/bandwidth="(\d+)"/g)].map((m) => Number(m[1]))).toHaveLength(2);
    const song = (await bff.app.inject({ url: `/api/v1/tracks/${FIXTURE_TRACKS[0]!.id}/playback` })).json() as PlaybackResponse;
    expect(song.ladder).not.toEqual(ladderRenditions('spoken'));

    const book = (await bff.fx.store.recentAlbums(50)).find((a) => a.title === 'A Book')!;
    const bookPage = (await bff.app.inject({ url: LibraryPath.show(book.id) })).json() as ShowResponse;
    expect(bookPage.show.kind).toBe('audiobook');
    expect(bookPage.episodes.map((e) => [e.track.title, e.publishedAt])).toEqual([['Chapter One', null]]);
    // Long-form by its folder alone, so on the spoken ladder too.
    const chapter = (await bff.app.inject({ url: `/api/v1/tracks/${bookPage.episodes[0]!.track.id}/playback` })).json() as PlaybackResponse;
    expect(chapter.ladder).toEqual(ladderRenditions('spoken'));

    // Home's card of a show opens the show page (kind 'show'); albums stay albums.
    const home = (await bff.app.inject({ url: '/api/v1/home' })).json() as HomeResponse;
    const recent = home.rails.find((r) => r.id === 'recent-albums')!.items;
    expect(recent.find((c) => c.title === DEMO_SHOW.title)?.kind).toBe('show');
    expect(recent.find((c) => c.id === FIXTURE_IDS.albums.dawn)?.kind).toBe('album');

    // A music album is not a show.
    expect((await bff.app.inject({ url: LibraryPath.show(FIXTURE_IDS.albums.dawn) })).statusCode).toBe(404);
    expect((await bff.app.inject({ url: LibraryPath.show(FIXTURE_IDS.missing.album) })).statusCode).toBe(404);
  });

  it('an episode is long-form wherever it is listed (album, artist, search, playback info), a song never', async () => {
    (globalThis as { document?: unknown }).document ??= { baseURI: 'http://tv.test/' };
    const api = new ApiClient('', injectFetch(bff.app));
    const show = await showId();
    const [newest] = DEMO_SHOW.episodes.slice().reverse();
    const song = FIXTURE_TRACKS.find((t) => t.title === 'Midnight Café')!;
    const marks = (items: ReadonlyArray<{ title: string; longForm?: string }>) => items.map((i) => [i.title, i.longForm ?? 'music']);

    // The BFF's answers, as any client gets them.
    const album = (await bff.app.inject({ url: ApiPath.album(show) })).json() as AlbumResponse;
    expect(marks(album.tracks).sort()).toEqual(DEMO_SHOW.episodes.map((e) => [e.title, 'podcast']).sort());
    const music = (await bff.app.inject({ url: ApiPath.album(FIXTURE_IDS.albums.night) })).json() as AlbumResponse;
    expect(music.tracks.length).toBeGreaterThan(0);
    expect(music.tracks.every((t) => !('longForm' in t))).toBe(true);
    const host = album.album.artist.id;
    const hostPage = (await bff.app.inject({ url: ApiPath.artist(host) })).json() as ArtistResponse;
    expect(marks(hostPage.topTracks).sort()).toEqual(DEMO_SHOW.episodes.map((e) => [e.title, 'podcast']).sort());
    const musician = (await bff.app.inject({ url: ApiPath.artist(FIXTURE_IDS.artists.tokyo) })).json() as ArtistResponse;
    expect(musician.topTracks.every((t) => !('longForm' in t))).toBe(true);
    const found = (await bff.app.inject({ url: ApiPath.search(newest!.title) })).json() as SearchResponse;
    expect(marks(found.tracks.filter((t) => t.title === newest!.title))).toEqual([[newest!.title, 'podcast']]);
    const foundSong = (await bff.app.inject({ url: ApiPath.search(song.title) })).json() as SearchResponse;
    expect(marks(foundSong.tracks.filter((t) => t.id === song.id))).toEqual([[song.title, 'music']]);
    const chapterId = (await bff.fx.stores.shows.shows(10)).find((s) => s.kind === 'audiobook')!.album.id;
    const chapter = (await bff.fx.store.albumTracks(chapterId))[0]!;
    expect(((await bff.app.inject({ url: ApiPath.playback(chapter.id) })).json() as PlaybackResponse).longForm).toBe('audiobook');
    expect((await bff.app.inject({ url: ApiPath.playback(song.id) })).json()).not.toHaveProperty('longForm');

    // The TV's item builders, on the same answers through its ApiClient: what the player is given.
    expect(marks(albumItems(await api.album(show))).sort()).toEqual(DEMO_SHOW.episodes.map((e) => [e.title, 'podcast']).sort());
    expect(albumItems(await api.album(FIXTURE_IDS.albums.night)).every((i) => i.longForm === undefined)).toBe(true);
    expect(marks(artistItems(await api.artist(host)))).toEqual(marks(hostPage.topTracks));
    expect(artistItems(await api.artist(FIXTURE_IDS.artists.tokyo)).every((i) => i.longForm === undefined)).toBe(true);
    const searched = (await api.search(newest!.title)).tracks.find((t) => t.title === newest!.title)!;
    expect(searchTrackItem(searched)).toMatchObject({ title: newest!.title, longForm: 'podcast' });
    // The phone remote's LOAD of bare ids: the receiver describes each from its playback info.
    expect(describedItem(await api.playback(chapter.id))).toMatchObject({ trackId: chapter.id, longForm: 'audiobook' });
    expect(describedItem(await api.playback(song.id))).not.toHaveProperty('longForm');
  });

  it('saves positions per profile; past 95 % is played and stays played; guests see no marks', async () => {
    const hh = await signUp(bff.app);
    const me = (await signInTv(bff.app, hh)).bearer;
    const other = (await signInTv(bff.app, hh, (await addProfile(bff.app, hh, 'Other')).id)).bearer;
    const id = await showId();
    const episode = ((await bff.app.inject({ url: LibraryPath.show(id) })).json() as ShowResponse).episodes[1]!;
    const trackId = episode.track.id;
    const put = (headers: { authorization: string } | undefined, positionMs: unknown) =>
      bff.app.inject({ method: 'PUT', url: LibraryPath.position(trackId), headers, payload: { positionMs } });

    const saved = await put(me, 12_345);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ trackId, positionMs: 12_345, played: false, kind: 'podcast' });
    const got = (await bff.app.inject({ url: LibraryPath.position(trackId), headers: me })).json() as PositionResponse;
    expect(got).toMatchObject({ positionMs: 12_345, played: false, kind: 'podcast' });
    expect(((await bff.app.inject({ url: LibraryPath.position(trackId), headers: other })).json() as PositionResponse)).toMatchObject({ positionMs: 0, updatedAt: null });

    const mine = (await bff.app.inject({ url: LibraryPath.show(id), headers: me })).json() as ShowResponse;
    expect(mine.episodes.find((e) => e.track.id === trackId)).toMatchObject({ positionMs: 12_345, played: false });

    // 95 % of 20 s is 19 s: just past it counts, exactly at it does not.
    const duration = episode.track.durationMs;
    expect((await put(me, Math.floor(duration * 0.95))).json()).toMatchObject({ played: false });
    expect((await put(me, Math.floor(duration * 0.95) + 2)).json()).toMatchObject({ played: true });
    expect((await put(me, 0)).json()).toMatchObject({ positionMs: 0, played: true });
    // Within a player's rounding of the end it is the end; past that, a 400 that names the field.
    expect((await put(me, duration + 1500)).json()).toMatchObject({ positionMs: duration });
    const over = await put(me, duration + 60_000);
    expect(over.statusCode).toBe(400);
    expect(over.json()).toMatchObject({ error: 'ENCORE_ERR_BAD_REQUEST', message: expect.stringContaining('past the end') });
    expect((await bff.app.inject({ url: LibraryPath.position(trackId), headers: me })).json()).toMatchObject({ positionMs: duration });

    const guest = (await bff.app.inject({ url: LibraryPath.show(id) })).json() as ShowResponse;
    expect(guest.episodes.every((e) => e.positionMs === 0 && !e.played)).toBe(true);
    const others = (await bff.app.inject({ url: LibraryPath.show(id), headers: other })).json() as ShowResponse;
    expect(others.episodes.every((e) => e.positionMs === 0 && !e.played)).toBe(true);

    // Music tracks have positions too (kind null), but no resume offer.
    const music = await bff.app.inject({ method: 'PUT', url: LibraryPath.position(FIXTURE_TRACKS[0]!.id), headers: me, payload: { positionMs: 1000 } });
    expect(music.json()).toMatchObject({ kind: null });

    expect((await put(undefined, 1000)).statusCode).toBe(401);
    for (const bad of [-1, 'soon', 'NaN', null, 1.5, 49 * 3600 * 1000]) {
      const res = await put(me, bad);
      expect(res.statusCode, String(bad)).toBe(400);
      expect(res.json().message).toContain('positionMs');
    }
    const noBody = await bff.app.inject({ method: 'PUT', url: LibraryPath.position(trackId), headers: me, payload: {} });
    expect(noBody.statusCode).toBe(400);
    // Ids of another kind are a 400 naming the param; an unknown track a 404, on GET and PUT.
    for (const foreign of [FIXTURE_IDS.albums.dawn, 'tr_x', '../etc']) {
      const res = await bff.app.inject({ method: 'PUT', url: LibraryPath.position(foreign), headers: me, payload: { positionMs: 1 } });
      expect(res.statusCode, foreign).toBe(400);
    }
    expect((await bff.app.inject({ url: LibraryPath.position(FIXTURE_IDS.missing.track), headers: me })).statusCode).toBe(404);
    // Nothing above changed what was saved.
    expect((await bff.app.inject({ url: LibraryPath.position(trackId), headers: me })).json()).toMatchObject({ positionMs: duration, played: true });
    const unknown = await bff.app.inject({ method: 'PUT', url: LibraryPath.position(FIXTURE_IDS.missing.track), headers: me, payload: { positionMs: 1 } });
    expect(unknown.statusCode).toBe(404);

    const lib = (await bff.app.inject({ url: LibraryPath.library(), headers: me })).json() as LibraryResponse;
    expect(lib.shows.map((c) => [c.kind, c.title]).sort()).toEqual([['show', 'A Book'], ['show', DEMO_SHOW.title]]);
  });
});

describe('the demo seed builds the show by default', () => {
  it('a fresh data dir gets the podcast, its episodes on the spoken ladder, next to the music', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'encore-demo-show-'));
    try {
      const config = resolveConfig({ ENCORE_DATA_DIR: dir });
      const r = await ensureDemoLibrary(config, { trackSeconds: 4, tracksPerAlbum: 1, showSeconds: 15, continuous: false, progress: false, durable: false });
      expect(r.summary).toMatchObject({ failed: [] });
      const stores = openSqliteStores(config.dbPath);
      try {
        const [show] = await stores.shows.shows(10);
        expect(show).toMatchObject({ kind: 'podcast', album: { title: DEMO_SHOW.title } });
        const page = (await stores.shows.show(show!.album.id, null))!;
        expect(page.episodes.map((e) => e.track.title)).toEqual(DEMO_SHOW.episodes.map((e) => e.title).reverse());
        expect(page.episodes.every((e) => e.track.ladder.length === 2 && e.track.ladder.every((x, i) => x.bitrate === ladderRenditions('spoken')[i]!.bitrate))).toBe(true);
        expect(await stores.catalogue.trackCount()).toBe(4 + DEMO_SHOW.episodes.length);
      } finally {
        await stores.close();
      }
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
