/**
 * Where the ms of a start go: `npx tsx test/bench/start-trace.ts [home] [trials]` plays a track
 * the way the playback bench does (a first play in a fresh page, then a later play not
 * preloaded) and prints, in ms after Enter, every request made (start, first byte, end, bytes),
 * the media element's events with the MSE and MediaCapabilities calls on the way, the main
 * thread's long tasks, and a sampled CPU profile of the main thread between Enter and `playing`
 * (inclusive by function, and self time with callers). Not a benchmark: one trace per kind of
 * start, for reading next to `npm run bench -- playback`'s ratios.
 */
import path from 'node:path';
import { Key } from 'webdriverio';
import type { AlbumResponse, HomeResponse } from '../../src/protocol';
import { launchBrowser, freePort } from '../e2e/support/browser';
import { startBff } from '../e2e/support/bff';
import { ensureTestBuild } from '../e2e/support/test-build';
import { applyNetwork, HOME_NETWORK, LOCALHOST } from './playback-bench';

type Page = WebdriverIO.Browser;

interface Marks {
  key?: number;
  playing?: number;
  events: Array<[string, number]>;
  longTasks: Array<[number, number]>;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const home = process.argv.includes('home');
const trials = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 1);
const net = home ? HOME_NETWORK : LOCALHOST;
const fmt = (n: number) => n.toFixed(0).padStart(5);

const syncDecode = process.argv.includes('syncdecode');

async function arm(b: Page): Promise<void> {
  await b.execute((sync: boolean, process_timers: boolean) => {
    if (sync && !(window as unknown as { __syncDecode?: boolean }).__syncDecode) {
      (window as unknown as { __syncDecode?: boolean }).__syncDecode = true;
      MediaCapabilities.prototype.decodingInfo = function (config: MediaDecodingConfiguration) {
        const type = config.audio?.contentType ?? config.video?.contentType ?? '';
        const supported = MediaSource.isTypeSupported(type);
        return Promise.resolve({ supported, smooth: supported, powerEfficient: supported, configuration: config } as unknown as MediaCapabilitiesDecodingInfo);
      };
    }
    const w = window as unknown as { __trace: Marks; __traceArmed?: boolean };
    w.__trace = { events: [], longTasks: [] };
    if (w.__traceArmed) return;
    w.__traceArmed = true;
    const since = () => performance.now() - (w.__trace.key ?? Number.NaN);
    window.addEventListener(
      'keydown',
      (e) => {
        if (e.keyCode === 13 && w.__trace.key === undefined) w.__trace.key = performance.now();
      },
      true,
    );
    window.addEventListener('keyup', (e) => e.keyCode === 13 && mark('keyup'), true);
    // On the document (capture: media events do not bubble), so both decks of a two-pipeline
    // profile are heard: a later play starts on the idle element.
    for (const type of ['emptied', 'loadstart', 'durationchange', 'loadedmetadata', 'loadeddata', 'play', 'canplay', 'playing']) {
      document.addEventListener(
        type,
        (e) => {
          if (w.__trace.key === undefined || !(e.target instanceof HTMLMediaElement)) return;
          const deck = e.target === window.__encore!.mediaElement ? '' : '′';
          w.__trace.events.push([`${type}${deck}`, since()]);
          if (type === 'playing' && w.__trace.playing === undefined) w.__trace.playing = performance.now();
        },
        true,
      );
    }
    // The MSE and MediaCapabilities calls on the way, as they happen (Shaka calls the prototypes).
    const mark = (what: string) => {
      if (w.__trace.key !== undefined) w.__trace.events.push([what, since()]);
    };
    const wrap = <T extends object>(proto: T, name: string, label: (args: unknown[]) => string, settle = false) => {
      const original = (proto as Record<string, unknown>)[name] as (...a: unknown[]) => unknown;
      (proto as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
        mark(label(args));
        const out = original.apply(this, args);
        if (settle && out instanceof Promise) void out.then(() => mark(`${label(args)} done`), () => undefined);
        return out;
      };
    };
    if (process_timers) {
      const st = window.setTimeout.bind(window);
      (window as unknown as { setTimeout: unknown }).setTimeout = (fn: (...a: unknown[]) => void, ms?: number, ...rest: unknown[]) => {
        const where = (new Error().stack ?? '').split('\n').slice(2, 4).map((l) => l.trim().replace(/^at /, '').replace(/\(?https?:\/\/[^/]+\//, '').slice(0, 40)).join('<');
        if (ms && ms > 0) mark(`setTimeout ${ms} ${where}`);
        return st((...args: unknown[]) => { if (ms && ms > 0) mark(`fired ${ms}`); fn(...args); }, ms, ...rest);
      };
    }
    wrap(MediaCapabilities.prototype, 'decodingInfo', () => 'decodingInfo', true);
    wrap(HTMLMediaElement.prototype, 'setMediaKeys', () => 'setMediaKeys', true);
    wrap(navigator, 'requestMediaKeySystemAccess', () => 'requestMediaKeySystemAccess', true);
    wrap(window, 'requestAnimationFrame', () => 'rAF');
    wrap(MediaSource.prototype, 'addSourceBuffer', () => 'addSourceBuffer');
    wrap(HTMLMediaElement.prototype, 'play', () => 'play()');
    wrap(HTMLMediaElement.prototype, 'pause', () => 'pause()');
    wrap(HTMLMediaElement.prototype, 'load', () => 'load()');
    wrap(HTMLMediaElement.prototype, 'removeAttribute', (a) => `removeAttribute ${String(a[0])}`);
    wrap(console, 'error', (a) => `console.error ${String(a[0]).slice(0, 60)}`);
    wrap(console, 'warn', (a) => `console.warn ${String(a[0]).slice(0, 60)}`);
    wrap(window, 'fetch', (a) => `fetch ${String(a[0] instanceof Request ? a[0].url : a[0]).replace(/^.*\//, '').slice(0, 24)}`);
    const srcSetter = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'src')!;
    Object.defineProperty(HTMLMediaElement.prototype, 'src', {
      ...srcSetter,
      set(this: HTMLMediaElement, v: string) {
        mark(`src=${v ? v.slice(0, 12) : "''"}`);
        srcSetter.set!.call(this, v);
      },
    });
    wrap(SourceBuffer.prototype, 'appendBuffer', (a) => `append ${(a[0] as ArrayBuffer).byteLength}`);
    const createObjectURL = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (obj: Blob | MediaSource) => {
      if (obj instanceof MediaSource) {
        mark('MediaSource url');
        obj.addEventListener('sourceopen', () => mark('sourceopen'));
        obj.addEventListener('sourceclose', () => mark('sourceclose'));
      }
      return createObjectURL(obj);
    };
    const addSb = MediaSource.prototype.addSourceBuffer;
    MediaSource.prototype.addSourceBuffer = function (type: string) {
      const sb = addSb.call(this, type);
      sb.addEventListener('updateend', () => mark('updateend'));
      return sb;
    };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__trace.longTasks.push([e.startTime, e.duration]);
    }).observe({ entryTypes: ['longtask'] });
  }, syncDecode, process.argv.includes('timers'));
}

async function catalogue(base: string): Promise<Array<{ id: string; rows: number }>> {
  const h = (await (await fetch(`${base}/api/v1/home`)).json()) as HomeResponse;
  const ids = [...new Set(h.rails.flatMap((r) => r.items).filter((c) => c.kind === 'album').map((c) => c.id))];
  return Promise.all(
    ids.map(async (id) => ({ id, rows: ((await (await fetch(`${base}/api/v1/albums/${id}`)).json()) as AlbumResponse).tracks.length })),
  );
}

async function enterOnRow(b: Page, albumId: string, rows: number, index: number): Promise<void> {
  await b.execute((id) => {
    location.hash = `#album/${id}`;
  }, albumId);
  await b.waitUntil(async () => /^App\/album\/(Play|Tracks\/Row\d+)$/.test(await b.execute(() => window.__encore?.focusedPath() ?? '')), { interval: 20 });
  const onPlay = (await b.execute(() => window.__encore!.focusedPath())) === 'App/album/Play';
  await b.keys([...(onPlay ? [] : [Key.ArrowLeft]), Key.ArrowDown, ...Array<string>(rows).fill(Key.ArrowUp), ...Array<string>(index).fill(Key.ArrowDown), Key.Enter]);
}

/** Inclusive time of each named function (counted once per sample), between two profile times. */
function inclusiveTimes(profile: Profile, fromUs: number, toUs: number): Array<[string, number]> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const total = new Map<string, number>();
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i]!;
    if (t < fromUs || t > toUs) continue;
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const seen = new Set<string>();
    for (let id: number | undefined = profile.samples[i]!; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id)!.callFrame;
      if (!f.functionName || f.functionName.length < 4) continue;
      const name = `${f.functionName} ${path.basename(f.url)}`;
      if (seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + ms);
    }
  }
  return [...total.entries()].sort((a, b) => b[1] - a[1]);
}

function selfTimes(profile: Profile, fromUs: number, toUs: number): Array<[string, number]> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const frame = (n: ProfileNode) => `${n.callFrame.functionName || '(anon)'} ${path.basename(n.callFrame.url)}:${n.callFrame.lineNumber}`;
  /** A native function's name with its JS callers, so a WebGL call says who drew. */
  const stack = (n: ProfileNode): string => {
    const names = [frame(n)];
    for (let id = parent.get(n.id); id !== undefined && names.length < 7; id = parent.get(id)) names.push(frame(byId.get(id)!));
    return names.join(' < ');
  };
  const self = new Map<string, number>();
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i]!;
    if (t < fromUs || t > toUs) continue;
    const node = byId.get(profile.samples[i]!)!;
    const name = stack(node);
    self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
  }
  return [...self.entries()].sort((a, b) => b[1] - a[1]);
}

/**
 * What the main thread ran, in 5 ms steps after Enter: per step, the outermost named frames of
 * its busiest stack (idle steps are printed as '·'), so a wait shows as a run of dots.
 */
function timeline(profile: Profile, fromUs: number, toUs: number): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const outer = (n: ProfileNode): string => {
    const names: string[] = [];
    for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id)!.callFrame;
      if (f.functionName && f.functionName !== '(root)') names.unshift(`${f.functionName}@${path.basename(f.url).slice(0, 12)}`);
    }
    return names.slice(0, 4).join('>') || '·';
  };
  const steps = new Map<number, Map<string, number>>();
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i]!;
    if (t < fromUs || t > toUs) continue;
    const step = Math.floor((t - fromUs) / 5000);
    const name = outer(byId.get(profile.samples[i]!)!);
    const m = steps.get(step) ?? new Map<string, number>();
    m.set(name, (m.get(name) ?? 0) + 1);
    steps.set(step, m);
  }
  return [...steps.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([step, m]) => `${String(step * 5).padStart(4)}  ${[...m.entries()].sort((a, b) => b[1] - a[1])[0]![0].replace(/\(idle\)/, '·')}`);
}

async function traceOne(b: Page, label: string, albumId: string, rows: number, index: number): Promise<void> {
  await arm(b);
  await b.execute(() => performance.clearResourceTimings());
  await b.sendCommandAndGetResult('Profiler.enable', {});
  await b.sendCommandAndGetResult('Profiler.setSamplingInterval', { interval: 200 });
  await b.sendCommandAndGetResult('Profiler.start', {});
  // The profile's clock is not the page's: pin its start to performance.now() (± a round trip).
  const profiledFrom = await b.execute(() => performance.now());
  await enterOnRow(b, albumId, rows, index);
  await b.waitUntil(() => b.execute(() => (window as unknown as { __trace: Marks }).__trace.playing !== undefined), { timeout: 20_000, interval: 20 });
  const { profile } = (await b.sendCommandAndGetResult('Profiler.stop', {})) as { profile: Profile };
  const marks = await b.execute(() => (window as unknown as { __trace: Marks }).__trace);
  const resources = await b.execute(() =>
    performance.getEntriesByType('resource').map((e) => {
      const r = e as PerformanceResourceTiming;
      return { name: r.name, start: r.startTime, firstByte: r.responseStart, end: r.responseEnd, bytes: r.encodedBodySize };
    }),
  );
  const key = marks.key!;
  const trackId = await b.execute(() => window.__encore!.trackId);
  console.log(`\n### ${label}, ${net.name}: ${trackId} playing ${(marks.playing! - key).toFixed(0)} ms after Enter`);
  console.log('requests (ms after Enter: start, first byte, end; bytes):');
  for (const r of resources.filter((r) => r.end > key - 50)) {
    console.log(`  ${fmt(r.start - key)} ${fmt(r.firstByte - key)} ${fmt(r.end - key)}  ${String(r.bytes).padStart(7)}  ${r.name.replace(/^https?:\/\/[^/]+/, '').slice(0, 90)}`);
  }
  console.log(`events (media element, MSE, MediaCapabilities): ${marks.events.map(([t, ms]) => `${t} ${ms.toFixed(0)}`).join(' → ')}`);
  console.log(`long tasks: ${marks.longTasks.filter(([s]) => s > key - 100).map(([s, d]) => `${(s - key).toFixed(0)}+${d.toFixed(0)}`).join(', ') || 'none'}`);
  const toProfile = (pageMs: number) => profile.startTime + (pageMs - profiledFrom) * 1000;
  const self = selfTimes(profile, toProfile(key), toProfile(marks.playing!));
  const total = self.reduce((s, [, ms]) => s + ms, 0);
  // The sampler skips stretches now and then (a sample total far under the window says so).
  console.log(`main-thread samples Enter → playing: ${total.toFixed(0)} ms; inclusive times (named functions):`);
  for (const [name, ms] of inclusiveTimes(profile, toProfile(key), toProfile(marks.playing!)).slice(0, 25)) console.log(`  ${ms.toFixed(1).padStart(6)} ms  ${name}`);
  if (process.argv.includes('timeline')) {
    console.log('timeline (ms after Enter, busiest stack):');
    for (const line of timeline(profile, toProfile(key), toProfile(marks.playing!))) console.log(`  ${line}`);
  }
  console.log('top self times, with callers:');
  for (const [name, ms] of self.slice(0, 12)) console.log(`  ${ms.toFixed(1).padStart(6)} ms  ${name}`);
}

async function pause(b: Page): Promise<void> {
  await b.pause(800); // as the playback bench: a start is heard a moment (the old deck is let go)
  await b.keys(Key.Space);
  await b.waitUntil(() => b.execute(() => window.__encore!.mediaElement.paused), { interval: 20 });
}

ensureTestBuild();
const bff = await startBff({ dataDir: path.resolve('.tmp/bench-data'), port: await freePort() });
const { browser: b, close } = await launchBrowser();
try {
  const albums = await catalogue(bff.url);
  for (let i = 0; i < trials; i++) {
    await b.url('about:blank');
    await applyNetwork(b, net);
    await b.url(`${bff.url}/`);
    await b.waitUntil(async () => (await b.execute(() => window.__encore?.focusedPath() ?? '')).startsWith('App/home/'), { interval: 20 });
    const [a1, a2] = [albums[(2 * i) % albums.length]!, albums[(2 * i + 1) % albums.length]!];
    await traceOne(b, 'first play (fresh page)', a1.id, a1.rows, 1 + (i % (a1.rows - 1)));
    await pause(b);
    await traceOne(b, 'later play', a2.id, a2.rows, 1 + ((i + 2) % (a2.rows - 1)));
    await pause(b);
    // Both decks of a two-pipeline profile exist from here on.
    await traceOne(b, 'another later play', a1.id, a1.rows, 1 + ((i + 1) % (a1.rows - 1)));
    await pause(b);
  }
} finally {
  await close();
  await bff.stop();
}
