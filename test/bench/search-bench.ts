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
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Key } from 'webdriverio';
import { resolveConfig } from '../../src/config/encore-config';
import { openSqliteStores } from '../../src/store';
import { startBff } from '../e2e/support/bff';
import { freePort, launchBrowser } from '../e2e/support/browser';
import { addRows, generatedRows } from '../fixtures/search-catalogue';
import { HOME_NETWORK, LOCALHOST, type Network } from './playback-bench';

const dataDir = path.resolve('.tmp/bench-search');
/** The on-screen keyboard's letter rows (src/app/components/on-screen-keyboard.ts). */
const ROWS = ['abcdefghijklm', 'nopqrstuvwxyz'];
/** A person's pause on a key before OK (well over the page's prefetch rest). */
const REST_MS = 300;

export interface SearchBenchResult {
  catalogue: { tracks: number; albums: number; artists: number };
  bffSearchMs: number[];
  bffHealthMs: number[];
  tv: Array<{ network: string; restMs: number; homeKeyToFrameMs: number[]; keyToResultsMs: number[]; keyToDataMs: number[]; drawMs: number[]; keystrokes: number }>;
}

async function ensureCatalogue(): Promise<{ names: string[]; counts: SearchBenchResult['catalogue'] }> {
  const config = resolveConfig({ ENCORE_DATA_DIR: dataDir });
  mkdirSync(dataDir, { recursive: true });
  const fresh = !existsSync(config.dbPath);
  const stores = openSqliteStores(config.dbPath);
  const store = stores.catalogue;
  const db = stores.database.sqlite;
  try {
    if (fresh || (await store.trackCount()) < 50_000) await addRows(store, generatedRows(1000, 5, 10));
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
  } finally {
    await stores.close();
  }
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
    for (const name of names) {
      for (let i = 1; i <= Math.min(name.length, 12); i++) {
        bffSearchMs.push(await timeGet(`${bff.url}/api/v1/search?q=${encodeURIComponent(name.slice(0, i))}`));
        bffHealthMs.push(await timeGet(`${bff.url}/health`));
      }
    }
    const tv: SearchBenchResult['tv'] = [];
    for (const net of [LOCALHOST, HOME_NETWORK]) {
      for (const restMs of [0, REST_MS]) tv.push(await benchTv(bff.url, net, names.slice(0, 6), restMs));
    }
    return { catalogue: counts, bffSearchMs, bffHealthMs, tv };
  } finally {
    await bff.stop();
  }
}

async function benchTv(url: string, net: Network, words: string[], restMs: number): Promise<SearchBenchResult['tv'][number]> {
  const { browser: b, close } = await launchBrowser();
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
    await cdp('Emulation.setCPUThrottlingRate', { rate: 4 });
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
    // Key → the first frame drawn after that keystroke's results were put on screen.
    await b.execute(() => {
      const w = window as unknown as { __results: number[]; __data: number[]; __draw: number[] };
      w.__results = [];
      w.__data = [];
      w.__draw = [];
      window.addEventListener('keydown', (e) => {
        if (e.keyCode !== 13) return;
        const t = performance.now();
        const wait = () => {
          const s = window.__encore?.pageShown() as { typed: string; query: string; drawnAt: number; drawMs: number } | null;
          if (s && s.drawnAt > t && s.query === s.typed.trim()) {
            w.__results.push(performance.now() - t);
            // Where it went: until the answer was in hand (request, parse, check), and drawing it.
            w.__data.push(s.drawnAt - t);
            w.__draw.push(s.drawMs);
          }
          else if (performance.now() - t < 5000) requestAnimationFrame(wait);
        };
        // After Lightning's handler (capture listener runs first): check from the next frame on.
        requestAnimationFrame(wait);
      }, true);
    });
    let at = { row: 0, col: 0 };
    let keystrokes = 0;
    for (const word of words) {
      for (const ch of word.slice(0, 6)) {
        const row = ROWS.findIndex((r) => r.includes(ch));
        if (row < 0) continue;
        const col = ROWS[row]!.indexOf(ch);
        const keys: string[] = [];
        while (at.row < row) (keys.push(Key.ArrowDown), at.row++);
        while (at.row > row) (keys.push(Key.ArrowUp), at.row--);
        while (at.col < col) (keys.push(Key.ArrowRight), at.col++);
        while (at.col > col) (keys.push(Key.ArrowLeft), at.col--);
        if (keys.length > 0) await b.keys(keys);
        if (restMs > 0) await b.pause(restMs);
        await b.keys(Key.Enter);
        keystrokes += 1;
        await b.pause(250);
      }
      // Clear: the action row, third key.
      const keys: string[] = [];
      while (at.row < 3) (keys.push(Key.ArrowDown), at.row++);
      await b.keys(keys);
      at = { row: 3, col: 0 };
      await b.keys([Key.ArrowRight, Key.ArrowRight, Key.Enter, Key.ArrowUp, Key.ArrowUp, Key.ArrowUp]);
      keystrokes += 1; // Clear changes the query too
      at = { row: 0, col: 0 };
      // Up from the action row lands on the key nearest Clear's centre; go back to "a".
      await b.keys(Array.from({ length: 13 }, () => Key.ArrowLeft));
      await b.pause(400);
    }
    const { keyToResultsMs, keyToDataMs, drawMs } = await b.execute(() => {
      const w = window as unknown as { __results: number[]; __data: number[]; __draw: number[] };
      return { keyToResultsMs: w.__results, keyToDataMs: w.__data, drawMs: w.__draw };
    });
    return { network: net.name, restMs, homeKeyToFrameMs, keyToResultsMs, keyToDataMs, drawMs, keystrokes };
  } finally {
    await close();
  }
}
