/**
 * The audio player the UI talks to: one media engine (Shaka) on one media element, a play
 * queue, preloads for instant start, loudness, and play reporting. No UI and no app code:
 * playback info and play reporting come in as functions.
 */
import { EventHub } from './event-hub';
import { ElementVolumeGain, type GainStage } from './gain-stage';
import type { EngineError, MediaEngine } from './media-engine';
import { PlayQueue } from './play-queue';
import type { PlayerConfig } from './player-config';
import { toShakaConfig } from './player-config';
import { PreloadCache, type Destroyable } from './preload-cache';
import { chooseSource, type SourceSupport } from './source-choice';
import type {
  AudioPlayer,
  FetchPlayback,
  PlaybackItem,
  PlayerEvents,
  PlayerListener,
  PlayerState,
  PreloadReason,
  QueueContext,
  QueueSnapshot,
  QueueView,
  RepeatMode,
  ReportPlay,
  TimeInfo,
} from './types';
import type { PlaybackResponse } from '../protocol';

export interface QueuePlayerOptions<P extends Destroyable> {
  media: HTMLMediaElement;
  engine: MediaEngine<P>;
  config: PlayerConfig;
  fetchPlayback: FetchPlayback;
  reportPlay: ReportPlay;
  /** What this device decodes: picks the DASH ladder or the progressive file per track. */
  support: SourceSupport;
  /** Where loudness gain goes; `media.volume` unless the device says otherwise. */
  gain?: GainStage;
}

/** No source of the track is playable on this device (source-choice.ts). */
export const UNSUPPORTED_SOURCE = 'UNSUPPORTED_SOURCE';

/** Playback infos kept for tracks seen recently (preloads, queue neighbours). */
const INFO_CACHE_SIZE = 32;

export class QueuePlayer<P extends Destroyable = Destroyable> implements AudioPlayer {
  private readonly hub = new EventHub<PlayerEvents>();
  private readonly queue = new PlayQueue<PlaybackItem>();
  private readonly preloads: PreloadCache<P>;
  private readonly infos = new Map<string, Promise<PlaybackResponse>>();
  private readonly media: HTMLMediaElement;
  private readonly engine: MediaEngine<P>;
  private readonly cfg: PlayerConfig;
  private readonly detachMedia: () => void;
  private readonly gain: GainStage;
  private ready: Promise<void>;

  private currentState: PlayerState = 'idle';
  private currentTime: TimeInfo = { positionMs: 0, durationMs: 0 };
  /** Bumped by every load; a load that finds it changed was superseded and stops quietly. */
  private loadToken = 0;
  private loaded = false;
  /** A playCurrent() has not finished yet (the state may still be the previous track's). */
  private starting = false;
  private reported = false;
  private nextPreloadRequested = false;
  private buffering = false;

  constructor(private readonly opts: QueuePlayerOptions<P>) {
    this.media = opts.media;
    this.engine = opts.engine;
    this.cfg = opts.config;
    this.gain = opts.gain ?? new ElementVolumeGain(opts.media);
    this.preloads = new PreloadCache<P>((trackId) => this.startPreload(trackId), opts.config.preloadCapacity);
    this.detachMedia = this.listenToMedia();
    this.engine.onError((e) => this.onEngineError(e));
    this.engine.onBuffering((b) => this.onBuffering(b));
    this.ready = this.engine.attach(this.media).then(() => this.engine.configure(toShakaConfig(this.cfg)));
  }

  get state(): PlayerState {
    return this.currentState;
  }

  get time(): TimeInfo {
    return this.currentTime;
  }

  get current(): PlaybackItem | null {
    return this.queue.current;
  }

  get queueIndex(): number {
    return this.queue.index;
  }

  get queueLength(): number {
    return this.queue.length;
  }

  get preloadedIds(): readonly string[] {
    return this.preloads.keys;
  }

  get readyPreloadIds(): readonly string[] {
    return this.preloads.readyKeys;
  }

  on<K extends keyof PlayerEvents>(event: K, listener: PlayerListener<K>): () => void {
    return this.hub.on(event, listener);
  }

  async load(queue: PlaybackItem[], startIndex: number): Promise<void> {
    const current = this.queue.current;
    const target = queue[startIndex];
    // Enter on the row that is already playing, in the same list: keep playing, do not restart.
    if (current && target && current.trackId === target.trackId && this.loaded && this.sameQueue(queue)) {
      if (this.media.paused) await this.play();
      return;
    }
    this.queue.replace(queue, startIndex);
    await this.playCurrent();
  }

  async play(): Promise<void> {
    if (this.queue.current === null) return;
    // A start in flight plays by itself; restarting it would throw away its preload.
    if (this.starting) return;
    if (!this.loaded || this.currentState === 'error') return this.playCurrent();
    if (this.currentState === 'ended') this.media.currentTime = 0;
    try {
      await this.media.play();
    } catch (e) {
      this.onPlayRefused(e);
    }
  }

  pause(): void {
    if (this.loaded) this.media.pause();
  }

  async toggle(): Promise<void> {
    if (this.currentState === 'playing' || this.currentState === 'buffering') this.pause();
    else await this.play();
  }

  async next(): Promise<void> {
    if (this.queue.next() !== null) await this.playCurrent();
  }

  async previous(): Promise<void> {
    const action = this.queue.previous(this.currentTime.positionMs);
    if (action === null) return;
    if (action.kind === 'restart') {
      this.seek(0);
      if (this.media.paused) await this.play();
      return;
    }
    await this.playCurrent();
  }

  seek(positionMs: number): void {
    if (!this.loaded) return;
    const max = this.currentTime.durationMs > 0 ? this.currentTime.durationMs : Infinity;
    const clamped = Math.min(Math.max(0, positionMs), max);
    this.media.currentTime = clamped / 1000;
    this.setTime(clamped, this.currentTime.durationMs);
  }

  preload(item: PlaybackItem, reason: PreloadReason): void {
    if (this.loaded && this.queue.current?.trackId === item.trackId) return;
    this.preloads.want(item.trackId, reason);
  }

  unfocus(trackId: string): void {
    this.preloads.unfocus(trackId);
  }

  async destroy(): Promise<void> {
    this.loadToken += 1;
    this.preloads.clear();
    this.detachMedia();
    this.hub.clear();
    await this.engine.destroy();
  }

  /**
   * Starts the queue's current item. A start that must load first tells the UI at once (the bar
   * says "Loading"). A start from a finished preload is ~10 ms from sound, and a frame drawn in
   * between (the bar's new title and art, the row mark) holds back the media pipeline's own
   * tasks (sourceopen, the first appends) by a frame's length, which on a weak TV GPU is more
   * than the start itself: that start tells the UI once the element plays.
   */
  private async playCurrent(): Promise<void> {
    const token = ++this.loadToken;
    this.starting = true;
    try {
      await this.startCurrent(token);
    } finally {
      if (token === this.loadToken) this.starting = false;
    }
  }

  private async startCurrent(token: number): Promise<void> {
    const item = this.queue.current;
    this.loaded = false;
    this.reported = false;
    this.nextPreloadRequested = false;
    this.buffering = false;
    const fromMemory = item !== null && this.preloads.isReady(item.trackId);
    let told = false;
    const tellUi = (durationMs: number) => {
      if (told || token !== this.loadToken) return;
      told = true;
      this.hub.emit('track', { item, index: this.queue.index });
      this.setTime(0, durationMs);
    };
    if (item === null) {
      this.hub.emit('track', { item, index: this.queue.index });
      this.setState('idle');
      return;
    }
    if (!fromMemory) {
      tellUi(item.durationMs);
      this.setState('loading');
    }
    const pending = this.preloads.take(item.trackId);
    let handedOver = false;
    try {
      await this.ready;
      const info = await this.info(item.trackId);
      const source = chooseSource(info, this.opts.support);
      const preloaded = pending ? await pending : null;
      if (token !== this.loadToken || source?.kind !== 'dash') void preloaded?.destroy();
      if (token !== this.loadToken) return;
      if (!source) {
        tellUi(item.durationMs);
        this.failCurrent(UNSUPPORTED_SOURCE);
        return;
      }
      handedOver = true;
      if (source.kind === 'dash') await this.engine.load(preloaded ?? source.url);
      else await this.engine.load(source.url, source.mimeType);
      if (token !== this.loadToken) return;
      // Only now: the previous track has stopped (load unloads it), so its tail never plays at
      // this track's gain (a +10 dB jump on a loud track's last samples).
      this.gain.apply(info.gainDb);
      this.loaded = true;
      const durationMs = info.durationMs || item.durationMs;
      if (told) this.setTime(0, durationMs);
      try {
        await this.media.play();
      } catch (e) {
        if (token === this.loadToken) this.onPlayRefused(e);
      }
      tellUi(durationMs);
    } catch (e) {
      // A preload taken for this start but never given to the engine is ours to free.
      if (!handedOver) void pending?.then((p) => p?.destroy());
      if (token !== this.loadToken) return;
      const err = e as Partial<EngineError>;
      if (err.interrupted) return;
      tellUi(item.durationMs);
      this.failCurrent(err.code ?? 'LOAD_FAILED');
    }
  }

  private info(trackId: string): Promise<PlaybackResponse> {
    let pending = this.infos.get(trackId);
    if (!pending) {
      pending = this.opts.fetchPlayback(trackId);
      // A failed fetch must not be remembered: the next attempt should go to the network.
      pending.catch(() => this.infos.delete(trackId));
      this.infos.set(trackId, pending);
      while (this.infos.size > INFO_CACHE_SIZE) this.infos.delete(this.infos.keys().next().value as string);
    }
    return pending;
  }

  private async startPreload(trackId: string): Promise<P | null> {
    await this.ready;
    const source = chooseSource(await this.info(trackId), this.opts.support);
    // Only DASH has a preload; a progressive file starts the ordinary way.
    return source?.kind === 'dash' ? this.engine.preload(source.url) : null;
  }

  private failCurrent(code: string): void {
    const item = this.queue.current;
    const hasNext = this.queue.hasNext;
    this.hub.emit('error', {
      code,
      trackId: item?.trackId ?? null,
      message: item
        ? `“${item.title}” can’t be played ${code === UNSUPPORTED_SOURCE ? 'on this device' : 'right now'}.${hasNext ? ' Skipping to the next track.' : ''}`
        : 'Playback failed.',
    });
    this.setState('error');
    if (this.queue.skipFailed() !== null) void this.playCurrent();
  }

  private onEngineError(e: EngineError): void {
    if (e.interrupted || !this.loaded) return; // load() failures are handled where load is awaited
    this.failCurrent(e.code);
  }

  private onBuffering(buffering: boolean): void {
    this.buffering = buffering;
    if (!this.loaded) return;
    if (buffering && !this.media.paused) this.setState('buffering');
    else if (!buffering) this.setState(this.media.paused ? 'paused' : 'playing');
  }

  /** Autoplay refused (no user gesture yet on some browsers): show paused, Play will resume. */
  private onPlayRefused(e: unknown): void {
    console.warn('[player] play() refused', e);
    this.setState('paused');
  }

  private listenToMedia(): () => void {
    const m = this.media;
    const handlers: Array<[string, () => void]> = [
      ['playing', () => this.loaded && this.setState(this.buffering ? 'buffering' : 'playing')],
      ['pause', () => this.loaded && !m.ended && this.setState('paused')],
      ['timeupdate', () => this.onTimeUpdate()],
      ['durationchange', () => this.onTimeUpdate()],
      ['ended', () => this.onEnded()],
    ];
    for (const [type, fn] of handlers) m.addEventListener(type, fn);
    return () => {
      for (const [type, fn] of handlers) m.removeEventListener(type, fn);
    };
  }

  private onTimeUpdate(): void {
    if (!this.loaded) return;
    const item = this.queue.current;
    if (!item) return;
    const positionMs = Math.round(this.media.currentTime * 1000);
    const durationMs = Number.isFinite(this.media.duration) && this.media.duration > 0
      ? Math.round(this.media.duration * 1000)
      : item.durationMs;
    this.setTime(positionMs, durationMs);
    if (!this.reported && positionMs >= this.cfg.playReportAfterMs) this.report(item, positionMs);
    const next = this.queue.peekNext();
    if (next && !this.nextPreloadRequested && durationMs - positionMs <= this.cfg.preloadNextBeforeEndMs) {
      this.nextPreloadRequested = true;
      this.preloads.want(next.trackId, 'next');
    }
  }

  private onEnded(): void {
    if (!this.loaded) return;
    const item = this.queue.current;
    if (item && !this.reported) this.report(item, this.currentTime.durationMs);
    if (this.queue.advance() !== null) {
      void this.playCurrent();
    } else {
      this.setState('ended');
    }
  }

  private report(item: PlaybackItem, positionMs: number): void {
    this.reported = true;
    this.opts.reportPlay(item.trackId, positionMs).catch((e) => console.warn('[player] play report failed', e));
  }

  private sameQueue(queue: PlaybackItem[]): boolean {
    const mine = this.queue.items;
    return mine.length === queue.length && mine.every((it, i) => it.trackId === queue[i]?.trackId);
  }

  private setState(state: PlayerState): void {
    if (state === this.currentState) return;
    this.currentState = state;
    this.hub.emit('state', state);
  }

  private setTime(positionMs: number, durationMs: number): void {
    this.currentTime = { positionMs, durationMs };
    this.hub.emit('time', this.currentTime);
  }

  // Queue edits: thin delegations to PlayQueue (play-queue.ts holds the rules), each telling the UI.

  get upNext(): QueueView {
    const { queued, fromContext, context } = this.queue.upNext();
    return { current: this.queue.current, queued, fromContext, context, shuffle: this.queue.shuffle, repeat: this.queue.repeat };
  }

  async loadContext(queue: PlaybackItem[], startIndex: number, context: QueueContext): Promise<void> {
    const started = this.load(queue, startIndex);
    this.queue.setContext(context);
    this.emitQueue();
    await started;
  }

  playNext(items: PlaybackItem[]): void {
    this.queue.playNext(items);
    this.emitQueue();
  }

  addToQueue(items: PlaybackItem[]): void {
    this.queue.addToQueue(items);
    this.emitQueue();
  }

  removeFromQueue(index: number): void {
    if (this.queue.removeUpcoming(index)) this.emitQueue();
  }

  moveInQueue(from: number, to: number): void {
    if (this.queue.moveUpcoming(from, to)) this.emitQueue();
  }

  async playFromQueue(index: number): Promise<void> {
    if (this.queue.jumpUpcoming(index) === null) return;
    this.emitQueue();
    await this.playCurrent();
  }

  clearQueue(): void {
    this.queue.clearQueued();
    this.emitQueue();
  }

  setShuffle(on: boolean): void {
    this.queue.setShuffle(on);
    this.emitQueue();
  }

  setRepeat(mode: RepeatMode): void {
    this.queue.setRepeat(mode);
    this.emitQueue();
  }

  queueSnapshot(): QueueSnapshot<PlaybackItem> {
    return this.queue.snapshot();
  }

  restoreQueue(snapshot: QueueSnapshot<PlaybackItem>): void {
    this.queue.adopt(snapshot);
    this.hub.emit('track', { item: this.queue.current, index: this.queue.index });
    this.emitQueue();
  }

  bitrate(): number | null {
    return this.engine.bitrate?.() ?? null;
  }

  private emitQueue(): void {
    this.hub.emit('queue', this.upNext);
  }
}
