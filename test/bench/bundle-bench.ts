/**
 * The JS each build ships and what it costs at start (issue 14 "Engines", issue 15 "A lighter
 * bundle"): brotli bytes per chunk and per build (from each build's build.json), and the cold start
 * (navigation → Home focused) of the legacy webOS build (Chrome 53 syntax and polyfills, one
 * classic script) against the modern hosted build, alternating in the same run at 4× CPU
 * throttling, each served by its own BFF on localhost, plus the JS the page downloaded before
 * Home was interactive (Resource Timing, encoded body bytes, per file: the boot files and any
 * lazily loaded chunk that had already arrived), also on the emulated home network. Both builds
 * carry the test hook (to see focus) and run the browser profile, so only the code differs.
 * `ENCORE_BENCH_BASE_APP=<dir>` adds another hosted build (e.g. the previous commit's, built with
 * ENCORE_TEST_HOOK=1 ENCORE_APP_OUT=<dir>) to the same alternating trials: before/after figures
 * in the same run.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { startBff, type RunningBff } from '../e2e/support/bff';
import { freePort, launchBrowser } from '../e2e/support/browser';
import { applyNetwork, LOCALHOST, type Network } from './playback-bench';

export interface BuildSizes {
  build: string;
  engines: string;
  /** brotli bytes per JS file; `boot` lists the ones index.html loads before anything runs. */
  js: Record<string, number>;
  boot: string[];
  /** Per lazily loaded chunk, the module its `import()` names (build.json). */
  lazyEntries: Record<string, string>;
  polyfills: string[];
}

export interface ColdStart {
  build: string;
  coldStartMs: number[];
  /** JS bytes (encoded, as transferred) the page had received when Home was focused. */
  jsBeforeHomeBytes: number[];
  /** Per trial, those bytes per JS file name. */
  jsBeforeHomeFiles: Array<Record<string, number>>;
}

interface Manifest {
  build: string;
  engines: { name: string; version: number }[];
  boot: string[];
  lazyEntries?: Record<string, string>;
  polyfills: { coreJs: string[]; web: string[] };
  js: Record<string, { raw: number; br: number }>;
}

/** Builds hosted, webOS and Tizen (with the test hook) under `dir`; two at a time on two cores. */
export async function buildAll(dir: string): Promise<Record<string, { dir: string; sizes: BuildSizes }>> {
  const one = async (platform: string | null) => {
    const out = path.join(dir, platform ?? 'hosted');
    await promisify(execFile)(process.execPath, ['scripts/build-app.mjs'], {
      env: { ...process.env, ENCORE_APP_OUT: out, ENCORE_APP_PLATFORM: platform ?? '', ENCORE_TEST_HOOK: '1' },
    });
    const m = JSON.parse(readFileSync(path.join(out, 'build.json'), 'utf8')) as Manifest;
    const sizes: BuildSizes = {
      build: m.build,
      engines: m.engines.map((e) => `${e.name}${e.version}`).join(', '),
      js: Object.fromEntries(Object.entries(m.js).map(([f, s]) => [f, s.br])),
      boot: m.boot,
      lazyEntries: m.lazyEntries ?? {},
      polyfills: [...m.polyfills.web, ...m.polyfills.coreJs],
    };
    return [m.build, { dir: out, sizes }] as const;
  };
  const [webos, tizen] = await Promise.all([one('webos'), one('tizen')]);
  return Object.fromEntries([await one(null), webos, tizen]);
}

/** Alternating cold starts of each build's page at `cpuRate`× CPU throttling, over `network`. */
export async function benchColdStarts(appDirs: Record<string, string>, cpuRate: number, trials: number, network: Network = LOCALHOST): Promise<ColdStart[]> {
  const bffs: Record<string, RunningBff> = {};
  const dataDir = path.resolve('.tmp/bench-data');
  const { browser: b, close } = await launchBrowser();
  const results: ColdStart[] = Object.keys(appDirs).map((build) => ({ build, coldStartMs: [], jsBeforeHomeBytes: [], jsBeforeHomeFiles: [] }));
  try {
    for (const [build, dir] of Object.entries(appDirs)) {
      // startBff passes its environment on: each BFF serves one build.
      const before = process.env.ENCORE_APP_DIR;
      process.env.ENCORE_APP_DIR = dir;
      try {
        bffs[build] = await startBff({ dataDir, port: await freePort() });
      } finally {
        if (before === undefined) delete process.env.ENCORE_APP_DIR;
        else process.env.ENCORE_APP_DIR = before;
      }
    }
    await applyNetwork(b, network);
    await b.sendCommandAndGetResult('Emulation.setCPUThrottlingRate', { rate: cpuRate });
    for (let i = 0; i < trials; i++) {
      for (const result of results) {
        await b.url('about:blank');
        await b.url(`${bffs[result.build]!.url}/?device=browser`);
        const { ms, jsBytes, files } = await b.executeAsync((done: (r: { ms: number; jsBytes: number; files: Record<string, number> }) => void) => {
          const check = () => {
            const focus = window.__encore?.focusedPath() ?? '';
            if (!/^App\/home\/Rail\d+\/Tile\d+$/.test(focus)) {
              requestAnimationFrame(check);
              return;
            }
            const ms = performance.now();
            const js = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter(
              (e) => /\.js(\?|$)/.test(e.name) && e.responseEnd <= ms,
            );
            const files: Record<string, number> = {};
            for (const e of js) files[e.name.replace(/^.*\//, '').replace(/\?.*$/, '')] = e.encodedBodySize;
            done({ ms, jsBytes: js.reduce((sum, e) => sum + e.encodedBodySize, 0), files });
          };
          check();
        });
        result.coldStartMs.push(ms);
        result.jsBeforeHomeBytes.push(jsBytes);
        result.jsBeforeHomeFiles.push(files);
      }
    }
  } finally {
    await close();
    await Promise.all(Object.values(bffs).map((bff) => bff.stop()));
  }
  return results;
}
