/**
 * Crossfade in real Chromium against the real BFF, set with the remote's keys on the Settings page
 * and measured on what the app renders: each deck's Web Audio output (window.__encore.audioOutputs,
 * one gain node per media element in the app's one AudioContext) goes through an AnalyserNode,
 * sampled every 20 ms for its peak. Both decks above -60 dBFS at once is overlap.
 * - Settings: Down to the crossfade row, Right twice → 4 s, kept after a reload; on a profile with
 *   one audio pipeline the row is disabled.
 * - An ordinary album near a track's end: both elements sound for about the fade's length, the
 *   screen shows the incoming track meanwhile, then one element and `playing`.
 * - Pause during a fade → nothing sounds, no stuck state; Play → the incoming track only.
 *   Next during a fade → the track after, one element, no stuck state.
 * - A gapless album with crossfade on still joins gaplessly (≤ 50 ms, support/audio-probe.ts)
 *   and never fades.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Key } from 'webdriverio';
import { START_LEAD_S } from '../../src/player/crossfade';
import type { AlbumResponse, HomeResponse } from '../../src/protocol';
import { gapsAtBoundaries, installProbe, readProbe } from './support/audio-probe';
import { startBff, type RunningBff } from './support/bff';
import { launchBrowser, type LaunchedBrowser } from './support/browser';
import { buildContinuousLibrary, trackSeconds } from './support/continuous-album';
import { copyDataDir, freePort } from './support/data-dir';
import { waitForSnapshot } from './support/wait-for';

const FADE_S = 4;
/** Below this peak a deck counts as silent (-60 dBFS): the fade's tail ends well under it. */
const SILENT = 1e-3;

const shots = path.resolve('.tmp/screenshots');
mkdirSync(shots, { recursive: true });

interface Snap {
  route: string | undefined;
  focused: string;
  state: string;
  trackId: string | null;
  queueIndex: number;
  positionMs: number;
  durationMs: number;
  crossfade: { seconds: number; fading: boolean } | null;
  /** Elements playing (not paused), of all decks. */
  sounding: number;
  routed: boolean;
}

function snapshot(browser: WebdriverIO.Browser): () => Promise<Snap> {
  return () =>
    browser.execute(() => {
      const h = window.__encore!;
      return {
        route: h.route,
        focused: h.focusedPath(),
        state: h.state,
        trackId: h.trackId,
        queueIndex: h.queueIndex,
        positionMs: h.positionMs,
        durationMs: h.durationMs,
        crossfade: h.crossfade,
        sounding: h.mediaElements.filter((m) => !m.paused).length,
        routed: h.audioOutput !== null,
      };
    });
}

/**
 * Samples every deck's output peak every 20 ms, with the app's state and track beside it. Decks
 * made later (the second one exists from the first fade) are picked up as they appear.
 */
async function startMeter(browser: WebdriverIO.Browser): Promise<void> {
  await browser.execute(() => {
    const w = window as unknown as { __meterStop?: () => void; __meter?: unknown };
    w.__meterStop?.();
    const h = window.__encore!;
    const analysers = new Map<HTMLMediaElement, { node: AnalyserNode; buf: Float32Array<ArrayBuffer> }>();
    const rows: Array<[number, number[], string, string | null]> = [];
    const timer = setInterval(() => {
      for (const out of h.audioOutputs) {
        if (analysers.has(out.element)) continue;
        const node = out.context.createAnalyser();
        node.fftSize = 1024;
        out.node.connect(node);
        analysers.set(out.element, { node, buf: new Float32Array(new ArrayBuffer(node.fftSize * 4)) });
      }
      const peaks = [...analysers.values()].map(({ node, buf }) => {
        node.getFloatTimeDomainData(buf);
        let peak = 0;
        for (const v of buf) peak = Math.max(peak, Math.abs(v));
        return peak;
      });
      rows.push([performance.now(), peaks, h.state, h.trackId]);
    }, 20);
    w.__meter = rows;
    w.__meterStop = () => {
      clearInterval(timer);
      for (const { node } of analysers.values()) node.disconnect();
    };
  });
}

type MeterRow = [number, number[], string, string | null];

async function readMeter(browser: WebdriverIO.Browser): Promise<MeterRow[]> {
  const rows: unknown = await browser.execute(() => JSON.parse(JSON.stringify((window as unknown as { __meter: unknown }).__meter)) as unknown);
  return rows as MeterRow[];
}

/** Seconds during which two decks were above SILENT at once (rows 20 ms apart; a gap of more is not counted past 40 ms). */
function overlapSeconds(rows: MeterRow[]): { seconds: number; tracksShown: Set<string | null>; states: Set<string> } {
  let seconds = 0;
  const tracksShown = new Set<string | null>();
  const states = new Set<string>();
  for (let i = 1; i < rows.length; i++) {
    const [t, peaks, state, track] = rows[i]!;
    if (peaks.filter((p) => p > SILENT).length < 2) continue;
    seconds += Math.min(0.04, (t - rows[i - 1]![0]) / 1000);
    tracksShown.add(track);
    states.add(state);
  }
  return { seconds, tracksShown, states };
}

describe('crossfade (real Chromium, real BFF, rendered audio)', () => {
  let data: ReturnType<typeof copyDataDir>;
  let bff: RunningBff;
  let launched: LaunchedBrowser;
  let browser: WebdriverIO.Browser;
  let album: AlbumResponse;

  const snap = (): Promise<Snap> => snapshot(browser)();
  const waitFor = (what: string, ok: (s: Snap) => boolean, timeout = 20_000): Promise<Snap> =>
    waitForSnapshot(browser, snapshot(browser), { timeout: 20_000, interval: 20 })(what, ok, timeout);

  /** Opens `albumId` by its route, Down to the tracks, row `row`, Enter; resolves when it plays through Web Audio. */
  async function playRow(baseUrl: string, albumId: string, row: number): Promise<Snap> {
    await browser.url(`${baseUrl}/#album/${albumId}`);
    await waitFor('the Album page', (s) => s.route?.startsWith('album') === true && s.focused.startsWith('App/album/'));
    await browser.keys(Key.ArrowDown);
    const at = await waitFor('a track row', (s) => /^App\/album\/Tracks\/Row\d+$/.test(s.focused));
    // The page focuses the row playing now, if any: walk from there.
    const from = Number(/Row(\d+)$/.exec(at.focused)![1]);
    for (let i = from; i !== row; i += row > from ? 1 : -1) await browser.keys(row > from ? Key.ArrowDown : Key.ArrowUp);
    await waitFor(`row ${row}`, (s) => s.focused === `App/album/Tracks/Row${row}`);
    await browser.keys(Key.Enter);
    return waitFor('playing through Web Audio', (s) => s.state === 'playing' && s.routed && s.queueIndex === row);
  }

  /** Jumps to `msBeforeEnd` before the current track's end (the hook seeks as a phone would). */
  async function seekNearEnd(msBeforeEnd: number): Promise<void> {
    const s = await snap();
    await browser.execute((ms: number) => window.__encore!.seek(ms), s.durationMs - msBeforeEnd);
  }

  beforeAll(async () => {
    data = copyDataDir(inject('demoDataDir'));
    bff = await startBff({ dataDir: data.dir, port: await freePort() });
    const home = (await (await fetch(`${bff.url}/api/v1/home`)).json()) as HomeResponse;
    const albumId = home.rails.flatMap((r) => r.items).find((c) => c.kind === 'album')!.id;
    album = (await (await fetch(`${bff.url}/api/v1/albums/${albumId}`)).json()) as AlbumResponse;
    expect(album.tracks.length).toBeGreaterThanOrEqual(3);
    expect(album.tracks.some((t) => t.playback?.gapless)).toBe(false);
    launched = await launchBrowser();
    browser = launched.browser;
  }, 120_000);

  afterAll(async () => {
    await launched?.close();
    await bff?.stop();
    data?.remove();
  });

  it('Settings: Down to Crossfade, Right twice → 4 s, applied at once and kept after a reload', async () => {
    await browser.url(`${bff.url}/#settings`);
    const first = await waitFor('Settings with Sign in focused', (s) => s.route === 'settings' && s.focused === 'App/settings/SignIn');
    expect(first.crossfade).toEqual({ seconds: 0, fading: false });
    await browser.keys(Key.ArrowDown);
    await waitFor('the crossfade row focused', (s) => s.focused === 'App/settings/Crossfade');
    await browser.keys(Key.ArrowRight);
    await browser.keys(Key.ArrowRight);
    await waitFor('crossfade 4 s', (s) => s.crossfade?.seconds === FADE_S);
    await browser.saveScreenshot(path.join(shots, 'settings-crossfade.png'));
    // Up goes back to the account buttons; Left there does not touch the setting.
    await browser.keys(Key.ArrowUp);
    await waitFor('Sign in focused again', (s) => s.focused === 'App/settings/SignIn');
    // Saved a moment after the key (never on the key press itself): wait it out, then reload.
    await new Promise((r) => setTimeout(r, 800));
    await browser.refresh();
    await waitFor('crossfade 4 s after a reload', (s) => s.route === 'settings' && s.crossfade?.seconds === FADE_S);
  }, 60_000);

  it('where the profile plays one audio pipeline (tizen), the row is disabled and takes no focus', async () => {
    await browser.url(`${bff.url}/?device=tizen#settings`);
    const s = await waitFor('Settings on the tizen profile', (x) => x.route === 'settings' && x.focused === 'App/settings/SignIn');
    expect(s.crossfade).toBeNull();
    await browser.keys(Key.ArrowDown);
    await new Promise((r) => setTimeout(r, 500));
    expect((await snap()).focused).toBe('App/settings/SignIn');
    await browser.saveScreenshot(path.join(shots, 'settings-crossfade-tizen.png'));
  }, 60_000);

  it('near the end of an ordinary album track both elements sound for about the fade, the screen showing the next track', async () => {
    const first = await playRow(bff.url, album.album.id, 0);
    await startMeter(browser);
    let most = 0;
    await seekNearEnd(FADE_S * 1000 + 1500);
    const fading = await waitFor('the fade', (s) => s.state === 'crossfading', 10_000);
    expect(fading.trackId).toBe(album.tracks[1]!.id);
    const after = await waitFor('the fade over', (s) => {
      most = Math.max(most, s.sounding);
      return s.state === 'playing' && s.crossfade?.fading === false && s.queueIndex === 1;
    }, 15_000);
    expect(after.trackId).toBe(album.tracks[1]!.id);
    expect(after.trackId).not.toBe(first.trackId);
    expect(most).toBe(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(await snap()).toMatchObject({ state: 'playing', sounding: 1, queueIndex: 1 });
    const overlap = overlapSeconds(await readMeter(browser));
    console.info('[crossfade] overlap', overlap.seconds.toFixed(2), 's of a', FADE_S, 's fade; shown:', [...overlap.tracksShown], [...overlap.states]);
    // The fade runs from the incoming track's first sound to the outgoing one's end: the setting
    // plus the start lead less the incoming start (0.2–1.0 s on this box).
    expect(overlap.seconds).toBeGreaterThan(FADE_S - 1);
    expect(overlap.seconds).toBeLessThan(FADE_S + START_LEAD_S + 0.3);
    // Whenever both sounded, the screen showed the incoming track.
    expect([...overlap.tracksShown]).toEqual([album.tracks[1]!.id]);
    expect([...overlap.states]).toEqual(['crossfading']);
  }, 90_000);

  it('pause during a fade leaves nothing sounding and no stuck state; Play resumes only the incoming track', async () => {
    await playRow(bff.url, album.album.id, 0);
    await seekNearEnd(FADE_S * 1000 + 500);
    await waitFor('both sounding', (s) => s.state === 'crossfading' && s.sounding === 2, 10_000);
    await browser.keys(Key.Space);
    const paused = await waitFor('paused', (s) => s.state === 'paused' && s.sounding === 0);
    expect(paused.crossfade?.fading).toBe(false);
    expect(paused.trackId).toBe(album.tracks[1]!.id);
    // Past where the outgoing track would have ended: still paused, nothing sounding.
    await new Promise((r) => setTimeout(r, FADE_S * 1000));
    expect(await snap()).toMatchObject({ state: 'paused', sounding: 0, queueIndex: 1 });
    await browser.keys(Key.Space);
    await waitFor('playing the incoming track', (s) => s.state === 'playing' && s.sounding === 1 && s.queueIndex === 1);
    await new Promise((r) => setTimeout(r, 500));
    expect(await snap()).toMatchObject({ state: 'playing', sounding: 1, queueIndex: 1, trackId: album.tracks[1]!.id });
  }, 90_000);

  it('Next during a fade cuts to the track after: one element, no stuck state', async () => {
    await playRow(bff.url, album.album.id, 0);
    await seekNearEnd(FADE_S * 1000 + 500);
    await waitFor('both sounding', (s) => s.state === 'crossfading' && s.sounding === 2, 10_000);
    await browser.keys('n');
    const next = await waitFor('the track after', (s) => s.queueIndex === 2 && s.state === 'playing');
    expect(next.trackId).toBe(album.tracks[2]!.id);
    await new Promise((r) => setTimeout(r, 800));
    expect(await snap()).toMatchObject({ state: 'playing', sounding: 1, queueIndex: 2, crossfade: { seconds: FADE_S, fading: false } });
  }, 90_000);
});

describe('a gapless album with crossfade on (real Chromium, rendered audio)', () => {
  let dataDir: string;
  let bff: RunningBff;
  let launched: LaunchedBrowser;
  let browser: WebdriverIO.Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'encore-e2e-crossfade-gapless-'));
    await buildContinuousLibrary(dataDir, 24);
    bff = await startBff({ dataDir, port: await freePort() });
    launched = await launchBrowser();
    browser = launched.browser;
  }, 120_000);

  afterAll(async () => {
    await launched?.close();
    await bff?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('still joins gaplessly (≤ 50 ms) and never fades', async () => {
    const waitFor = waitForSnapshot(browser, snapshot(browser), { timeout: 20_000, interval: 20 });
    await browser.url(`${bff.url}/#settings`);
    await waitFor('Settings', (s) => s.focused === 'App/settings/SignIn');
    await browser.keys(Key.ArrowDown);
    await waitFor('the crossfade row', (s) => s.focused === 'App/settings/Crossfade');
    for (let i = 0; i < 6; i++) await browser.keys(Key.ArrowRight);
    await waitFor('crossfade 12 s', (s) => s.crossfade?.seconds === 12);
    const home = (await (await fetch(`${bff.url}/api/v1/home`)).json()) as HomeResponse;
    const albumId = home.rails.flatMap((r) => r.items).find((c) => c.kind === 'album')!.id;
    await browser.url(`${bff.url}/#album/${albumId}`);
    await waitFor('the Album page', (s) => s.route?.startsWith('album') === true && s.focused.startsWith('App/album/'));
    await browser.keys(Key.ArrowDown);
    await waitFor('row 0', (s) => s.focused === 'App/album/Tracks/Row0');
    await browser.keys(Key.ArrowDown);
    await waitFor('row 1', (s) => s.focused === 'App/album/Tracks/Row1');
    await browser.keys(Key.Enter);
    await waitFor('playing through Web Audio', (s) => s.state === 'playing' && s.routed && s.queueIndex === 1);
    if (!(await installProbe(browser))) throw new Error('the audio probe could not be installed');
    let most = 0;
    let faded = false;
    await waitFor('two joins, 1.8 s into track 4', (s) => {
      most = Math.max(most, s.sounding);
      faded ||= s.state === 'crossfading' || s.crossfade?.fading === true;
      return s.queueIndex === 3 && s.positionMs > 1800;
    }, 30_000);
    const gaps = gapsAtBoundaries(await readProbe(browser), await trackSeconds(bff.url));
    console.info('[crossfade] gapless joins with crossfade 12 s:', JSON.stringify(gaps.map((g) => g.gapMs)));
    expect(gaps).toHaveLength(2);
    for (const gap of gaps) expect(gap.gapMs).toBeLessThanOrEqual(50);
    expect(most).toBe(1);
    expect(faded).toBe(false);
  }, 120_000);
});
