/**
 * The audio player the UI talks to: one media engine (Shaka) on one media element, a play
 * queue, preloads for instant start, loudness, and play reporting. No UI and no app code:
 * playback info and play reporting come in as functions.
 *
 * Where the device profile allows two audio pipelines, it plays on two decks (element, engine,
 * gain stage; the second one is crossfade.ts's): every start after the first goes to the idle
 * deck and the decks swap roles, so the old track's teardown (Shaka's unload, the MediaSource
 * and its buffers) happens after the new one plays, not on the way to its sound.
 * Preloads are made on the idle deck (the spare), and the most recently wanted finished one is
 * loaded there, paused at its start: Enter on it, the automatic advance or a crossfade's
 * incoming track is then a play() on an element with data. One ready spare at most (memory);
 * only the deck in use is listened to, so the spare never speaks for the current track.
 *
 * Its state is the PlaybackMachine's (playback-machine.ts): every change goes through that
 * table. Besides the state it keeps only what the table cannot: the start in flight (one object,
 * aborted when a newer start supersedes it), what the person last asked for while nothing could
 * obey yet (the intent: play or pause, a seek), and the reconnect loop after a network failure.
 */
import { Crossfader, fadeLengthS, mayCrossfade, msUntilFade, READY_START_LEAD_S, START_LEAD_S, type Deck, type FadeTrack } from './crossfade';
import { EventHub } from './event-hub';
import { buildChainManifest, canJoin, HandoverScheduler, MAX_CHAIN_TRACKS, rangeHolding, rangesOf, type ChainTimeline } from './gapless-chain';
import { classifyFailure, reconnectDelayMs } from './failure';
import { ElementVolumeGain, type GainStage } from './gain-stage';
import type { EngineError, MediaEngine } from './media-engine';
import { PlaybackMachine, SOUNDING, type PlaybackEvent } from './playback-machine';
import { PlayQueue, type QueueEntry } from './play-queue';
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
import type { PlaybackStart } from '../protocol';

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
  /** The second deck and its fades (crossfade.ts); none: tracks change without crossfade. */
  crossfade?: Crossfader<P>;
}

/** No source of the track is playable on this device (source-choice.ts). */
export const UNSUPPORTED_SOURCE = 'UNSUPPORTED_SOURCE';
/** Playback stopped after this many tracks in a row could not be played. */
export const TOO_MANY_FAILURES = 'TOO_MANY_FAILURES';
/** Racing through a queue of broken tracks helps nobody: stop after this many in a row. */
export const MAX_FAILURES_IN_A_ROW = 3;

/** Playback infos kept for tracks seen recently (preloads, queue neighbours). */
const INFO_CACHE_SIZE = 32;
/** A fade whose moment is this close (or past) starts now: the timer is a wake-up call, not the truth. */
const FADE_DUE_SLACK_MS = 250;
/** Inlined playback starts kept: a long album or two (a start with its manifest is ~2 KB). */
const INLINE_CACHE_SIZE = 200;
/** Shaka's own streaming update interval (its default), on the deck in use. */
const SHAKA_UPDATE_S = 1;
/** The idle deck's: a paused deck polls at half of it (fetchWhilePaused). */
const IDLE_DECK_UPDATE_S = 0.2;
/**
 * How long after a start plays the spare is tidied (readied or unloaded): past the first frames
 * of the new track's screen, whose redraw the teardown's main-thread stall would delay.
 */
const SPARE_TIDY_DELAY_MS = 500;

/** A start in flight; replaced (and its fetches aborted) by any newer start. */
interface Start {
  item: PlaybackItem;
  controller: AbortController;
  /** The UI has been told this is the current track. */
  told: boolean;
}

/** Where and how `startCurrent` starts: from `positionMs` (0), playing (true) or paused. */
export interface StartOptions {
  positionMs?: number;
  play?: boolean;
}

/** What the person asked for while a track loads or reconnects; applied once it can be. */
interface Intent {
  play: boolean;
  seekMs: number | null;
}

interface Reconnect {
  attempts: number;
  timer: ReturnType<typeof setTimeout> | null;
}

/** A track loaded on the spare deck, paused at its start; `loaded` settles true once it has loaded. */
interface Readied {
  trackId: string;
  loaded: Promise<boolean>;
  done: boolean;
}

/**
 * The next track's preload for the automatic advance, since the current track started: not yet
 * asked (it is, near the end), asked, or asked again once after the spare lost it readied.
 */
type NextAsk = 'notYet' | 'asked' | 'askedAgain';

/** A gapless run loaded as one presentation (gapless-chain.ts); `index` is the track sounding. */
interface Chain {
  items: PlaybackItem[];
  timeline: ChainTimeline;
  index: number;
}

export class QueuePlayer<P extends Destroyable = Destroyable> implements AudioPlayer {
  private readonly hub = new EventHub<PlayerEvents>();
  private readonly queue = new PlayQueue<PlaybackItem>();
  private readonly preloads: PreloadCache<P>;
  private readonly infos = new Map<string, Promise<PlaybackStart>>();
  /** Playback starts that came with the screen data of items seen lately (no call needed). */
  private readonly inline = new Map<string, PlaybackStart>();
  private readonly machine = new PlaybackMachine((state, from) => {
    // The fade lives exactly as long as the state says so: any way out of it settles it.
    if (from === 'crossfading') {
      this.fader?.settle();
      this.tidySpareSoon();
    }
    this.hub.emit('state', state);
  });
  /** The deck in use (element, engine, gain): each start on two decks swaps it for the spare. */
  private deck: Deck<P>;
  /** The other deck where the profile allows two pipelines (made at first need), else null. */
  private spare: Deck<P> | null = null;
  /** Engines whose element holds media (a load began there since its last unload). */
  private readonly holding = new Set<MediaEngine<P>>();
  /** The spare's element loaded with a track, paused at its start. */
  private readied: Readied | null = null;
  private spareTimer: ReturnType<typeof setTimeout> | null = null;
  /** Each engine's last buffering report: a readied spare may stall while it waits. */
  private readonly bufferingOf = new Map<MediaEngine<P>, boolean>();
  /** Focus preloads a swap dropped (they were made on the engine now in use): asked again at the tidy. */
  private refocus: string[] = [];
  private readonly cfg: PlayerConfig;
  private detachMedia: () => void;
  private ready: Promise<void>;
  /** Each deck's attach-and-configure. */
  private readonly readyOf = new Map<MediaEngine<P>, Promise<void>>();
  private readonly fader: Crossfader<P> | null;
  private readonly fadeTimer = new HandoverScheduler(() => void this.crossfadeDue());
  /** The playback start of the loaded track (its gapless tag, for the crossfade rules). */
  private loadedStart: PlaybackStart | null = null;

  private currentTime: TimeInfo = { positionMs: 0, durationMs: 0 };
  private start: Start | null = null;
  /** The track the element holds and plays from (null while switching or after a failure). */
  private loaded: PlaybackItem | null = null;
  private intent: Intent = { play: true, seekMs: null };
  /**
   * A seek while nothing is loaded (a restored queue, a phone's "Play on TV" after the app
   * restarted): where that queue entry starts when it next starts without a position of its own.
   */
  private startAt: { entryId: number; positionMs: number } | null = null;
  private reconnecting: Reconnect | null = null;
  /** Shaka says the element waits for data. */
  private stalled = false;
  private reported = false;
  private nextAsk: NextAsk = 'notYet';
  private failuresInARow = 0;
  /** The gapless run the element plays, when the current track is part of one. */
  private chain: Chain | null = null;
  private readonly handover = new HandoverScheduler(() => this.syncChain());

  constructor(private readonly opts: QueuePlayerOptions<P>) {
    this.deck = { media: opts.media, engine: opts.engine, gain: opts.gain ?? new ElementVolumeGain(opts.media) };
    this.cfg = opts.config;
    this.fader = opts.config.audioPipelines >= 2 ? (opts.crossfade ?? null) : null;
    this.preloads = new PreloadCache<P>((trackId) => this.startPreload(trackId), opts.config.preloadCapacity);
    this.detachMedia = this.listenToMedia();
    this.ready = this.wire(this.engine, this.media);
    // The gain stage's one-time setup (an AudioContext: 120–260 ms of main thread in Chromium)
    // during boot, while the app waits for its first screen, never between Enter and sound.
    // Not an idle callback: a canvas app drawing every frame leaves no idle period before its
    // 2 s timeout, which then landed on the first play.
    void this.ready.then(() => setTimeout(() => this.gain.prepare(), 0));
  }

  private get media(): HTMLMediaElement {
    return this.deck.media;
  }

  private get engine(): MediaEngine<P> {
    return this.deck.engine;
  }

  private get gain(): GainStage {
    return this.deck.gain;
  }

  get state(): PlayerState {
    return this.machine.state;
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

  /** Tracks preloaded, and the one waiting on the spare deck (last). */
  get preloadedIds(): readonly string[] {
    return this.readied ? [...this.preloads.keys, this.readied.trackId] : this.preloads.keys;
  }

  get readyPreloadIds(): readonly string[] {
    return this.readied?.done ? [...this.preloads.readyKeys, this.readied.trackId] : this.preloads.readyKeys;
  }

  on<K extends keyof PlayerEvents>(event: K, listener: PlayerListener<K>): () => void {
    return this.hub.on(event, listener);
  }

  async load(queue: PlaybackItem[], startIndex: number, startAtMs?: number): Promise<void> {
    const target = queue[startIndex];
    // Enter on the row that is already playing, in the same list: keep playing, do not restart.
    if (target && this.loaded?.trackId === target.trackId && !this.start && this.sameQueue(queue)) {
      if (startAtMs !== undefined) this.seek(startAtMs);
      if (this.media.paused) await this.play();
      return;
    }
    this.learn(queue);
    this.queue.replace(queue, startIndex);
    this.failuresInARow = 0;
    await this.begin({ play: true, seekMs: startAtMs === undefined ? null : Math.max(0, startAtMs) });
  }

  async play(): Promise<void> {
    if (this.queue.current === null) return;
    this.intent.play = true;
    // A start in flight plays by itself (restarting it would throw away its preload); a
    // reconnect plays once the network is back.
    if (this.start || (this.reconnecting && !this.loaded)) return;
    if (!this.loaded) return this.begin({ play: true, seekMs: null });
    if (this.machine.state === 'ended') this.media.currentTime = 0;
    try {
      await this.media.play();
    } catch (e) {
      this.onPlayRefused(e);
    }
  }

  pause(): void {
    this.intent.play = false;
    this.endFade();
    if (this.loaded && !this.start) this.media.pause();
  }

  async toggle(): Promise<void> {
    // While nothing sounds yet the intent is what Space flips; else what the person hears.
    const pending = this.start !== null || (this.reconnecting !== null && !this.loaded);
    const sounding = pending ? this.intent.play : this.loaded ? !this.media.paused : SOUNDING.has(this.machine.state);
    if (sounding) this.pause();
    else await this.play();
  }

  async next(): Promise<void> {
    // A Next press cuts (crossfade.ts): the fade in progress, if any, ends here.
    this.endFade();
    const chain = this.chain;
    const peek = this.queue.peekNext();
    if (chain && peek && this.loaded && !this.start && chain.items[chain.index + 1] === peek) {
      // The next track is already in the stream: a seek to its first sample, no reload.
      this.queue.next();
      this.failuresInARow = 0;
      this.intent.play = true;
      this.enterChainTrack(chain, chain.index + 1, true);
      if (this.media.paused) await this.play();
      return;
    }
    if (this.queue.next() === null) return;
    this.failuresInARow = 0;
    await this.begin({ play: true, seekMs: null });
  }

  async previous(): Promise<void> {
    this.endFade();
    const action = this.queue.previous(this.currentTime.positionMs);
    if (action === null) return;
    this.failuresInARow = 0;
    if (action.kind === 'restart' && this.loaded && !this.start) {
      this.seek(0);
      if (this.media.paused) await this.play();
      return;
    }
    const chain = this.chain;
    if (chain && this.loaded && !this.start && chain.index > 0 && chain.items[chain.index - 1] === action.item) {
      this.intent.play = true;
      this.enterChainTrack(chain, chain.index - 1, true);
      if (this.media.paused) await this.play();
      return;
    }
    // A restart of a track not loaded yet (a restored queue) is from the top, not from where it was left.
    await this.begin({ play: true, seekMs: action.kind === 'restart' ? 0 : null });
  }

  seek(positionMs: number): void {
    this.endFade();
    const pending = this.start !== null || (this.reconnecting !== null && !this.loaded);
    if (!pending && !this.loaded) return this.seekUnloaded(positionMs);
    const max = this.currentTime.durationMs > 0 ? this.currentTime.durationMs : Infinity;
    const clamped = Math.min(Math.max(0, positionMs), max);
    if (pending) this.intent.seekMs = clamped;
    else this.media.currentTime = this.trackOffsetS() + clamped / 1000;
    this.setTime(clamped, this.currentTime.durationMs);
    // A seek to a track's very end, inside a run, lands on the next track's first sample.
    this.syncChain();
    // Near the end or away from it, the fade's moment moved with the playhead.
    this.aimCrossfade();
  }

  /** Nothing loaded: the current entry will start there (see `startAt`); the time shows it now. */
  private seekUnloaded(positionMs: number): void {
    const entry = this.queue.entries[this.queue.index];
    if (!entry) return;
    const durationMs = entry.item.durationMs;
    const clamped = Math.min(Math.max(0, positionMs), durationMs > 0 ? durationMs : Infinity);
    this.startAt = { entryId: entry.id, positionMs: clamped };
    this.setTime(clamped, durationMs);
  }

  preload(item: PlaybackItem, reason: PreloadReason): void {
    if (this.loaded?.trackId === item.trackId) return;
    this.learn([item]);
    this.want(item.trackId, reason);
  }

  /** Preload `trackId` unless it already waits on the spare deck. */
  private want(trackId: string, reason: PreloadReason): void {
    if (this.readied?.trackId !== trackId) this.preloads.want(trackId, reason);
  }

  unfocus(trackId: string): void {
    this.preloads.unfocus(trackId);
    // Focus has left it: the tidy after a swap must not ask for it again over the row focused now.
    this.refocus = this.refocus.filter((key) => key !== trackId);
    // Nor does it wait on the spare any more (unless it is the track about to follow): OK on
    // another row comes soon after a move, and a start there would first wait ~50 ms for this
    // track's teardown and a new MediaSource. The tidy lets it go now, off the key's task.
    if (this.readied?.trackId === trackId && !this.keepsNextReady()) {
      this.readied = null;
      this.tidySpareSoon(0);
    }
  }

  async destroy(): Promise<void> {
    this.supersede();
    this.handover.cancel();
    this.fadeTimer.cancel();
    if (this.spareTimer) clearTimeout(this.spareTimer);
    this.fader?.destroy();
    this.stopReconnecting();
    this.preloads.clear();
    this.detachMedia();
    this.hub.clear();
    // Every deck's engine, not only the one in use (a crossfade may have swapped them).
    await Promise.all([...this.readyOf.keys()].map((engine) => engine.destroy()));
  }

  /**
   * Starts the queue's current item with `intent`. A start that must load first tells the UI at
   * once (the bar says "Loading") and silences the previous track, so the screen never shows one
   * track while another sounds. A start from a finished preload is ~10 ms from sound, and a frame
   * drawn in between (the bar's new title and art, the row mark) holds back the media pipeline's
   * own tasks (sourceopen, the first appends) by a frame's length, which on a weak TV GPU is more
   * than the start itself: that start hands over, and tells the UI once the element plays.
   * `retrying`: the same track again after a network failure; the UI already shows it.
   */
  private async begin(intent: Intent, retrying = false, crossfading = false): Promise<void> {
    const at = this.startAt;
    this.startAt = null;
    if (intent.seekMs === null && at && at.entryId === this.queue.entries[this.queue.index]?.id) intent = { ...intent, seekMs: at.positionMs };
    this.supersede();
    this.leaveChain();
    this.fadeTimer.cancel();
    if (!retrying) this.stopReconnecting();
    this.intent = intent;
    this.reported = false;
    this.nextAsk = 'notYet';
    this.stalled = false;
    const item = this.queue.current;
    if (item === null) {
      this.silence();
      this.hub.emit('track', { item, index: this.queue.index });
      this.send('clear');
      this.tidySpareSoon();
      return;
    }
    const start: Start = { item, controller: new AbortController(), told: retrying };
    this.start = start;
    const readied = this.readied?.trackId === item.trackId ? this.readied : null;
    // A crossfade shows the incoming track at once, from memory or not.
    const fromMemory = !retrying && !crossfading && (readied?.done === true || this.preloads.isReady(item.trackId));
    const pending = readied ? null : this.preloads.take(item.trackId);
    // Two decks: the start goes to the idle one; the first start of all goes to the deck in use,
    // which holds nothing yet (the first play of the page: no second Shaka player on its way).
    if (this.fader) {
      // Preloads were made where starts go (preloadDeck), so the start goes where its own is.
      if (crossfading || readied || this.holding.has(this.engine)) this.swapDecks(crossfading);
      // The first start of all, on the deck in use: from now on preloads go to the other one.
      else this.preloads.clear();
      this.holding.add(this.engine);
    }
    if (fromMemory) {
      this.send('handover');
    } else {
      this.silence();
      this.tell(start, intent.seekMs ?? 0, item.durationMs);
      this.send(retrying ? 'offline' : crossfading ? 'crossfade' : 'load');
    }
    let handedOver = false;
    try {
      await this.ready;
      const info = await this.info(item.trackId, start.controller.signal);
      const source = chooseSource(info, this.opts.support);
      const run = source?.kind === 'dash' ? this.composeChain(item, info) : null;
      const preloaded = pending ? await pending : null;
      // A run is its own presentation: a preload of the track alone does not fit it.
      if (this.start !== start || source?.kind !== 'dash' || run) void preloaded?.destroy();
      if (this.start !== start) return;
      if (!source) {
        this.trackFailed(start, UNSUPPORTED_SOURCE);
        return;
      }
      handedOver = true;
      this.loaded = null; // the engine unloads the previous track now
      const startTimeS = this.intent.seekMs !== null ? this.intent.seekMs / 1000 : undefined;
      this.holding.add(this.engine);
      // The spare held this track, paused at its start (a run is another presentation: it loads).
      const onSpare = readied !== null && !run && source.kind === 'dash' && (await readied.loaded);
      if (this.start !== start) return;
      if (onSpare) {
        // Loaded already; started() seeks and plays (and hears of a stall it had while it waited).
        this.stalled = this.bufferingOf.get(this.engine) ?? false;
      } else if (run) await this.engine.load(run.uri, undefined, startTimeS);
      else if (source.kind === 'dash') await this.engine.load(preloaded ?? this.manifestSource(info, source.url), undefined, startTimeS);
      else await this.engine.load(source.url, source.mimeType, startTimeS);
      if (this.start !== start) return;
      this.chain = run ? { items: run.items, timeline: run.timeline, index: 0 } : null;
      await this.started(start, info);
    } catch (e) {
      // A preload taken for this start but never given to the engine is ours to free.
      if (!handedOver) void pending?.then((p) => p?.destroy());
      if (this.start !== start || (e as Partial<EngineError>).interrupted) return;
      this.start = null;
      this.tidySpareSoon();
      if (classifyFailure(e) === 'transient') this.reconnect(start);
      else this.trackFailed(start, (e as Partial<EngineError>).code ?? 'LOAD_FAILED');
    }
  }

  /**
   * Play through the spare deck from now on (made at first need). `keepSounding`: a crossfade's outgoing half plays on; otherwise it stops here, before anything
   * of the new track can sound (one track at a time). The preloads were made on the spare's
   * engine, now in use: they go (the start took its own first), and so does a track readied
   * there, which this start's load replaces. The deck left behind keeps its track until
   * `tidySpare`, after the new one plays.
   */
  private swapDecks(keepSounding: boolean): void {
    const incoming = this.spareDeck()!;
    const outgoing = this.deck;
    // A cut during a fade: its outgoing half (the spare) stops before that deck takes the start.
    if (!keepSounding) this.fader?.settle();
    if (!keepSounding && !outgoing.media.paused) outgoing.media.pause();
    this.detachMedia();
    this.cancelTimers();
    if (this.spareTimer) clearTimeout(this.spareTimer);
    this.spareTimer = null;
    incoming.media.muted = outgoing.media.muted;
    incoming.gain.setLevel(outgoing.gain.level);
    this.deck = incoming;
    this.spare = outgoing;
    this.fetchWhilePaused(outgoing.engine, false);
    // Paused with audio ahead, it needs nothing more; a segment still on its way would share the
    // line with this start's first (traced on the home network: 48 KB in 107 ms beside it, ~66 ms
    // alone). With nothing ahead (a stalled track) Shaka would only ask again from the first byte.
    if (!keepSounding && hasAudioAhead(outgoing.media)) outgoing.engine.abortFetches?.();
    this.readied = null;
    this.ready = this.readyOf.get(incoming.engine) ?? Promise.resolve();
    this.detachMedia = this.listenToMedia();
    this.refocus = this.preloads.keys.filter((key) => this.preloads.reasonsOf(key).includes('focus'));
    this.preloads.clear();
  }

  /** The idle deck where two pipelines are allowed, made (and wired) at the first call; else null. */
  private spareDeck(): Deck<P> | null {
    if (!this.fader) return null;
    if (!this.spare) {
      const { deck, fresh } = this.fader.secondDeck();
      this.spare = deck;
      if (fresh) void this.wire(deck.engine, deck.media).then(() => deck.gain.prepare());
    }
    return this.spare;
  }

  private tidySpareSoon(delayMs = SPARE_TIDY_DELAY_MS): void {
    if (!this.fader) return;
    if (this.spareTimer) clearTimeout(this.spareTimer);
    this.spareTimer = setTimeout(() => this.tidySpare(), delayMs);
  }

  /**
   * While nothing starts or fades: the spare gets the most recently wanted finished preload
   * loaded, paused at its start; with none, the track it still holds is unloaded, so a cold start
   * there does not wait for the teardown (and its buffer is freed).
   */
  private tidySpare(): void {
    this.spareTimer = null;
    if (this.start || this.fader?.fading) return;
    // The second deck is made here, after the first play plays, not at its first need: its Shaka
    // player, MediaSource and gain stage (an AudioContext: 120–260 ms of main thread) cost the
    // first later start 50–250 ms when OK's press-preload made it on the spot.
    const deck = this.spareDeck();
    if (!deck) return;
    const refocus = this.refocus;
    this.refocus = [];
    for (const key of refocus) if (key !== this.loaded?.trackId) this.want(key, 'focus');
    const ready = this.preloads.readyKeys;
    const key = ready[ready.length - 1];
    if (this.keepsNextReady()) {
      // The track about to follow waits ready; a focus preload stays in the cache meanwhile.
    } else if (key !== undefined) {
      this.readySpare(deck, key);
    } else if (!this.readied && this.holding.has(deck.engine)) {
      this.holding.delete(deck.engine);
      void deck.engine.unload?.();
    }
  }

  /** Load `key`'s finished preload on the spare's element, which stays paused (nothing plays it). */
  private readySpare(deck: Deck<P>, key: string): void {
    const pending = this.preloads.take(key);
    if (!pending) return;
    this.holding.add(deck.engine);
    const readied: Readied = { trackId: key, done: false, loaded: Promise.resolve(false) };
    this.readied = readied;
    readied.loaded = pending
      .then(async (preload) => {
        // Never onto a deck that became the one in use meanwhile.
        if (!preload || this.readied !== readied || this.spare !== deck) {
          void preload?.destroy();
          return false;
        }
        // What it reported for the track it held before says nothing of this one.
        this.bufferingOf.set(deck.engine, false);
        await deck.engine.load(preload);
        readied.done = true;
        // A fade into it needs less lead now.
        if (this.readied === readied) this.aimCrossfade();
        return true;
      })
      .catch(() => {
        // Superseded by a start on that deck, or the network: the start loads it the ordinary way.
        if (this.readied === readied) this.dropReadied();
        return false;
      });
  }

  /** The engine holds the track: apply what was asked meanwhile, then play or stay paused. */
  private async started(start: Start, info: PlaybackStart): Promise<void> {
    // Only now: the previous track has stopped (load unloads it), so its tail never plays at
    // this track's gain (a +10 dB jump on a loud track's last samples).
    this.gain.apply(info.gainDb);
    this.loaded = start.item;
    this.loadedStart = info;
    const durationMs = info.durationMs || start.item.durationMs;
    if (this.intent.seekMs !== null) this.media.currentTime = this.intent.seekMs / 1000;
    const positionMs = this.intent.seekMs ?? 0;
    if (start.told) this.setTime(positionMs, durationMs);
    if (this.intent.play) {
      try {
        await this.media.play();
      } catch (e) {
        if (this.start === start) this.onPlayRefused(e);
      }
    }
    if (this.start !== start) return;
    this.start = null;
    // After sound, not on the way to it (the deck took this start from being the idle one).
    this.fetchWhilePaused(this.engine, true);
    this.stopReconnecting();
    this.failuresInARow = 0;
    // Pause pressed while play() was settling: the last intent wins.
    if (!this.intent.play && !this.media.paused) this.media.pause();
    this.intent.seekMs = null;
    this.tell(start, positionMs, durationMs);
    this.send(this.media.paused ? 'startedPaused' : 'started');
    // The outgoing track ended (or the fade was settled) before this one could start.
    if (this.machine.state === 'crossfading' && !this.fader?.fading) this.send('faded');
    if (this.stalled && !this.media.paused) this.send('bufferStart');
    this.aimHandover();
    this.aimCrossfade();
    this.tidySpareSoon();
  }

  /**
   * The gapless run starting at `item`: it and the queue's next tracks while each joins the one
   * before (gapless-chain.ts canJoin: tagged gapless, packaging known, manifest in memory), on a
   * device whose profile says appended periods join. Null when fewer than two would join.
   */
  private composeChain(item: PlaybackItem, info: PlaybackStart): { uri: string; items: PlaybackItem[]; timeline: ChainTimeline } | null {
    const join = this.cfg.gaplessJoin;
    if (join === 'reload' || this.queue.repeat === 'one') return null;
    const items = [item];
    const starts = [info];
    for (const next of this.queue.items.slice(this.queue.index + 1, this.queue.index + MAX_CHAIN_TRACKS)) {
      const nextInfo = this.inline.get(next.trackId);
      if (!nextInfo || !canJoin(starts[starts.length - 1]!, nextInfo) || chooseSource(nextInfo, this.opts.support)?.kind !== 'dash') break;
      items.push(next);
      starts.push(nextInfo);
    }
    if (items.length < 2) return null;
    try {
      const { text, timeline } = buildChainManifest(
        starts.map((s) => ({ manifestUrl: s.manifestUrl, manifest: s.manifest!, packaging: s.packaging! })),
        join,
      );
      return { uri: this.engine.manifestFromMemory(`${info.manifestUrl}#run-${items.length}`, text), items, timeline };
    } catch (e) {
      console.warn('[player] gapless run not composed; tracks change the ordinary way', e);
      return null;
    }
  }

  /** Seconds from the element's time zero to the current track's first sample (0 outside a run). */
  private trackOffsetS(): number {
    return this.chain ? this.chain.timeline.startOf(this.chain.index) : 0;
  }

  private leaveChain(): void {
    this.chain = null;
    this.handover.cancel();
  }

  /** Aim the handover timer at the next join of the run, from what the element has buffered. */
  private aimHandover(): void {
    const chain = this.chain;
    if (!chain || this.start || !this.loaded || chain.index + 1 >= chain.timeline.length) {
      this.handover.cancel();
      return;
    }
    const m = this.media;
    this.handover.aim(
      { currentTime: m.currentTime, playbackRate: m.playbackRate, paused: m.paused, seeking: m.seeking, buffered: rangesOf(m.buffered) },
      chain.timeline.startOf(chain.index + 1),
    );
  }

  /**
   * The playhead crossed into the run's next track (by playing; skips and seeks within the run
   * go through enterChainTrack): the queue moves on and the screen follows the speakers. If the
   * queue no longer has that track next (edited meanwhile), the run ends here: an ordinary start
   * of whatever the queue says is next.
   */
  private syncChain(): void {
    const chain = this.chain;
    if (!chain || this.start || !this.loaded) return;
    const at = chain.timeline.indexAt(this.media.currentTime);
    while (chain.index < at && this.chain === chain) {
      const finished = chain.items[chain.index]!;
      if (!this.reported) this.report(finished, Math.round(chain.timeline.durations[chain.index]! * 1000));
      const expected = chain.items[chain.index + 1]!;
      if (this.queue.peekNext() !== expected) {
        this.queue.advance();
        void this.begin({ play: this.intent.play, seekMs: null });
        return;
      }
      this.queue.advance();
      this.enterChainTrack(chain, chain.index + 1, false);
    }
    this.aimHandover();
  }

  /**
   * Track `k` of the run becomes the current one (the queue already points at it). `seek`: a
   * skip moves the playhead to its first sample. The loudness gain stays the run's first
   * track's: one continuous piece is played at one level, never stepped at its joins.
   */
  private enterChainTrack(chain: Chain, k: number, seek: boolean): void {
    this.handover.cancel();
    if (seek) this.media.currentTime = chain.timeline.startOf(k);
    chain.index = k;
    const item = chain.items[k]!;
    this.loaded = item;
    this.reported = false;
    this.nextAsk = 'notYet';
    this.failuresInARow = 0;
    this.send('joined');
    this.hub.emit('track', { item, index: this.queue.index });
    const positionMs = seek ? 0 : Math.max(0, Math.round((this.media.currentTime - chain.timeline.startOf(k)) * 1000));
    this.setTime(positionMs, Math.round(chain.timeline.durations[k]! * 1000));
    this.aimHandover();
  }

  /** Abort the start in flight, if any: a newer start replaces it. */
  private supersede(): void {
    this.start?.controller.abort();
    this.start = null;
  }

  /** Stop what the element plays (a new track is on its way, or this one failed). */
  private silence(): void {
    if (this.loaded && !this.media.paused) this.media.pause();
    this.loaded = null;
  }

  private tell(start: Start, positionMs: number, durationMs: number): void {
    if (start.told) return;
    start.told = true;
    this.hub.emit('track', { item: start.item, index: this.queue.index });
    this.setTime(positionMs, durationMs);
  }

  private info(trackId: string, signal?: AbortSignal): Promise<PlaybackStart> {
    const known = this.inline.get(trackId);
    if (known) return Promise.resolve(known);
    let pending = this.infos.get(trackId);
    if (!pending) {
      const fetched = this.opts.fetchPlayback(trackId, signal);
      pending = fetched;
      // A failed or aborted fetch must not be remembered: the next attempt goes to the network.
      // An abort forgets it at once, so a start of the same track right after gets a fresh one.
      const forget = () => {
        if (this.infos.get(trackId) === fetched) this.infos.delete(trackId);
      };
      fetched.catch(forget);
      signal?.addEventListener('abort', forget);
      this.infos.set(trackId, pending);
      while (this.infos.size > INFO_CACHE_SIZE) this.infos.delete(this.infos.keys().next().value as string);
    }
    return pending;
  }

  /**
   * Where preloads go: where the next start goes (begin). The spare where there are two decks (a
   * start there needs no unload first), except while the deck in use has held nothing yet.
   */
  private preloadDeck(): Deck<P> {
    return this.fader && this.holding.has(this.engine) ? this.spareDeck()! : this.deck;
  }

  private async startPreload(trackId: string): Promise<P | null> {
    const deck = this.preloadDeck();
    await this.readyOf.get(deck.engine);
    const info = await this.info(trackId);
    const source = chooseSource(info, this.opts.support);
    // Where starts go may have changed meanwhile: then the cache was cleared and destroys this
    // preload once made, or a start took it, which runs on this deck (it was decided alike).
    // Only DASH has a preload; a progressive file starts the ordinary way.
    const preload = source?.kind === 'dash' ? await deck.engine.preload(this.manifestSource(info, source.url)) : null;
    if (preload && this.fader) void Promise.resolve(preload.finished ?? true).then((done) => done && this.readyFinished(deck, trackId));
    return preload;
  }

  /**
   * `trackId`'s preload on `deck` finished: onto the element at once if it is still wanted, the
   * most recently, and nothing starts or fades (else the tidy after that start picks it up). It is
   * reported ready only once the element holds it.
   */
  private readyFinished(deck: Deck<P>, trackId: string): void {
    const keys = this.preloads.keys;
    if (this.spare !== deck || this.start || this.fader?.fading || keys[keys.length - 1] !== trackId || this.keepsNextReady()) return;
    this.readySpare(deck, trackId);
  }

  /**
   * The spare holds the track that follows the one playing, asked for near its end: it stays
   * (the automatic advance is due), and a focus preload finished meanwhile waits in the cache,
   * from where Enter still starts it preloaded.
   */
  private keepsNextReady(): boolean {
    return this.readied !== null && this.nextAsk !== 'notYet' && this.readied.trackId === this.queue.peekNext()?.trackId;
  }

  /** The manifest (and the start rung's init segment) from memory when the screen data carried it, else its URL. */
  private manifestSource(info: PlaybackStart, url: string): string {
    return info.manifest ? this.engine.manifestFromMemory(url, info.manifest, info.init) : url;
  }

  /** Remember the playback starts that came with these items (bounded like the info cache). */
  private learn(items: readonly PlaybackItem[]): void {
    for (const it of items) {
      if (!it.playback) continue;
      this.inline.delete(it.trackId);
      this.inline.set(it.trackId, it.playback);
    }
    while (this.inline.size > INLINE_CACHE_SIZE) this.inline.delete(this.inline.keys().next().value as string);
  }

  /**
   * A start failed on the network: keep the place (queue index, position, intent), say
   * "Reconnecting…", and try the same track again with a short backoff.
   */
  private reconnect(start: Start): void {
    this.silence();
    this.tell(start, this.intent.seekMs ?? 0, start.item.durationMs);
    this.send('offline');
    this.scheduleReconnect(() => void this.begin(this.intent, true));
  }

  /**
   * The network failed while a track was loaded: its buffered audio plays on. Ask the engine to
   * resume streaming on each tick; where it cannot, reload the track at the same place.
   */
  private rideOut(): void {
    this.send('offline');
    const retry = () => {
      if (this.engine.retry()) {
        this.scheduleReconnect(retry);
      } else {
        const positionMs = Math.round((this.media.currentTime - this.trackOffsetS()) * 1000);
        void this.begin({ play: this.intent.play && !this.media.paused, seekMs: positionMs }, true);
      }
    };
    this.scheduleReconnect(retry);
  }

  private scheduleReconnect(attempt: () => void): void {
    const r = this.reconnecting ?? { attempts: 0, timer: null };
    this.reconnecting = r;
    if (r.timer) clearTimeout(r.timer);
    r.timer = setTimeout(() => {
      r.timer = null;
      r.attempts += 1;
      attempt();
    }, reconnectDelayMs(r.attempts));
  }

  private stopReconnecting(): void {
    if (this.reconnecting?.timer) clearTimeout(this.reconnecting.timer);
    this.reconnecting = null;
  }

  /** A media request succeeded while riding out a failure: the network is back. */
  private onNetworkOk(): void {
    if (!this.reconnecting || !this.loaded || this.start) return;
    this.stopReconnecting();
    if (this.machine.state !== 'reconnecting') return; // paused meanwhile: it stays paused
    if (this.media.paused) {
      this.send('paused');
      return;
    }
    this.send('online');
    if (this.stalled) this.send('bufferStart');
  }

  private trackFailed(start: Start, code: string): void {
    this.start = null;
    this.silence();
    this.tidySpareSoon();
    this.tell(start, 0, start.item.durationMs);
    this.failuresInARow += 1;
    const stop = this.failuresInARow >= MAX_FAILURES_IN_A_ROW;
    const skip = !stop && this.queue.hasNext;
    const item = start.item;
    this.hub.emit('error', {
      code: stop ? TOO_MANY_FAILURES : code,
      trackId: item.trackId,
      message: stop
        ? `${MAX_FAILURES_IN_A_ROW} tracks in a row can’t be played, so playback stopped. Check the server, then press Play.`
        : `“${item.title}” can’t be played ${code === UNSUPPORTED_SOURCE ? 'on this device' : 'right now'}.${skip ? ' Skipping to the next track.' : ''}`,
    });
    this.send('failed');
    if (stop) {
      this.failuresInARow = 0; // Play starts counting again
      return;
    }
    if (skip && this.queue.skipFailed() !== null) void this.begin({ play: true, seekMs: null });
  }

  private onEngineError(e: EngineError): void {
    if (e.interrupted) return;
    const start = this.start;
    if (start) {
      // A streaming failure while a start loads may never reject that load (Shaka waits for
      // segments that do not come): the start is over, reconnect; the retry's load replaces it.
      if (e.transient && e.critical) {
        this.supersede();
        this.reconnect(start);
      }
      return; // other load failures are handled where load is awaited
    }
    // Shaka handles its recoverable errors.
    if (!this.loaded) return;
    if (e.transient) {
      this.rideOut();
      return;
    }
    if (!e.critical) return;
    const item = this.loaded;
    this.trackFailed({ item, controller: new AbortController(), told: true }, e.code);
  }

  private onBuffering(buffering: boolean): void {
    this.stalled = buffering;
    if (!this.loaded || this.start) return;
    if (buffering) {
      if (!this.media.paused) this.send('bufferStart');
    } else {
      this.send(this.media.paused ? 'paused' : 'bufferEnd');
    }
  }

  /** Autoplay refused (no user gesture yet on some browsers): show paused, Play will resume. */
  private onPlayRefused(e: unknown): void {
    console.warn('[player] play() refused', e);
    this.intent.play = false;
    if (!this.start) this.send('paused');
  }

  private listenToMedia(): () => void {
    const m = this.media;
    // While a start is in flight the element is between tracks: its events are not the news.
    const live = (fn: () => void) => () => {
      if (this.loaded && !this.start) fn();
    };
    const handlers: Array<[string, () => void]> = [
      ['playing', live(() => this.onPlaying())],
      ['pause', live(() => !m.ended && this.send('paused'))],
      // A paused or seeking playhead crosses no join by itself: the timer waits for it.
      ['pause', () => this.cancelTimers()],
      ['seeking', () => this.cancelTimers()],
      ['seeked', live(() => this.syncChain())],
      ['timeupdate', live(() => this.onTimeUpdate())],
      ['durationchange', live(() => this.onTimeUpdate())],
      ['ended', live(() => this.onEnded())],
    ];
    for (const [type, fn] of handlers) m.addEventListener(type, fn);
    return () => {
      for (const [type, fn] of handlers) m.removeEventListener(type, fn);
    };
  }

  private onPlaying(): void {
    this.send('resumed');
    if (this.stalled) this.send('bufferStart');
    this.syncChain();
    this.aimCrossfade();
  }

  private onTimeUpdate(): void {
    this.syncChain();
    const item = this.loaded;
    if (!item || this.start) return;
    const chain = this.chain;
    const positionMs = Math.max(0, Math.round((this.media.currentTime - this.trackOffsetS()) * 1000));
    const durationMs = chain
      ? Math.round(chain.timeline.durations[chain.index]! * 1000)
      : Number.isFinite(this.media.duration) && this.media.duration > 0
        ? Math.round(this.media.duration * 1000)
        : item.durationMs;
    this.setTime(positionMs, durationMs);
    if (!this.reported && positionMs >= this.cfg.playReportAfterMs) this.report(item, positionMs);
    const next = this.queue.peekNext();
    const inRun = chain !== null && chain.items[chain.index + 1] === next;
    if (next && !inRun && this.nextAsk === 'notYet' && durationMs - positionMs <= this.cfg.preloadNextBeforeEndMs) {
      this.nextAsk = 'asked';
      this.want(next.trackId, 'next');
    }
    this.aimCrossfade();
  }

  private onEnded(): void {
    this.syncChain();
    if (this.start) return;
    this.leaveChain();
    const item = this.loaded;
    if (item && !this.reported) this.report(item, this.currentTime.durationMs);
    if (this.queue.advance() !== null) {
      void this.begin({ play: true, seekMs: null });
    } else {
      this.stopReconnecting();
      this.send('ended');
    }
  }

  /** Listen to a deck's engine (its events count only while it is the deck in use) and attach it. */
  private wire(engine: MediaEngine<P>, media: HTMLMediaElement): Promise<void> {
    engine.onError((e) => (engine === this.engine ? this.onEngineError(e) : this.spareFailed(engine, e)));
    engine.onBuffering((b) => {
      this.bufferingOf.set(engine, b);
      if (engine === this.engine) this.onBuffering(b);
    });
    engine.onNetworkOk(() => engine === this.engine && this.onNetworkOk());
    const ready = engine.attach(media).then(() => {
      engine.configure(toShakaConfig(this.cfg));
      this.fetchWhilePaused(engine, engine === this.engine);
    });
    this.readyOf.set(engine, ready);
    return ready;
  }

  /**
   * Only the deck in use buffers ahead while paused (a pause, a paused load, a reconnect). The
   * idle one fetches nothing past what it holds: the deck a start leaves (paused at the swap)
   * stops competing with the new track's first segment, and a track readied there keeps only
   * the segments its preload fetched.
   */
  private fetchWhilePaused(engine: MediaEngine<P>, fetch: boolean): void {
    // One deck: always in use, and Shaka's default is to fetch (no configure on every start).
    if (!this.fader) return;
    // A paused deck looks again every updateIntervalSeconds / 2. A track readied there holds
    // its preload's one segment (~1 s, the short first one): started, it must ask for the next
    // within a moment, not after Shaka's default half second.
    engine.configure({ streaming: { stopFetchingOnPause: !fetch, updateIntervalSeconds: fetch ? SHAKA_UPDATE_S : IDLE_DECK_UPDATE_S } });
  }

  /**
   * The spare's engine failed while it waited (its readied track's buffering hit the network, say):
   * what it holds is no longer ready, so a start of that track loads it afresh instead of playing
   * an element that stalls for good (Shaka stopped streaming it, and no error will come again).
   */
  private spareFailed(engine: MediaEngine<P>, e: EngineError): void {
    if (e.interrupted || this.spare?.engine !== engine || !this.readied) return;
    this.dropReadied();
  }

  /**
   * The spare's track is no longer ready. When it is the next track, readied for the automatic
   * advance, it is asked for again, else the advance would be a cold start; once only per track
   * played, so a spare that keeps failing (the network is down) is not fed preload after preload.
   */
  private dropReadied(): void {
    const trackId = this.readied?.trackId;
    this.readied = null;
    if (this.nextAsk !== 'asked' || trackId === undefined || trackId !== this.queue.peekNext()?.trackId) return;
    this.nextAsk = 'askedAgain';
    this.want(trackId, 'next');
  }

  private cancelTimers(): void {
    this.handover.cancel();
    this.fadeTimer.cancel();
  }

  /**
   * Aim the crossfade at the loaded track's end, from its remaining time and what is buffered
   * (crossfade.ts msUntilFade): only while it plays, with crossfade on, a next track that is not
   * joined to it in a gapless run, and no repeat of the same track.
   */
  private aimCrossfade(): void {
    const fader = this.fader;
    const item = this.loaded;
    const next = this.queue.peekNext();
    const chain = this.chain;
    const joins = chain !== null && chain.items[chain.index + 1] === next;
    // Out of the middle of a gapless run (Play next put another album's track after it) the
    // element plays on into the run's next track and the fader's clock is the run's end: no fade,
    // the run's ordinary change at the boundary.
    const midRun = chain !== null && chain.index < chain.items.length - 1;
    if (!fader || fader.seconds === 0 || !item || this.start || this.machine.state !== 'playing' || !next || joins || midRun || this.queue.repeat === 'one') {
      this.fadeTimer.cancel();
      return;
    }
    this.fadeTimer.armIn(this.msUntilFadeOf(fader, item, next));
  }

  /** When the fade into `next` starts; ahead by a start's length (short when it waits on the spare). */
  private msUntilFadeOf(fader: Crossfader<P>, item: PlaybackItem, next: PlaybackItem): number | null {
    const view = this.tailView(item);
    const lead = this.readied?.done && this.readied.trackId === next.trackId ? READY_START_LEAD_S : START_LEAD_S;
    return msUntilFade(view, fadeLengthS(fader.seconds, view.duration - this.trackOffsetS(), next.durationMs / 1000), lead);
  }

  /** The element's playhead against the loaded track's end (a run's last track ends with the element's media). */
  private tailView(item: PlaybackItem) {
    const m = this.media;
    const duration = this.chain
      ? this.chain.timeline.endOf(this.chain.index)
      : Number.isFinite(m.duration) && m.duration > 0
        ? m.duration
        : item.durationMs / 1000;
    return { currentTime: m.currentTime, duration, playbackRate: m.playbackRate, paused: m.paused, seeking: m.seeking, buffered: rangesOf(m.buffered) };
  }

  /**
   * The fade's moment came: if the rules allow it (crossfade.ts mayCrossfade, which needs the
   * next track's playback start), the queue moves on and the next track starts on the spare deck
   * while this one fades out on its own. Anything that changed meanwhile (a pause, a skip, an
   * edit of what is next) leaves the ordinary end to happen.
   */
  private async crossfadeDue(): Promise<void> {
    const fader = this.fader;
    const item = this.loaded;
    const next = this.queue.peekNext();
    if (!fader || !item || !next) return;
    let nextStart: PlaybackStart;
    try {
      nextStart = await this.info(next.trackId);
    } catch {
      return; // the ordinary change at the end reports the failure
    }
    const stillDue = this.loaded === item && !this.start && this.machine.state === 'playing' && !this.media.paused && this.queue.peekNext() === next;
    if (!stillDue || !mayCrossfade(this.fadeTrack(item, this.loadedStart), this.fadeTrack(next, nextStart))) return;
    // Still the moment? A seek while the next track's info came moved it (re-aimed meanwhile).
    const due = this.msUntilFadeOf(fader, item, next);
    if (due === null || due > FADE_DUE_SLACK_MS || fader.fading) return;
    const view = this.tailView(item);
    const leftS = view.duration - view.currentTime;
    const outgoing = this.deck;
    if (!this.reported) this.report(item, this.currentTime.durationMs);
    this.queue.advance();
    // Swaps the decks before its first await: the incoming track starts on the spare.
    void this.begin({ play: true, seekMs: null }, false, true);
    fader.run(outgoing, this.deck, leftS, () => {
      if (this.machine.state === 'crossfading' && !this.start) this.send('faded');
      this.tidySpareSoon();
    });
  }

  private fadeTrack(item: PlaybackItem, start: PlaybackStart | null): FadeTrack {
    return { albumId: item.albumId, longForm: item.longForm, gapless: (start ?? item.playback)?.gapless };
  }

  /** Settle a fade in progress to the incoming track (pause, seek, skip: crossfade.ts). */
  private endFade(): void {
    if (!this.fader?.fading) return;
    this.fader.settle();
    if (this.machine.state === 'crossfading' && !this.start) this.send('faded');
    this.tidySpareSoon();
  }

  /** The element the current track plays on (a crossfade changes it); for the app's test hook. */
  get element(): HTMLMediaElement {
    return this.media;
  }

  /** The gain stage of the current track (a crossfade changes it); for the app's test hook. */
  get gainStage(): GainStage {
    return this.gain;
  }

  private report(item: PlaybackItem, positionMs: number): void {
    this.reported = true;
    this.opts.reportPlay(item.trackId, positionMs).catch((e) => console.warn('[player] play report failed', e));
  }

  private sameQueue(queue: PlaybackItem[]): boolean {
    const mine = this.queue.items;
    return mine.length === queue.length && mine.every((it, i) => it.trackId === queue[i]?.trackId);
  }

  private send(event: PlaybackEvent): void {
    this.machine.send(event);
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

  async loadContext(queue: PlaybackItem[], startIndex: number, context: QueueContext, startAtMs?: number): Promise<void> {
    const started = this.load(queue, startIndex, startAtMs);
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
    await this.begin({ play: true, seekMs: null });
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

  // The remote receiver's access (src/remote-receiver): the same queue the D-pad edits.

  /** The whole queue by entry (what played, the current one, what comes next); ids are unique for this player's life. */
  get queueEntries(): readonly QueueEntry<PlaybackItem>[] {
    return this.queue.entries;
  }

  /**
   * An edit made with the queue's own operations (the remote's Cast-shaped inserts, removals,
   * reorders and jumps), applied without starting anything; the UI is told. When the edit moved
   * the current entry, the caller starts it with `startCurrent`.
   */
  editQueue(edit: (queue: PlayQueue<PlaybackItem>) => void): void {
    edit(this.queue);
    // Items that came with their playback start (a phone's transfer) start without the call.
    this.learn(this.queue.items.filter((it) => it.playback && !this.inline.has(it.trackId)));
    this.emitQueue();
  }

  /**
   * Starts the queue's current entry at `positionMs`, playing or paused. Both are the start's
   * intent, applied before the media plays: no sound from 0 before a seek, no play then pause.
   * With nothing current, stops what plays.
   */
  async startCurrent(start: StartOptions = {}): Promise<void> {
    this.failuresInARow = 0;
    await this.begin({ play: start.play ?? true, seekMs: start.positionMs ?? null });
  }

  private emitQueue(): void {
    this.hub.emit('queue', this.upNext);
  }
}

/** The element holds audio past its playhead (a moment of it at least). */
function hasAudioAhead(media: HTMLMediaElement): boolean {
  const range = rangeHolding(rangesOf(media.buffered), media.currentTime, 0);
  return range !== undefined && media.currentTime < range[1] - 0.1;
}
