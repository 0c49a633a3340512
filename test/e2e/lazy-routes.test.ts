/**
 * The pages Home does not show come in a chunk of their own (src/app/lazy-pages.ts, loaded by
 * src/app/routes.ts on the first visit to any of them), as does the remote receiver. Real BFF,
 * the built TV app in real Chromium, through the fault proxy (support/fault-proxy.ts) so the
 * chunk's request can be held or failed:
 * - Home boots without either chunk;
 * - every route deep-links from a fresh page load, the sign-in guard included;
 * - while the chunk loads, the page on screen keeps focus and gets the keys, and Back cancels
 *   the navigation for good (a late chunk does not bring the page up);
 * - a chunk that cannot be fetched leads to the error page, whose Try again loads it;
 * - Back from a lazily loaded page returns to Home's focused tile.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Key } from 'webdriverio';
import type { HomeResponse } from '../../src/protocol';
import type { FaultProxy } from './support/fault-proxy';
import { playbackSnapshot, type PlaybackSnapshot as Snapshot } from './support/playback-snapshot';
import { useFaultProxySession } from './support/tv-session';
import { waitForSnapshot } from './support/wait-for';

interface BuildManifest {
  boot: string[];
  lazyEntries: Record<string, string>;
}

/** The chunk a lazily loaded module starts, from the build's own record (scripts/build-app.mjs). */
function chunkOf(manifest: BuildManifest, entry: string): string {
  const file = Object.entries(manifest.lazyEntries).find(([, e]) => e === entry)?.[0];
  if (!file) throw new Error(`the build has no chunk for ${entry}: was it built from this tree?`);
  return file;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('lazily loaded routes (real Chromium, real BFF)', () => {
  const session = useFaultProxySession();
  let proxy: FaultProxy;
  let browser: WebdriverIO.Browser;
  let manifest: BuildManifest;
  let pagesChunk: RegExp;
  let home: HomeResponse;

  const snapshot = (): Promise<Snapshot> => playbackSnapshot(browser);
  const waitFor = (what: string, ok: (s: Snapshot) => boolean, timeout?: number): Promise<Snapshot> =>
    waitForSnapshot(browser, snapshot, { timeout: 20_000, interval: 50 })(what, ok, timeout);
  const onHome = (s: Snapshot) => s.route === 'home' && /^App\/home\/Rail\d+\/Tile\d+$/.test(s.focused);
  /** JS files the page has fetched (Resource Timing), by file name. */
  const fetchedJs = () =>
    browser.execute(() => performance.getEntriesByType('resource').map((e) => e.name.replace(/^.*\//, '')).filter((n) => n.endsWith('.js')));

  /** A fresh page (nothing loaded), at `hash`. */
  async function open(hash = ''): Promise<void> {
    await browser.url('about:blank');
    await browser.url(`${proxy.url}/${hash}`);
  }

  beforeAll(async () => {
    manifest = JSON.parse(readFileSync(path.resolve('dist/browser/build.json'), 'utf8')) as BuildManifest;
    pagesChunk = new RegExp(`/${escape(chunkOf(manifest, 'src/app/lazy-pages.ts'))}$`);
    ({ browser, proxy } = session);
    home = (await (await fetch(`${session.bff.url}/api/v1/home`)).json()) as HomeResponse;
  });

  it('boots to Home without the pages chunk or the receiver chunk', async () => {
    await open();
    await waitFor('Home with a focused tile', onHome);
    const js = await fetchedJs();
    expect(js).toEqual(expect.arrayContaining(manifest.boot));
    expect(js).not.toContain(chunkOf(manifest, 'src/app/lazy-pages.ts'));
    expect(js).not.toContain(chunkOf(manifest, 'src/app/services/tv-receiver.ts'));
  });

  it('opens every route from a deep link on a fresh page load', async () => {
    const artistId = home.rails.flatMap((r) => r.items).find((i) => i.kind === 'artist')?.id;
    const albumId = home.rails.flatMap((r) => r.items).find((i) => i.kind === 'album')?.id;
    expect(artistId && albumId, 'the demo Home lists an artist and an album').toBeTruthy();
    const links: Array<[hash: string, route: string, focus: RegExp]> = [
      [`#album/${albumId}`, 'album/:albumId', /^App\/album\//],
      [`#artist/${artistId}`, 'artist/:artistId', /^App\/artist\//],
      ['#search', 'search', /^App\/search\//],
      ['#library', 'library', /^App\/library\//],
      ['#settings', 'settings', /^App\/settings\//],
      ['#signin', 'signin', /^App\/signin\//],
      ['#nowplaying', 'nowplaying', /^App\/nowplaying\//],
      ['#queue', 'queue', /^App\/queue\//],
      // A guest has no profiles, likes or party: the guard sends them to sign-in.
      ['#profiles', 'signin', /^App\/signin\//],
      ['#liked', 'signin', /^App\/signin\//],
      ['#party', 'signin', /^App\/signin\//],
      // No such show: the lazily loaded route's data fails as any route's does.
      ['#show/no-such-show', '!', /\/Retry$/],
    ];
    for (const [hash, route, focus] of links) {
      await open(hash);
      const s = await waitFor(`${hash} → ${route}`, (x) => x.route === route && focus.test(x.focused));
      expect(s.focused, hash).toMatch(focus);
    }
  });

  it('keeps Home focused and taking keys while the chunk loads, and Back cancels the navigation', async () => {
    await open();
    await waitFor('Home', onHome);
    proxy.fail('stall', pagesChunk);
    await browser.execute(() => {
      location.hash = '#search';
    });
    await browser.waitUntil(() => proxy.broken.some((p) => pagesChunk.test(p)), { timeout: 10_000, timeoutMsg: 'the chunk was never requested' });
    await browser.keys(Key.ArrowRight);
    await waitFor('Home took the key: focus on the second tile', (s) => s.route === 'home' && s.focused === 'App/home/Rail0/Tile1');
    await browser.keys(Key.Escape);
    proxy.clear();
    // The chunk arrives after Back: the cancelled navigation must not bring Search up.
    await browser.waitUntil(async () => (await fetchedJs()).includes(chunkOf(manifest, 'src/app/lazy-pages.ts')), { timeout: 10_000 });
    await browser.executeAsync((done: () => void) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
    const after = await snapshot();
    expect(after.route).toBe('home');
    expect(after.focused).toBe('App/home/Rail0/Tile1');
    // The same route again now opens at once (the chunk is in memory, the old request is gone).
    await browser.execute(() => {
      location.hash = '#search';
    });
    await waitFor('Search', (s) => s.route === 'search' && s.focused.startsWith('App/search/'));
  });

  it('an album chosen while the chunk loads opens, even when the chunk arrives before its data', async () => {
    await open();
    await waitFor('Home', onHome);
    const albumData = /\/api\/v1\/albums\//;
    proxy.fail('stall', new RegExp(`${pagesChunk.source}|${albumData.source}`));
    await browser.execute(() => {
      location.hash = '#search';
    });
    await browser.waitUntil(() => proxy.broken.some((p) => pagesChunk.test(p)), { timeout: 10_000, timeoutMsg: 'the chunk was never requested' });
    // OK on Home's first tile (an album), whose data is held too.
    await browser.keys(Key.Enter);
    await browser.waitUntil(() => proxy.broken.some((p) => albumData.test(p)), { timeout: 10_000, timeoutMsg: 'the album was never asked for' });
    // The abandoned Search navigation goes on once its chunk is there; it must not make the
    // album's navigation look stale when the album's data comes.
    proxy.release(pagesChunk);
    await browser.waitUntil(async () => (await fetchedJs()).includes(chunkOf(manifest, 'src/app/lazy-pages.ts')), { timeout: 10_000 });
    await browser.executeAsync((done: () => void) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
    proxy.clear();
    await waitFor('the album page', (s) => s.route === 'album/:albumId' && s.focused.startsWith('App/album/'));
  });

  it('a chunk that cannot be fetched leads to the error page; Try again loads the page', async () => {
    await open();
    await waitFor('Home', onHome);
    proxy.fail('503', pagesChunk);
    await browser.execute(() => {
      location.hash = '#settings';
    });
    await waitFor('the error page with Try again focused', (s) => s.route === '!' && s.focused.endsWith('/Retry'));
    proxy.clear();
    await browser.keys(Key.Enter);
    await waitFor('Settings after Try again', (s) => s.route === 'settings' && s.focused.startsWith('App/settings/'));
  });

  it('Back from a lazily loaded page returns to the tile Home had focused', async () => {
    await open();
    await waitFor('Home', onHome);
    await browser.keys(Key.ArrowRight);
    await waitFor('the second tile', (s) => s.focused === 'App/home/Rail0/Tile1');
    await browser.execute(() => {
      location.hash = '#queue';
    });
    await waitFor('the queue page', (s) => s.route === 'queue' && s.focused.startsWith('App/queue/'));
    await browser.keys(Key.Escape);
    const back = await waitFor('Home again', onHome);
    expect(back.focused).toBe('App/home/Rail0/Tile1');
  });
});
