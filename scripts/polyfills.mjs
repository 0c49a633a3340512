/**
 * Usage-based polyfills for one build: what the bundled code uses, minus what its engines have.
 *
 * Built-ins: Babel's core-js 3 plugin (usage-global) reads the bundle esbuild wrote, already
 * lowered for the build's engines, and names the core-js modules for the built-ins it sees used
 * that those engines lack or get wrong. We keep the modules that add a missing feature and drop two
 * kinds (`SKIPPED` below, each with its reason): proposals, and compliance fixes of built-ins the
 * engines already have, which replace a hot native (Promise, RegExp#exec, URL) with slower JS to
 * fix edge cases the app does not touch.
 *
 * Web APIs core-js does not cover (`WEB_POLYFILLS`) are added when the bundle names them and an
 * engine predates them: AbortController (Chrome 66), and with it an abortable fetch, because a
 * native fetch older than AbortController ignores `signal` and a timed-out request would hang.
 *
 * The result is one classic script run before the app (Shaka and Lightning read globals such as
 * `AbortController` when their modules load).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformAsync } from '@babel/core';
import polyfillCoreJs3 from 'babel-plugin-polyfill-corejs3';
import { build } from 'esbuild';
import { babelTargets, esbuildTarget } from './app-targets.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The core-js release whose stable modules match tsconfig's `lib: ES2022`: built-ins standardised
 * later are not in our typings, so our code cannot call them, and the plugin would only be
 * guessing them from method names (`.map` could be ES2025's Iterator#map). The modules it names
 * are loaded from the installed core-js.
 */
const CORE_JS_FEATURES = '3.21';

/** core-js modules we never add, and why. */
const SKIPPED = [
  { pattern: /^esnext\./, why: 'a proposal: the app uses no proposal built-ins (the plugin guesses them from method names such as .map)' },
  {
    pattern:
      /^es\.(promise|regexp\.(exec|constructor|flags)|string\.(replace|split|trim)|json\.stringify|array\.(includes|iterator|reduce|reduce-right|push|unshift)|object\.define-[gs]etter|typed-array\..+|array-buffer\..+|error\.cause)$/,
    why: 'a compliance fix: the engines have the built-in, and the fix replaces a hot native with slower JS for edge cases the app does not use',
  },
  { pattern: /^web\.(url|url-search-params|dom-collections|dom-exception|self)\b/, why: 'a compliance fix of a web API the engines have (URL 32+, NodeList#forEach 51+)' },
];

/**
 * core-js modules the plugin also names for a plain property of that name (`op.at`, the playlist
 * operations' index field): kept only when the bundle calls the method.
 */
const NAMED_BY_PROPERTY = [{ pattern: /^es\.(array\.at|string\.at-alternative)$/, called: /\.at\(/ }];

/** Web APIs outside core-js: added when the bundle names the global and an engine predates it. */
const WEB_POLYFILLS = [
  {
    name: 'abortable-fetch',
    uses: /\bAbortController\b/,
    since: { chrome: 66, edge: 16, safari: 12.1 },
    // A module of its own: imports run in order, and it must look before the next one defines AbortController.
    source: "import './scripts/polyfills/abortable-fetch.js';",
  },
  {
    name: 'abort-controller',
    uses: /\bAbortController\b/,
    since: { chrome: 66, edge: 16, safari: 12.1 },
    source: "import 'abort-controller/polyfill';",
  },
];

/**
 * The polyfills `bundles` (the JS files of one build) need on `engines`:
 * { coreJs: ['es.object.values', …], web: ['abort-controller', …] }.
 */
export async function selectPolyfills(bundles, engines) {
  const coreJs = new Set();
  for (const code of bundles) {
    for (const name of await coreJsModulesUsed(code, engines)) {
      if (SKIPPED.some((s) => s.pattern.test(name))) continue;
      if (NAMED_BY_PROPERTY.some((p) => p.pattern.test(name) && !p.called.test(code))) continue;
      coreJs.add(name);
    }
  }
  const web = WEB_POLYFILLS.filter((p) => bundles.some((code) => p.uses.test(code)) && engines.some((e) => e.version < (p.since[e.name] ?? 0)));
  return { coreJs: [...coreJs].sort(), web: web.map((p) => p.name) };
}

/** One minified classic script installing `selection`, or '' when there is nothing to install. */
export async function buildPolyfills(selection, engines) {
  const lines = [
    ...WEB_POLYFILLS.filter((p) => selection.web.includes(p.name)).map((p) => p.source),
    ...selection.coreJs.map((m) => `import 'core-js/modules/${m}.js';`),
  ];
  if (lines.length === 0) return '';
  const result = await build({
    stdin: { contents: lines.join('\n'), resolveDir: root, loader: 'js' },
    bundle: true,
    write: false,
    format: 'iife',
    minify: true,
    target: esbuildTarget(engines),
    legalComments: 'none',
    logLevel: 'warning',
  });
  return Buffer.from(result.outputFiles[0].contents).toString('utf8');
}

async function coreJsModulesUsed(code, engines) {
  const result = await transformAsync(code, {
    babelrc: false,
    configFile: false,
    compact: true,
    sourceType: 'unambiguous',
    targets: babelTargets(engines),
    plugins: [[polyfillCoreJs3, { method: 'usage-global', version: CORE_JS_FEATURES }]],
  });
  // The plugin puts one import (or require) per module at the top of the output.
  return [...(result?.code ?? '').matchAll(/(?:import|require\()\s*"core-js\/modules\/([\w.-]+?)\.js"/g)].map((m) => m[1]);
}
