/**
 * Driving the TV app on a library that holds only the continuous demo album (the gapless e2e
 * test and the bench's gapless section): build that library, open it from Home, play a row with
 * the audio probe listening, and read each track's sample-exact length from the album screen.
 */
import { Key } from 'webdriverio';
import { resolveConfig } from '../../../src/config/encore-config';
import { ensureDemoLibrary } from '../../../src/ingest/demo/ensure-demo-library';
import type { AlbumResponse, HomeResponse } from '../../../src/protocol';
import { installProbe } from './audio-probe';
import { waitForSnapshot, type WaitFor } from './wait-for';

export interface Snapshot {
  state: string;
  trackId: string | null;
  queueIndex: number;
  route: string | undefined;
  focused: string;
  positionMs: number;
  durationMs: number;
  currentTime: number;
  paused: boolean;
  routed: boolean;
  /** Media elements in the page that are playing: never more than one. */
  sounding: number;
}

/** Only the continuous album, `pieceSeconds` long in all (4 tracks). */
export function buildContinuousLibrary(dataDir: string, pieceSeconds: number): Promise<unknown> {
  return ensureDemoLibrary(resolveConfig({ ENCORE_DATA_DIR: dataDir }), {
    tracksPerAlbum: 0,
    // Without the demo show (on by default): Home's first tile must be the album.
    show: false,
    continuous: true,
    continuousSeconds: pieceSeconds,
    progress: false,
    durable: false,
  });
}

export function snapshotOf(browser: WebdriverIO.Browser): () => Promise<Snapshot> {
  return () =>
    browser.execute(() => {
      const h = window.__encore!;
      const elements = [...document.querySelectorAll('audio, video')] as HTMLMediaElement[];
      if (!elements.includes(h.mediaElement)) elements.push(h.mediaElement);
      return {
        state: h.state,
        trackId: h.trackId,
        queueIndex: h.queueIndex,
        route: h.route,
        focused: h.focusedPath(),
        positionMs: h.positionMs,
        durationMs: h.durationMs,
        currentTime: h.mediaElement.currentTime,
        paused: h.mediaElement.paused,
        routed: h.audioOutput !== null,
        sounding: elements.filter((m) => !m.paused).length,
      };
    });
}

export function waiterFor(browser: WebdriverIO.Browser): WaitFor<Snapshot> {
  return waitForSnapshot(browser, snapshotOf(browser), { timeout: 20_000, interval: 20 });
}

/**
 * Home → the album → track `row` → Enter, on profile `device` (default: the browser's own);
 * resolves once it plays through Web Audio with the probe listening.
 */
export async function playAlbumFrom(browser: WebdriverIO.Browser, baseUrl: string, row: number, device?: string): Promise<Snapshot> {
  const waitFor = waiterFor(browser);
  await browser.url(`${baseUrl}/${device ? `?device=${device}` : ''}`);
  await waitFor('Home with a focused tile', (s) => /^App\/home\/Rail\d+\/Tile\d+$/.test(s.focused));
  await browser.keys(Key.Enter);
  await waitFor('the Album page', (s) => s.route?.startsWith('album/') === true && s.focused.startsWith('App/album/'));
  await browser.keys(Key.ArrowDown);
  await waitFor('a track row', (s) => /^App\/album\/Tracks\/Row\d+$/.test(s.focused));
  for (let i = 0; i < row; i++) await browser.keys(Key.ArrowDown);
  await waitFor(`row ${row}`, (s) => s.focused === `App/album/Tracks/Row${row}`);
  await browser.keys(Key.Enter);
  const playing = await waitFor('playing through Web Audio', (s) => s.state === 'playing' && s.routed && s.queueIndex === row);
  if (!(await installProbe(browser))) throw new Error('the audio probe could not be installed');
  return playing;
}

/** Each track's sample-exact length in seconds, as the packaging recorded it (the album screen carries it). */
export async function trackSeconds(baseUrl: string): Promise<Record<string, number>> {
  const home = (await (await fetch(`${baseUrl}/api/v1/home`)).json()) as HomeResponse;
  const albumId = home.rails.flatMap((r) => r.items).find((c) => c.kind === 'album')!.id;
  const album = (await (await fetch(`${baseUrl}/api/v1/albums/${albumId}`)).json()) as AlbumResponse;
  return Object.fromEntries(
    album.tracks.map((t) => {
      const p = t.playback?.packaging;
      if (!p) throw new Error(`track ${t.id} has no packaging on the album screen`);
      return [t.id, p.samples / p.sampleRate];
    }),
  );
}
