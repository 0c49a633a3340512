/**
 * The Artist page in real Chromium against the real BFF: Home's Artists rail → Artist, Play
 * plays their popular tracks, Down walks Play → Popular → Albums (the page scrolls the rail into
 * view), Up returns to the row that was left, Enter on an album opens it, Back comes home.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Key } from 'webdriverio';
import type { ArtistResponse, HomeResponse } from '../../src/protocol';
import { startBff, type RunningBff } from './support/bff';
import { launchBrowser, type LaunchedBrowser } from './support/browser';
import { copyDataDir, freePort } from './support/data-dir';
import { waitForSnapshot } from './support/wait-for';

/** `route` is the Router's pattern (`artist/:artistId`); `hash` names the page actually shown. */
type Snapshot = { focused: string; route: string | undefined; hash: string; state: string; trackId: string | null; paused: boolean };

const shots = path.resolve('.tmp/screenshots');
mkdirSync(shots, { recursive: true });

describe('Artist page (real Chromium, real BFF)', () => {
  let data: ReturnType<typeof copyDataDir>;
  let bff: RunningBff;
  let launched: LaunchedBrowser;
  let browser: WebdriverIO.Browser;
  let artist: ArtistResponse;

  const snapshot = (): Promise<Snapshot> =>
    browser.execute(() => {
      const h = window.__encore!;
      return { focused: h.focusedPath(), route: h.route, hash: location.hash, state: h.state, trackId: h.trackId, paused: h.mediaElement.paused };
    });
  const waitFor = (what: string, ok: (s: Snapshot) => boolean, timeout?: number): Promise<Snapshot> =>
    waitForSnapshot(browser, snapshot, { timeout: 15_000, interval: 50 })(what, ok, timeout);
  const press = (key: string) => browser.keys(key);

  beforeAll(async () => {
    data = copyDataDir(inject('demoDataDir'));
    bff = await startBff({ dataDir: data.dir, port: await freePort() });
    launched = await launchBrowser();
    browser = launched.browser;
    const home = (await (await fetch(`${bff.url}/api/v1/home`)).json()) as HomeResponse;
    const firstArtist = home.rails.find((r) => r.id === 'artists')!.items[0]!;
    artist = (await (await fetch(`${bff.url}/api/v1/artists/${firstArtist.id}`)).json()) as ArtistResponse;
  });

  afterAll(async () => {
    await launched?.close();
    await bff?.stop();
    data?.remove();
  });

  it('opens from the Artists rail with Play focused', async () => {
    await browser.url(`${bff.url}/`);
    await waitFor('Home', (s) => s.focused === 'App/home/Rail0/Tile0');
    await press(Key.ArrowDown);
    await waitFor('the Artists rail', (s) => s.focused === 'App/home/Rail1/Tile0');
    await press(Key.Enter);
    const page = await waitFor('the Artist page', (s) => s.hash === `#artist/${artist.artist.id}` && s.focused === 'App/artist/Play');
    expect(page.state).toBe('idle');
    expect(artist.topTracks.length).toBeGreaterThan(1);
  });

  it('walks Play → Popular → Albums and back up to the row it left', async () => {
    await press(Key.ArrowDown);
    await waitFor('the first popular track', (s) => s.focused === 'App/artist/Popular/Row0');
    await press(Key.ArrowDown);
    await waitFor('the second popular track', (s) => s.focused === 'App/artist/Popular/Row1');
    for (let i = 1; i < artist.topTracks.length; i++) await press(Key.ArrowDown);
    await waitFor('the albums rail', (s) => s.focused === 'App/artist/Albums/Tile0');
    await browser.pause(400);
    await browser.saveScreenshot(path.join(shots, 'artist-albums.png'));
    await press(Key.ArrowUp);
    await waitFor('the last popular track', (s) => s.focused === `App/artist/Popular/Row${artist.topTracks.length - 1}`);
  });

  it('plays the popular tracks from Play', async () => {
    for (let i = 0; i < artist.topTracks.length; i++) await press(Key.ArrowUp);
    await waitFor('Play', (s) => s.focused === 'App/artist/Play');
    await press(Key.Enter);
    const playing = await waitFor('the first popular track playing', (s) => s.state === 'playing' && !s.paused);
    expect(playing.trackId).toBe(artist.topTracks[0]!.id);
    await browser.pause(400);
    await browser.saveScreenshot(path.join(shots, 'artist.png'));
  });

  it('opens an album from the rail, and Back returns to the artist, then Home', async () => {
    await press(Key.ArrowDown);
    await waitFor('the first popular track', (s) => s.focused === 'App/artist/Popular/Row0');
    for (let i = 0; i < artist.topTracks.length; i++) await press(Key.ArrowDown);
    await waitFor('the albums rail', (s) => s.focused === 'App/artist/Albums/Tile0');
    await press(Key.Enter);
    await waitFor('the album', (s) => s.hash === `#album/${artist.albums[0]!.id}` && s.focused === 'App/album/Play');
    await press(Key.Escape);
    await waitFor('the artist, albums rail focused', (s) => s.route?.startsWith('artist/') === true && s.focused === 'App/artist/Albums/Tile0');
    await press(Key.Escape);
    await waitFor('Home, Artists rail', (s) => s.route === 'home' && s.focused === 'App/home/Rail1/Tile0');
  });
});
