/**
 * Every way a track starts plays it to its own end, in real Chromium against the real BFF: a cold
 * Enter on an album row (Shaka preload handed straight to load, manifest from memory), Enter after
 * the focus dwell preloaded the row (the cache's PreloadManager handed to load), and Play on an
 * artist page (the artist list's inlined starts). Each track is seeked past the middle, like a
 * listener would, and the queue must move on only at the track's end: not earlier (a skip), and
 * without an error. Tracks are the e2e library's 40 s ones.
 */
import { describe, expect, it } from 'vitest';
import { Key } from 'webdriverio';
import type { AlbumResponse, ArtistResponse, HomeResponse } from '../../src/protocol';
import { useTvSession } from './support/tv-session';

/** What the page saw of the track it was told to watch (recorded in the page, every 50 ms). */
interface Watch {
  trackId: string;
  lastPositionMs: number;
  durationMs: number;
  /** When the queue moved on (performance.now()), and to what. */
  changedAt: number | null;
  changedTo: string | null;
  seekedAt: number;
  seekedToMs: number;
  errors: string[];
}

describe('every start path plays the track to its end (real Chromium, real BFF)', () => {
  const tv = useTvSession();
  const b = () => tv.browser;
  const api = async <T>(p: string): Promise<T> => (await (await fetch(`${tv.bff.url}${p}`)).json()) as T;
  const focused = () => b().execute(() => window.__encore?.focusedPath() ?? '');
  const until = (what: string, fn: () => Promise<boolean>, timeout = 20_000) =>
    b().waitUntil(fn, { timeout, interval: 50, timeoutMsg: `timed out waiting for ${what}` });

  /** Waits until `trackId` plays, seeks it to `fromEndMs` before its end, and watches it finish. */
  async function playsToItsEnd(trackId: string, fromEndMs: number): Promise<Watch> {
    await until(`${trackId} playing`, () =>
      b().execute((id) => window.__encore!.trackId === id && window.__encore!.state === 'playing' && window.__encore!.durationMs > 0, trackId),
    );
    await b().execute(
      (id, back) => {
        const h = window.__encore!;
        const durationMs = h.durationMs;
        const w: Watch = { trackId: id, lastPositionMs: 0, durationMs, changedAt: null, changedTo: null, seekedAt: performance.now(), seekedToMs: durationMs - back, errors: [] };
        (window as unknown as { __watch: Watch }).__watch = w;
        h.mediaElement.addEventListener('error', () => w.errors.push(`media error ${h.mediaElement.error?.code ?? '?'}`));
        h.mediaElement.currentTime = w.seekedToMs / 1000;
        const timer = setInterval(() => {
          const toast = h.toast();
          if (toast.includes('can’t be played')) w.errors.push(toast);
          if (h.trackId === id) {
            w.lastPositionMs = Math.max(w.lastPositionMs, h.positionMs);
            return;
          }
          w.changedAt = performance.now();
          w.changedTo = h.trackId;
          clearInterval(timer);
        }, 50);
      },
      trackId,
      fromEndMs,
    );
    await until(`the queue to move on from ${trackId}`, () => b().execute(() => (window as unknown as { __watch: Watch }).__watch.changedAt !== null), fromEndMs + 20_000);
    return b().execute(() => (window as unknown as { __watch: Watch }).__watch);
  }

  function expectPlayedToTheEnd(w: Watch, fromEndMs: number): void {
    expect(w.errors).toEqual([]);
    expect(w.changedTo).not.toBe(w.trackId);
    // Its position reached its end (timeupdate comes every ~250 ms), and no sooner than real time allows.
    expect(w.lastPositionMs).toBeGreaterThanOrEqual(w.durationMs - 1000);
    expect(w.changedAt! - w.seekedAt).toBeGreaterThanOrEqual(fromEndMs - 1000);
  }

  /** Opens an album page by its route and puts focus on row `index` in one key chain (no dwell on the way). */
  async function albumRow(album: AlbumResponse, index: number): Promise<string[]> {
    await b().execute((id) => {
      location.hash = `#album/${id}`;
    }, album.album.id);
    await until('the album page', async () => /^App\/album\/(Play|Tracks\/Row\d+)$/.test(await focused()));
    // The page keeps the row it was left on: back to Play first (Left from Play opens the side menu).
    const onPlay = (await focused()) === 'App/album/Play';
    return [...(onPlay ? [] : [Key.ArrowLeft]), Key.ArrowDown, ...Array<string>(album.tracks.length).fill(Key.ArrowUp), ...Array<string>(index).fill(Key.ArrowDown)];
  }

  it('a cold Enter on an album row (preload handed to load), a preloaded one, and Play on an artist page', async () => {
    const home = await api<HomeResponse>('/api/v1/home');
    const albumIds = home.rails.flatMap((r) => r.items).filter((c) => c.kind === 'album').map((c) => c.id);
    const album = await api<AlbumResponse>(`/api/v1/albums/${albumIds[0]}`);
    const artistId = home.rails.find((r) => r.id === 'artists')!.items.find((c) => c.id !== album.album.artist.id)!.id;
    const artist = await api<ArtistResponse>(`/api/v1/artists/${artistId}`);
    expect(album.tracks.length).toBeGreaterThanOrEqual(3);
    expect(artist.topTracks[0]!.playback?.manifest).toBeDefined();

    await b().url(`${tv.bff.url}/`);
    await until('Home', async () => (await focused()).startsWith('App/home/'));

    // Cold: Enter in the same key chain that reaches the row.
    await b().keys([...(await albumRow(album, 1)), Key.Enter]);
    expectPlayedToTheEnd(await playsToItsEnd(album.tracks[1]!.id, 15_000), 15_000);

    // Preloaded: rest on the row until its preload is ready, then Enter.
    await b().keys(Key.Space);
    await b().keys(await albumRow(album, 0));
    await until('the row preloaded', () => b().execute((id) => window.__encore!.readyPreloadIds.includes(id), album.tracks[0]!.id));
    await b().keys(Key.Enter);
    expectPlayedToTheEnd(await playsToItsEnd(album.tracks[0]!.id, 15_000), 15_000);

    // The artist page's Play: the artist list's own inlined starts.
    await b().keys(Key.Space);
    await b().execute((id) => {
      location.hash = `#artist/${id}`;
    }, artistId);
    await until('the artist page', async () => (await focused()) === 'App/artist/Play');
    await b().keys(Key.Enter);
    expectPlayedToTheEnd(await playsToItsEnd(artist.topTracks[0]!.id, 15_000), 15_000);
  });

  it('two decks (the browser profile plays two pipelines): a rested-on row waits loaded and paused on the idle element, Enter plays it there, and never two sound', async () => {
    const home = await api<HomeResponse>('/api/v1/home');
    const albumId = home.rails.flatMap((r) => r.items).filter((c) => c.kind === 'album').map((c) => c.id)[1]!;
    const album = await api<AlbumResponse>(`/api/v1/albums/${albumId}`);
    await b().url(`${tv.bff.url}/`);
    await until('Home', async () => (await focused()).startsWith('App/home/'));
    // Every 5 ms, how many of the page's media elements play at once.
    await b().execute(() => {
      const w = window as unknown as { __mostSounding: number };
      w.__mostSounding = 0;
      setInterval(() => {
        const sounding = [...document.querySelectorAll('audio')].filter((m) => !m.paused).length;
        w.__mostSounding = Math.max(w.__mostSounding, sounding);
      }, 5);
    });

    await b().keys([...(await albumRow(album, 0)), Key.Enter]);
    await until('row 0 playing', () => b().execute((id) => window.__encore!.trackId === id && window.__encore!.state === 'playing', album.tracks[0]!.id));
    const first = await b().execute(() => window.__encore!.mediaElement);

    // Rest on row 1: its track is loaded on the other element, paused at its start, while row 0 plays on.
    await b().keys(Key.ArrowDown);
    await until('row 1 ready on the idle element', () => b().execute((id) => window.__encore!.readyPreloadIds.includes(id), album.tracks[1]!.id));
    const spare = await b().execute(() => {
      const [inUse, idle] = window.__encore!.mediaElements;
      return { inUsePaused: inUse!.paused, idlePaused: idle!.paused, idleReadyState: idle!.readyState, idleTime: idle!.currentTime };
    });
    expect(spare).toEqual({ inUsePaused: false, idlePaused: true, idleReadyState: expect.any(Number), idleTime: 0 });
    expect(spare.idleReadyState).toBeGreaterThanOrEqual(2); // HAVE_CURRENT_DATA: data at its start

    // Waiting paused, it keeps the segments its preload fetched and asks for no more (a ready
    // track must not share the line with the one playing).
    const mediaDir = (t: { playback?: { manifestUrl: string } }) => t.playback!.manifestUrl.replace(/[^/]*$/, '');
    const segmentsOf = (dir: string) =>
      b().execute((d) => performance.getEntriesByType('resource').filter((e) => e.name.includes(d) && /chunk-/.test(e.name)).length, dir);
    const waiting = await segmentsOf(mediaDir(album.tracks[1]!));
    await b().pause(1500);
    expect(await segmentsOf(mediaDir(album.tracks[1]!))).toBe(waiting);

    // Enter: the idle element plays it, no media request needed; the old element stops and lets go of its track soon after.
    await b().execute(() => {
      const w = window as unknown as { __requestsAfterEnter: string[] };
      w.__requestsAfterEnter = [];
      const enteredAt = performance.now();
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (e.startTime >= enteredAt && /\.m4s|\.mp4|\.mpd/.test(e.name)) w.__requestsAfterEnter.push(e.name);
      }).observe({ entryTypes: ['resource'] });
    });
    await b().keys(Key.Enter);
    await until('row 1 playing', () => b().execute((id) => window.__encore!.trackId === id && window.__encore!.state === 'playing', album.tracks[1]!.id));
    const after = await b().execute((old) => ({ moved: window.__encore!.mediaElement !== old, oldPaused: (old as HTMLMediaElement).paused }), first);
    expect(after).toEqual({ moved: true, oldPaused: true });
    await until('the old element emptied', () => b().execute((old) => (old as HTMLMediaElement).readyState === 0, first), 5_000);
    // Init and first segments were in memory; what follows is the streaming ahead of the playhead.
    const requests = await b().execute(() => (window as unknown as { __requestsAfterEnter: string[] }).__requestsAfterEnter);
    expect(requests.filter((u) => /init/.test(u))).toEqual([]);
    // The element it left, paused at once, asked for nothing more of row 0's track.
    expect(requests.filter((u) => u.includes(mediaDir(album.tracks[0]!)))).toEqual([]);

    // Next: a cold start, back on the first element.
    await b().keys('n');
    await until('row 2 playing', () => b().execute((id) => window.__encore!.trackId === id && window.__encore!.state === 'playing', album.tracks[2]!.id));
    expect(await b().execute((old) => window.__encore!.mediaElement === old, first)).toBe(true);
    expect(await b().execute(() => (window as unknown as { __mostSounding: number }).__mostSounding)).toBe(1);
  });
});
