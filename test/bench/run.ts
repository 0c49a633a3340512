/**
 * `npm run bench`: every figure is printed next to a baseline measured in the same run, as a
 * ratio. Sections: ingest throughput, BFF throughput, the WebSocket hub, remote command latency,
 * start of audio and UI responsiveness in headless Chromium, /health under an ingest, the JS each
 * build ships with the legacy build's cold start, search, the library scroll, the long-form
 * ladder, the gapless joins and recovery from network faults. `npm run bench -- http` (or ingest,
 * hub, remote, playback, ui, ingest-load, bundle, search, library, longform, gapless, faults) runs
 * one section.
 * The demo library is built once into .tmp/bench-data and reused.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureDemoLibrary } from '../../src/ingest/demo/ensure-demo-library';
import { ingestFolder } from '../../src/ingest/ingest-folder';
import { resolveConfig } from '../../src/config/encore-config';
import { openSqliteStores } from '../../src/store';
import { startBff } from '../e2e/support/bff';
import { freePort } from '../e2e/support/browser';
import { ensureTestBuild } from '../e2e/support/test-build';
import { benchColdStarts, buildAll } from './bundle-bench';
import { benchHttp } from './http-bench';
import { benchHub } from './hub-bench';
import { benchRemote } from './remote-bench';
import { benchHealthUnderIngest, type LatencyPhase } from './ingest-load-bench';
import { benchPlayback, benchUi, HOME_NETWORK, LOCALHOST, median, quantile, STAGES, type StageTimes } from './playback-bench';
import { benchSearch, type StrokeBreakdown } from './search-bench';
import { benchLibraryScroll } from './library-bench';
import { benchLadders, benchSeeds } from './long-form-bench';
import { benchGapless } from './gapless-bench';
import { benchFaults, FAULT_CASES, FAULT_MS, type FaultCase } from './faults-bench';
import { benchDescribe } from './describe-bench';

const sections = new Set(process.argv.slice(2));
const wants = (name: string) => sections.size === 0 || sections.has(name);
const benchData = path.resolve('.tmp/bench-data');
const fmt = (n: number, digits = 1) => n.toFixed(digits);
const stageLine = (t: StageTimes) =>
  STAGES.filter((s) => t[s]?.length).map((s) => `${s} ${fmt(median(t[s]!), 0)}`).join(' → ');

async function demoLibrary(): Promise<void> {
  const config = resolveConfig({ ENCORE_DATA_DIR: benchData });
  // Music only: the ingest section's throughput stays comparable across runs (`longform` times the show).
  const r = await ensureDemoLibrary(config, { progress: process.stdout.isTTY, show: false, continuous: false });
  if (r.built) console.log(`built the demo library in ${fmt(r.wallSeconds)} s`);
}

async function ingestSection(): Promise<void> {
  // A fresh data dir, the demo's source files: everything is transcoded, nothing is reused.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'encore-bench-ingest-'));
  try {
    const config = resolveConfig({ ENCORE_DATA_DIR: dir });
    const source = path.join(dir, 'source');
    cpSync(path.join(benchData, 'demo-source'), source, { recursive: true });
    const stores = openSqliteStores(config.dbPath);
    const s = await ingestFolder({ root: source, store: stores.catalogue, mediaDir: config.mediaDir });
    await stores.close();
    console.log('\n## Ingest (demo library, fresh data dir)');
    console.log(`tracks ${s.ingested}/${s.total}, failed ${s.failed.length}, ${fmt(s.audioSeconds, 0)} s of audio in ${fmt(s.wallSeconds)} s wall on ${s.concurrency} workers`);
    console.log(`throughput: ${fmt(s.realtimePerCore)}× real time per core (wall), ${fmt(s.realtimePerCpuSecond)}× per CPU-second of ffmpeg (target ≥ 50×)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function httpSection(): Promise<void> {
  const rows = await benchHttp(benchData, 5);
  console.log('\n## BFF throughput (autocannon, 16 connections, 5 s each, Accept-Encoding: br)');
  for (const r of rows) {
    console.log(`${r.name.padEnd(28)} ${fmt(r.reqPerSec, 0).padStart(7)} req/s  p99 ${fmt(r.p99Ms, 0).padStart(3)} ms  ${fmt(r.ratioToHello * 100, 0)} % of hello-world`);
  }
  const home = rows.find((r) => r.name === 'home')!;
  const signedIn = rows.find((r) => r.name.startsWith('home, signed in'))!;
  console.log('target: home and album ≥ 50 % of hello-world');
  console.log(`token check on home: signed-in ${fmt(signedIn.reqPerSec, 0)} req/s = ${fmt((signedIn.reqPerSec / home.reqPerSec) * 100, 0)} % of unauthenticated home`);
}

async function hubSection(): Promise<void> {
  const r = await benchHub(benchData, { idle: 5000, listeners: 10, changes: 200 });
  console.log(`\n## Hub (WebSocket, ${r.idle} authenticated idle connections + ${r.listeners} listeners of one household)`);
  console.log(`server memory: ${fmt(r.baselineRssMiB)} MiB RSS before, ${fmt(r.loadedRssMiB)} MiB with the connections open (heap ${fmt(r.baselineHeapMiB)} → ${fmt(r.loadedHeapMiB)} MiB)`);
  console.log(`per connection: ${fmt(r.rssPerConnectionKiB)} KiB RSS, ${fmt(r.heapPerConnectionKiB)} KiB heap`);
  console.log(`state change → ${r.listeners} listeners: p50 ${fmt(r.p50Ms, 2)} ms, p99 ${fmt(r.p99Ms, 2)} ms over ${r.samples} deliveries (baseline: the same with no idle connections p50 ${fmt(r.baselineP50Ms, 2)} ms, p99 ${fmt(r.baselineP99Ms, 2)} ms; p99 ratio ${fmt(r.p99Ms / r.baselineP99Ms, 2)})`);
}

async function remoteSection(): Promise<void> {
  const rows = await benchRemote(benchData, { idle: [1, 100, 5000], commands: 300 });
  const base = rows[0]!;
  console.log('\n## Remote command latency (phone PAUSE/PLAY → hub → TV receiver session → MEDIA_STATUS at the phone)');
  for (const r of rows) {
    console.log(`${String(r.idle).padStart(5)} other idle connections: p50 ${fmt(r.p50Ms, 2)} ms, p99 ${fmt(r.p99Ms, 2)} ms over ${r.samples} commands (p99 ${fmt(r.p99Ms / base.p99Ms, 2)}× the 0-idle baseline)`);
  }
  for (const r of await benchDescribe([LOCALHOST, HOME_NETWORK], 5)) {
    const one = median(r.perTrackMs);
    const batched = median(r.batchedMs);
    console.log(`\n## Describing a queue of ${r.tracks} distinct tracks (a phone's LOAD on the TV, the phone's queue tab), ${r.network}, Chromium`);
    console.log(`one playback-info call per track   median ${fmt(one, 0)} ms (baseline)`);
    console.log(`batched, ≤ 100 tracks per call     median ${fmt(batched, 0)} ms (${fmt(batched / one, 2)}× the per-track calls)`);
  }
}

async function ingestLoadSection(): Promise<void> {
  const playsPerSecond = 200;
  const r = await benchHealthUnderIngest(benchData, { copies: 40, idleSeconds: 6, playsPerSecond, rounds: 3 });
  const line = (name: string, p: LatencyPhase) =>
    `${name.padEnd(16)} /health p50 ${fmt(p.p50Ms)} ms, p99 ${fmt(p.p99Ms)} ms, max ${fmt(p.maxMs)} ms over ${p.probes} probes in ${fmt(p.seconds)} s; ` +
    `${fmt(p.playsPerSecond, 0)} plays/s, ${p.playFailures} not 204; BFF loop delay p99 ${fmt(p.loopP99Ms)} ms, max ${fmt(p.loopMaxMs)} ms; play write p99 ${fmt(p.writeP99Ms)} ms, max ${fmt(p.writeMaxMs)} ms`;
  console.log(`\n## BFF /health during ingest --prune with ~${playsPerSecond} play writes/s (${r.files} files; BFF, ingest and load in separate processes; 3 alternating rounds pooled)`);
  console.log(line('no ingest/plays', r.quiet));
  console.log(line('no ingest', r.idle));
  console.log(line('during ingest', r.ingest));
  for (const summary of r.ingestSummaries) console.log(`ingest: ${summary}`);
  console.log(`/health p99 during / idle: ${fmt(r.ingest.p99Ms / r.idle.p99Ms, 2)}×; BFF loop max during / idle: ${fmt(r.ingest.loopMaxMs / r.idle.loopMaxMs, 2)}×; play write max during / idle: ${fmt(r.ingest.writeMaxMs / r.idle.writeMaxMs, 2)}× (issue 14: max 17.6 ms at ~220 writes/s; keep it there)`);
}

async function browserSections(): Promise<void> {
  ensureTestBuild();
  const bff = await startBff({ dataDir: benchData, port: await freePort() });
  try {
    if (wants('playback')) {
      for (const net of [LOCALHOST, HOME_NETWORK]) {
        const r = await benchPlayback(bff, net, 10, 5);
        const firstCold = median(r.firstDashColdMs);
        const firstProg = median(r.firstProgressiveMs);
        const cold = median(r.dashColdMs);
        const prog = median(r.progressiveMs);
        const warm = median(r.dashPreloadedMs);
        console.log(`\n## Start of audio, ${r.network} (${r.trials} alternating trials each, HTTP cache off)`);
        console.log(`(a) first play after opening, Shaka/DASH        median ${fmt(firstCold, 0)} ms  (${fmt(firstCold / firstProg, 2)}× progressive; target ≤ 1.0×; ${r.firstDashColdMs.length} fresh pages)`);
        console.log(`    first play after opening, plain <audio src>  median ${fmt(firstProg, 0)} ms  (baseline)`);
        console.log(`    events after Enter, medians in ms: ${stageLine(r.firstColdStages)}`);
        console.log(`(a) later play, Enter → playing, Shaka/DASH     median ${fmt(cold, 0)} ms  (${fmt(cold / prog, 2)}× progressive; target ≤ 1.0×)`);
        console.log(`    plain <audio src> progressive 160 kbps       median ${fmt(prog, 0)} ms  (baseline)`);
        const appProg = median(r.appProgressiveMs);
        console.log(`    the app on its progressive path, same keys   median ${fmt(appProg, 0)} ms  (DASH ${fmt(cold / appProg, 2)}× this: the app's own key and frame costs in both; ${stageLine(r.appProgressiveStages)})`);
        console.log(`(b) Enter → playing, Shaka/DASH after dwell     median ${fmt(warm, 0)} ms  (${fmt(warm / prog, 2)}× progressive; target ≤ 0.2×)`);
        // OK starts a track on its release (a hold opens the menu): the same starts counted from there.
        const fromRelease = (ms: number[], t: StageTimes) => (t.release?.length === ms.length ? median(ms.map((m, i) => m - t.release![i]!)) : NaN);
        const coldRel = fromRelease(r.dashColdMs, r.coldStages);
        const warmRel = fromRelease(r.dashPreloadedMs, r.preloadedStages);
        console.log(`    from OK's release: (a) median ${fmt(coldRel, 0)} ms (${fmt(coldRel / prog, 2)}×), (b) median ${fmt(warmRel, 0)} ms (${fmt(warmRel / prog, 2)}×)`);
        console.log(`    events after Enter, medians in ms: (a) ${stageLine(r.coldStages)}`);
        console.log(`                                       (b) ${stageLine(r.preloadedStages)}`);
      }
    }
    if (wants('ui')) {
      for (const cpuRate of [4, 1]) {
        const u = await benchUi(bff, cpuRate, 5, 80);
        const keyP95 = quantile(u.keyToFrameMs, 0.95);
        const idleP95 = quantile(u.idleFrameMs, 0.95);
        console.log(`\n## UI (${cpuRate}× CPU throttling; WebGL is SwiftShader, software rendering)`);
        console.log(`cold start, navigation → Home focused: median ${fmt(median(u.coldStartMs), 0)} ms, max ${fmt(Math.max(...u.coldStartMs), 0)} ms (target ≤ 2000 ms at 4×)`);
        console.log(`key press → next frame: p50 ${fmt(median(u.keyToFrameMs))} ms, p95 ${fmt(keyP95)} ms over ${u.keyToFrameMs.length} presses (target p95 ≤ 50 ms)`);
        console.log(`idle frame interval (baseline, no input): p50 ${fmt(median(u.idleFrameMs))} ms, p95 ${fmt(idleP95)} ms; key p95 / idle p95 = ${fmt(keyP95 / idleP95, 2)}`);
        if (cpuRate === 4) console.log(`JS shipped (all chunks, brotli): ${fmt(u.jsBrotliBytes / 1024)} KiB`);
      }
    }
    if (wants('library')) await librarySection(bff);
  } finally {
    await bff.stop();
  }
}

/** Texture memory at the end of the scroll may be at most this multiple of the first screen's. */
const LIBRARY_TEXTURE_BOUND = 1.5;

async function librarySection(bff: Awaited<ReturnType<typeof startBff>>): Promise<void> {
  for (const cpuRate of [4, 1]) await libraryScroll(bff, cpuRate);
}

async function libraryScroll(bff: Awaited<ReturnType<typeof startBff>>, cpuRate: number): Promise<void> {
  const r = await benchLibraryScroll(bff, { rows: 2000, cpuRate, repeatMs: 50 });
  const idle95 = quantile(r.idleFrameMs, 0.95);
  const scroll95 = quantile(r.scrollFrameMs, 0.95);
  const mp = (px: number) => `${fmt(px / 1e6, 2)} MP`;
  const ratio = r.textureEnd / r.textureFirstScreen;
  console.log(`\n## Library: a ${r.rows}-track playlist scrolled with Down held (${r.cpuRate}× CPU throttling, a key every ${r.repeatMs} ms; WebGL is SwiftShader)`);
  console.log(`reached row ${r.reachedIndex + 1} of ${r.rows} in ${fmt(r.scrollSeconds)} s; row elements at the end: ${r.elements} (the virtualised ring)`);
  console.log(`frame interval while scrolling: p50 ${fmt(median(r.scrollFrameMs))} ms, p95 ${fmt(scroll95)} ms over ${r.scrollFrameMs.length} frames`);
  console.log(`idle frame interval (baseline, same page, no input): p50 ${fmt(median(r.idleFrameMs))} ms, p95 ${fmt(idle95)} ms; scroll p95 / idle p95 = ${fmt(scroll95 / idle95, 2)}`);
  console.log(
    `Lightning texture memory: first screen ${mp(r.textureFirstScreen)}, max while scrolling ${mp(r.textureMax)}, end ${mp(r.textureEnd)}; ` +
      `end / first screen = ${fmt(ratio, 2)} (bound ≤ ${LIBRARY_TEXTURE_BOUND}: ${ratio <= LIBRARY_TEXTURE_BOUND ? 'met' : 'NOT MET'})`,
  );
}

async function bundleSection(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'encore-bench-builds-'));
  try {
    const builds = await buildAll(dir);
    const kib = (n: number) => `${fmt(n / 1024)} KiB`;
    console.log('\n## JS per build and chunk (brotli 11, as the BFF serves it)');
    for (const { sizes } of Object.values(builds)) {
      const boot = sizes.boot.reduce((sum, f) => sum + sizes.js[f]!, 0);
      const total = Object.values(sizes.js).reduce((sum, n) => sum + n, 0);
      console.log(`${sizes.build} (${sizes.engines}): boot ${kib(boot)} in ${sizes.boot.length} file(s) [${sizes.boot.map((f) => `${f} ${kib(sizes.js[f]!)}`).join(' + ')}], all chunks ${kib(total)}`);
      const later = Object.keys(sizes.js).filter((f) => !sizes.boot.includes(f));
      const what = (f: string) => sizes.lazyEntries[f] ?? 'shared by lazy chunks';
      const laterBytes = later.reduce((sum, f) => sum + sizes.js[f]!, 0);
      if (later.length) console.log(`  loaded later, ${kib(laterBytes)}: ${later.sort((a, b) => sizes.js[b]! - sizes.js[a]!).map((f) => `${f} ${kib(sizes.js[f]!)} (${what(f)})`).join(', ')}`);
      console.log(`  polyfills: ${sizes.polyfills.join(' ') || 'none'}`);
    }
    const hosted = builds.hosted!;
    // Another hosted build to compare with in the same trials (bundle-bench.ts).
    const base: Record<string, string> = process.env.ENCORE_BENCH_BASE_APP ? { base: path.resolve(process.env.ENCORE_BENCH_BASE_APP) } : {};
    const trials = 5;
    const runs = [
      { network: LOCALHOST, dirs: { modern: hosted.dir, legacy: builds.webos!.dir, ...base } },
      // The packaged legacy build loads from the TV's disk; over a network only the hosted one counts.
      { network: HOME_NETWORK, dirs: { modern: hosted.dir, ...base } },
    ];
    for (const run of runs) {
      const starts = await benchColdStarts(run.dirs, 4, trials, run.network);
      const modern = starts.find((s) => s.build === 'modern')!;
      console.log(`\n## Cold start at 4× CPU throttling, navigation → Home focused (${trials} alternating trials, ${run.network.name}, cache off)`);
      for (const s of starts) {
        const ratio = median(s.coldStartMs) / median(modern.coldStartMs);
        console.log(`${s.build.padEnd(7)} median ${fmt(median(s.coldStartMs), 0)} ms, max ${fmt(Math.max(...s.coldStartMs), 0)} ms (${fmt(ratio, 2)}× modern)`);
        if (s.build !== 'modern') {
          const packaged = s.build === 'legacy' ? ' (compressed on the fly here; packaged, nothing is downloaded)' : '';
          console.log(`        JS received before Home was focused: ${kib(median(s.jsBeforeHomeBytes))}${packaged}`);
          continue;
        }
        // Which files had arrived, by the last trial: the boot files, and lazily loaded chunks
        // (Shaka is fetched once the splash is up, so on a fast network it is often there first).
        const files = s.jsBeforeHomeFiles.at(-1) ?? {};
        const sum = (names: string[]) => names.reduce((n, f) => n + files[f]!, 0);
        const boot = Object.keys(files).filter((f) => hosted.sizes.boot.includes(f));
        const early = Object.keys(files).filter((f) => !hosted.sizes.boot.includes(f));
        const named = (f: string) => `${f} ${kib(files[f]!)}${hosted.sizes.lazyEntries[f] ? ` (${hosted.sizes.lazyEntries[f]})` : ''}`;
        console.log(
          `        JS received before Home was focused: ${kib(median(s.jsBeforeHomeBytes))}; in the last trial boot files ${kib(sum(boot))}` +
            `${early.length ? ` + lazily loaded chunks already there ${kib(sum(early))} [${early.map(named).join(', ')}]` : ''} (boot target ≤ 230 KiB)`,
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function searchSection(): Promise<void> {
  const r = await benchSearch();
  const { tracks, albums, artists } = r.catalogue;
  console.log(`\n## Search (${tracks} tracks / ${albums} albums / ${artists} artists, generated rows)`);
  const s95 = quantile(r.bffSearchMs, 0.95);
  console.log(`BFF GET /api/v1/search per keystroke: p50 ${fmt(median(r.bffSearchMs))} ms, p95 ${fmt(s95)} ms over ${r.bffSearchMs.length} (target p95 ≤ 15 ms)`);
  console.log(`    GET /health on the same server (HTTP floor): p50 ${fmt(median(r.bffHealthMs))} ms, p95 ${fmt(quantile(r.bffHealthMs, 0.95))} ms; search p95 / floor p95 = ${fmt(s95 / quantile(r.bffHealthMs, 0.95), 2)}`);
  console.log(`    by query length: ${Object.entries(r.bffByLength).map(([k, ms]) => `${k} p50 ${fmt(median(ms))} / p95 ${fmt(quantile(ms, 0.95))} ms (${ms.length})`).join('; ')}`);
  for (const t of r.tv) {
    const k95 = quantile(t.keyToResultsMs, 0.95);
    const h95 = quantile(t.homeKeyToFrameMs, 0.95);
    console.log(`TV, ${t.cpu}× CPU, ${t.network}, OK ${t.restMs > 0 ? `after resting ${t.restMs} ms on the key` : 'as soon as focus arrives'}: key → results frame p50 ${fmt(median(t.keyToResultsMs))} ms, p95 ${fmt(k95)} ms over ${t.keyToResultsMs.length}/${t.keystrokes} keystrokes (target p95 ≤ 100 ms)`);
    console.log(`    of which key → answer in hand p50 ${fmt(median(t.keyToDataMs))} ms, p95 ${fmt(quantile(t.keyToDataMs, 0.95))} ms; drawing it p50 ${fmt(median(t.drawMs))} ms, p95 ${fmt(quantile(t.drawMs, 0.95))} ms`);
    console.log(`    Home key → frame (baseline): p50 ${fmt(median(t.homeKeyToFrameMs))} ms, p95 ${fmt(h95)} ms; results p95 / Home p95 = ${fmt(k95 / h95, 2)}`);
    const bySource = (['cache', 'ahead', 'key', 'none'] as const).map((src) => {
      const ms = t.strokes.filter((k) => k.source === src).map((k) => k.keyToFrame ?? 5000);
      return ms.length === 0 ? '' : `${src} ${ms.length} (p50 ${fmt(median(ms), 0)}, max ${fmt(Math.max(...ms), 0)} ms)`;
    });
    console.log(`    answered from: ${bySource.filter(Boolean).join(', ')}`);
    const drawn = t.strokes.filter((k) => k.uploads !== null);
    const per = (f: (k: StrokeBreakdown) => number) => fmt(median(drawn.map(f)), 1);
    const p95 = (f: (k: StrokeBreakdown) => number) => fmt(quantile(drawn.map(f), 0.95), 1);
    console.log(`    frames Lightning drew from the key to the results' frame, that one included: p50 ${per((k) => k.framesToResults!)} / p95 ${p95((k) => k.framesToResults!)}`);
    console.log(`    per keystroke, key → the results' frame: texture uploads p50 ${per((k) => k.uploads!)} / p95 ${p95((k) => k.uploads!)} (${per((k) => k.uploadMs!)} / ${p95((k) => k.uploadMs!)} ms), canvas text draws p50 ${per((k) => k.texts!)} / p95 ${p95((k) => k.texts!)} (${per((k) => k.textMs!)} / ${p95((k) => k.textMs!)} ms)`);
    // The slow ones, each with where its time went (ms after the key), against Home's p95.
    for (const k of t.strokes.filter((s) => (s.keyToFrame ?? Infinity) > Math.max(100, h95))) console.log(`      ${strokeLine(k, h95)}`);
  }
}

function strokeLine(k: StrokeBreakdown, homeP95: number): string {
  const at = (label: string, n: number | null) => (n === null ? '' : ` ${label} ${fmt(n, 0)}`);
  return (
    `${JSON.stringify(k.query).padEnd(10)} ${k.source.padEnd(5)}` +
    at('fetch', k.fetchAt) + at('sent', k.sentAt) + at('1st byte', k.firstByteAt) + at('answer', k.answerAt) +
    at('drawn', k.keyToDrawn) + at('(draw', k.drawMs) + (k.drawMs === null ? '' : ')') + at('frame', k.keyToFrame) +
    (k.keyToFrame === null ? '' : ` = ${fmt(k.keyToFrame / homeP95, 2)}× Home p95`) +
    (k.behind.length > 0 ? `; behind ${k.behind.map((q) => JSON.stringify(q)).join(', ')}` : '') +
    (k.otherInFlight > 0 ? `; ${k.otherInFlight} other requests in flight` : '') +
    (k.framesToResults ? `; results in frame ${k.framesToResults}` : '') +
    (k.longTaskMs > 0 ? `; long tasks ${fmt(k.longTaskMs, 0)} ms` : '') +
    (k.uploads ? `; ${k.uploads} uploads ${fmt(k.uploadMs!, 0)} ms, ${k.texts} texts ${fmt(k.textMs!, 0)} ms` : '') +
    (k.missed ? `; ${k.missed}` : '')
  );
}

async function longFormSection(): Promise<void> {
  console.log('\n## Long-form: the demo show on the spoken-word ladder (fresh data dirs, same run)');
  const seeds = await benchSeeds();
  console.log(`demo seed without the show ${fmt(seeds.withoutShowS)} s, with it ${fmt(seeds.withShowS)} s wall (${fmt(seeds.withShowS / seeds.withoutShowS, 2)}×)`);
  const [spoken, music] = await benchLadders(300);
  for (const r of [music!, spoken!]) {
    console.log(`show (${fmt(r.audioS / 60, 0)} min) on the ${r.ladder} ladder: ${fmt(r.wallS)} s wall, ${fmt(r.cpuS)} CPU s of ffmpeg`);
  }
  console.log(`spoken / music: ${fmt(spoken!.wallS / music!.wallS, 2)}× wall, ${fmt(spoken!.cpuS / music!.cpuS, 2)}× CPU`);
}

async function gaplessSection(): Promise<void> {
  const r = await benchGapless(4);
  const line = (name: string, gaps: typeof r.joined) => {
    const ms = gaps.map((g) => g.gapMs);
    const silent = gaps.map((g) => g.silentMs);
    const step = gaps.map((g) => g.stepMs);
    return `${name} median ${fmt(median(ms))} ms, max ${fmt(Math.max(...ms))} ms over ${ms.length} changes (silence median ${fmt(median(silent))} / max ${fmt(Math.max(...silent))} ms; timeline step median ${fmt(median(step), 2)} ms; clicks ${gaps.reduce((n, g) => n + g.jumps, 0)})`;
  };
  const joined = median(r.joined.map((g) => g.gapMs));
  const reloaded = median(r.reloaded.map((g) => g.gapMs));
  console.log('\n## Gapless: the gap at each track change of the continuous album, on the rendered audio (localhost)');
  console.log(line('joined in one MediaSource (browser profile) ', r.joined) + ' (target ≤ 50 ms each)');
  console.log(line('stop-load-start (androidtv profile, baseline)', r.reloaded));
  console.log(`joined / stop-load-start, medians: ${fmt(joined / reloaded, 3)}`);
}

async function faultsSection(): Promise<void> {
  ensureTestBuild();
  for (const net of [LOCALHOST, HOME_NETWORK]) {
    const r = await benchFaults(benchData, net, 2);
    const clean = median(r.cleanStartMs);
    console.log(`\n## Recovery from network faults held ${FAULT_MS / 1000} s, ${r.network} (fault proxy, HTTP cache off)`);
    console.log(`clean start, Enter → audio advancing: median ${fmt(clean, 0)} ms over ${r.cleanStartMs.length} (baseline)`);
    for (const [c, what] of Object.entries(FAULT_CASES) as Array<[FaultCase, string]>) {
      const ms = r.recoveryMs[c];
      console.log(
        `${what.padEnd(46)} fault end → audio advancing median ${fmt(median(ms), 0)} ms, max ${fmt(Math.max(...ms), 0)} ms ` +
          `(${fmt(median(ms) / clean, 2)}× a clean start; target ≤ 2000 ms); skipped ${r.skips[c]}, failed ${r.failedStates[c]}, left out ${r.missed[c]} of ${ms.length + r.missed[c]} trials`,
      );
    }
  }
}

// Sections that need neither the shared demo library nor the others' setup run alone.
if (sections.size === 1 && (sections.has('longform') || sections.has('gapless'))) {
  await (sections.has('longform') ? longFormSection() : gaplessSection());
  process.exit(0);
}

if (sections.size === 1 && sections.has('search')) {
  await searchSection();
  process.exit(0);
}

await demoLibrary();
if (wants('ingest')) await ingestSection();
if (wants('http')) await httpSection();
if (wants('hub')) await hubSection();
if (wants('remote')) await remoteSection();
if (wants('ingest-load')) await ingestLoadSection();
if (wants('playback') || wants('ui') || wants('library')) await browserSections();
if (wants('bundle')) await bundleSection();
if (wants('search')) await searchSection();
if (wants('longform')) await longFormSection();
if (wants('gapless')) await gaplessSection();
if (wants('faults')) await faultsSection();
