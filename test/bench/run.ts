/**
 * `npm run bench`: every figure is printed next to a baseline measured in the same run, as a
 * ratio. Sections: ingest throughput, BFF throughput, start of audio and UI responsiveness in
 * headless Chromium. `npm run bench -- http` (or ingest, playback, ui) runs one section.
 * The demo library is built once into .tmp/bench-data and reused.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ensureDemoLibrary } from '../../src/ingest/demo/ensure-demo-library';
import { ingestFolder } from '../../src/ingest/ingest-folder';
import { resolveConfig } from '../../src/server/config';
import { SqliteCatalogueStore } from '../../src/server/store/sqlite-catalogue-store';
import { startBff } from '../e2e/support/bff';
import { freePort } from '../e2e/support/browser';
import { benchHttp } from './http-bench';
import { benchPlayback, benchUi, HOME_NETWORK, LOCALHOST, median, quantile, STAGES, type StageTimes } from './playback-bench';
import { benchSearch } from './search-bench';

const sections = new Set(process.argv.slice(2));
const wants = (name: string) => sections.size === 0 || sections.has(name);
const benchData = path.resolve('.tmp/bench-data');
const fmt = (n: number, digits = 1) => n.toFixed(digits);
const stageLine = (t: StageTimes) =>
  STAGES.filter((s) => t[s]?.length).map((s) => `${s} ${fmt(median(t[s]!), 0)}`).join(' → ');

async function demoLibrary(): Promise<void> {
  const config = resolveConfig({ ENCORE_DATA_DIR: benchData });
  const r = await ensureDemoLibrary(config, { progress: process.stdout.isTTY });
  if (r.built) console.log(`built the demo library in ${fmt(r.wallSeconds)} s`);
}

async function ingestSection(): Promise<void> {
  // A fresh data dir, the demo's source files: everything is transcoded, nothing is reused.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'encore-bench-ingest-'));
  try {
    const config = resolveConfig({ ENCORE_DATA_DIR: dir });
    const source = path.join(dir, 'source');
    cpSync(path.join(benchData, 'demo-source'), source, { recursive: true });
    const store = SqliteCatalogueStore.open(config.dbPath);
    const s = await ingestFolder({ root: source, store, mediaDir: config.mediaDir });
    store.close();
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
  console.log('target: home and album ≥ 50 % of hello-world');
}

async function browserSections(): Promise<void> {
  if (!existsSync('dist/browser/index.html')) execFileSync(process.execPath, ['scripts/build-app.mjs'], { stdio: 'inherit' });
  const bff = await startBff({ dataDir: benchData, port: await freePort() });
  try {
    if (wants('playback')) {
      for (const net of [LOCALHOST, HOME_NETWORK]) {
        const r = await benchPlayback(bff, net, 10);
        const cold = median(r.dashColdMs);
        const prog = median(r.progressiveMs);
        const warm = median(r.dashPreloadedMs);
        console.log(`\n## Start of audio, ${r.network} (${r.trials} alternating trials each, HTTP cache off)`);
        console.log(`(a) Enter → playing, Shaka/DASH not preloaded   median ${fmt(cold, 0)} ms  (${fmt(cold / prog, 2)}× progressive)`);
        console.log(`    plain <audio src> progressive 160 kbps       median ${fmt(prog, 0)} ms  (baseline)`);
        console.log(`(b) Enter → playing, Shaka/DASH after dwell     median ${fmt(warm, 0)} ms  (${fmt(warm / prog, 2)}× progressive; target ≤ 120 ms and ≤ 0.5×)`);
        console.log(`    media events after Enter, medians in ms: (a) ${stageLine(r.coldStages)}`);
        console.log(`                                             (b) ${stageLine(r.preloadedStages)}`);
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
  } finally {
    await bff.stop();
  }
}

async function searchSection(): Promise<void> {
  const r = await benchSearch();
  const { tracks, albums, artists } = r.catalogue;
  console.log(`\n## Search (${tracks} tracks / ${albums} albums / ${artists} artists, generated rows)`);
  const s95 = quantile(r.bffSearchMs, 0.95);
  console.log(`BFF GET /api/v1/search per keystroke: p50 ${fmt(median(r.bffSearchMs))} ms, p95 ${fmt(s95)} ms over ${r.bffSearchMs.length} (target p95 ≤ 15 ms)`);
  console.log(`    GET /health on the same server (HTTP floor): p50 ${fmt(median(r.bffHealthMs))} ms, p95 ${fmt(quantile(r.bffHealthMs, 0.95))} ms; search p95 / floor p95 = ${fmt(s95 / quantile(r.bffHealthMs, 0.95), 2)}`);
  for (const t of r.tv) {
    const k95 = quantile(t.keyToResultsMs, 0.95);
    const h95 = quantile(t.homeKeyToFrameMs, 0.95);
    console.log(`TV, 4× CPU, ${t.network}: key → results frame p50 ${fmt(median(t.keyToResultsMs))} ms, p95 ${fmt(k95)} ms over ${t.keyToResultsMs.length}/${t.keystrokes} keystrokes (target p95 ≤ 100 ms)`);
    console.log(`    Home key → frame (baseline): p50 ${fmt(median(t.homeKeyToFrameMs))} ms, p95 ${fmt(h95)} ms; results p95 / Home p95 = ${fmt(k95 / h95, 2)}`);
  }
}

if (sections.size === 1 && sections.has('search')) {
  await searchSection();
  process.exit(0);
}

await demoLibrary();
if (wants('ingest')) await ingestSection();
if (wants('http')) await httpSection();
if (wants('playback') || wants('ui')) await browserSections();
if (wants('search')) await searchSection();
