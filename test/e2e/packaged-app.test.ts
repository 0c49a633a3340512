/**
 * The packaged webOS app as a TV runs it: `npm run package -- webos --server <BFF>` into a temp
 * dir, its index.html opened from file:// in headless Chromium with webOS's globals stubbed. The
 * page's origin is `null`, so screens, artwork (Lightning's image worker) and media (Shaka) all
 * cross origins to the real BFF, which must answer with CORS.
 *
 * Chromium runs with --allow-file-access-from-files: a TV lets a packaged app read its own files
 * (fonts under static/), which plain desktop Chromium refuses to a file:// page.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Key } from 'webdriverio';
import { useTvSession } from './support/tv-session';
import { waitForSnapshot } from './support/wait-for';

type Snapshot = {
  device: string;
  focused: string;
  route: string | undefined;
  state: string;
  currentTime: number;
  currentSrc: string;
  errors: string[];
};

declare global {
  interface Window {
    __pageErrors?: string[];
  }
}

/** Screenshots for people to look at (gitignored). */
const shots = path.resolve('.tmp/screenshots');
mkdirSync(shots, { recursive: true });

/** Before any page script: the globals webOS injects into a packaged app, and an error log. */
const WEBOS_GLOBALS = `(() => {
  const errors = (window.__pageErrors = []);
  window.addEventListener('error', (e) => errors.push(String(e.message)));
  window.addEventListener('unhandledrejection', (e) => errors.push(String(e.reason)));
  window.webOS = { platformBack: () => undefined };
  window.PalmSystem = { deviceInfo: JSON.stringify({ modelName: 'OLED55C1PUA' }), platformBack: () => undefined };
})();`;

describe('packaged webOS app from file:// (real Chromium, real BFF across origins)', () => {
  const tv = useTvSession({ browser: { args: ['--allow-file-access-from-files'] } });
  let out = '';

  const snapshot = (): Promise<Snapshot> =>
    tv.browser.execute(() => {
      const h = window.__encore;
      return {
        device: h?.device ?? '',
        focused: h?.focusedPath() ?? '',
        route: h?.route,
        state: h?.state ?? 'idle',
        currentTime: h?.mediaElement.currentTime ?? 0,
        currentSrc: h?.mediaElement.currentSrc ?? '',
        errors: [...(window.__pageErrors ?? [])],
      };
    });
  const waitFor = (what: string, ok: (s: Snapshot) => boolean, timeout?: number): Promise<Snapshot> =>
    waitForSnapshot(tv.browser, snapshot, { timeout: 20_000, interval: 100 })(what, ok, timeout);
  const press = (key: string) => tv.browser.keys(key);

  beforeAll(async () => {
    out = mkdtempSync(path.join(os.tmpdir(), 'encore-packaged-'));
    // The real packager, classic-script build included; dist/browser is not touched.
    execFileSync(process.execPath, ['scripts/package.mjs', 'webos', '--out', out, '--server', tv.bff.url], { stdio: 'pipe' });
    await tv.browser.sendCommandAndGetResult('Page.addScriptToEvaluateOnNewDocument', { source: WEBOS_GLOBALS });
  });

  afterAll(() => {
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('boots Home from file:// with a focused tile, artwork and text drawn', async () => {
    const before = tv.bff.mediaRequests.length;
    await tv.browser.url(`${pathToFileURL(path.join(out, 'webos', 'index.html')).href}?device=webos`);
    const home = await waitFor('Home with a focused tile', (s) => s.device === 'webos' && s.focused === 'App/home/Rail0/Tile0');
    expect(await tv.browser.execute(() => location.protocol)).toBe('file:');
    expect(home.route).toBe('home');
    // Artwork comes from the BFF through Lightning's image worker, across origins.
    await tv.browser.waitUntil(() => tv.bff.mediaRequests.slice(before).some((u) => u.startsWith('/media/art/')), {
      timeout: 10_000,
      timeoutMsg: 'no artwork requested from the BFF',
    });
    await tv.browser.pause(800); // let the fetched images and text textures reach the canvas
    const png = Buffer.from(await tv.browser.takeScreenshot(), 'base64');
    await sharp(png).toFile(path.join(shots, 'packaged-webos.png'));
    const { channels } = await sharp(png).stats();
    expect(Math.max(...channels.slice(0, 3).map((c) => c.stdev))).toBeGreaterThan(10);
    expect(home.errors).toEqual([]);
  });

  it('opens the album with Enter', async () => {
    await press(Key.Enter);
    await waitFor('the Album page', (s) => s.route?.startsWith('album/') === true && s.focused === 'App/album/Play');
  });

  it('plays a track with Down + Enter: MSE from the BFF, currentTime past 1 s', async () => {
    await press(Key.ArrowDown);
    await waitFor('the first track row', (s) => s.focused === 'App/album/Tracks/Row0');
    const before = tv.bff.mediaRequests.length;
    await press(Key.Enter);
    const playing = await waitFor('playback', (s) => s.state === 'playing' && s.currentTime > 0.2);
    const advanced = await waitFor('1 s of audio', (s) => s.currentTime > playing.currentTime + 1);
    expect(advanced.currentSrc).toMatch(/^blob:/);
    const fetched = tv.bff.mediaRequests.slice(before);
    // The manifest came inlined with the album (PlaybackStart.manifest): no request for it.
    expect(fetched.some((u) => u.endsWith('/manifest.mpd'))).toBe(false);
    expect(fetched.some((u) => /\/chunk-\d+-\d+\.m4s$/.test(u))).toBe(true);
    await tv.browser.saveScreenshot(path.join(shots, 'packaged-webos-playing.png'));
    expect(advanced.errors).toEqual([]);
  });
});
