import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHELL_BRIDGE, SHELL_FORWARDED_KEYS } from '../../devices/shared/webview-shell';

const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string; scripts: Record<string, string> };
const settings = JSON.parse(readFileSync(path.join(root, 'settings.json'), 'utf8')) as { appSettings: { id: string; name: string } };
const HOSTED_URL = 'https://tv.encore.example/';

function packager(args: string[]) {
  return spawnSync(process.execPath, [path.join(root, 'scripts/package.mjs'), ...args], { cwd: root, encoding: 'utf8' });
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
    execFileSync(process.execPath, [path.join(root, 'scripts/package.mjs'), 'all', '--out', out, '--url', HOSTED_URL], {
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
      expect(application?.attrs.required_version).toMatch(/^\d+\.\d+$/);
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

    it('derives the same package id on every run (the store installs on it)', () => {
      const again = mkdtempSync(path.join(tmpdir(), 'encore-package-'));
      try {
        const result = packager(['tizen', '--app', path.join(out, 'browser'), '--out', again]);
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

  it('packages a given build without rebuilding, leaving out .br/.gz/.map', () => {
    const app = path.join(work, 'app');
    mkdirSync(path.join(app, 'static'), { recursive: true });
    writeFileSync(path.join(app, 'index.html'), '<!doctype html><title>fixture</title>');
    for (const f of ['app.abc.js', 'app.abc.js.br', 'app.abc.js.gz', 'app.abc.js.map', 'static/x.txt']) writeFileSync(path.join(app, f), f);
    const result = packager(['webos', '--app', app, '--out', path.join(work, 'out')]);
    expect(result.status, result.stderr).toBe(0);
    expect(files(path.join(work, 'out', 'webos')).sort()).toEqual(
      ['app.abc.js', 'appinfo.json', 'icon.png', 'index.html', 'largeIcon.png', path.join('static', 'x.txt')].sort(),
    );
    expect(existsSync(path.join(work, 'out', 'browser'))).toBe(false);
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
    expect(result.stderr).toMatch(/--url must be http\(s\)/);
  });
});
