/**
 * The storage quota path end to end: the built app in real Chromium as a Tizen TV (5 MiB of web
 * storage per origin, devices/tizen), with the origin's localStorage already nearly full of
 * another record. Playing a track makes the app write `lastPlayed`; the quota'd driver must refuse
 * it with StorageQuotaError and lose nothing: playback goes on, the other record stays whole, and
 * no page error.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startBff, type RunningBff } from './support/bff';
import { launchBrowser, type LaunchedBrowser } from './support/browser';
import { copyDataDir, freePort } from './support/data-dir';
import { waitForSnapshot } from './support/wait-for';

const shots = path.resolve('.tmp/screenshots');
mkdirSync(shots, { recursive: true });

/** Tizen's globals, and every page error and warning kept for the test. */
const TIZEN_STUB = `(() => {
  window.__errors = [];
  window.__warnings = [];
  window.addEventListener('error', (e) => window.__errors.push(String(e.message)));
  window.addEventListener('unhandledrejection', (e) => window.__errors.push(String(e.reason)));
  const warn = console.warn.bind(console);
  console.warn = (...args) => { window.__warnings.push(args.map(String).join(' ')); warn(...args); };
  window.tizen = { tvinputdevice: { registerKey: () => undefined }, application: { getCurrentApplication: () => ({ exit: () => undefined }) } };
})();`;

/** The Tizen profile's budget (devices/tizen: 5 MiB), counted as the driver counts: UTF-16 bytes of key + value. */
const BUDGET = 5 * 1024 * 1024;
const FILLER_KEY = 'another-record';
/** Leaves 100 bytes: less than any record the app writes (its key prefix alone is ~50 bytes). */
const FILLER_CHARS = (BUDGET - 100) / 2 - FILLER_KEY.length;

interface Snapshot {
  state: string;
  focused: string;
  currentTime: number;
  route: string | undefined;
  fillerLength: number;
  lastPlayedStored: boolean;
  errors: string[];
  warnings: string[];
}

declare global {
  interface Window {
    __errors?: string[];
    __warnings?: string[];
  }
}

describe('storage quota in real Chromium (Tizen, 5 MiB budget, storage nearly full)', () => {
  let data: ReturnType<typeof copyDataDir>;
  let bff: RunningBff;
  let launched: LaunchedBrowser;
  let browser: WebdriverIO.Browser;

  const snapshot = (): Promise<Snapshot> =>
    browser.execute((fillerKey) => {
      const h = window.__encore;
      const keys = Array.from({ length: localStorage.length }, (_, i) => localStorage.key(i) ?? '');
      return {
        state: h?.state ?? 'idle',
        focused: h?.focusedPath() ?? '',
        currentTime: h?.mediaElement.currentTime ?? 0,
        route: h?.route,
        fillerLength: (localStorage.getItem(fillerKey) ?? '').length,
        lastPlayedStored: keys.some((k) => k.endsWith('lastPlayed')),
        errors: [...(window.__errors ?? [])],
        warnings: [...(window.__warnings ?? [])],
      };
    }, FILLER_KEY);
  const waitFor = (what: string, ok: (s: Snapshot) => boolean, timeout?: number): Promise<Snapshot> =>
    waitForSnapshot(browser, snapshot, { timeout: 20_000, interval: 100 })(what, ok, timeout);

  beforeAll(async () => {
    data = copyDataDir(inject('demoDataDir'));
    bff = await startBff({ dataDir: data.dir, port: await freePort() });
    launched = await launchBrowser();
    browser = launched.browser;
    await browser.sendCommandAndGetResult('Page.addScriptToEvaluateOnNewDocument', { source: TIZEN_STUB });
    // Fill the origin's storage before the app's first real start.
    await browser.url(`${bff.url}/?device=tizen`);
    await browser.execute(
      (key, chars) => {
        localStorage.clear();
        localStorage.setItem(key, 'x'.repeat(chars));
      },
      FILLER_KEY,
      FILLER_CHARS,
    );
  });

  afterAll(async () => {
    await launched?.close();
    await bff?.stop();
    data?.remove();
  });

  it('boots to Home with the other record intact', async () => {
    await browser.url(`${bff.url}/?device=tizen`);
    const home = await waitFor('Home', (s) => s.focused === 'App/home/Rail0/Tile0');
    expect(home.fillerLength).toBe(FILLER_CHARS);
  });

  it('plays on when the lastPlayed write is refused, and loses nothing', async () => {
    await browser.keys('Enter');
    await waitFor('the album page', (s) => s.focused === 'App/album/Play');
    await browser.keys('ArrowDown');
    await waitFor('the first track row', (s) => s.focused === 'App/album/Tracks/Row0');
    await browser.keys('Enter');
    const playing = await waitFor('playback past 1 s', (s) => s.state === 'playing' && s.currentTime > 1);
    expect(playing.lastPlayedStored).toBe(false);
    expect(playing.fillerLength).toBe(FILLER_CHARS);
    expect(playing.errors).toEqual([]);
    // The refusal is the driver's, not a crash: still playing a moment later.
    await browser.pause(500);
    const later = await snapshot();
    expect(later.state).toBe('playing');
    expect(later.currentTime).toBeGreaterThan(playing.currentTime);
  });

  it('with room again, the same write lands: the refusal was the quota', async () => {
    await browser.execute((key) => localStorage.removeItem(key), FILLER_KEY);
    // Tizen's MediaTrackNext (10233), as the TV's engine delivers it: the next track starts and is written.
    const key = { windowsVirtualKeyCode: 10233, nativeVirtualKeyCode: 10233 };
    await browser.sendCommand('Input.dispatchKeyEvent', { type: 'rawKeyDown', ...key });
    await browser.sendCommand('Input.dispatchKeyEvent', { type: 'keyUp', ...key });
    const stored = await waitFor('lastPlayed stored', (s) => s.lastPlayedStored && s.state === 'playing');
    expect(stored.errors).toEqual([]);
  });
});
