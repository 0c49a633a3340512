/**
 * Which engines each build of the TV app must run on, read from the device profiles' floors
 * (`static floor` in devices/<platform>/index.ts, with the vendor's engine table cited there), and
 * what that means for esbuild, Babel's polyfill selection, browserslist and the ES-version check.
 *
 * Builds: `hosted` is the ES-module app the BFF serves, loaded by every profile that is not
 * packaged (browser, WebView shells, Vizio, RDK, Xbox, PlayStation): it is compiled for the oldest
 * engine of each kind among them. A packaged profile (webOS, Tizen: one classic script from
 * file://) gets a build compiled for its own floor.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Profiles that run a packaged classic-script build from file:// (scripts/package.mjs). */
export const PACKAGED_PROFILES = Object.freeze(['webos', 'tizen']);

/**
 * The floors of every registered profile, by profile name. The registry is TypeScript, so it is
 * bundled in memory and imported (it only declares classes; nothing touches a DOM on import).
 */
export async function loadFloors() {
  const result = await build({
    stdin: { contents: "export { PROFILES } from './devices/registry';", resolveDir: root, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    logLevel: 'error',
  });
  const code = Buffer.from(result.outputFiles[0].contents).toString('base64');
  const { PROFILES } = await import(`data:text/javascript;base64,${code}`);
  return Object.fromEntries(PROFILES.map((p) => [p.profileName, p.floor]));
}

/** The engines a build must run on: `hosted`, or the name of a packaged profile. */
export function enginesFor(floors, buildName) {
  if (buildName !== 'hosted') {
    if (!PACKAGED_PROFILES.includes(buildName)) throw new Error(`${buildName} is not a packaged profile (${PACKAGED_PROFILES.join(', ')})`);
    const floor = floors[buildName];
    if (!floor) throw new Error(`no device profile named ${buildName}`);
    return [floor.engine];
  }
  const oldest = new Map();
  for (const [name, floor] of Object.entries(floors)) {
    if (PACKAGED_PROFILES.includes(name)) continue;
    const { name: engine, version } = floor.engine;
    if (!oldest.has(engine) || version < oldest.get(engine)) oldest.set(engine, version);
  }
  return [...oldest].map(([name, version]) => ({ name, version })).sort((a, b) => a.name.localeCompare(b.name));
}

/** esbuild `target`: ['chrome53']. */
export function esbuildTarget(engines) {
  return engines.map((e) => `${e.name}${e.version}`);
}

/** Babel `targets`: { chrome: '53' }. */
export function babelTargets(engines) {
  return Object.fromEntries(engines.map((e) => [e.name, String(e.version)]));
}

/** browserslist queries: ['chrome 53']. */
export function browserslist(engines) {
  return engines.map((e) => `${e.name} ${e.version}`);
}

/**
 * The newest ECMAScript edition whose syntax every engine parses, for the ES-version check.
 * Thresholds are the engines that shipped the edition's last syntax: ES2016 `**` (Chrome 52),
 * ES2017 async functions (Chrome 55; trailing commas in calls came in 58, and the minifier never
 * emits them), ES2018 object rest/spread and async iteration (Chrome 63, Safari 11.1), ES2019
 * optional catch binding (Chrome 66, Safari 11.1), ES2020 `?.` and `??` (Chrome 80, Safari 13.1).
 */
export function esVersionFor(engines) {
  const editions = [
    [2020, { chrome: 80, edge: 80, safari: 13.1 }],
    [2019, { chrome: 66, edge: 79, safari: 11.1 }],
    [2018, { chrome: 63, edge: 79, safari: 11.1 }],
    [2017, { chrome: 55, edge: 15, safari: 10.1 }],
    [2016, { chrome: 52, edge: 14, safari: 10.1 }],
  ];
  for (const [edition, since] of editions) {
    if (engines.every((e) => e.version >= since[e.name])) return edition;
  }
  return 2015;
}
