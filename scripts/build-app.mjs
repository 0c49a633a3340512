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
 * Output: index.html, app.<hash>.js (ESM, minified, es2019 for 2019+ TV browsers, external
 * sourcemap), lazily loaded chunks (the inspector), static/, and a .br (quality 11) and .gz
 * next to every text asset for the BFF to serve pre-compressed.
 *
 * ENCORE_APP_FORMAT=iife builds for the webOS/Tizen packages instead (scripts/package.mjs, into
 * dist/classic unless ENCORE_APP_OUT says otherwise): they load index.html from file://, where
 * Chromium refuses module scripts (origin null fails the CORS check module loads make). So one
 * classic `<script defer>`, no chunks (the inspector is left out: it is a hosted-build tool), and
 * no .br/.gz twins (the packages drop them).
 */
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const format = process.env.ENCORE_APP_FORMAT || 'esm';
if (format !== 'esm' && format !== 'iife') throw new Error(`ENCORE_APP_FORMAT must be esm or iife, not ${format}`);
const hosted = format === 'esm';
const outDir = path.resolve(root, process.env.ENCORE_APP_OUT ?? (hosted ? 'dist/browser' : 'dist/classic'));
const started = performance.now();

const settings = JSON.parse(readFileSync(path.join(root, 'settings.json'), 'utf8'));
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
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
  format,
  splitting: hosted,
  minify: true,
  // No keepNames: it injects a helper into functions Lightning serialises into its image worker
  // (fn.toString()), which then throws in the worker. States are named explicitly instead
  // (src/app/state-name.ts).
  target: ['es2019'],
  sourcemap: 'external',
  legalComments: 'none',
  entryNames: '[name].[hash]',
  chunkNames: 'chunk.[hash]',
  metafile: true,
  logLevel: 'warning',
  // The DASH-only Shaka build: no HLS/MSS parsers, no offline storage, no UI.
  alias: { 'shaka-player': './node_modules/shaka-player/dist/shaka-player.dash.js' },
  define: {
    'process.env.NODE_ENV': '"production"',
    __ENCORE_VERSION__: JSON.stringify(pkg.version),
    __ENCORE_LAZY_CHUNKS__: JSON.stringify(hosted),
  },
});

const outputs = Object.entries(result.metafile.outputs);
const entry = outputs.find(([, o]) => o.entryPoint === 'src/index.ts');
if (!entry) throw new Error('esbuild produced no entry bundle');
const appFile = path.basename(entry[0]);

if (existsSync(path.join(root, 'static'))) cpSync(path.join(root, 'static'), path.join(outDir, 'static'), { recursive: true });
copyFonts(path.join(outDir, 'static', 'fonts'));
// Chunks the entry imports statically are needed at boot: preload them with the entry.
const bootChunks = entry[1].imports.filter((i) => i.kind === 'import-statement').map((i) => path.basename(i.path));
writeFileSync(path.join(outDir, 'index.html'), indexHtml(appFile, bootChunks, settings));

// The phone remote page (/remote/): its own small bundle, no Lightning, hosted builds only.
if (hosted) await buildPhoneRemote(path.join(outDir, 'remote'));

const ms = () => Math.round(performance.now() - started);
if (hosted) {
  const js = compressTextAssets(outDir).get(appFile);
  console.log(`built ${path.relative(root, outDir)}/${appFile}: ${kb(js.raw)} raw, ${kb(js.gz)} gzip, ${kb(js.br)} brotli (${ms()} ms)`);
} else {
  console.log(`built ${path.relative(root, outDir)}/${appFile} (classic script): ${kb(statSync(path.join(outDir, appFile)).size)} raw (${ms()} ms)`);
}

function indexHtml(file, chunks, s) {
  const bg = s.appSettings?.background ?? '#0b0b10';
  const preloads = hosted ? [file, ...chunks].map((f) => `\n<link rel="modulepreload" href="./${f}">`).join('') : '';
  const script = hosted ? `<script type="module" src="./${file}"></script>` : `<script src="./${file}" defer></script>`;
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

async function buildPhoneRemote(dir) {
  const out = await build({
    absWorkingDir: root,
    entryPoints: { remote: 'src/remote/main.ts' },
    outdir: dir,
    bundle: true,
    format: 'esm',
    minify: true,
    target: ['es2019'],
    sourcemap: 'external',
    legalComments: 'none',
    entryNames: '[name].[hash]',
    metafile: true,
    logLevel: 'warning',
  });
  const js = Object.keys(out.metafile.outputs).find((f) => f.endsWith('.js'));
  const html = readFileSync(path.join(root, 'src/remote/index.html'), 'utf8');
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
  const sizes = new Map();
  for (const file of walk(dir)) {
    // Source maps stay uncompressed: only developers fetch them, and brotli-11 on them is slow.
    if (!/\.(js|html|json|css|svg|txt|mjs)$/.test(file)) continue;
    const raw = readFileSync(file);
    const br = brotliCompressSync(raw, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      },
    });
    const gz = gzipSync(raw, { level: 9 });
    writeFileSync(`${file}.br`, br);
    writeFileSync(`${file}.gz`, gz);
    sizes.set(path.relative(dir, file), { raw: raw.length, br: br.length, gz: gz.length });
  }
  return sizes;
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
