#!/usr/bin/env node
/**
 * Packages the TV app per platform: `npm run package -- <platform|all> [options]`.
 *
 *   browser    dist/browser/: the plain static build the BFF serves (what `npm run build` writes)
 *   webos      dist/webos/: an .ipk-ready folder (appinfo.json at its root); `ares-package dist/webos`
 *   tizen      dist/tizen/widget/ (config.xml at its root) and an unsigned dist/tizen/<Name>-<version>.wgt;
 *              sign it with a Samsung certificate (`tizen package -t wgt -s <profile>`) before installing
 *   androidtv  dist/androidtv/: the hosted-app manifest of our WebView shell, its banner and icon
 *   firetv     dist/firetv/: the same for Fire TV
 *   all        every one of the above
 *
 * webOS and Tizen run index.html from file://, so their packages differ from the hosted app in three
 * ways: they are built as one classic script (`ENCORE_APP_PLATFORM=<platform>`, into
 * <out>/classic-<platform>; Chromium refuses module scripts from file://), compiled for their
 * profile's floor (webOS TV 4.0 = Chrome 53, Tizen 4.0 = Chromium 56: scripts/app-targets.mjs), and
 * their index.html names the BFF in `<meta name="encore-server">` (src/app/server-base.ts), which
 * the BFF answers with CORS. Tizen's config.xml `required_version` is the Tizen floor; webOS has no
 * such field in appinfo.json, so the packager prints the floor to pick in LG's Seller Lounge, and
 * the page itself says which webOS it needs when the engine is older (build-app.mjs, floor check).
 *
 * Options:
 *   --out <dir>     where dist/<platform>/ go (default: dist)
 *   --skip-build    build nothing; package <out>/browser (browser) and <out>/classic-<platform> (webOS, Tizen)
 *   --app <dir>     a built app to package instead (implies --skip-build); for webOS/Tizen it must be
 *                   a classic-script build compiled for that platform's floor or an older engine
 *   --url <url>     where the WebView shells load the hosted app (default: $ENCORE_APP_URL, else
 *                   http://localhost:8080/ with a warning; the device must reach it)
 *   --server <url>  the BFF the webOS/Tizen apps call (default: $ENCORE_SERVER_URL, else
 *                   http://localhost:8080 with a warning; the device must reach it)
 *
 * One source of truth each: the version is package.json's, the app id and name come from
 * settings.json (appSettings.id/name), and every icon is rendered with sharp from static/icon.svg.
 * Device packages leave out the .br/.gz twins (the BFF's pre-compressed copies, useless from a
 * local file system) and source maps (developer-only, and they double the package).
 * The Vizio, RDK, Xbox and PlayStation profiles run the hosted build from the BFF; they have no
 * package of their own here.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import sharp from 'sharp';
import { loadFloors } from './app-targets.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const PLATFORMS = ['browser', 'webos', 'tizen', 'androidtv', 'firetv'];

/** Keep in step with src/app/server-base.ts SERVER_META_NAME (the package test reads it from there). */
const SERVER_META = 'encore-server';

/** Keep in step with devices/shared/webview-shell.ts (the package test compares them). */
const SHELL_BRIDGE = 'EncoreShell';
const SHELL_FORWARDED_KEYS = [
  { android: 'KEYCODE_BACK', keyCode: 4 },
  { android: 'KEYCODE_MENU', keyCode: 82 },
];

/** Icon sizes each store asks for. */
const ICONS = {
  // LG: icon 80×80 and largeIcon 130×130 (appinfo.json, webOS TV developer guide).
  webos: [
    { file: 'icon.png', width: 80, height: 80 },
    { file: 'largeIcon.png', width: 130, height: 130 },
  ],
  // Samsung: 512×423 24-bit PNG launcher icon (https://developer.samsung.com/smarttv/design/app-icons-and-screenshots.html).
  tizen: [{ file: 'icon.png', width: 512, height: 423, opaque: true }],
  // Android TV: a 320×180 launcher banner (xhdpi) and a 512×512 icon; Fire TV takes the same.
  androidtv: [
    { file: 'banner.png', width: 320, height: 180, opaque: true },
    { file: 'icon.png', width: 512, height: 512 },
  ],
  firetv: [
    { file: 'banner.png', width: 320, height: 180, opaque: true },
    { file: 'icon.png', width: 512, height: 512 },
  ],
};

export async function packageApp(argv) {
  const args = parseArgs(argv);
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const settings = JSON.parse(readFileSync(path.join(root, 'settings.json'), 'utf8'));
  const app = {
    id: settings.appSettings?.id ?? 'com.encore.tv',
    name: settings.appSettings?.name ?? 'Encore',
    background: settings.appSettings?.background ?? '#0b0b10',
    version: pkg.version,
    vendor: pkg.author?.name ?? pkg.author ?? settings.appSettings?.name ?? 'Encore',
  };
  const targets = args.platform === 'all' ? PLATFORMS : [args.platform];
  const floors = await loadFloors();
  if (targets.some((t) => t !== 'browser')) checkDeviceVersion(app.version);
  // One --app folder is one build: it cannot be both the hosted (ES module) and the classic one.
  if (args.app && new Set(targets.map((t) => BUILD_OF[t]).filter(Boolean)).size > 1) {
    throw new Error(`--app gives one build, but ${args.platform} needs the browser build and a classic build per TV platform; package the platforms one by one`);
  }

  const outDir = path.resolve(root, args.out);
  const appDirs = {};
  for (const kind of new Set(targets.map((t) => BUILD_OF[t]).filter(Boolean))) {
    const dir = args.app ? path.resolve(process.cwd(), args.app) : path.join(outDir, kind === 'hosted' ? 'browser' : `classic-${kind}`);
    if (!args.skipBuild) run('npm', ['run', 'build'], { ENCORE_APP_OUT: dir, ENCORE_APP_PLATFORM: kind === 'hosted' ? '' : kind });
    checkBuild(dir, kind, floors);
    appDirs[kind] = dir;
  }

  const iconSvg = readFileSync(path.join(root, 'static', 'icon.svg'));
  for (const target of targets) {
    const ctx = { app, appDir: appDirs[BUILD_OF[target]], outDir, iconSvg, url: args.url, server: args.server, floor: floors[target] };
    const written = await PACKAGERS[target](ctx);
    console.log(`packaged ${target}: ${path.relative(process.cwd(), written) || '.'}`);
  }
}

/**
 * Which build of scripts/build-app.mjs each target packages: the hosted ES-module app, or the
 * classic script compiled for that TV platform's floor. The WebView shells load the hosted app
 * from its URL and need none.
 */
const BUILD_OF = { browser: 'hosted', webos: 'webos', tizen: 'tizen', androidtv: null, firetv: null };

function checkBuild(dir, kind, floors) {
  const where = path.relative(process.cwd(), dir) || '.';
  const index = path.join(dir, 'index.html');
  if (!existsSync(index)) throw new Error(`no built app in ${where} (index.html missing); run without --skip-build`);
  if (kind === 'hosted') return;
  if (/<script[^>]*type="module"/.test(readFileSync(index, 'utf8'))) {
    throw new Error(
      `${where} is an ES-module build, which webOS and Tizen cannot run from file://; build it with ENCORE_APP_PLATFORM=${kind}, or run without --app`,
    );
  }
  // A build for an older engine of the same kind runs too (the webOS build on Tizen); a newer one would not parse.
  const built = existsSync(path.join(dir, 'build.json')) ? JSON.parse(readFileSync(path.join(dir, 'build.json'), 'utf8')) : null;
  const floor = floors[kind].engine;
  const fits = built?.engines?.length > 0 && built.engines.every((e) => e.name === floor.name && e.version <= floor.version);
  if (!fits) {
    const what = built ? built.engines.map((e) => `${e.name} ${e.version}`).join(', ') : 'an unknown engine (no build.json)';
    throw new Error(`${where} is built for ${what}, newer than ${kind}'s floor (${floor.name} ${floor.version}); build it with ENCORE_APP_PLATFORM=${kind}`);
  }
}

const PACKAGERS = {
  async browser({ appDir, outDir }) {
    const dest = path.join(outDir, 'browser');
    if (path.resolve(appDir) !== path.resolve(dest)) copyDir(appDir, dest, () => true);
    return dest;
  },

  async webos({ app, appDir, outDir, iconSvg, server, floor }) {
    const dest = path.join(outDir, 'webos');
    copyFileApp(appDir, dest, server);
    await renderIcons(iconSvg, ICONS.webos, dest, app.background);
    const appinfo = {
      id: app.id,
      version: app.version,
      vendor: app.vendor,
      type: 'web',
      main: 'index.html',
      title: app.name,
      icon: 'icon.png',
      largeIcon: 'largeIcon.png',
      iconColor: app.background,
      resolution: '1920x1080',
      // Back (461) reaches the app instead of the platform's history handling; the app decides
      // when Back leaves (devices/webos: exitPolicy).
      disableBackHistoryAPI: true,
    };
    writeFileSync(path.join(dest, 'appinfo.json'), `${JSON.stringify(appinfo, null, 2)}\n`);
    // appinfo.json has no minimum-version field; LG's Seller Lounge asks for it at submission.
    console.log(`[package] webOS: submit for ${floor.platform} ${floor.version} and newer (the build runs on Chrome ${floor.engine.version})`);
    return dest;
  },

  async tizen({ app, appDir, outDir, iconSvg, server, floor }) {
    const base = path.join(outDir, 'tizen');
    const widget = path.join(base, 'widget');
    rmSync(base, { recursive: true, force: true });
    copyFileApp(appDir, widget, server);
    await renderIcons(iconSvg, ICONS.tizen, widget, app.background);
    writeFileSync(path.join(widget, 'config.xml'), tizenConfig(app, floor.version));
    const wgt = path.join(base, `${alnum(app.name)}-${app.version}.wgt`);
    writeFileSync(wgt, zipDir(widget));
    return wgt;
  },

  androidtv: (ctx) => webviewShell('androidtv', ctx),
  firetv: (ctx) => webviewShell('firetv', ctx),
};

async function webviewShell(platform, { app, outDir, iconSvg, url }) {
  const dest = path.join(outDir, platform);
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  await renderIcons(iconSvg, ICONS[platform], dest, app.background);
  const [major = 0, minor = 0, patch = 0] = app.version.split('.').map(Number);
  if (minor > 999 || patch > 999) throw new Error(`version ${app.version}: Android versionCode needs minor and patch below 1000`);
  const manifest = {
    format: 'encore-webview-shell/1',
    platform,
    applicationId: app.id,
    name: app.name,
    versionName: app.version,
    // Android's versionCode must grow with every release; derived from the same x.y.z.
    versionCode: major * 1_000_000 + minor * 1_000 + patch,
    startUrl: url,
    orientation: 'landscape',
    backgroundColor: app.background,
    banner: { src: 'banner.png', width: 320, height: 180 },
    icon: { src: 'icon.png', width: 512, height: 512 },
    // A TV-only app: leanback launcher required, no touchscreen.
    features: { 'android.software.leanback': true, 'android.hardware.touchscreen': false },
    bridge: { name: SHELL_BRIDGE, methods: ['exit'] },
    forwardKeys: SHELL_FORWARDED_KEYS,
    // The shell keeps the WebView running with audio focus while another app is in front
    // (devices/shared/webview-shell.ts; the profiles answer keepsAudioWhenConcealed = true).
    backgroundAudio: true,
  };
  const file = path.join(dest, 'encore-shell.json');
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  return file;
}

/** `requiredVersion`: the Tizen floor (devices/tizen, `floor.version`), the oldest release the build runs on. */
function tizenConfig(app, requiredVersion) {
  const packageId = tizenPackageId(app.id);
  const widgetId = `http://${app.id.split('.').reverse().join('.')}/${alnum(app.name)}`;
  const x = escapeXml;
  return `<?xml version="1.0" encoding="UTF-8"?>
<widget xmlns="http://www.w3.org/ns/widgets" xmlns:tizen="http://tizen.org/ns/widgets" id="${x(widgetId)}" version="${x(app.version)}" viewmodes="maximized">
  <tizen:application id="${x(packageId)}.${x(alnum(app.name))}" package="${x(packageId)}" required_version="${x(requiredVersion)}"/>
  <name>${x(app.name)}</name>
  <content src="index.html"/>
  <icon src="icon.png"/>
  <feature name="http://tizen.org/feature/screen.size.all"/>
  <access origin="*" subdomains="true"/>
  <tizen:profile name="tv-samsung"/>
  <tizen:privilege name="http://tizen.org/privilege/internet"/>
  <tizen:privilege name="http://tizen.org/privilege/tv.inputdevice"/>
  <tizen:setting screen-orientation="landscape" context-menu="disable" background-support="disable" encryption="disable" install-location="auto" hwkey-event="enable"/>
</widget>
`;
}

/**
 * Tizen's package id is 10 letters or digits and must never change between releases (the store
 * and the TV key installs on it), so it is derived from the app id, not chosen per build.
 */
export function tizenPackageId(appId) {
  const digits = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const hash = createHash('sha256').update(appId).digest();
  let id = '';
  for (let i = 0; id.length < 10; i++) id += digits[(hash[i] ?? 0) % digits.length];
  // Start with a letter: the id is also used as a C identifier prefix on the device.
  return /^[0-9]/.test(id) ? `E${id.slice(1)}` : id;
}

/** webOS wants x.y.z without leading zeros; Tizen {0-255}.{0-255}.{0-65535}. One rule for both. */
function checkDeviceVersion(version) {
  const match = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/.exec(version);
  if (!match || Number(match[1]) > 255 || Number(match[2]) > 255 || Number(match[3]) > 65535) {
    throw new Error(`package.json version "${version}" is not a TV store version (x.y.z, x,y ≤ 255, z ≤ 65535, no pre-release tag)`);
  }
}

async function renderIcons(svg, specs, dest, background) {
  mkdirSync(dest, { recursive: true });
  for (const spec of specs) {
    const side = Math.min(spec.width, spec.height);
    // Render the square mark at the size it is drawn, then centre it on the store's canvas.
    const mark = await sharp(svg, { density: Math.max(72, Math.ceil((72 * side) / 512) * 2) })
      .resize(side, side)
      .png()
      .toBuffer();
    let image = sharp({
      create: { width: spec.width, height: spec.height, channels: 4, background: spec.opaque ? background : { r: 0, g: 0, b: 0, alpha: 0 } },
    }).composite([{ input: mark, gravity: 'centre' }]);
    if (spec.opaque) image = image.flatten({ background }).removeAlpha();
    await image.png().toFile(path.join(dest, spec.file));
  }
}

/** What a device runs: not the BFF's compressed twins, source maps or the build's own manifest. */
function isDeviceFile(file) {
  return !/\.(br|gz|map)$/.test(file) && path.basename(file) !== 'build.json';
}

/** The app as a device runs it from file://: device files only, and the BFF named in index.html. */
function copyFileApp(appDir, dest, server) {
  copyDir(appDir, dest, isDeviceFile);
  const index = path.join(dest, 'index.html');
  const html = readFileSync(index, 'utf8');
  const meta = `<meta name="${SERVER_META}" content="${escapeXml(server)}">`;
  const existing = new RegExp(`<meta name="${SERVER_META}"[^>]*>`);
  if (existing.test(html)) writeFileSync(index, html.replace(existing, meta));
  else if (html.includes('</head>')) writeFileSync(index, html.replace('</head>', `${meta}\n</head>`));
  else throw new Error(`${path.relative(process.cwd(), appDir) || '.'}/index.html has no </head> for the encore-server meta`);
}

function copyDir(from, to, keep) {
  rmSync(to, { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  cpSync(from, to, { recursive: true, filter: (src) => statSync(src).isDirectory() || keep(src) });
}

function zipDir(dir) {
  const entries = {};
  for (const file of walk(dir)) entries[path.relative(dir, file).split(path.sep).join('/')] = readFileSync(file);
  return zipSync(entries, { level: 9 });
}

function* walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else yield p;
  }
}

function run(cmd, cmdArgs, env) {
  const result = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) throw new Error(`${cmd} ${cmdArgs.join(' ')} failed (exit ${result.status ?? result.signal})`);
}

function parseArgs(argv) {
  const args = { platform: null, out: 'dist', skipBuild: false, app: null, url: null, server: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--out') args.out = value();
    else if (arg === '--app') {
      args.app = value();
      args.skipBuild = true;
    } else if (arg === '--skip-build') args.skipBuild = true;
    else if (arg === '--url') args.url = value();
    else if (arg === '--server') args.server = value();
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else if (args.platform === null) args.platform = arg;
    else throw new Error(`unexpected argument ${arg}`);
  }
  if (!args.platform || (args.platform !== 'all' && !PLATFORMS.includes(args.platform))) {
    throw new Error(
      `usage: npm run package -- <${[...PLATFORMS, 'all'].join('|')}> [--out dir] [--skip-build] [--app dir] [--url url] [--server url]`,
    );
  }
  const platform = args.platform;
  args.url = urlOption('--url', args.url, 'ENCORE_APP_URL', 'http://localhost:8080/', {
    platform,
    usedBy: ['androidtv', 'firetv'],
    what: 'the WebView shells will load',
  }).href;
  const server = urlOption('--server', args.server, 'ENCORE_SERVER_URL', 'http://localhost:8080', {
    platform,
    usedBy: ['webos', 'tizen'],
    what: 'the webOS/Tizen apps will call the BFF at',
  });
  // The app joins paths onto it (base + '/api/v1/…'), which a query or fragment would break.
  if (server.search || server.hash) throw new Error(`--server must not have a query or fragment: ${server.href}`);
  args.server = server.href.replace(/\/+$/, '');
  return args;
}

/**
 * An absolute http(s) URL from an option, else its environment variable, else a localhost default
 * with a warning when the platform being packaged bakes it in.
 */
function urlOption(option, given, env, fallback, { platform, usedBy, what }) {
  let value = given ?? process.env[env];
  if (!value) {
    value = fallback;
    if (platform === 'all' || usedBy.includes(platform)) {
      console.warn(`[package] no ${option} or ${env}: ${what} ${fallback}, which a TV cannot reach`);
    }
  }
  let url;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new Error(`${option} must be an absolute http(s) URL such as http://192.168.1.20:8080, not "${value}"`);
  }
  return url;
}

function alnum(s) {
  return String(s).replace(/[^A-Za-z0-9]/g, '') || 'App';
}

function escapeXml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  packageApp(process.argv.slice(2)).catch((e) => {
    console.error(`package: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  });
}
