import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHELL_BRIDGE, SHELL_FORWARDED_KEYS } from '../../devices/shared/webview-shell';
import { TizenDevice } from '../../devices/tizen';
import { WebOsDevice } from '../../devices/webos';
import { SERVER_META_NAME } from '../../src/app/server-base';

const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string; scripts: Record<string, string> };
const settings = JSON.parse(readFileSync(path.join(root, 'settings.json'), 'utf8')) as { appSettings: { id: string; name: string } };
const HOSTED_URL = 'https://tv.encore.example/';
const SERVER_URL = 'http://192.168.1.20:8080';

function packager(args: string[], env: Record<string, string | undefined> = process.env) {
  return spawnSync(process.execPath, [path.join(root, 'scripts/package.mjs'), ...args], { cwd: root, encoding: 'utf8', env });
}

/** What a packaged index.html asks of the device: its BFF, and how it loads the app. */
function pageOf(dir: string) {
  const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
  const meta = new RegExp(`<meta name="${SERVER_META_NAME}" content="([^"]*)">`).exec(html);
  const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => ({
    src: /\ssrc="([^"]+)"/.exec(m[1]!)?.[1] ?? null,
    module: /\stype="module"/.test(m[1]!),
  }));
  return { server: meta?.[1] ?? null, scripts, modulePreloads: (html.match(/rel="modulepreload"/g) ?? []).length };
}

/** A device package runs from file://: one classic script from the package, the BFF named. */
function expectFileApp(dir: string, server: string) {
  const page = pageOf(dir);
  expect(page.server).toBe(server);
  expect(page.modulePreloads).toBe(0);
  // One script file; inline scripts (the engine floor check) load nothing.
  expect(page.scripts.filter((s) => s.module)).toEqual([]);
  const loaded = page.scripts.filter((s) => s.src !== null);
  expect(loaded).toHaveLength(1);
  const [script] = loaded;
  expect(script!.src).toMatch(/^\.\/app\.\w+\.js$/);
  expect(existsSync(path.join(dir, script!.src!))).toBe(true);
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p).map((f) => path.join(name, f)) : [name];
  });
}

async function size(file: string): Promise<[number, number]> {
  const meta = await sharp(file).metadata();
  return [meta.width ?? 0, meta.height ?? 0];
}

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** A strict little XML reader: well-formed nesting, quoted attributes, no stray '<' or '&'. */
function parseXml(xml: string): XmlElement {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '').replace(/<!--[\s\S]*?-->/g, '');
  const tag = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*="[^"<]*")*)\s*(\/?)>/g;
  const top: XmlElement = { name: '#document', attrs: {}, children: [], text: '' };
  const stack = [top];
  let last = 0;
  for (let m = tag.exec(body); m; m = tag.exec(body)) {
    const text = body.slice(last, m.index);
    if (/[<>]|&(?!amp;|lt;|gt;|quot;|apos;)/.test(text)) throw new Error(`stray markup before <${m[2]}>: ${text}`);
    stack[stack.length - 1]!.text += text.trim();
    last = tag.lastIndex;
    const [, closing, name = '', rawAttrs = '', selfClosing] = m;
    if (closing) {
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`</${name}> closes <${open?.name}>`);
      continue;
    }
    const attrs = Object.fromEntries([...rawAttrs.matchAll(/([\w:.-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]]));
    const element: XmlElement = { name, attrs, children: [], text: '' };
    stack[stack.length - 1]!.children.push(element);
    if (!selfClosing) stack.push(element);
  }
  if (body.slice(last).trim() !== '') throw new Error('text after the root element');
  if (stack.length !== 1) throw new Error(`<${stack[stack.length - 1]!.name}> is never closed`);
  if (top.children.length !== 1) throw new Error('an XML document has exactly one root');
  return top.children[0]!;
}

describe('npm run package', () => {
  let out = '';

  beforeAll(() => {
    out = mkdtempSync(path.join(tmpdir(), 'encore-package-'));
    // The real thing: `npm run build` into <out>/browser, then every platform from that build.
    execFileSync(process.execPath, [path.join(root, 'scripts/package.mjs'), 'all', '--out', out, '--url', HOSTED_URL, '--server', SERVER_URL], {
      cwd: root,
      stdio: 'pipe',
    });
  }, 180_000);

  afterAll(() => {
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('is wired as the package script', () => {
    expect(pkg.scripts.package).toBe('node scripts/package.mjs');
  });

  it('browser: the plain static build, pre-compressed twins included', () => {
    const built = files(path.join(out, 'browser'));
    expect(built).toContain('index.html');
    expect(built).toContain('index.html.br');
    expect(built.some((f) => /^app\.\w+\.js$/.test(f))).toBe(true);
  });

  it('browser: ES modules, same-origin (no BFF named)', () => {
    const page = pageOf(path.join(out, 'browser'));
    expect(page.server).toBeNull();
    expect(page.scripts.map((s) => s.module)).toEqual([true]);
    expect(page.modulePreloads).toBeGreaterThan(0);
  });

  describe('webOS', () => {
    it('writes an appinfo.json with every required field and the package.json version', async () => {
      const dir = path.join(out, 'webos');
      const appinfo = JSON.parse(readFileSync(path.join(dir, 'appinfo.json'), 'utf8')) as Record<string, unknown>;
      expect(appinfo).toMatchObject({
        id: settings.appSettings.id,
        version: pkg.version,
        type: 'web',
        main: 'index.html',
        title: settings.appSettings.name,
        icon: 'icon.png',
        largeIcon: 'largeIcon.png',
        disableBackHistoryAPI: true,
      });
      expect(typeof appinfo.vendor).toBe('string');
      expect(appinfo.id).toMatch(/^[a-z0-9.+-]+$/); // LG: lowercase reverse-DNS
      expect(existsSync(path.join(dir, String(appinfo.main)))).toBe(true);
      expect(await size(path.join(dir, 'icon.png'))).toEqual([80, 80]);
      expect(await size(path.join(dir, 'largeIcon.png'))).toEqual([130, 130]);
    });

    it('is an .ipk-ready folder: the app without .br/.gz twins or source maps', () => {
      const shipped = files(path.join(out, 'webos'));
      expect(shipped.filter((f) => /\.(br|gz|map)$/.test(f))).toEqual([]);
      expect(shipped.some((f) => /^app\.\w+\.js$/.test(f))).toBe(true);
      expect(shipped).toContain(path.join('static', 'fonts', 'inter-latin-400-normal.woff2'));
    });

    it('runs from file://: a classic script, no module preloads, the --server BFF in its meta', () => {
      expectFileApp(path.join(out, 'webos'), SERVER_URL);
    });

    it('is compiled for the webOS floor and says which webOS it needs on an older TV', () => {
      const built = JSON.parse(readFileSync(path.join(out, 'classic-webos', 'build.json'), 'utf8')) as { engines: unknown };
      expect(built.engines).toEqual([WebOsDevice.floor.engine]);
      expect(readFileSync(path.join(out, 'webos', 'index.html'), 'utf8')).toContain(`Encore needs webOS TV ${WebOsDevice.floor.version} or newer.`);
    });
  });

  describe('Tizen', () => {
    const configOf = () => parseXml(readFileSync(path.join(out, 'tizen', 'widget', 'config.xml'), 'utf8'));
    const child = (el: XmlElement, name: string) => el.children.filter((c) => c.name === name);

    it('writes a well-formed config.xml with id, version, content, icon and required version', async () => {
      const widget = configOf();
      expect(widget.name).toBe('widget');
      expect(widget.attrs.xmlns).toBe('http://www.w3.org/ns/widgets');
      expect(widget.attrs['xmlns:tizen']).toBe('http://tizen.org/ns/widgets');
      expect(widget.attrs.version).toBe(pkg.version);
      const [application] = child(widget, 'tizen:application');
      expect(application?.attrs.package).toMatch(/^[0-9A-Za-z]{10}$/);
      expect(application?.attrs.id).toBe(`${application?.attrs.package}.${settings.appSettings.name.replace(/[^A-Za-z0-9]/g, '')}`);
      // The Tizen floor (devices/tizen: Tizen 4.0, Chromium 56), which the package is compiled for.
      expect(application?.attrs.required_version).toBe(TizenDevice.floor.version);
      expect(TizenDevice.floor.version).toBe('4.0');
      expect(child(widget, 'content')[0]?.attrs.src).toBe('index.html');
      expect(child(widget, 'name')[0]?.text).toBe(settings.appSettings.name);
      const icon = child(widget, 'icon')[0]?.attrs.src ?? '';
      expect(await size(path.join(out, 'tizen', 'widget', icon))).toEqual([512, 423]);
    });

    it('asks for the TV input device privilege and delivers hardware keys to the app', () => {
      const widget = configOf();
      const privileges = child(widget, 'tizen:privilege').map((p) => p.attrs.name);
      expect(privileges).toContain('http://tizen.org/privilege/tv.inputdevice');
      expect(privileges).toContain('http://tizen.org/privilege/internet');
      expect(child(widget, 'tizen:setting')[0]?.attrs['hwkey-event']).toBe('enable');
      expect(child(widget, 'tizen:profile')[0]?.attrs.name).toBe('tv-samsung');
    });

    it('zips the widget into an unsigned .wgt with config.xml and index.html at its root', () => {
      const wgt = path.join(out, 'tizen', `${settings.appSettings.name.replace(/[^A-Za-z0-9]/g, '')}-${pkg.version}.wgt`);
      const entries = unzipSync(readFileSync(wgt));
      expect(Object.keys(entries)).toContain('config.xml');
      expect(Object.keys(entries)).toContain('index.html');
      expect(Object.keys(entries)).toContain('icon.png');
      expect(Buffer.from(entries['config.xml']!).toString('utf8')).toBe(readFileSync(path.join(out, 'tizen', 'widget', 'config.xml'), 'utf8'));
      expect(Object.keys(entries).filter((f) => /\.(br|gz|map)$/.test(f))).toEqual([]);
    });

    it('runs from file://: a classic script, no module preloads, the --server BFF in its meta', () => {
      expectFileApp(path.join(out, 'tizen', 'widget'), SERVER_URL);
    });

    it('derives the same package id on every run (the store installs on it)', () => {
      const again = mkdtempSync(path.join(tmpdir(), 'encore-package-'));
      try {
        const result = packager(['tizen', '--app', path.join(out, 'classic-tizen'), '--out', again, '--server', SERVER_URL]);
        expect(result.status, result.stderr).toBe(0);
        const first = configOf().children.find((c) => c.name === 'tizen:application')?.attrs.package;
        const second = parseXml(readFileSync(path.join(again, 'tizen', 'widget', 'config.xml'), 'utf8')).children.find(
          (c) => c.name === 'tizen:application',
        )?.attrs.package;
        expect(second).toBe(first);
      } finally {
        rmSync(again, { recursive: true, force: true });
      }
    });
  });

  describe.each(['androidtv', 'firetv'])('%s WebView shell', (platform) => {
    it('describes the hosted app: URL, landscape, version, 320×180 banner', async () => {
      const dir = path.join(out, platform);
      const manifest = JSON.parse(readFileSync(path.join(dir, 'encore-shell.json'), 'utf8')) as Record<string, any>;
      expect(manifest).toMatchObject({
        format: 'encore-webview-shell/1',
        platform,
        applicationId: settings.appSettings.id,
        name: settings.appSettings.name,
        versionName: pkg.version,
        startUrl: HOSTED_URL,
        orientation: 'landscape',
        banner: { src: 'banner.png', width: 320, height: 180 },
      });
      expect(Number.isInteger(manifest.versionCode) && manifest.versionCode > 0).toBe(true);
      expect(await size(path.join(dir, manifest.banner.src))).toEqual([320, 180]);
      expect(await size(path.join(dir, manifest.icon.src))).toEqual([512, 512]);
    });

    it('declares the bridge and forwarded keys the device profile relies on', () => {
      const manifest = JSON.parse(readFileSync(path.join(out, platform, 'encore-shell.json'), 'utf8')) as Record<string, any>;
      expect(manifest.bridge).toEqual({ name: SHELL_BRIDGE, methods: ['exit'] });
      expect(manifest.forwardKeys).toEqual(SHELL_FORWARDED_KEYS);
      expect(manifest.backgroundAudio).toBe(true);
    });
  });
});

describe('package.mjs on its own', () => {
  let work = '';

  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'encore-package-'));
  });

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /**
   * A built app in `work`: index.html loading app.abc.js (as a module or not), with twins, a map,
   * and the build.json naming the engines it was compiled for (the webOS floor unless told).
   */
  function fixtureApp(name: string, scriptAttrs: string, engines: unknown[] = [WebOsDevice.floor.engine]): string {
    const app = path.join(work, name);
    mkdirSync(path.join(app, 'static'), { recursive: true });
    writeFileSync(path.join(app, 'index.html'), `<!doctype html><html><head><title>fixture</title></head><body><script ${scriptAttrs}></script></body></html>`);
    for (const f of ['app.abc.js', 'app.abc.js.br', 'app.abc.js.gz', 'app.abc.js.map', 'static/x.txt']) writeFileSync(path.join(app, f), f);
    writeFileSync(path.join(app, 'build.json'), JSON.stringify({ engines }));
    return app;
  }

  it('packages a given build without rebuilding, leaving out .br/.gz/.map', () => {
    const app = fixtureApp('app', 'src="./app.abc.js" defer');
    const result = packager(['webos', '--app', app, '--out', path.join(work, 'out'), '--server', SERVER_URL]);
    expect(result.status, result.stderr).toBe(0);
    expect(files(path.join(work, 'out', 'webos')).sort()).toEqual(
      ['app.abc.js', 'appinfo.json', 'icon.png', 'index.html', 'largeIcon.png', path.join('static', 'x.txt')].sort(),
    );
    expect(existsSync(path.join(work, 'out', 'browser'))).toBe(false);
    expectFileApp(path.join(work, 'out', 'webos'), SERVER_URL);
  });

  it('without --server or ENCORE_SERVER_URL: names localhost:8080 and warns; the env var is the fallback', () => {
    const app = fixtureApp('app-default', 'src="./app.abc.js" defer');
    const outDir = path.join(work, 'out-default');
    const unset = packager(['webos', '--app', app, '--out', outDir], { ...process.env, ENCORE_SERVER_URL: undefined });
    expect(unset.status, unset.stderr).toBe(0);
    expect(unset.stderr).toMatch(/no --server or ENCORE_SERVER_URL: .*http:\/\/localhost:8080, which a TV cannot reach/);
    expect(pageOf(path.join(outDir, 'webos')).server).toBe('http://localhost:8080');

    const fromEnv = packager(['webos', '--app', app, '--out', outDir], { ...process.env, ENCORE_SERVER_URL: 'https://encore.example/bff/' });
    expect(fromEnv.status, fromEnv.stderr).toBe(0);
    expect(fromEnv.stderr).not.toMatch(/--server/);
    expect(pageOf(path.join(outDir, 'webos')).server).toBe('https://encore.example/bff');
  });

  it.each([
    ['192.168.1.20:8080', /--server must be an absolute http\(s\) URL such as http:\/\/192\.168\.1\.20:8080, not "192\.168\.1\.20:8080"/],
    ['/api', /--server must be an absolute http\(s\) URL/],
    ['file:///opt/encore', /--server must be an absolute http\(s\) URL/],
    ['http://10.0.0.2:8080/?x=1', /--server must not have a query or fragment/],
  ])('refuses --server %s with a clear message', (server, message) => {
    const result = packager(['webos', '--skip-build', '--out', work, '--server', server]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
  });

  it('refuses to put an ES-module build in a webOS or Tizen package', () => {
    const app = fixtureApp('app-esm', 'type="module" src="./app.abc.js"');
    const result = packager(['tizen', '--app', app, '--out', path.join(work, 'out-esm'), '--server', SERVER_URL]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/is an ES-module build, which webOS and Tizen cannot run from file:\/\/; build it with ENCORE_APP_PLATFORM=tizen/);
  });

  it('refuses a classic build compiled for a newer engine than the platform floor, and takes an older one', () => {
    const newer = fixtureApp('app-tizen', 'src="./app.abc.js" defer', [TizenDevice.floor.engine]);
    const refused = packager(['webos', '--app', newer, '--out', path.join(work, 'out-newer'), '--server', SERVER_URL]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/is built for chrome 56, newer than webos's floor \(chrome 53\); build it with ENCORE_APP_PLATFORM=webos/);
    const older = fixtureApp('app-webos', 'src="./app.abc.js" defer', [WebOsDevice.floor.engine]);
    const taken = packager(['tizen', '--app', older, '--out', path.join(work, 'out-older'), '--server', SERVER_URL]);
    expect(taken.status, taken.stderr).toBe(0);
  });

  it('prints the webOS floor to submit for (appinfo.json has no minimum-version field)', () => {
    const app = fixtureApp('app-floor', 'src="./app.abc.js" defer');
    const result = packager(['webos', '--app', app, '--out', path.join(work, 'out-floor'), '--server', SERVER_URL]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('webOS: submit for webOS TV 4.0 and newer (the build runs on Chrome 53)');
  });

  it('refuses one --app build for `all`, which needs a hosted and a classic build', () => {
    const app = fixtureApp('app-all', 'src="./app.abc.js" defer');
    const result = packager(['all', '--app', app, '--out', path.join(work, 'out-all'), '--server', SERVER_URL]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/--app gives one build, but all needs the browser build and a classic build per TV platform/);
  });

  it('refuses an unknown platform with the usage line', () => {
    const result = packager(['roku', '--skip-build', '--out', work]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/usage: npm run package -- <browser\|webos\|tizen\|androidtv\|firetv\|all>/);
  });

  it('says so when there is no build to package', () => {
    const result = packager(['webos', '--skip-build', '--out', path.join(work, 'nothing-here')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/no built app .*index\.html missing/);
  });

  it('refuses a WebView start URL that is not http(s)', () => {
    const result = packager(['androidtv', '--skip-build', '--out', work, '--url', 'file:///sdcard/index.html']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/--url must be an absolute http\(s\) URL/);
  });
});
