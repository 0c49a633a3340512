/**
 * `npm run bench -- search`: search on a generated catalogue of 50,000 tracks / 5,000 albums /
 * 1,000 artists (rows only, no media), built once into .tmp/bench-search through upsertTrack.
 * (1) BFF: GET /api/v1/search per keystroke (every prefix of real names), p50/p95, next to GET
 *     /health on the same server as the HTTP floor.
 * (2) TV: key press → the frame with that keystroke's results, typing on the on-screen keyboard,
 *     against Home's key → frame in the same browser, at 4× CPU throttling, on localhost and
 *     under Network.emulateNetworkConditions (50 ms, 20 Mbit/s); each twice: OK pressed as soon
 *     as focus reaches the key, and OK after resting on it (how a person types with a D-pad;
 *     the page asks ahead for the key rested on, search-page.ts PREFETCH_REST_MS).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Key } from 'webdriverio';
import WebSocket from 'ws';
import { startBff } from '../e2e/support/bff';
import { freePort, launchBrowser } from '../e2e/support/browser';
import { ensureGeneratedCatalogue } from '../fixtures/search-catalogue';
import { HOME_NETWORK, LOCALHOST, type Network } from './playback-bench';

const dataDir = path.resolve('.tmp/bench-search');
/** How long a keystroke's results may take before it counts as not drawn. */
const STROKE_TIMEOUT_MS = 5000;
/** A person's pause on a key before OK (well over the page's prefetch rest). */
const REST_MS = 300;
/**
 * A TV's CPU (4× throttled on this box), then none; ENCORE_BENCH_CPU=4 (or 1) runs one, and
 * ENCORE_BENCH_NET=localhost (or home) one network.
 */
const CPU_RATES = (process.env.ENCORE_BENCH_CPU ?? '4,1').split(',').map(Number);
/**
 * ENCORE_BENCH_TRACE=<path prefix>: also record a Chromium trace (CDP Tracing, every process) of
 * each TV run's typing, written to <prefix>-<cpu>x-<network>-rest<ms>.json for DevTools or
 * Perfetto, with an "encore-key" mark at each OK and an "encore-results" measure to its frame;
 * ENCORE_BENCH_PROFILE=1 adds V8's sampling profiler to it (which functions the frames ran).
 */
const TRACE = process.env.ENCORE_BENCH_TRACE ?? null;
/** OK at once, then after resting on the key; ENCORE_BENCH_REST=0 (or 300) runs one. */
const RESTS = (process.env.ENCORE_BENCH_REST ?? `0,${REST_MS}`).split(',').map(Number);

export interface SearchBenchResult {
  catalogue: { tracks: number; albums: number; artists: number };
  bffSearchMs: number[];
  bffHealthMs: number[];
  /** Per query length: the empty query, one letter (a prefix over most of the catalogue), … */
  bffByLength: Record<string, number[]>;
  tv: Array<{
    network: string;
    /** Chromium's CPU throttling rate (4: a TV's CPU on this box; 1: none). */
    cpu: number;
    restMs: number;
    homeKeyToFrameMs: number[];
    keyToResultsMs: number[];
    keyToDataMs: number[];
    drawMs: number[];
    keystrokes: number;
    strokes: StrokeBreakdown[];
  }>;
}

/** One OK press as the page saw it (times: performance.now() in the page). */
interface Stroke {
  t: number;
  /** The query line before and after the key. */
  before: string | null;
  typed: string | null;
  drawnAt: number | null;
  drawMs: number | null;
  frameAt: number | null;
  /** Frames Lightning drew from the key to the results' frame, that one included. */
  framesToResults: number | null;
  /** Not drawn in time: the results on screen then. */
  shownAtTimeout?: string;
  /** Upload and text counters at the key and after the results' frame. */
  gpuAtKey: GpuCount;
  gpuAtFrame: GpuCount | null;
}

interface GpuCount {
  uploads: number;
  uploadMs: number;
  texts: number;
  textMs: number;
  /** Frames Lightning drew (clears of the canvas itself, not of a render texture). */
  frames: number;
}

interface PageRequest {
  url: string;
  start: number;
  sent: number;
  firstByte: number;
  end: number;
}

/**
 * Where one keystroke's time went, in ms after the key: the request that answered it (null when
 * drawn from an answer already in hand), the answer drawn, the frame showing it.
 */
export interface StrokeBreakdown {
  query: string;
  /** 'key': asked after the key; 'ahead': asked before it (the rest prefetch), still in flight;
   * 'cache': answered before the key; 'none': not drawn within 5 s. */
  source: 'key' | 'ahead' | 'cache' | 'none';
  /** fetch() called → request on the wire → first byte → last byte. */
  fetchAt: number | null;
  sentAt: number | null;
  firstByteAt: number | null;
  answerAt: number | null;
  keyToDrawn: number | null;
  drawMs: number | null;
  keyToFrame: number | null;
  /** Search requests for other queries in flight at the key (the feed waits for them). */
  behind: string[];
  /** Other requests (artwork…) in flight between the key and this one's request going out. */
  otherInFlight: number;
  /** Long tasks (≥ 50 ms: script, GC, layout) overlapping key → frame, their total ms. */
  longTaskMs: number;
  /** Not drawn in time: what was on screen, and the search requests after the key. */
  missed?: string;
  /** Texture uploads and canvas text draws from the key to the results' frame, and their ms. */
  uploads: number | null;
  uploadMs: number | null;
  texts: number | null;
  textMs: number | null;
  /**
   * Frames Lightning drew from the key to the results' frame, that one included (1: the results
   * came with the key's own frame). Each is a GPU frame (about 40 ms of SwiftShader on this box)
   * and the next waits for it, so every frame queued ahead of the results delays them.
   */
  framesToResults: number | null;
}

/**
 * The on-screen keyboard's plain layout and its moves (src/app/components/on-screen-keyboard.ts):
 * keys of different widths, Up/Down to the key under the centre of the one left, Right wrapping
 * round a row. Left is never pressed on a row's first key: that opens the side menu.
 */
class KeyboardModel {
  static readonly ROWS = ['abcdefghijklm', 'nopqrstuvwxyz', '1234567890', null] as const;
  /** Widths in key units; the action row is Space, Delete, Clear, accents. */
  static readonly SPANS = [Array<number>(13).fill(1), Array<number>(13).fill(1), Array<number>(10).fill(1), [4, 3, 3, 3]];
  static readonly CLEAR = { row: 3, col: 2 };
  private at = { row: 0, col: 0 };

  static keyOf(ch: string): { row: number; col: number } | null {
    if (ch === ' ') return { row: 3, col: 0 };
    const row = KeyboardModel.ROWS.findIndex((r) => r !== null && r.includes(ch));
    return row < 0 ? null : { row, col: KeyboardModel.ROWS[row]!.indexOf(ch) };
  }

  /** The arrow keys from the key focused now to `to`; focus is then there. */
  pathTo(to: { row: number; col: number }): string[] {
    const keys: string[] = [];
    while (this.at.row !== to.row) {
      const row = this.at.row + (to.row > this.at.row ? 1 : -1);
      const spans = KeyboardModel.SPANS;
      const x = (r: number, c: number) => spans[r]!.slice(0, c).reduce((n, w) => n + w, 0);
      const centre = x(this.at.row, this.at.col) + spans[this.at.row]![this.at.col]! / 2;
      let col = 0;
      for (let c = 0; c < spans[row]!.length; c++) if (x(row, c) <= centre) col = c;
      keys.push(to.row > this.at.row ? Key.ArrowDown : Key.ArrowUp);
      this.at = { row, col };
    }
    while (this.at.col < to.col) (keys.push(Key.ArrowRight), this.at.col++);
    while (this.at.col > to.col) (keys.push(Key.ArrowLeft), this.at.col--);
    return keys;
  }
}

const SEARCH_PATH = '/api/v1/search?q=';

function searchQueryOf(url: string): string | null {
  const i = url.indexOf(SEARCH_PATH);
  return i < 0 ? null : decodeURIComponent(url.slice(i + SEARCH_PATH.length));
}

function breakdown(strokes: Stroke[], requests: PageRequest[], longTasks: Array<[number, number]>): StrokeBreakdown[] {
  const searches = requests.filter((r) => searchQueryOf(r.url) !== null);
  return strokes.map((k) => {
    const query = (k.typed ?? '').trim();
    const end = k.frameAt ?? k.t + 5000;
    const until = k.drawnAt ?? end;
    const mine = searches.filter((r) => searchQueryOf(r.url) === query && r.end <= until + 1).pop() ?? null;
    const source = k.drawnAt === null ? 'none' : !mine || mine.end < k.t ? 'cache' : mine.start < k.t ? 'ahead' : 'key';
    const rel = (n: number | undefined) => (n === undefined || n === 0 ? null : n - k.t);
    const live = source === 'key' || source === 'ahead';
    const goesOut = live && mine ? mine.sent || mine.start : k.t;
    return {
      query,
      source,
      fetchAt: live ? rel(mine?.start) : null,
      sentAt: live ? rel(mine?.sent) : null,
      firstByteAt: live ? rel(mine?.firstByte) : null,
      answerAt: live ? rel(mine?.end) : null,
      keyToDrawn: k.drawnAt === null ? null : k.drawnAt - k.t,
      drawMs: k.drawMs,
      keyToFrame: k.frameAt === null ? null : k.frameAt - k.t,
      behind: searches.filter((r) => r !== mine && r.start < k.t && r.end > k.t).map((r) => searchQueryOf(r.url)!),
      otherInFlight: requests.filter((r) => searchQueryOf(r.url) === null && r.start < goesOut && r.end > k.t).length,
      longTaskMs: longTasks.filter(([s, d]) => s < end && s + d > k.t).reduce((n, [, d]) => n + d, 0),
      uploads: k.gpuAtFrame ? k.gpuAtFrame.uploads - k.gpuAtKey.uploads : null,
      uploadMs: k.gpuAtFrame ? k.gpuAtFrame.uploadMs - k.gpuAtKey.uploadMs : null,
      texts: k.gpuAtFrame ? k.gpuAtFrame.texts - k.gpuAtKey.texts : null,
      textMs: k.gpuAtFrame ? k.gpuAtFrame.textMs - k.gpuAtKey.textMs : null,
      framesToResults: k.framesToResults,
      ...(source === 'none'
        ? {
            missed: `showing ${k.shownAtTimeout ?? '?'}; requests ${searches
              .filter((r) => r.end > k.t - 1000 && r.start < end)
              .map((r) => `${JSON.stringify(searchQueryOf(r.url))} ${Math.round(r.start - k.t)}→${Math.round(r.end - k.t)}`)
              .join(', ')}`,
          }
        : {}),
    };
  });
}

/** The issue's 50k / 5k / 1k catalogue, and what people type: beginnings of its names. */
function ensureCatalogue(): Promise<{ names: string[]; counts: SearchBenchResult['catalogue'] }> {
  return ensureGeneratedCatalogue(dataDir, 1000, (db) => {
    const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    // What people type: beginnings of artist, album and track names.
    const names = db
      .prepare<[], { n: string }>(
        `SELECT n FROM (SELECT name AS n FROM artists ORDER BY rowid LIMIT 20)
         UNION ALL SELECT n FROM (SELECT title AS n FROM albums ORDER BY rowid DESC LIMIT 20)
         UNION ALL SELECT n FROM (SELECT title AS n FROM tracks ORDER BY rowid LIMIT 20 OFFSET 25000)`,
      )
      .all()
      .map((r) => r.n.toLowerCase());
    return { names, counts: { tracks: count('tracks'), albums: count('albums'), artists: count('artists') } };
  });
}

async function timeGet(url: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(url);
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`bench: ${url} answered ${res.status}`);
  return performance.now() - t;
}

export async function benchSearch(): Promise<SearchBenchResult> {
  const { names, counts } = await ensureCatalogue();
  const bff = await startBff({ dataDir, port: await freePort() });
  try {
    // Warm: the vocabulary set is built by the first 5+ letter query after a catalogue change.
    await timeGet(`${bff.url}/api/v1/search?q=warmup`);
    const bffSearchMs: number[] = [];
    const bffHealthMs: number[] = [];
    const bffByLength: Record<string, number[]> = { empty: [], '1 letter': [], '2 letters': [], '3+ letters': [] };
    const bucket = (n: number) => (n === 0 ? 'empty' : n === 1 ? '1 letter' : n === 2 ? '2 letters' : '3+ letters');
    for (const name of names) {
      for (let i = 0; i <= Math.min(name.length, 12); i++) {
        const ms = await timeGet(`${bff.url}/api/v1/search?q=${encodeURIComponent(name.slice(0, i))}`);
        // The empty query (recent searches and genres, what Clear asks) is timed apart.
        if (i > 0) bffSearchMs.push(ms);
        bffByLength[bucket(i)]!.push(ms);
        bffHealthMs.push(await timeGet(`${bff.url}/health`));
      }
    }
    const tv: SearchBenchResult['tv'] = [];
    for (const cpu of CPU_RATES) {
      for (const net of [LOCALHOST, HOME_NETWORK].filter((n) => !process.env.ENCORE_BENCH_NET || n.name.startsWith(process.env.ENCORE_BENCH_NET))) {
        for (const restMs of RESTS) tv.push(await benchTv(bff.url, net, cpu, names.slice(0, 6), restMs));
      }
    }
    return { catalogue: counts, bffSearchMs, bffHealthMs, bffByLength, tv };
  } finally {
    await bff.stop();
  }
}

async function benchTv(url: string, net: Network, cpu: number, words: string[], restMs: number): Promise<SearchBenchResult['tv'][number]> {
  const debugPort = TRACE ? await freePort() : null;
  const { browser: b, close } = await launchBrowser(debugPort ? { args: [`--remote-debugging-port=${debugPort}`] } : {});
  const cdp = (cmd: string, params: object = {}) => b.sendCommandAndGetResult(cmd, params);
  try {
    await cdp('Network.enable');
    if (net.latencyMs !== null) {
      await cdp('Network.emulateNetworkConditions', {
        offline: false,
        latency: net.latencyMs,
        downloadThroughput: (net.throughputBitsPerSec ?? 0) / 8,
        uploadThroughput: (net.throughputBitsPerSec ?? 0) / 8,
      });
    }
    await cdp('Emulation.setCPUThrottlingRate', { rate: cpu });
    await b.url(`${url}/`);
    await b.waitUntil(async () => /^App\/home\/Rail\d+\/Tile\d+$/.test(await b.execute(() => window.__encore?.focusedPath() ?? '')), { timeout: 30_000 });
    // Baseline: Home's key → next frame, as the UI section measures it.
    await b.execute(() => {
      const w = window as unknown as { __frames: number[] };
      w.__frames = [];
      window.addEventListener('keydown', () => {
        const t = performance.now();
        requestAnimationFrame(() => w.__frames.push(performance.now() - t));
      }, true);
    });
    for (let i = 0; i < 40; i++) {
      await b.keys(i % 8 < 4 ? Key.ArrowRight : Key.ArrowLeft);
      await b.pause(120);
    }
    const homeKeyToFrameMs = await b.execute(() => (window as unknown as { __frames: number[] }).__frames);

    await b.execute(() => {
      location.hash = '#search';
    });
    await b.waitUntil(async () => (await b.execute(() => window.__encore?.focusedPath() ?? '')) === 'App/search/Keyboard', { timeout: 30_000 });
    // Key → the first frame drawn after that keystroke's results were put on screen; per keystroke
    // also what it typed, when its answer was drawn, and the requests and long tasks around it
    // (Resource Timing and Long Tasks, read after the run: nothing extra runs on the key path).
    await b.execute((STROKE_TIMEOUT_MS: number, marks: boolean) => {
      const w = window as unknown as { __strokes: Stroke[]; __long: Array<[number, number]>; __strokeDone: (() => void) | null };
      w.__strokes = [];
      w.__long = [];
      // The bench's wait for a keystroke (strokeDone below), told when it is over.
      w.__strokeDone = null;
      const over = () => {
        const done = w.__strokeDone;
        w.__strokeDone = null;
        done?.();
      };
      performance.setResourceTimingBufferSize(100_000);
      // Texture uploads (Lightning's text is drawn on a canvas and uploaded as a texture), text
      // drawing and frames drawn, counted (and timed) from the key to the results' frame.
      const gpu = { uploads: 0, uploadMs: 0, texts: 0, textMs: 0, frames: 0 };
      (window as unknown as { __gpu: typeof gpu }).__gpu = gpu;
      const wrap = (proto: object | undefined, name: string, count: 'uploads' | 'texts', ms: 'uploadMs' | 'textMs') => {
        const target = proto as Record<string, (...args: unknown[]) => unknown> | undefined;
        const original = target?.[name];
        if (!target || !original) return;
        target[name] = function (this: unknown, ...args: unknown[]) {
          const at = performance.now();
          try {
            return original.apply(this, args);
          } finally {
            gpu[count] += 1;
            gpu[ms] += performance.now() - at;
          }
        };
      };
      wrap(window.WebGLRenderingContext?.prototype, 'texImage2D', 'uploads', 'uploadMs');
      wrap(window.WebGL2RenderingContext?.prototype, 'texImage2D', 'uploads', 'uploadMs');
      wrap(window.CanvasRenderingContext2D?.prototype, 'fillText', 'texts', 'textMs');
      // A frame Lightning draws starts with a clear of the canvas (render textures are cleared
      // with their own framebuffer bound).
      for (const proto of [window.WebGLRenderingContext?.prototype, window.WebGL2RenderingContext?.prototype]) {
        const clear = proto?.clear;
        if (!proto || !clear) continue;
        proto.clear = function (this: WebGLRenderingContext, mask: number) {
          if (this.getParameter(this.FRAMEBUFFER_BINDING) === null) gpu.frames += 1;
          return clear.call(this, mask);
        };
      }
      try {
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) w.__long.push([e.startTime, e.duration]);
        }).observe({ entryTypes: ['longtask'] });
      } catch {
        // No Long Tasks API: the breakdown goes without it.
      }
      // Capture: when the key came. Bubbling, registered after Lightning's own listener on
      // window: what the key typed, read once the page has handled it.
      window.addEventListener('keydown', (e) => {
        if (e.keyCode !== 13) return;
        const before = (window.__encore?.pageShown() as { typed: string } | null)?.typed ?? null;
        const g = (window as unknown as { __gpu: GpuCount }).__gpu;
        w.__strokes.push({ t: performance.now(), before, typed: null, drawnAt: null, drawMs: null, frameAt: null, framesToResults: null, gpuAtKey: { ...g }, gpuAtFrame: null });
        if (marks) performance.mark('encore-key');
      }, true);
      window.addEventListener('keydown', (e) => {
        if (e.keyCode !== 13) return;
        const stroke = w.__strokes[w.__strokes.length - 1]!;
        stroke.typed = (window.__encore?.pageShown() as { typed: string } | null)?.typed ?? null;
        if (stroke.typed === stroke.before) return over(); // nothing to search for (Clear on an empty line)
        const wait = () => {
          const s = window.__encore?.pageShown() as { query: string; drawnAt: number; drawMs: number } | null;
          // ≥: a cached answer drawn by the handler can fall in the same tick of the coarsened clock.
          if (s && s.drawnAt >= stroke.t && s.query === stroke.typed!.trim()) {
            // Lightning's own callback has already drawn this frame, results included: it was
            // registered first (traced: its FireAnimationFrame runs before this one in every
            // frame), so uploads, texts and frames are counted up to here.
            const gpu = { ...(window as unknown as { __gpu: GpuCount }).__gpu };
            Object.assign(stroke, { drawnAt: s.drawnAt, drawMs: s.drawMs, frameAt: performance.now(), framesToResults: gpu.frames - stroke.gpuAtKey.frames, gpuAtFrame: gpu });
            if (marks) performance.measure(`encore-results ${JSON.stringify(stroke.typed)} drawn at ${Math.round(s.drawnAt - stroke.t)} ms`, { start: stroke.t, end: stroke.frameAt! });
            over();
          } else if (performance.now() - stroke.t < STROKE_TIMEOUT_MS) requestAnimationFrame(wait);
          else {
            stroke.shownAtTimeout = s ? `${JSON.stringify(s.query)} drawn at ${Math.round(s.drawnAt - stroke.t)} ms` : 'no page';
            over();
          }
        };
        // A cached answer is drawn by the handler: the next frame shows it.
        requestAnimationFrame(wait);
      });
    }, STROKE_TIMEOUT_MS, TRACE !== null);
    // Each keystroke is measured on its own: the next key waits until its results show (or the
    // timeout), so a slow answer is timed, not superseded by the next letter. The page says when
    // (one script call per keystroke): polling it every 20 ms put a script evaluation on its main
    // thread, and chromedriver's work on the box's cores, in the middle of what is measured.
    const strokeDone = async (n: number) =>
      b.executeAsync((i: number, timeout: number, done: () => void) => {
        const w = window as unknown as { __strokes: Stroke[]; __strokeDone: (() => void) | null };
        const k = w.__strokes[i];
        if (k && (k.gpuAtFrame !== null || k.typed === k.before || performance.now() - k.t > timeout)) done();
        else w.__strokeDone = done;
      }, n, STROKE_TIMEOUT_MS);
    const keyboard = new KeyboardModel();
    let enters = 0;
    const press = async (target: { row: number; col: number }) => {
      const keys = keyboard.pathTo(target);
      if (keys.length > 0) await b.keys(keys);
      if (restMs > 0) await b.pause(restMs);
      await b.keys(Key.Enter);
      await strokeDone(enters);
      enters += 1;
      await b.pause(250);
    };
    const trace = debugPort ? await startTrace(debugPort) : null;
    for (const word of words) {
      for (const ch of word.slice(0, 6)) {
        const key = KeyboardModel.keyOf(ch);
        if (key) await press(key);
      }
      await press(KeyboardModel.CLEAR);
      await b.pause(150);
    }
    if (trace) writeFileSync(`${TRACE}-${cpu}x-${net.name.split(' ')[0]}-rest${restMs}.json`, JSON.stringify(await trace()));
    const raw = await b.execute(() => {
      const w = window as unknown as { __strokes: Stroke[]; __long: Array<[number, number]> };
      const requests = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((r) => ({
        url: r.name,
        start: r.startTime,
        sent: r.requestStart,
        firstByte: r.responseStart,
        end: r.responseEnd,
      }));
      return { strokes: w.__strokes, long: w.__long, requests };
    });
    const strokes = breakdown(raw.strokes.filter((k) => k.typed !== k.before), raw.requests, raw.long);
    const done = strokes.filter((s) => s.keyToFrame !== null);
    return {
      network: net.name,
      cpu,
      restMs,
      homeKeyToFrameMs,
      keyToResultsMs: done.map((s) => s.keyToFrame!),
      keyToDataMs: done.map((s) => s.keyToDrawn!),
      drawMs: done.map((s) => s.drawMs!),
      keystrokes: strokes.length,
      strokes,
    };
  } finally {
    await close();
  }
}

/** Starts a CDP trace of the whole browser (renderer, GPU and network processes); the returned function ends it and gives its events. */
async function startTrace(port: number): Promise<() => Promise<unknown[]>> {
  const version = (await (await fetch(`http://127.0.0.1:${port}/json/version`)).json()) as { webSocketDebuggerUrl: string };
  const ws = new WebSocket(version.webSocketDebuggerUrl);
  await new Promise<void>((resolve, reject) => ws.once('open', () => resolve()).once('error', reject));
  const events: unknown[] = [];
  let complete: () => void = () => undefined;
  let started: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (complete = resolve));
  const recording = new Promise<void>((resolve) => (started = resolve));
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as { id?: number; method?: string; params?: { value?: unknown[] } };
    if (msg.id === 1) started();
    if (msg.method === 'Tracing.dataCollected') events.push(...(msg.params?.value ?? []));
    if (msg.method === 'Tracing.tracingComplete') complete();
  });
  const categories = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame', 'toplevel', 'blink.user_timing', 'v8.execute', 'gpu', 'viz', 'cc', 'loading', 'netlog', 'scheduler', ...(process.env.ENCORE_BENCH_PROFILE ? ['disabled-by-default-v8.cpu_profiler'] : [])];
  ws.send(JSON.stringify({ id: 1, method: 'Tracing.start', params: { traceConfig: { includedCategories: categories }, transferMode: 'ReportEvents' } }));
  await recording;
  return async () => {
    ws.send(JSON.stringify({ id: 2, method: 'Tracing.end' }));
    await done;
    ws.close();
    return events;
  };
}
