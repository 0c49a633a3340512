#!/usr/bin/env node
/**
 * Builds the TV app into dist/browser/: `npm run build`.
 *
 * Bundler choice: esbuild directly, not `lng build`. The Lightning CLI (2.14) does build offline
 * with LNG_BUNDLER=esbuild, but its output does not fit a TV app we serve ourselves:
 * - its entry is hard-wired to src/index.js and every module (Shaka included) goes through Babel;
 * - it emits a fixed-name IIFE `appBundle.js` that the SDK's startApp.js loads after four
 *   sequential fetches (settings.json, metadata.json, lib/lightning.js, the bundle), so content
 *   hashing and long-lived caching are impossible and Lightning ships twice (lib/ + our imports);
 * - its ES5 path adds ~250 KB of Babel polyfills we do not target.
 * We keep the CLI's conventions: `settings.json` at the repo root (appSettings, platformSettings,
 * read by src/index.ts for Launch(App, appSettings, platformSettings)), assets under `static/`
 * copied to dist/browser/static (platformSettings.path = './static', so Utils.asset() works), and
 * an index.html. Settings are inlined at build time instead of fetched: one request fewer at boot.
 *
 * Output: index.html, app.<hash>.js (ESM, minified, compiled for the oldest engine of the profiles
 * that load the hosted app: scripts/app-targets.mjs) and the chunks it imports (preloaded with it),
 * lazily loaded chunks (Shaka, the pages Home does not show, the remote receiver, the inspector;
 * build.json's `lazyEntries` names what each starts from), polyfills.<hash>.js when those engines
 * lack a built-in the bundle uses (scripts/polyfills.mjs), an external sourcemap, static/,
 * build.json (what this build targets and carries, for the tests and the packager), and a .br
 * (quality 11) and .gz next to every text asset for the BFF to serve pre-compressed.
 *
 * ENCORE_APP_PLATFORM=webos|tizen builds for one packaged platform instead (scripts/package.mjs,
 * into dist/classic-<platform> unless ENCORE_APP_OUT says otherwise), compiled for that
 * profile's floor (`static floor` in devices/<platform>/index.ts: webOS 4 = Chrome 53, Tizen 4 =
 * Chromium 56). The packages load index.html from file://, where Chromium refuses module scripts
 * (origin null fails the CORS check module loads make). So one classic `<script defer>` with the
 * polyfills in front, no chunks (the inspector is left out: it is a hosted-build tool), and no
 * .br/.gz twins (the packages drop them).
 *
 * ENCORE_TEST_HOOK=1 includes `window.__encore` (src/app/test-hook.ts), which the e2e tests and
 * the bench read; production builds leave it out.
 */
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { enginesFor, esbuildTarget, esVersionFor, loadFloors } from './app-targets.mjs';
import { buildPolyfills, selectPolyfills } from './polyfills.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const platform = process.env.ENCORE_APP_PLATFORM || null;
const hosted = platform === null;
const buildName = platform ?? 'hosted';
const testHook = process.env.ENCORE_TEST_HOOK === '1';
const outDir = path.resolve(root, process.env.ENCORE_APP_OUT ?? (hosted ? 'dist/browser' : `dist/classic-${platform}`));
const started = performance.now();

const settings = JSON.parse(readFileSync(path.join(root, 'settings.json'), 'utf8'));
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const floors = await loadFloors();
const engines = enginesFor(floors, buildName);
if (!hosted && settings.platformSettings?.inspector) {
  console.warn('[build] platformSettings.inspector is on, but the classic-script build leaves the inspector out');
}

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

const result = await build({
  absWorkingDir: root,
  entryPoints: { app: 'src/index.ts' },
  outdir: outDir,
  bundle: true,
  format: hosted ? 'esm' : 'iife',
  splitting: hosted,
  // The engines, and the ES edition they all parse, so the output never holds newer syntax that
  // one engine happens to know (Chrome 75's class fields) and the ES-version check can hold it to that.
  target: [`es${esVersionFor(engines)}`, ...esbuildTarget(engines)],
  minify: true,
  // No keepNames: it injects a helper into functions Lightning serialises into its image worker
  // (fn.toString()), which then throws in the worker. States are named explicitly instead
  // (src/app/state-name.ts).
  sourcemap: 'external',
  legalComments: 'none',
  entryNames: '[name].[hash]',
  chunkNames: 'chunk.[hash]',
  metafile: true,
  write: false,
  logLevel: 'warning',
  plugins: lacksBigInt(engines) ? [typeboxHashWithoutBigInt()] : [],
  // The DASH-only Shaka build: no HLS/MSS parsers, no offline storage, no UI.
  alias: { 'shaka-player': './node_modules/shaka-player/dist/shaka-player.dash.js' },
  define: {
    'process.env.NODE_ENV': '"production"',
    __ENCORE_VERSION__: JSON.stringify(pkg.version),
    __ENCORE_LAZY_CHUNKS__: JSON.stringify(hosted),
    __ENCORE_TEST_HOOK__: JSON.stringify(testHook),
  },
});

const outputs = Object.entries(result.metafile.outputs);
const entry = outputs.find(([, o]) => o.entryPoint === 'src/index.ts');
if (!entry) throw new Error('esbuild produced no entry bundle');
const files = new Map(result.outputFiles.map((f) => [path.basename(f.path), f.text]));
const jsFiles = [...files.keys()].filter((f) => f.endsWith('.js'));
const polyfills = await selectPolyfills(
  jsFiles.map((f) => files.get(f)),
  engines,
);
const polyfillCode = await buildPolyfills(polyfills, engines);
let appFile = path.basename(entry[0]);
let polyfillFile = null;
/** Characters of polyfills in front of the app in a classic script (build.json, for the tests). */
let preludeChars = 0;
if (polyfillCode && hosted) {
  polyfillFile = `polyfills.${contentHash(polyfillCode)}.js`;
  files.set(polyfillFile, polyfillCode);
} else if (polyfillCode) {
  // One classic script: the polyfills run first, then the app; the map moves down as many lines.
  const prelude = `${polyfillCode.trimEnd()}\n`;
  const joined = prelude + files.get(appFile);
  const named = `app.${contentHash(joined)}.js`;
  const map = JSON.parse(files.get(`${appFile}.map`));
  map.mappings = ';'.repeat(prelude.split('\n').length - 1) + map.mappings;
  preludeChars = prelude.length;
  files.delete(appFile);
  files.delete(`${appFile}.map`);
  files.set(named, joined.replace(`//# sourceMappingURL=${appFile}.map`, `//# sourceMappingURL=${named}.map`));
  files.set(`${named}.map`, JSON.stringify(map));
  appFile = named;
}
for (const [name, text] of files) writeFileSync(path.join(outDir, name), text);

if (existsSync(path.join(root, 'static'))) cpSync(path.join(root, 'static'), path.join(outDir, 'static'), { recursive: true });
copyFonts(path.join(outDir, 'static', 'fonts'));
// Chunks the entry imports statically are needed at boot: preload them with the entry.
const bootChunks = entry[1].imports.filter((i) => i.kind === 'import-statement').map((i) => path.basename(i.path));
writeFileSync(path.join(outDir, 'index.html'), indexHtml(appFile, bootChunks, settings));
const boot = [polyfillFile, appFile, ...bootChunks].filter(Boolean);
// What each lazily loaded chunk starts from (its `import()` target), for the bundle bench's table.
const lazyEntries = Object.fromEntries(
  outputs.filter(([f, o]) => o.entryPoint && o !== entry[1] && f.endsWith('.js')).map(([f, o]) => [path.basename(f), o.entryPoint]),
);
const sizes = Object.fromEntries([...files.keys()].filter((f) => f.endsWith('.js')).sort().map((f) => [f, compressedSizes(files.get(f))]));
writeFileSync(
  path.join(outDir, 'build.json'),
  `${JSON.stringify({ build: buildName, engines, esVersion: esVersionFor(engines), testHook, polyfills, preludeChars, boot, lazyEntries, js: sizes }, null, 2)}\n`,
);
// The phone's /link page (src/remote/link): its own small bundle, no Lightning, served by the BFF
// (src/server/routes/link-page.ts). Hosted builds only: a packaged TV app has no phone page.
const linkJs = hosted ? await buildLinkPage(path.join(outDir, 'link')) : null;
// The phone remote page (/remote/): its own small bundle, no Lightning, hosted builds only.
if (hosted) await buildPhoneRemote(path.join(outDir, 'remote'));
// The party guest page (/party/): the remote page's shell and parts, its own entry.
if (hosted) await buildPhoneRemote(path.join(outDir, 'party'), { party: 'src/remote/party/main.ts' }, 'Encore party');
if (hosted) compressTextAssets(outDir);

const ms = () => Math.round(performance.now() - started);
const bootBr = boot.reduce((sum, f) => sum + sizes[f].br, 0);
console.log(
  `built ${path.relative(root, outDir)} (${buildName}: ${esbuildTarget(engines).join(', ')}${testHook ? ', test hook' : ''}): ` +
    `boot JS ${boot.map((f) => `${f} ${kb(sizes[f].br)}`).join(' + ')} = ${kb(bootBr)} brotli; ` +
    `polyfills: ${[...polyfills.web, ...polyfills.coreJs].join(' ') || 'none'} (${ms()} ms)`,
);
if (linkJs) console.log(`built ${path.relative(root, outDir)}/link/${linkJs}: ${kb(statSync(path.join(outDir, 'link', linkJs)).size)} raw`);

/** BigInt shipped in Chrome 67, Safari 14 and Edge 79. */
function lacksBigInt(list) {
  const since = { chrome: 67, safari: 14, edge: 79 };
  return list.some((e) => e.version < since[e.name]);
}

/**
 * TypeBox's value hash (behind Value.Check's `uniqueItems`) builds BigInt constants when its module
 * loads, so on an engine without BigInt the whole app dies at boot (found by the old-V8 boot test,
 * test/unit/legacy-engines.test.ts). Those builds get a Hash that throws if it is ever called: no
 * protocol schema uses uniqueItems, so it never is.
 */
function typeboxHashWithoutBigInt() {
  return {
  name: 'typebox-hash-without-bigint',
  setup(b) {
    b.onLoad({ filter: /@sinclair[\\/]typebox[\\/]build[\\/]esm[\\/]value[\\/]hash[\\/]hash\.mjs$/ }, () => ({
      loader: 'js',
      contents: `import { TypeBoxError } from '../../type/error/index.mjs';
export class ValueHashError extends TypeBoxError {
  constructor(value) { super('Unable to hash value: this engine has no BigInt'); this.value = value; }
}
export function Hash(value) { throw new ValueHashError(value); }
`,
    }));
  },
  };
}

/** Bundles the phone page into `dir`: link.<hash>.js and index.html naming it. Returns the file name. */
async function buildLinkPage(dir) {
  const built = await build({
    absWorkingDir: root,
    entryPoints: { link: 'src/remote/link/link-page.ts' },
    outdir: dir,
    bundle: true,
    format: 'esm',
    minify: true,
    // Phones, not TVs: every browser that scans a QR code runs ES2020.
    target: ['es2020'],
    sourcemap: 'external',
    legalComments: 'none',
    entryNames: '[name].[hash]',
    metafile: true,
    logLevel: 'warning',
  });
  const file = path.basename(Object.keys(built.metafile.outputs).find((f) => f.endsWith('.js')));
  const template = readFileSync(path.join(root, 'src/remote/link/index.html'), 'utf8');
  const marker = '<!--encore:script-->';
  if (!template.includes(marker)) throw new Error(`src/remote/link/index.html lost its ${marker} line`);
  // Relative to /link (the page's URL), so a BFF behind a path prefix still finds it.
  writeFileSync(path.join(dir, 'index.html'), template.replace(marker, `<script type="module" src="link/${file}"></script>`));
  return file;
}

function indexHtml(file, chunks, s) {
  const bg = s.appSettings?.background ?? '#0b0b10';
  const preloads = hosted ? [file, ...chunks].map((f) => `\n<link rel="modulepreload" href="./${f}">`).join('') : '';
  const polyfill = polyfillFile ? `<script src="./${polyfillFile}"></script>\n` : '';
  const script = hosted ? `${polyfill}<script type="module" src="./${file}"></script>` : `${floorCheck()}<script src="./${file}" defer></script>`;
  // The inline style paints the TV's first frame dark before any JS runs (no white flash).
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=1920,height=1080,initial-scale=1">
<title>${escapeHtml(s.appSettings?.name ?? 'Encore')}</title>
<link rel="icon" href="data:,">${preloads}
<style>html,body{margin:0;padding:0;width:100%;height:100%;overflow:hidden;background:${bg}}canvas{position:absolute;top:0;left:0}</style>
</head>
<body>
${script}
</body>
</html>
`;
}

/**
 * For a packaged build: a TV older than the build's floor cannot parse the bundle and would show a
 * black screen, so the page says which release it needs instead. The second script uses the
 * build's newest syntax and sets a flag only where it parses (no eval: some TV pages forbid it);
 * the third, in ES3, shows the message when the flag is missing.
 */
function floorCheck() {
  const floor = floors[platform];
  const probes = { 2015: 'class A{};let f=()=>1', 2016: 'class A{};let f=()=>2**3', 2017: 'class A{};let f=async()=>{await 1}' };
  const probe = probes[Math.min(2017, esVersionFor(engines))] ?? probes[2015];
  const message = `Encore needs ${floor.platform} ${floor.version} or newer.`;
  return `<script>{${probe}}window.__encoreEngineOk=1</script>
<script>if(!window.__encoreEngineOk)document.addEventListener('DOMContentLoaded',function(){document.body.innerHTML='<p style="color:#fff;font:48px sans-serif;text-align:center;margin-top:480px">${escapeHtml(message)}</p>'})</script>
`;
}

async function buildPhoneRemote(dir, entryPoints = { remote: 'src/remote/main.ts' }, title = 'Encore remote') {
  const out = await build({
    absWorkingDir: root,
    entryPoints,
    outdir: dir,
    bundle: true,
    format: 'esm',
    // The phone's own player (src/remote/local-player.ts, Shaka) is a chunk loaded at the first transfer.
    splitting: true,
    chunkNames: 'chunk.[hash]',
    alias: { 'shaka-player': './node_modules/shaka-player/dist/shaka-player.dash.js' },
    minify: true,
    target: ['es2019'],
    sourcemap: 'external',
    legalComments: 'none',
    entryNames: '[name].[hash]',
    metafile: true,
    logLevel: 'warning',
  });
  const js = Object.entries(out.metafile.outputs).find(([f, o]) => f.endsWith('.js') && o.entryPoint)?.[0];
  const html = readFileSync(path.join(root, 'src/remote/index.html'), 'utf8').replaceAll('Encore remote', title);
  const script = `<script type="module" src="./${path.basename(js)}"></script>`;
  writeFileSync(path.join(dir, 'index.html'), html.replace('<!--ENCORE_REMOTE_SCRIPT-->', script));
}

/** Inter (SIL OFL) from @fontsource: a TV's system fonts differ per vendor, so we ship ours. */
function copyFonts(dest) {
  const src = path.join(root, 'node_modules', '@fontsource', 'inter', 'files');
  if (!existsSync(src)) return;
  mkdirSync(dest, { recursive: true });
  for (const weight of [400, 700]) {
    for (const subset of ['latin', 'latin-ext']) {
      const name = `inter-${subset}-${weight}-normal.woff2`;
      cpSync(path.join(src, name), path.join(dest, name));
    }
  }
}

function compressTextAssets(dir) {
  for (const file of walk(dir)) {
    // Source maps stay uncompressed: only developers fetch them, and brotli-11 on them is slow.
    if (!/\.(js|html|json|css|svg|txt|mjs)$/.test(file)) continue;
    const raw = readFileSync(file);
    writeFileSync(`${file}.br`, brotli(raw));
    writeFileSync(`${file}.gz`, gzipSync(raw, { level: 9 }));
  }
}

function brotli(raw) {
  return brotliCompressSync(raw, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    },
  });
}

/** Bytes of one JS file as shipped: raw, and brotli-11 as the BFF serves it. */
function compressedSizes(text) {
  const raw = Buffer.from(text);
  return { raw: raw.length, br: brotli(raw).length };
}

function contentHash(text) {
  return createHash('sha256').update(text).digest('base64url').slice(0, 8).toUpperCase().replace(/[-_]/g, 'X');
}

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else yield p;
  }
}

function kb(n) {
  return `${(n / 1024).toFixed(1)} KB`;
}

function escapeHtml(s) {
  return String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}
