#!/usr/bin/env node
/**
 * Builds the BFF into dist/server/main.mjs: `npm run build:server` (and `npm start`, which then
 * execs node on it).
 *
 * Why a build at all: `tsx src/server/main.ts` is a wrapper chain (tsx starts a second node with
 * its loader), so signals reach the wrapper, and a SIGKILL of it leaves the real server running
 * with the port held. One bundle under plain node is one process that receives its own signals.
 *
 * Only our code is bundled; npm packages stay external (native addons such as better-sqlite3
 * and sharp cannot be bundled, and node_modules is there anyway). `import.meta.url` in a bundled
 * file is rewritten to that source file's URL, relative to the bundle, so reads such as
 * `new URL('../../../package.json', import.meta.url)` find the same file as under tsx and the
 * build stays relocatable with the checkout. A linked source map serves stack traces
 * (`node --enable-source-maps`); the BFF never serves it.
 */
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.join(root, 'dist/server/main.mjs');
const started = performance.now();

/** @type {import('esbuild').Plugin} */
const sourceRelativeImportMeta = {
  name: 'source-relative-import-meta',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return { contents: source, loader: 'ts' };
      const fromBundle = path.relative(path.dirname(outfile), args.path).split(path.sep).join('/');
      const url = `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`;
      return { contents: source.replaceAll('import.meta.url', url), loader: 'ts' };
    });
  },
};

await build({
  absWorkingDir: root,
  entryPoints: ['src/server/main.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: ['node20'],
  packages: 'external',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [sourceRelativeImportMeta],
});

console.log(`built ${path.relative(root, outfile)} (${Math.round(performance.now() - started)} ms)`);
