/**
 * The spine through the front door: a real BFF on a demo data dir, the built TV app in headless
 * Chromium at 1920×1080, driven with key presses only. Steps share one browser and build on each
 * other (Home → Album → play → Back), as a person on a sofa would.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Key } from 'webdriverio';
import { startBff, type RunningBff } from './support/bff';
import { launchBrowser, type LaunchedBrowser } from './support/browser';
import { copyDataDir, freePort } from './support/data-dir';
import { playbackSnapshot, type PlaybackSnapshot as Snapshot } from './support/playback-snapshot';
import { waitForSnapshot } from './support/wait-for';

/** Screenshots for people to look at (gitignored). */
const shots = path.resolve('.tmp/screenshots');
mkdirSync(shots, { recursive: true });

describe('TV app walking skeleton (real Chromium, real BFF)', () => {
  let data: ReturnType<typeof copyDataDir>;
  let port: number;
  let bff: RunningBff;
  let launched: LaunchedBrowser;
  let browser: WebdriverIO.Browser;

  const snapshot = (): Promise<Snapshot> => playbackSnapshot(browser);

  const waitFor = (what: string, ok: (s: Snapshot) => boolean, timeout?: number): Promise<Snapshot> =>
    waitForSnapshot(browser, snapshot, { timeout: 20_000, interval: 100 })(what, ok, timeout);

  const press = (key: string) => browser.keys(key);

  beforeAll(async () => {
    data = copyDataDir(inject('demoDataDir'));
    port = await freePort();
    bff = await startBff({ dataDir: data.dir, port });
    launched = await launchBrowser();
    browser = launched.browser;
  });

  afterAll(async () => {
    await launched?.close();
    await bff?.stop();
    data?.remove();
  });

  it('boots to Home with a focused tile and draws a real picture', async () => {
    await browser.url(`${bff.url}/`);
    const home = await waitFor('Home with a focused tile', (s) => /^App\/home\/Rail\d+\/Tile\d+$/.test(s.focused));
    expect(home.route).toBe('home');
    // The canvas must show artwork and text, not a flat colour: many distinct pixel values.
    const png = Buffer.from(await browser.takeScreenshot(), 'base64');
    writeFileSync(path.join(shots, 'home.png'), png);
    const { channels } = await sharp(png).stats();
    const spread = Math.max(...channels.slice(0, 3).map((c) => c.stdev));
    expect(spread).toBeGreaterThan(10);
    const { width, height } = await sharp(png).metadata();
    expect([width, height]).toEqual([1920, 1080]);
    // Chromium decodes WebP: covers come as WebP, a third of the JPEG's bytes.
    const art = bff.mediaRequests.filter((u) => u.startsWith('/media/art/'));
    expect(art.length).toBeGreaterThan(0);
    expect(art.every((u) => u.endsWith('.webp'))).toBe(true);
  });

  it('moves focus with the arrow keys and keeps a column between rails', async () => {
    await press(Key.ArrowRight);
    const right = await waitFor('focus on the second tile', (s) => s.focused === 'App/home/Rail0/Tile1');
    expect(right.focused).toBe('App/home/Rail0/Tile1');
    await press(Key.ArrowDown);
    const down = await waitFor('focus on the next rail', (s) => s.focused.startsWith('App/home/Rail1/'));
    expect(down.focused).toMatch(/^App\/home\/Rail1\/Tile[01]$/);
    await press(Key.ArrowUp);
    // The first rail remembers its tile.
    await waitFor('back on the first rail, same tile', (s) => s.focused === 'App/home/Rail0/Tile1');
  });

  it('opens the album with Enter', async () => {
    await press(Key.Enter);
    const album = await waitFor('the Album page', (s) => s.route?.startsWith('album/') === true && s.focused.startsWith('App/album/'));
    expect(album.focused).toMatch(/^App\/album\/(Play|Tracks\/Row\d+)$/);
  });

  it('plays a track through Shaka/MSE from the BFF: currentTime advances > 2 s, segments fetched', async () => {
    // Focus the first track row (Play is first; Down/Right reach the list).
    await press(Key.ArrowDown);
    await waitFor('a track row focused', (s) => /^App\/album\/Tracks\/Row\d+$/.test(s.focused));
    const before = bff.mediaRequests.length;
    await press(Key.Enter);
    const playing = await waitFor('playback', (s) => s.state === 'playing' && s.currentTime > 0.2);
    const start = playing.currentTime;
    await waitFor('2 s of audio', (s) => s.currentTime - start > 2, 15_000);
    const fetched = bff.mediaRequests.slice(before);
    // The manifest came inlined with the album (PlaybackStart.manifest): no request for it.
    expect(fetched.some((u) => u.endsWith('/manifest.mpd'))).toBe(false);
    expect(fetched.filter((u) => /\/chunk-\d+-\d+\.m4s$/.test(u)).length).toBeGreaterThan(0);
    await browser.saveScreenshot(path.join(shots, 'album-playing.png'));
    const isMse = await browser.execute(() => window.__encore!.mediaElement.currentSrc.startsWith('blob:'));
    expect(isMse).toBe(true);
  });

  it('toggles play/pause with the remote play/pause key', async () => {
    await press(Key.Space);
    await waitFor('paused', (s) => s.paused && s.state === 'paused');
    const t = (await snapshot()).currentTime;
    await browser.pause(600);
    expect((await snapshot()).currentTime).toBeCloseTo(t, 1);
    await press(Key.Space);
    await waitFor('playing again', (s) => !s.paused && s.state === 'playing');
  });

  it('skips to the next track of the album', async () => {
    const { trackId, queueIndex } = await snapshot();
    await press('n');
    const next = await waitFor('the next track playing', (s) => s.trackId !== trackId && s.state === 'playing' && s.currentTime > 0.2);
    expect(next.queueIndex).toBe(queueIndex + 1);
  });

  it('OK over a track starts loading it on press; the release plays it', async () => {
    const { trackId } = await snapshot();
    // Read in each keydown's own task, after the app handled it (its listener came first).
    await browser.execute(() => {
      const w = window as unknown as { __keys: Array<{ key: number; at: number; preloaded: string[] }> };
      w.__keys = [];
      window.addEventListener('keydown', (e) => {
        w.__keys.push({ key: e.keyCode, at: performance.now(), preloaded: [...window.__encore!.preloadedIds] });
      });
    });
    // Down, Down to row 2 (neither playing nor rested on), then OK, in one chain: focus rests on
    // row 2 for less than the 300 ms dwell, so only the press can have asked for its preload.
    const tap = (value: string) => [{ type: 'keyDown', value }, { type: 'keyUp', value }];
    await browser.performActions([{ type: 'key', id: 'keys', actions: [...tap(Key.ArrowDown), ...tap(Key.ArrowDown), ...tap(Key.Enter)] }]);
    await browser.releaseActions();
    const playing = await waitFor('the third track playing', (s) => s.queueIndex === 2 && s.state === 'playing');
    expect(playing.trackId).not.toBe(trackId);
    const keys = await browser.execute(() => (window as unknown as { __keys: Array<{ key: number; at: number; preloaded: string[] }> }).__keys);
    const [, toRow2, ok] = keys;
    expect(ok!.key).toBe(13);
    expect(ok!.at - toRow2!.at, 'the chain was slower than the dwell; the test proves nothing').toBeLessThan(300);
    expect(toRow2!.preloaded).not.toContain(playing.trackId);
    expect(ok!.preloaded).toContain(playing.trackId);
  });

  it('goes Back to Home with the same tile focused', async () => {
    await press(Key.Escape);
    const home = await waitFor('Home again', (s) => s.route === 'home' && s.focused.startsWith('App/home/'));
    // "Jump back in" may now lead the rails; the album's tile is still the one focused.
    const rails = await browser.execute(() => window.__encore!.focusedPath());
    expect(rails).toMatch(/Tile1$/);
    expect(home.state).toBe('playing');
  });

  it('shows an error page with Retry when the BFF is down, and recovers when it is back', async () => {
    await bff.stop();
    // Open another album: the request fails.
    await press(Key.ArrowRight);
    await press(Key.Enter);
    await waitFor('the error page with Retry focused', (s) => s.focused.endsWith('/Retry'));
    await browser.saveScreenshot(path.join(shots, 'error.png'));
    bff = await startBff({ dataDir: data.dir, port });
    await press(Key.Enter);
    await waitFor('the album after Retry', (s) => s.route?.startsWith('album/') === true && s.focused.startsWith('App/album/'));
  });

  it('keeps a focused element after every key, whatever is pressed', async () => {
    for (const key of [Key.ArrowUp, Key.ArrowLeft, Key.ArrowDown, Key.ArrowRight, Key.Escape, Key.ArrowDown, Key.ArrowDown, Key.ArrowLeft]) {
      await press(key);
      const s = await snapshot();
      expect(s.focused.split('/').length, `focus after ${JSON.stringify(key)}`).toBeGreaterThan(1);
    }
  });
});
