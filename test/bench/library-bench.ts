/**
 * Scrolling a 2,000-track playlist on the TV with Down held (`npm run bench -- library`): a
 * signed-in profile's playlist of the demo tracks repeated to 2,000 entries, opened on the TV
 * page; then Down is sent as a held key (CDP keydowns with autoRepeat, at a TV remote's repeat
 * rate) from the first row to the last. Measured in the page, in the same run:
 *  - rAF-to-rAF frame intervals while scrolling, against the same page's idle frames first
 *    (the way the `ui` section measures: p95 against p95);
 *  - Lightning's texture memory (pixels of uploaded textures) after the first screen, its
 *    maximum while scrolling, and at the end, with the row elements that exist (the ring).
 */
import { LibraryPath, type AlbumResponse, type HomeResponse, type PlaylistSummary } from '../../src/protocol';
import { launchBrowser } from '../e2e/support/browser';
import type { RunningBff } from '../e2e/support/bff';
import { bffCall, newHousehold, signInTvWithKeys } from '../e2e/support/tv-sign-in';
import { idleFrames } from './playback-bench';

export interface LibraryBenchResult {
  rows: number;
  cpuRate: number;
  repeatMs: number;
  idleFrameMs: number[];
  scrollFrameMs: number[];
  /** Texture memory in pixels (Lightning's textureManager.usedMemory). */
  textureFirstScreen: number;
  textureMax: number;
  textureEnd: number;
  /** Row elements of the list at the end (the virtualised ring). */
  elements: number;
  reachedIndex: number;
  scrollSeconds: number;
}

type PlaylistShown = { trackCount: number; loaded: number; focusIndex: number; elements: number };

/** The demo catalogue's tracks, repeated to `rows` entries, in one new playlist (inserts of 1,000). */
async function bigPlaylist(base: string, token: string, rows: number): Promise<PlaylistSummary> {
  const home = await bffCall<HomeResponse>(base, '/api/v1/home');
  const albums = home.rails.find((r) => r.id === 'recent-albums')?.items ?? [];
  const ids: string[] = [];
  for (const a of albums) ids.push(...(await bffCall<AlbumResponse>(base, `/api/v1/albums/${a.id}`)).tracks.map((t) => t.id));
  if (ids.length === 0) throw new Error('the demo library has no tracks');
  const playlist = await bffCall<PlaylistSummary>(base, LibraryPath.playlists(), { body: { name: `${rows} tracks` }, token });
  let version = playlist.version;
  for (let at = 0; at < rows; at += 1000) {
    const trackIds = Array.from({ length: Math.min(1000, rows - at) }, (_, i) => ids[(at + i) % ids.length]!);
    const r = await bffCall<{ version: number }>(base, LibraryPath.playlistOperations(playlist.id), {
      body: { operationId: `bench-${playlist.id}-${at}`, baseVersion: version, operation: { op: 'insert', at, trackIds } },
      token,
    });
    version = r.version;
  }
  return playlist;
}

export async function benchLibraryScroll(bff: RunningBff, opts: { rows: number; cpuRate: number; repeatMs: number }): Promise<LibraryBenchResult> {
  const owner = await newHousehold(bff.url, 'Bench');
  const playlist = await bigPlaylist(bff.url, owner.access_token, opts.rows);
  const { browser: b, close } = await launchBrowser();
  const shown = () => b.execute(() => window.__encore?.pageShown() as PlaylistShown | null);
  try {
    await signInTvWithKeys(b, bff.url, owner);
    await b.sendCommandAndGetResult('Emulation.setCPUThrottlingRate', { rate: opts.cpuRate });
    await b.url(`${bff.url}/#playlist/${playlist.id}`);
    await b.waitUntil(async () => (await b.execute(() => window.__encore?.focusedPath() ?? '')) === 'App/playlist/Tracks/Row0', { timeout: 60_000, interval: 100 });
    // The first screen with its covers decoded and uploaded.
    await b.pause(2000);
    const textureFirstScreen = await b.execute(() => window.__encore!.textureMemory());
    const idleFrameMs = await idleFrames(b);
    // Frames and texture memory sampled on every frame until told to stop.
    await b.execute(() => {
      const w = window as unknown as { __scroll: { frames: number[]; maxTex: number; stop: boolean } };
      w.__scroll = { frames: [], maxTex: 0, stop: false };
      let last = performance.now();
      const tick = () => {
        const now = performance.now();
        w.__scroll.frames.push(now - last);
        last = now;
        w.__scroll.maxTex = Math.max(w.__scroll.maxTex, window.__encore!.textureMemory());
        if (!w.__scroll.stop) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const started = Date.now();
    const key = { key: 'ArrowDown', code: 'ArrowDown', windowsVirtualKeyCode: 40, nativeVirtualKeyCode: 40 };
    let reachedIndex = 0;
    // A remote repeats a held key at a fixed rate whether or not the app keeps up; so does this.
    for (let i = 0; i < opts.rows - 1; i++) {
      const tick = Date.now();
      await b.sendCommandAndGetResult('Input.dispatchKeyEvent', { type: 'rawKeyDown', autoRepeat: i > 0, ...key });
      if (i % 100 === 99) reachedIndex = (await shown())?.focusIndex ?? reachedIndex;
      const wait = opts.repeatMs - (Date.now() - tick);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    await b.sendCommandAndGetResult('Input.dispatchKeyEvent', { type: 'keyUp', ...key });
    await b.waitUntil(async () => ((await shown())?.focusIndex ?? 0) >= opts.rows - 1, { timeout: 60_000, interval: 200 }).catch(() => undefined);
    const scrollSeconds = (Date.now() - started) / 1000;
    const scroll = await b.execute(() => {
      const w = window as unknown as { __scroll: { frames: number[]; maxTex: number; stop: boolean } };
      w.__scroll.stop = true;
      return { frames: w.__scroll.frames.slice(1), maxTex: w.__scroll.maxTex };
    });
    await b.pause(1000);
    const end = await shown();
    const textureEnd = await b.execute(() => window.__encore!.textureMemory());
    return {
      rows: opts.rows,
      cpuRate: opts.cpuRate,
      repeatMs: opts.repeatMs,
      idleFrameMs,
      scrollFrameMs: scroll.frames,
      textureFirstScreen,
      textureMax: scroll.maxTex,
      textureEnd,
      elements: end?.elements ?? -1,
      reachedIndex: end?.focusIndex ?? reachedIndex,
      scrollSeconds,
    };
  } finally {
    await close();
  }
}
