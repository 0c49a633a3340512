/**
 * Now Playing's ambient mode (issue 12), in real Chromium against the real BFF, keys only: after
 * the idle delay (shortened through the test hook instead of waiting two minutes) the controls
 * fade out and the art and text dim and drift; any key leaves it and does nothing else; the idle
 * clock starts over. Beside it, the screensaver guard (browser profile: Screen Wake Lock) holds
 * while music plays and lets go on pause. A screenshot of the ambient screen goes to
 * .tmp/screenshots.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Key } from 'webdriverio';
import { useTvSession } from './support/tv-session';
import { waitForSnapshot } from './support/wait-for';

type Ambient = { ambient: boolean; controlsAlpha: number; ambientAlpha: number; ambientX: number; ambientY: number };
type Snapshot = { focused: string; route: string | undefined; state: string; shown: unknown; screensaverHeld: boolean };

const shots = path.resolve('.tmp/screenshots');
mkdirSync(shots, { recursive: true });
/** Short enough to wait for, long enough that the keys of one step never trip it. */
const AMBIENT_DELAY_MS = 2500;

describe('Now Playing ambient mode (real Chromium, real BFF, keys only)', () => {
  const tv = useTvSession();
  const browser = () => tv.browser;
  const snapshot = (): Promise<Snapshot> =>
    browser().execute(() => {
      const h = window.__encore!;
      return { focused: h.focusedPath(), route: h.route, state: h.state, shown: h.pageShown(), screensaverHeld: h.screensaverHeld };
    });
  const waitFor = (what: string, ok: (s: Snapshot) => boolean, timeout?: number): Promise<Snapshot> =>
    waitForSnapshot(browser(), snapshot, { timeout: 15_000, interval: 50 })(what, ok, timeout);
  const ambientOf = (s: Snapshot) => s.shown as Ambient;
  const press = async (...keys: string[]) => {
    for (const k of keys) await browser().keys(k);
  };

  it('plays something, and the screensaver is held off while it plays', async () => {
    await browser().url(`${tv.bff.url}/`);
    await waitFor('Home', (s) => s.focused === 'App/home/Rail0/Tile0', 30_000);
    await browser().execute((ms) => window.__encore!.setAmbientDelay(ms), AMBIENT_DELAY_MS);
    // Search "o" and play the top result: keys only.
    await press(Key.ArrowLeft);
    await waitFor('the side menu', (s) => s.focused === 'App/SideMenu');
    await press(Key.ArrowDown, Key.Enter);
    await waitFor('Search', (s) => s.route === 'search' && s.focused === 'App/search/Keyboard');
    await press(Key.ArrowDown, Key.ArrowRight, Key.Enter); // "o": row 2, second key
    await waitFor('results for "o"', (s) => (s.shown as { query: string; rails: string[] }).query === 'o' && (s.shown as { rails: string[] }).rails.length > 0);
    await press(Key.ArrowDown, Key.ArrowDown, Key.ArrowDown);
    await waitFor('the top result', (s) => s.focused === 'App/search/Rail0/Tile0');
    await press(Key.Enter);
    await waitFor('playing', (s) => s.state === 'playing', 20_000);
    await waitFor('the screensaver held off', (s) => s.screensaverHeld);
  });

  it('idle on Now Playing: ambient (controls gone, art and text dimmed and drifting); any key leaves it and does only that', async () => {
    await press(Key.ArrowLeft);
    await waitFor('the side menu', (s) => s.focused === 'App/SideMenu');
    for (let i = 0; i < 5; i++) await press(Key.ArrowUp);
    await press(Key.ArrowDown, Key.ArrowDown, Key.Enter); // Home, Search, Now Playing
    const awake = await waitFor('Now Playing', (s) => s.route === 'nowplaying' && s.focused === 'App/nowplaying/PlayPause');
    expect(ambientOf(awake)).toMatchObject({ ambient: false, controlsAlpha: 1, ambientAlpha: 1, ambientX: 0, ambientY: 0 });

    const entered = await waitFor('ambient after the idle delay', (s) => ambientOf(s).ambient, AMBIENT_DELAY_MS + 5000);
    expect(entered.state).toBe('playing');
    // The fade takes 2 s: the controls go fully, the rest stays dimmed, never back to full.
    const dimmed = await waitFor('faded', (s) => ambientOf(s).controlsAlpha === 0 && ambientOf(s).ambientAlpha <= 0.56);
    expect(ambientOf(dimmed).ambientAlpha).toBeGreaterThan(0.5);
    const from = ambientOf(dimmed);
    const moved = await waitFor('drifting', (s) => {
      const a = ambientOf(s);
      return Math.abs(a.ambientX - from.ambientX) + Math.abs(a.ambientY - from.ambientY) >= 1;
    });
    expect(ambientOf(moved).ambient).toBe(true);
    await browser().saveScreenshot(path.join(shots, 'now-playing-ambient.png'));

    // Any key wakes it; the key itself does nothing else (Right would otherwise move to Next).
    await press(Key.ArrowRight);
    const woke = await waitFor('awake again', (s) => !ambientOf(s).ambient && ambientOf(s).controlsAlpha === 1 && ambientOf(s).ambientX === 0 && ambientOf(s).ambientY === 0);
    expect(woke.focused).toBe('App/nowplaying/PlayPause');
    expect(woke.state).toBe('playing');
    // Keys keep it awake; the next key acts as usual.
    await press(Key.ArrowRight);
    await waitFor('Next focused', (s) => s.focused === 'App/nowplaying/Next');
    expect(ambientOf(await snapshot()).ambient).toBe(false);

    // The idle clock started over at the last key: ambient again after the delay, not before.
    const t0 = Date.now();
    await waitFor('ambient again', (s) => ambientOf(s).ambient, AMBIENT_DELAY_MS + 5000);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(AMBIENT_DELAY_MS - 1100); // the check runs once a second
    await press(Key.Enter); // OK wakes it too, without pressing Next
    const again = await waitFor('awake after OK', (s) => !ambientOf(s).ambient);
    expect(again.focused).toBe('App/nowplaying/Next');
    expect(again.state).toBe('playing');
  });

  it('pausing lets the screensaver come back', async () => {
    await press(Key.ArrowLeft);
    await waitFor('Play/Pause', (s) => s.focused === 'App/nowplaying/PlayPause');
    await press(Key.Enter);
    await waitFor('paused, screensaver allowed', (s) => s.state === 'paused' && !s.screensaverHeld);
    await press(Key.Enter);
    await waitFor('playing, held again', (s) => s.state === 'playing' && s.screensaverHeld);
  });
});
