/**
 * A fake media element and a stub engine for QueuePlayer tests: MSE does not exist in Node, so
 * Shaka is stubbed here; the real pipeline is exercised in Chromium by the e2e tests. The stub
 * models what the player must survive: an offline network, tracks whose media is gone, loads
 * that take a while, play() refused by the platform, and the engine's own events.
 */
import { afterEach, beforeEach, vi } from 'vitest';
import type { EngineError, MediaEngine } from '../../../src/player/media-engine';
import { Crossfader, type Deck } from '../../../src/player/crossfade';
import { ElementVolumeGain } from '../../../src/player/gain-stage';
import { createPlayerConfig } from '../../../src/player/player-config';
import { QueuePlayer } from '../../../src/player/queue-player';
import type { SourceSupport } from '../../../src/player/source-choice';
import type { PlaybackItem, PlayerError, PlayerState } from '../../../src/player/types';
import type { PlaybackResponse } from '../../../src/protocol';

export class FakeMedia extends EventTarget {
  currentTime = 0;
  duration = Number.NaN;
  paused = true;
  playbackRate = 1;
  seeking = false;
  /** What is buffered: 0 up to this, once a source is loaded. */
  bufferedEnd = Number.POSITIVE_INFINITY;
  ended = false;
  volume = 1;
  muted = false;
  /** The URL the engine put into the element (null: nothing loaded). */
  source: string | null = null;
  /** The platform refuses play() (autoplay policy). */
  refusePlay = false;
  play() {
    // The autoplay check is for starting: play() on a playing element just resolves (HTML "play()" steps).
    if (!this.paused) return Promise.resolve();
    if (this.refusePlay) return Promise.reject(new DOMException('not allowed', 'NotAllowedError'));
    if (this.source === null) return Promise.reject(new DOMException('no source', 'NotSupportedError'));
    this.paused = false;
    this.dispatchEvent(new Event('playing'));
    return Promise.resolve();
  }
  pause() {
    if (this.paused) return;
    this.paused = true;
    this.dispatchEvent(new Event('pause'));
  }
  at(seconds: number) {
    this.currentTime = seconds;
    this.dispatchEvent(new Event('timeupdate'));
  }
  end() {
    this.ended = true;
    this.paused = true;
    this.dispatchEvent(new Event('ended'));
    this.ended = false;
  }
  get buffered(): TimeRanges {
    const ranges: Array<[number, number]> = this.source === null ? [] : [[0, this.bufferedEnd]];
    return { length: ranges.length, start: (i: number) => ranges[i]![0], end: (i: number) => ranges[i]![1] } as TimeRanges;
  }
  /** What the speakers play: the loaded source while the element runs. */
  get sounding(): string | null {
    return this.paused ? null : this.source;
  }
}

export class Preloaded {
  destroyed = false;
  constructor(readonly url: string) {}
  destroy() {
    this.destroyed = true;
  }
}

export const engineError = (code: string, transient: boolean, critical = true): EngineError => ({
  code,
  message: `error ${code}`,
  interrupted: false,
  transient,
  critical,
});

export interface FakeNetwork {
  offline: boolean;
  /** Track numbers whose media is gone (404: a per-track failure). */
  broken: Set<number>;
  /** Milliseconds an engine load takes (0: resolves in a microtask). */
  loadDelayMs: number;
  /** Milliseconds a playback-info fetch takes. */
  fetchDelayMs: number;
  /** Loudness gain per track number (default -6 dB). */
  gains?: Map<number, number>;
  /** What else the playback info of a track number says (gapless, packaging…). */
  extra?: (n: number) => Partial<PlaybackResponse>;
}

export class StubEngine implements MediaEngine<Preloaded> {
  loads: Array<string | Preloaded> = [];
  mimeTypes: Array<string | undefined> = [];
  startTimes: Array<number | undefined> = [];
  preloads: Preloaded[] = [];
  retries = 0;
  retryWorks = true;
  destroyed = false;
  private errorListener: (e: EngineError) => void = () => undefined;
  private bufferingListener: (b: boolean) => void = () => undefined;
  private okListener: () => void = () => undefined;

  constructor(
    private readonly media: FakeMedia,
    readonly net: FakeNetwork,
  ) {}

  async attach() {}
  /** Whether a paused element still buffers ahead: the last `stopFetchingOnPause` configured. */
  fetchesWhilePaused: boolean | null = null;
  /** How often Shaka would look again at the buffer: the last `updateIntervalSeconds` configured. */
  updateIntervalS: number | null = null;
  configure(config: Record<string, unknown>) {
    const streaming = config.streaming as { stopFetchingOnPause?: boolean; updateIntervalSeconds?: number } | undefined;
    if (streaming?.stopFetchingOnPause !== undefined) this.fetchesWhilePaused = !streaming.stopFetchingOnPause;
    if (streaming?.updateIntervalSeconds !== undefined) this.updateIntervalS = streaming.updateIntervalSeconds;
  }
  /** abortFetches calls: requests in flight dropped while the media stays loaded. */
  fetchAborts = 0;
  abortFetches() {
    this.fetchAborts++;
  }
  async load(source: string | Preloaded, mimeType?: string, startTimeS?: number) {
    this.loads.push(source);
    this.mimeTypes.push(mimeType);
    this.startTimes.push(startTimeS);
    // Loading unloads what played: the element stops (and says so) before the new media arrives.
    this.media.source = null;
    this.media.pause();
    if (this.net.loadDelayMs > 0) await new Promise((r) => setTimeout(r, this.net.loadDelayMs));
    const url = typeof source === 'string' ? source : source.url;
    if (this.net.offline) throw engineError('1002', true);
    if (this.net.broken.has(trackNumber(url))) throw engineError('1001', false);
    this.media.source = url;
    this.media.currentTime = startTimeS ?? 0;
  }
  unloads = 0;
  /** Lets go of the media: the element stops and holds nothing. */
  async unload() {
    this.unloads += 1;
    this.media.source = null;
    this.media.pause();
  }
  /** Memory URIs handed out, and the URL each stands for. */
  remembered = new Map<string, string>();
  manifestFromMemory(url: string, text: string) {
    const uri = `mem:${url}`;
    this.remembered.set(uri, text);
    return uri;
  }
  async preload(url: string) {
    const p = new Preloaded(url);
    this.preloads.push(p);
    return p;
  }
  onError(listener: (e: EngineError) => void) {
    this.errorListener = listener;
  }
  onBuffering(listener: (b: boolean) => void) {
    this.bufferingListener = listener;
  }
  onNetworkOk(listener: () => void) {
    this.okListener = listener;
  }
  retry() {
    this.retries += 1;
    if (this.retryWorks && !this.net.offline) queueMicrotask(() => this.okListener());
    return this.retryWorks;
  }
  fail(e: EngineError) {
    this.errorListener(e);
  }
  buffering(b: boolean) {
    this.bufferingListener(b);
  }
  networkOk() {
    this.okListener();
  }
  async destroy() {
    this.destroyed = true;
  }
}

export const item = (n: number, durationMs = 200_000): PlaybackItem => ({
  trackId: `tr_${String(n).padStart(12, '0')}`,
  title: `Track ${n}`,
  artist: 'Artist',
  durationMs,
});

export function trackNumber(urlOrId: string): number {
  return Number(/(\d+)(?:\.\w+)?$/.exec(urlOrId)?.[1] ?? NaN);
}

/** What the device can decode: by default AAC over MSE (the ladder's codec) and progressive MP4. */
export const AAC_DEVICE: SourceSupport = { canPlayCodec: (c) => c === 'mp4a.40.2', canPlayFile: () => true };

/** A network error as `fetch` and the API client report it: retry, do not skip. */
export class FetchFailure extends Error {
  readonly transient = true;
}

/** A second deck for crossfade tests: its own fake element, stub engine and volume gain, on the same network. */
export interface FakeDeck extends Deck<Preloaded> {
  media: FakeMedia & HTMLMediaElement;
  engine: StubEngine;
  gain: ElementVolumeGain;
}

function fakeDeck(media: FakeMedia, net: FakeNetwork): FakeDeck {
  const element = media as FakeMedia & HTMLMediaElement;
  return { media: element, engine: new StubEngine(media, net), gain: new ElementVolumeGain(element) };
}

export interface SetupOptions {
  /** With a Crossfader making a second fake deck, set to this many seconds (config.audioPipelines must be 2 to use it). */
  crossfadeS?: number;
}

export function setup(broken: number[] = [], support: SourceSupport = AAC_DEVICE, config = createPlayerConfig(), options: SetupOptions = {}) {
  const media = new FakeMedia();
  const net: FakeNetwork = { offline: false, broken: new Set(broken), loadDelayMs: 0, fetchDelayMs: 0 };
  const main = fakeDeck(media, net);
  const engine = main.engine;
  const crossfade = options.crossfadeS === undefined ? undefined : new Crossfader<Preloaded>(() => fakeDeck(new FakeMedia(), net));
  if (crossfade) crossfade.seconds = options.crossfadeS!;
  const fetchPlayback = vi.fn(async (trackId: string, _signal?: AbortSignal) => {
    if (net.fetchDelayMs > 0) await new Promise((r) => setTimeout(r, net.fetchDelayMs));
    if (net.offline) throw new FetchFailure('Encore can’t reach the server.');
    const n = trackNumber(trackId);
    return {
      trackId,
      manifestUrl: `/media/${net.broken.has(n) ? 'broken' : 'ok'}/${n}.mpd`,
      progressiveUrl: `/media/ok/${n}.m4a`,
      progressiveMimeType: 'audio/mp4',
      ladder: [96_000, 160_000, 320_000].map((bitrate) => ({ codec: 'mp4a.40.2', bitrate })),
      gainDb: net.gains?.get(n) ?? -6,
      durationMs: 200_000,
      ...net.extra?.(n),
    } as PlaybackResponse;
  });
  const reportPlay = vi.fn(async () => undefined);
  const player = new QueuePlayer({
    media: media as unknown as HTMLMediaElement,
    engine,
    config,
    fetchPlayback,
    reportPlay,
    support,
    gain: main.gain,
    crossfade,
  });
  /** Every deck's element, the first deck's first. */
  const elements = (): FakeMedia[] => [media, ...(crossfade?.decks ?? []).map((d) => d.media as unknown as FakeMedia)];
  const states: PlayerState[] = [];
  const errors: PlayerError[] = [];
  /** What the screen shows: the last `track` event's item. */
  const shown: { item: PlaybackItem | null } = { item: null };
  player.on('state', (s) => states.push(s));
  player.on('error', (e) => errors.push(e));
  player.on('track', ({ item: it }) => (shown.item = it));
  return { media, net, engine, player, fetchPlayback, reportPlay, states, errors, shown, crossfade, main, elements };
}

export const settle = () => new Promise((r) => setTimeout(r, 0));

/** Fake timers (the reconnect backoff runs on them) and a quiet console.warn, per test. */
export function useFakeClock(): void {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });
}
