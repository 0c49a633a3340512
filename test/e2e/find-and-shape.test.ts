/**
 * Finding and shaping what plays with only a remote (issue 12), in real Chromium against the real
 * BFF, keys only: the side menu, search on the on-screen keyboard, Now Playing and seeking, the
 * context menu's Play next / Add to queue, reordering on the Queue page, shuffle, and the queue
 * surviving a reload. Screenshots of each new page go to .tmp/screenshots.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Key } from 'webdriverio';
import type { ArtistResponse, HomeResponse, SearchResponse } from '../../src/protocol';
import { useTvSession } from './support/tv-session';
import { waitForSnapshot } from './support/wait-for';

type QueueTitles = { current: string | null; queued: string[]; fromContext: string[]; context: string | null; shuffle: boolean; repeat: string };
type Snapshot = {
  focused: string;
  route: string | undefined;
  state: string;
  trackId: string | null;
  positionMs: number;
  queue: QueueTitles;
  shown: unknown;
  toast: string;
};

const shots = path.resolve('.tmp/screenshots');
mkdirSync(shots, { recursive: true });

/** The on-screen keyboard's letter rows (src/app/components/on-screen-keyboard.ts). */
const ROWS = ['abcdefghijklm', 'nopqrstuvwxyz'];

describe('find anything and shape what plays (real Chromium, real BFF, keys only)', () => {
  const tv = useTvSession();
  const browser = () => tv.browser;
  let keyAt = { row: 0, col: 0 };

  const snapshot = (): Promise<Snapshot> =>
    browser().execute(() => {
      const h = window.__encore!;
      return {
        focused: h.focusedPath(),
        route: h.route,
        state: h.state,
        trackId: h.trackId,
        positionMs: h.positionMs,
        queue: h.queue(),
        shown: h.pageShown(),
        toast: h.toast(),
      };
    });
  const waitFor = (what: string, ok: (s: Snapshot) => boolean, timeout?: number): Promise<Snapshot> =>
    waitForSnapshot(browser(), snapshot, { timeout: 15_000, interval: 50 })(what, ok, timeout);
  const press = async (...keys: string[]) => {
    for (const k of keys) await browser().keys(k);
  };
  /** OK held past the long-press threshold (the context menu). */
  const holdOk = async () => {
    await browser().performActions([{ type: 'key', id: 'kb', actions: [{ type: 'keyDown', value: Key.Enter }, { type: 'pause', duration: 800 }, { type: 'keyUp', value: Key.Enter }] }]);
    await browser().releaseActions();
  };
  const shot = async (name: string) => {
    await browser().pause(500);
    await browser().saveScreenshot(path.join(shots, `${name}.png`));
  };
  /** Types letters on the on-screen keyboard with arrows and OK only. */
  const typeOnKeyboard = async (text: string) => {
    for (const ch of text) {
      const row = ROWS.findIndex((r) => r.includes(ch));
      const col = ROWS[row]!.indexOf(ch);
      while (keyAt.row < row) (await press(Key.ArrowDown), keyAt.row++);
      while (keyAt.row > row) (await press(Key.ArrowUp), keyAt.row--);
      while (keyAt.col < col) (await press(Key.ArrowRight), keyAt.col++);
      while (keyAt.col > col) (await press(Key.ArrowLeft), keyAt.col--);
      await press(Key.Enter);
    }
  };
  const api = async <T>(p: string): Promise<T> => (await (await fetch(`${tv.bff.url}${p}`)).json()) as T;

  it('the side menu opens from the first column, Back closes it with focus where it was', async () => {
    await browser().url(`${tv.bff.url}/`);
    await waitFor('Home', (s) => s.focused === 'App/home/Rail0/Tile0');
    await press(Key.ArrowRight);
    await waitFor('the second tile', (s) => s.focused === 'App/home/Rail0/Tile1');
    await press(Key.ArrowLeft, Key.ArrowLeft);
    await waitFor('the side menu', (s) => s.focused === 'App/SideMenu');
    await shot('side-menu');
    await press(Key.Escape);
    await waitFor('the first tile again, still on Home', (s) => s.focused === 'App/home/Rail0/Tile0' && s.route === 'home');
    await press(Key.ArrowLeft);
    await waitFor('the side menu again', (s) => s.focused === 'App/SideMenu');
    await press(Key.ArrowRight);
    await waitFor('Right closes it too', (s) => s.focused === 'App/home/Rail0/Tile0');
  });

  it('the side menu goes to Search; typing "osk" on the on-screen keyboard puts Ósk Vale on top; Enter plays her music', async () => {
    await press(Key.ArrowLeft);
    await waitFor('the side menu', (s) => s.focused === 'App/SideMenu');
    await press(Key.ArrowDown, Key.Enter);
    await waitFor('Search with the keyboard focused', (s) => s.route === 'search' && s.focused === 'App/search/Keyboard');
    keyAt = { row: 0, col: 0 };
    await typeOnKeyboard('osk');
    const found = await waitFor('results for "osk"', (s) => (s.shown as { query: string }).query === 'osk');
    expect((found.shown as { rails: string[] }).rails[0]).toBe('top');
    const bff = await api<SearchResponse>('/api/v1/search?q=osk');
    expect(bff.top).toMatchObject({ kind: 'artist', card: { title: 'Ósk Vale' } });
    await shot('search');
    await press(Key.ArrowDown, Key.ArrowDown, Key.ArrowDown);
    await waitFor('the top result', (s) => s.focused === 'App/search/Rail0/Tile0');
    const artist = await api<ArtistResponse>(`/api/v1/artists/${bff.top!.kind === 'artist' ? bff.top!.card.id : ''}`);
    await press(Key.Enter);
    const playing = await waitFor('her music playing', (s) => s.state === 'playing', 20_000);
    expect(playing.trackId).toBe(artist.topTracks[0]!.id);
    expect(playing.queue.context).toBe('Ósk Vale');
    await shot('search-results');
  });

  it('Now Playing: seeking forward twice moves ≈20 s', async () => {
    await press(Key.ArrowLeft);
    await waitFor('the side menu', (s) => s.focused === 'App/SideMenu');
    await press(Key.ArrowDown, Key.Enter);
    await waitFor('Now Playing, transport focused', (s) => s.route === 'nowplaying' && s.focused === 'App/nowplaying/PlayPause', 20_000);
    await shot('now-playing');
    await press(Key.ArrowUp);
    await waitFor('the progress bar', (s) => s.focused === 'App/nowplaying');
  });
});
