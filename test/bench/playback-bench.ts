/**
 * Start-of-audio and responsiveness in real headless Chromium against the real BFF:
 *  (a) Enter on a track that is not preloaded → `playing`, Shaka/DASH through the app, against a
 *      plain progressive <audio src> of the same track's 160 kbps file from the same BFF; both
 *      for the first play after the app opens (a fresh page each trial) and for a later one;
 *  (b) the same after the ~300 ms focus dwell has preloaded it;
 *  cold start (navigation → Home focused) at 4× CPU throttling; key press → next frame p95 on
 *  Home; the brotli size of the JS shipped. Trials alternate so drift hits every variant alike.
 * The HTTP cache is disabled for the trials: "not yet played" must mean not in any cache.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { Key } from 'webdriverio';
import type { AlbumResponse, HomeResponse, PlaybackResponse } from '../../src/protocol';
import { launchBrowser } from '../e2e/support/browser';
import type { RunningBff } from '../e2e/support/bff';

export interface Network {
  name: string;
  /** null: raw localhost. */
  latencyMs: number | null;
  throughputBitsPerSec?: number;
}

export const LOCALHOST: Network = { name: 'localhost', latencyMs: null };
/** DEVELOPERS.md: a home network, 50 ms latency, 20 Mbit/s. */
export const HOME_NETWORK: Network = { name: 'home network (50 ms, 20 Mbit/s)', latencyMs: 50, throughputBitsPerSec: 20e6 };

/** Per media event, its times after the key over all trials. */
export type StageTimes = Record<string, number[]>;

export interface PlaybackBenchResult {
  network: string;
  trials: number;
  dashColdMs: number[];
  progressiveMs: number[];
  dashPreloadedMs: number[];
  /**
   * The cold start's track in the app on the progressive path (a profile whose MSE takes none of
   * the ladder, `?no-mse-aac`): the same keys, focus and UI as (a), one file instead of DASH.
   */
  appProgressiveMs: number[];
  appProgressiveStages: StageTimes;
  coldStages: StageTimes;
  preloadedStages: StageTimes;
  /** The first play after the app opens (a fresh page: first Shaka load, first MediaSource). */
  firstDashColdMs: number[];
  /** The same for a plain <audio src>: the first media element of a fresh page. */
  firstProgressiveMs: number[];
  firstColdStages: StageTimes;
}

export interface UiBenchResult {
  coldStartMs: number[];
  keyToFrameMs: number[];
  /** rAF-to-rAF intervals on Home with no input: the baseline a key press is compared with. */
  idleFrameMs: number[];
  jsBrotliBytes: number;
}

export const median = (xs: number[]) => quantile(xs, 0.5);
export function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

async function cdp(browser: WebdriverIO.Browser, cmd: string, params: object = {}): Promise<unknown> {
  return browser.sendCommandAndGetResult(cmd, params);
}

export async function applyNetwork(browser: WebdriverIO.Browser, net: Network): Promise<void> {
  await cdp(browser, 'Network.enable');
  await cdp(browser, 'Network.setCacheDisabled', { cacheDisabled: true });
  const throughput = net.throughputBitsPerSec ? net.throughputBitsPerSec / 8 : -1;
  await cdp(browser, 'Network.emulateNetworkConditions', {
    offline: false,
    latency: net.latencyMs ?? 0,
    downloadThroughput: throughput,
    uploadThroughput: throughput,
  });
}

/** Every track of the catalogue, grouped by album, via the BFF's own screens. */
async function catalogue(base: string): Promise<AlbumResponse[]> {
  const home = (await (await fetch(`${base}/api/v1/home`)).json()) as HomeResponse;
  const albumIds = [...new Set(home.rails.flatMap((r) => r.items).filter((c) => c.kind === 'album').map((c) => c.id))];
  return Promise.all(albumIds.map(async (id) => (await (await fetch(`${base}/api/v1/albums/${id}`)).json()) as AlbumResponse));
}

type Page = WebdriverIO.Browser;
interface BenchMarks {
  key?: number;
  /** OK's keyup after `key`. */
  release?: number;
  playing?: number;
  preloaded?: string[];
  /** Media element events after the key, ms from the key: where the start time goes. */
  stages?: Record<string, number>;
}

/**
 * On the way from Enter to sound, in the order they fire: OK's release (a track starts on it: a
 * hold opens the menu), then the media element's events.
 */
export const STAGES = ['release', 'emptied', 'loadstart', 'loadedmetadata', 'loadeddata', 'play', 'canplay', 'playing'] as const;

const focused = (b: Page) => b.execute(() => window.__encore?.focusedPath() ?? '');

async function waitUntilTrue(b: Page, what: string, fn: () => Promise<boolean>, timeout = 30_000): Promise<void> {
  await b.waitUntil(fn, { timeout, interval: 20, timeoutMsg: `bench: timed out waiting for ${what}` });
}

/**
 * Arms in-page timers: the Enter keydown (capture phase, before Lightning sees it) → `playing`.
 * Media events are caught on the document (capture phase: they do not bubble), per element, since
 * a device with two audio pipelines starts each track on its idle deck; the stages reported are
 * those of the element that played.
 */
async function armEnterToPlaying(b: Page): Promise<void> {
  await b.execute(() => {
    const w = window as unknown as { __bench: BenchMarks };
    w.__bench = { stages: {} };
    const perElement = new Map<EventTarget, Record<string, number>>();
    const onKey = (e: KeyboardEvent) => {
      if (e.keyCode === 13 && w.__bench.key === undefined) {
        w.__bench.key = performance.now();
        w.__bench.preloaded = [...window.__encore!.readyPreloadIds];
      }
    };
    const onMedia = (e: Event) => {
      const { key } = w.__bench;
      if (key === undefined || !e.target || w.__bench.playing !== undefined) return;
      const stages = perElement.get(e.target) ?? {};
      perElement.set(e.target, stages);
      if (stages[e.type] === undefined) stages[e.type] = performance.now() - key;
      if (e.type !== 'playing') return;
      w.__bench.playing = performance.now();
      w.__bench.stages = stages;
      window.removeEventListener('keydown', onKey, true);
      for (const type of ['emptied', 'loadstart', 'loadedmetadata', 'loadeddata', 'play', 'canplay', 'playing']) document.removeEventListener(type, onMedia, true);
    };
    window.addEventListener('keydown', onKey, true);
    const onRelease = (e: KeyboardEvent) => {
      if (e.keyCode !== 13 || w.__bench.key === undefined || w.__bench.release !== undefined) return;
      w.__bench.release = performance.now();
      window.removeEventListener('keyup', onRelease, true);
    };
    window.addEventListener('keyup', onRelease, true);
    for (const type of ['emptied', 'loadstart', 'loadedmetadata', 'loadeddata', 'play', 'canplay', 'playing']) document.addEventListener(type, onMedia, true);
  });
}

/** Enter → `playing` in ms; throws if the trial was not what it claims (preloaded or not). */
async function readEnterToPlaying(b: Page, trackId: string, expectPreloaded: boolean, stages: StageTimes): Promise<number> {
  let marks: BenchMarks = {};
  await waitUntilTrue(b, '`playing` after Enter', async () => {
    marks = await b.execute(() => (window as unknown as { __bench: BenchMarks }).__bench);
    return marks.key !== undefined && marks.playing !== undefined;
  });
  const wasPreloaded = marks.preloaded?.includes(trackId) ?? false;
  if (wasPreloaded !== expectPreloaded) {
    throw new Error(`bench: ${trackId} was ${wasPreloaded ? '' : 'not '}preloaded at Enter; the trial is invalid`);
  }
  for (const [stage, ms] of Object.entries(marks.stages ?? {})) (stages[stage] ??= []).push(ms);
  if (marks.release !== undefined) (stages.release ??= []).push(marks.release - marks.key!);
  return marks.playing! - marks.key!;
}

/**
 * A listener hears a start for a moment before picking again. The player lets go of the deck a
 * start left 500 ms after the new track plays (queue-player.ts SPARE_TIDY_DELAY_MS); a pick
 * inside that window (the bench's next trial came ~200 ms after) waits for that teardown, which
 * is not what a later play after a while costs.
 */
const LISTEN_MS = 800;

async function pauseApp(b: Page): Promise<void> {
  const playing = await b.execute(() => !window.__encore!.mediaElement.paused);
  if (playing) {
    await b.keys(Key.Space);
    await waitUntilTrue(b, 'pause', () => b.execute(() => window.__encore!.mediaElement.paused));
  }
}

/**
 * Opens the album page by its route and focuses row `index`, then optionally presses Enter. The
 * album page keeps its last row, so the chain first clamps to the top row: Left (to Play) unless
 * Play has focus already (Left from Play opens the side menu), Down (into the rows), Up × rows.
 * One action chain, so no row holds focus for the 300 ms dwell and nothing on the way is preloaded.
 */
async function focusRow(b: Page, albumId: string, rows: number, index: number, thenEnter: boolean): Promise<void> {
  await b.execute((id) => {
    location.hash = `#album/${id}`;
  }, albumId);
  await waitUntilTrue(b, 'album page', async () => /^App\/album\/(Play|Tracks\/Row\d+)$/.test(await focused(b)));
  const onPlay = (await focused(b)) === 'App/album/Play';
  const keys = [
    ...(onPlay ? [] : [Key.ArrowLeft]),
    Key.ArrowDown,
    ...Array<string>(rows).fill(Key.ArrowUp),
    ...Array<string>(index).fill(Key.ArrowDown),
    ...(thenEnter ? [Key.Enter] : []),
  ];
  await b.keys(keys);
  if (!thenEnter) {
    await waitUntilTrue(b, `row ${index}`, async () => (await focused(b)) === `App/album/Tracks/Row${index}`);
  }
}

async function progressiveTrial(b: Page, url: string): Promise<number> {
  return b.executeAsync((src: string, done: (ms: number) => void) => {
    const audio = new Audio();
    audio.preload = 'auto';
    const t0 = performance.now();
    audio.addEventListener('playing', () => {
      const ms = performance.now() - t0;
      audio.pause();
      audio.removeAttribute('src');
      audio.load();
      done(ms);
    });
    audio.src = src;
    void audio.play();
  }, url);
}

export async function benchPlayback(bff: RunningBff, net: Network, trials: number, firstTrials: number): Promise<PlaybackBenchResult> {
  const albums = await catalogue(bff.url);
  const tracks = albums.flatMap((a) =>
    a.tracks.map((t, i) => ({ albumId: a.album.id, rows: a.tracks.length, trackId: t.id, index: i })),
  );
  if (tracks.length < 3) throw new Error('bench needs at least 3 tracks');
  const { browser: b, close } = await launchBrowser();
  const result: PlaybackBenchResult = {
    network: net.name,
    trials,
    dashColdMs: [],
    progressiveMs: [],
    dashPreloadedMs: [],
    appProgressiveMs: [],
    appProgressiveStages: {},
    coldStages: {},
    preloadedStages: {},
    firstDashColdMs: [],
    firstProgressiveMs: [],
    firstColdStages: {},
  };
  /** A fresh app page (nothing warmed up), the app itself loaded over `net`. */
  const freshPage = async (page = b, query = '') => {
    await page.url('about:blank');
    await applyNetwork(page, net);
    await page.url(`${bff.url}/${query}`);
    await waitUntilTrue(page, 'Home', async () => (await focused(page)).startsWith('App/home/'));
  };
  /** Enter on `row` after a moment of listening to what played before: Enter → `playing`. */
  const laterPlay = async (page: Page, row: (typeof tracks)[number], ms: number[], stages: StageTimes) => {
    await pauseApp(page);
    await armEnterToPlaying(page);
    await focusRow(page, row.albumId, row.rows, row.index, true);
    ms.push(await readEnterToPlaying(page, row.trackId, false, stages));
    await page.pause(LISTEN_MS);
  };
  try {
    // First plays: every trial its own fresh page, alternating DASH and progressive.
    const coldTracks = tracks.filter((t) => t.index > 0);
    for (let i = 0; i < firstTrials; i++) {
      const t = coldTracks[i % coldTracks.length]!;
      await freshPage();
      await armEnterToPlaying(b);
      await focusRow(b, t.albumId, t.rows, t.index, true);
      result.firstDashColdMs.push(await readEnterToPlaying(b, t.trackId, false, result.firstColdStages));
      await freshPage();
      const info = (await (await fetch(`${bff.url}/api/v1/tracks/${t.trackId}/playback`)).json()) as PlaybackResponse;
      result.firstProgressiveMs.push(await progressiveTrial(b, `${bff.url}${info.progressiveUrl}`));
    }
    await freshPage();
    const coldRows: Array<(typeof tracks)[number]> = [];
    for (let i = 0; i < trials; i++) {
      // Different tracks for each variant of a trial, rotating through the catalogue. The cold
      // variant never takes an album's first track: Play's own dwell preloads that one.
      const pick = (k: number) => tracks[(i * 3 + k) % tracks.length]!;
      const cold = [pick(1), pick(2), pick(0)].find((t) => t.index > 0) ?? pick(1);

      await laterPlay(b, cold, result.dashColdMs, result.coldStages);
      coldRows.push(cold);

      const prog = pick(0);
      await pauseApp(b);
      const info = (await (await fetch(`${bff.url}/api/v1/tracks/${prog.trackId}/playback`)).json()) as PlaybackResponse;
      result.progressiveMs.push(await progressiveTrial(b, `${bff.url}${info.progressiveUrl}`));

      const warm = pick(2) === cold ? pick(1) : pick(2);
      await pauseApp(b);
      await focusRow(b, warm.albumId, warm.rows, warm.index, false);
      // "With the preload done": its manifest and first segments are in memory.
      await waitUntilTrue(b, `preload of ${warm.trackId}`, () =>
        b.execute((id) => window.__encore!.readyPreloadIds.includes(id), warm.trackId),
      );
      await armEnterToPlaying(b);
      await b.keys(Key.Enter);
      result.dashPreloadedMs.push(await readEnterToPlaying(b, warm.trackId, true, result.preloadedStages));
      await b.pause(LISTEN_MS);
    }
    // The same rows through the app on its progressive path, after the DASH trials rather than
    // between them: a second app drawing beside the measured one took the main thread from its
    // short starts (preloaded starts went from 19 to 27–33 ms with one running).
    await freshPage(b, '?device=browser&no-mse-aac');
    // Its first play is not a later one.
    await laterPlay(b, coldRows[0]!, [], {});
    for (const row of coldRows) await laterPlay(b, row, result.appProgressiveMs, result.appProgressiveStages);
    await pauseApp(b);
    return result;
  } finally {
    await close();
  }
}

/** Cold start (fresh page loads) and key → next frame on Home, at `cpuRate`× CPU throttling. */
export async function benchUi(bff: RunningBff, cpuRate: number, coldStarts: number, keyPresses: number): Promise<UiBenchResult> {
  const { browser: b, close } = await launchBrowser();
  const coldStartMs: number[] = [];
  const keyToFrameMs: number[] = [];
  let idleFrameMs: number[] = [];
  try {
    await cdp(b, 'Network.enable');
    await cdp(b, 'Network.setCacheDisabled', { cacheDisabled: true });
    await cdp(b, 'Emulation.setCPUThrottlingRate', { rate: cpuRate });
    for (let i = 0; i < coldStarts; i++) {
      await b.url('about:blank');
      await b.url(`${bff.url}/`);
      // performance.now() counts from the navigation's start.
      const ms = await b.executeAsync((done: (ms: number) => void) => {
        const check = () => {
          const path = window.__encore?.focusedPath() ?? '';
          if (/^App\/home\/Rail\d+\/Tile\d+$/.test(path)) done(performance.now());
          else requestAnimationFrame(check);
        };
        check();
      });
      coldStartMs.push(ms);
    }
    idleFrameMs = await idleFrames(b);
    // Key → the next frame drawn after Lightning handled it, on Home, at the same throttling.
    await b.execute(() => {
      const w = window as unknown as { __frames: number[] };
      w.__frames = [];
      window.addEventListener(
        'keydown',
        () => {
          const t = performance.now();
          // Lightning's frame callback was queued before ours, so ours runs once that frame is drawn.
          requestAnimationFrame(() => w.__frames.push(performance.now() - t));
        },
        true,
      );
    });
    for (let i = 0; i < keyPresses; i++) {
      await b.keys(i % 8 < 4 ? Key.ArrowRight : Key.ArrowLeft);
      await b.pause(120);
    }
    keyToFrameMs.push(...(await b.execute(() => (window as unknown as { __frames: number[] }).__frames)));
  } finally {
    await close();
  }
  return { coldStartMs, keyToFrameMs, idleFrameMs, jsBrotliBytes: jsBrotliBytes() };
}

/** rAF-to-rAF intervals over ~2 s with no input: the baseline the UI sections compare with. */
export function idleFrames(b: WebdriverIO.Browser): Promise<number[]> {
  return b.executeAsync((done: (xs: number[]) => void) => {
    const xs: number[] = [];
    let last = performance.now();
    const tick = () => {
      const now = performance.now();
      xs.push(now - last);
      last = now;
      if (xs.length < 120) requestAnimationFrame(tick);
      else done(xs.slice(1));
    };
    requestAnimationFrame(tick);
  });
}

function jsBrotliBytes(): number {
  const dir = path.resolve('dist/browser');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.js.br'))
    .reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0);
}
