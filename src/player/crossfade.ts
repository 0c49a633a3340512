/**
 * Crossfade: near a track's end the next track starts on a second deck (media element, engine,
 * gain stage) and fades in while the ending one fades out on the first; then the decks have
 * swapped roles and the one that faded out waits, paused, for the next start. The queue player
 * decides when (a timer aimed from the outgoing track's remaining time, `msUntilFade`) and whether
 * (`mayCrossfade`), and which deck plays (queue-player.ts: every start goes to the idle deck where
 * two pipelines are allowed, faded or not); the `Crossfader` makes the second deck and runs the curve.
 *
 * What it does, as Spotify does it:
 * - Only the automatic advance at a track's end crossfades. Next, Previous, a jump in the queue or
 *   a new list cut at once: the person asked for that track now, and a fade would keep the old
 *   one sounding for seconds under a screen that already shows the new one, and start the
 *   wanted one quiet. (On a one-decoder TV it would also need the second pipeline at any moment.)
 * - Never between consecutive tracks of an album tagged gapless: they join (gapless-chain.ts).
 *   Never from or into long-form audio (an episode ends and starts with speech), never on repeat-one.
 * - Pause, seek, Next/Previous, a failure or a stall during a fade settle it to the incoming
 *   track: the outgoing one stops, the incoming one plays on at full level. The screen already
 *   shows the incoming track, so Play afterwards resumes what the screen says; resuming two
 *   tracks' halves of a fade would be a second fade nobody asked for.
 * - The fade is scheduled only once the outgoing track is buffered to its end: a fade never
 *   stalls the outgoing half, and on a slow network it starts late (shorter), never broken.
 *
 * Gain: each deck's GainStage multiplies its own track's loudness gain, the listener's level
 * (SET_VOLUME) and the fade share here; the shares follow an equal-power curve (cos/sin of the
 * fade's progress), so two uncorrelated tracks keep a constant loudness through the fade. The
 * progress is read off the outgoing element's clock, from the moment the incoming track first
 * plays to the outgoing track's end: a slow start shortens the fade, it never cuts the tail.
 */
import type { GainStage } from './gain-stage';
import { rangeHolding, type TimerHost } from './gapless-chain';
import type { MediaEngine } from './media-engine';
import type { Destroyable } from './preload-cache';

/** The Settings choices, in seconds (0: off, the default). */
export const CROSSFADE_CHOICES_S: readonly number[] = [0, 2, 4, 6, 8, 10, 12];
export const MAX_CROSSFADE_S = 12;

/** Under this much fade it is a cut with a click risk, not a fade: the track just ends. */
export const MIN_FADE_S = 1;

/**
 * The incoming track is started this much before its fade: a cold start on the other deck (its
 * own engine and MediaSource; manifest from memory, init and first segment fetched) took 0.2–1.0 s
 * in the e2e on a loaded box, and the fade-in begins at its first sound. So the two tracks overlap
 * for about the chosen length, not the chosen length less the start.
 */
export const START_LEAD_S = 0.5;

/**
 * The lead when the incoming track already waits loaded and paused on the other deck (the queue
 * player's ready spare): its start is a play() on an element with data, a few milliseconds.
 */
export const READY_START_LEAD_S = 0.05;

/**
 * Slack at the outgoing track's end: the buffered range holding the playhead must reach this
 * close to the duration (MSE rounds range ends; the last AAC frame may end a few ms short).
 */
const TAIL_SLACK_S = 0.1;

/**
 * A fade also ends this long after its planned end by the wall clock: an outgoing element that
 * stops moving without ending (a decoder error the player no longer listens to) must not hold
 * the fade, and two sounding elements, forever.
 */
const OVERRUN_MS = 2000;

/** How often the curve steps: 25 steps a second moves the gain by ≤ 0.6 dB per step on a 2 s fade's steepest part. */
export const FADE_STEP_MS = 40;

/** One of the two players: an element, the engine feeding it, the gain stage it plays through. */
export interface Deck<P extends Destroyable = Destroyable> {
  media: HTMLMediaElement;
  engine: MediaEngine<P>;
  gain: GainStage;
}

/** The nearest offered choice to `seconds` (a stored or remote value), 0 for anything not a number. */
export function crossfadeChoice(seconds: unknown): number {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) return 0;
  return CROSSFADE_CHOICES_S.reduce((best, c) => (Math.abs(c - seconds) < Math.abs(best - seconds) ? c : best), 0);
}

/** The choice `steps` away from `seconds` (Left/Right on the Settings row), held at both ends. */
export function stepCrossfade(seconds: number, steps: number): number {
  const i = CROSSFADE_CHOICES_S.indexOf(crossfadeChoice(seconds));
  return CROSSFADE_CHOICES_S[Math.min(CROSSFADE_CHOICES_S.length - 1, Math.max(0, i + steps))]!;
}

/** Equal-power shares at progress `x` (0..1): out² + in² = 1 all through the fade. */
export function equalPower(x: number): { out: number; in: number } {
  const t = Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 1;
  return { out: Math.cos((t * Math.PI) / 2), in: Math.sin((t * Math.PI) / 2) };
}

/**
 * What each deck's gain stage outputs, as a linear factor, at progress `x`: its own loudness gain
 * (in dB, as GainStage.apply gets it), then the fade share, then the listener's level.
 */
export function fadeGains(x: number, outGainDb: number, inGainDb: number, level: number): { out: number; in: number } {
  const share = equalPower(x);
  const lin = (db: number) => (Number.isFinite(db) ? 10 ** (db / 20) : 1);
  return { out: lin(outGainDb) * share.out * level, in: lin(inGainDb) * share.in * level };
}

/**
 * The fade's length: the setting, but at most half of either track (a 5 s interlude never
 * plays mostly under its neighbours).
 */
export function fadeLengthS(settingS: number, outgoingS: number, incomingS: number): number {
  const halves = [outgoingS, incomingS].filter((s) => Number.isFinite(s) && s > 0).map((s) => s / 2);
  return Math.min(settingS, ...halves);
}

/** What the fade timer reads off the outgoing element. */
export interface TailView {
  currentTime: number;
  duration: number;
  playbackRate: number;
  paused: boolean;
  seeking: boolean;
  buffered: ReadonlyArray<readonly [number, number]>;
}

/**
 * Milliseconds until the fade of length `fadeS` should start (0: now; `leadS` ahead of the fade
 * itself, the incoming track's start), or null when no fade is
 * coming by itself: paused, seeking, no known duration, less than MIN_FADE_S left, or the tail
 * not yet buffered to the end (ask again when more is buffered).
 */
export function msUntilFade(view: TailView, fadeS: number, leadS = START_LEAD_S): number | null {
  if (view.paused || view.seeking || view.playbackRate <= 0 || fadeS < MIN_FADE_S) return null;
  if (!Number.isFinite(view.duration) || view.duration <= 0) return null;
  const left = view.duration - view.currentTime;
  if (left < MIN_FADE_S) return null;
  const range = rangeHolding(view.buffered, view.currentTime, TAIL_SLACK_S);
  if (!range || range[1] < view.duration - TAIL_SLACK_S) return null;
  return (Math.max(0, left - fadeS - leadS) / view.playbackRate) * 1000;
}

/** What the crossfade rules need to know of a track. */
export interface FadeTrack {
  albumId?: string;
  longForm?: string;
  /** Tagged gapless (PlaybackStart.gapless); unknown counts as not. */
  gapless?: boolean;
}

/** Whether `outgoing` may crossfade into `incoming` (the rules above). */
export function mayCrossfade(outgoing: FadeTrack, incoming: FadeTrack): boolean {
  if (outgoing.longForm || incoming.longForm) return false;
  const sameAlbum = outgoing.albumId === undefined || incoming.albumId === undefined || outgoing.albumId === incoming.albumId;
  return !(outgoing.gapless && incoming.gapless && sameAlbum);
}

const GLOBAL_TIMERS: TimerHost = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

interface Running<P extends Destroyable> {
  outgoing: Deck<P>;
  incoming: Deck<P>;
  /** The outgoing element's time when the incoming track first played (null: not yet). */
  startAt: number | null;
  /** Where the fade ends on the outgoing element's clock when its duration is unknown. */
  lengthS: number;
  /** Date.now() past which the fade ends whatever the outgoing element says. */
  deadline: number;
  onDone: () => void;
  timer: unknown;
}

/**
 * The second deck and the fade in progress. The second deck is made the first time the player
 * needs it (its first preload or its first start after another). `settle()` ends a fade at once;
 * it is safe to call any time.
 */
export class Crossfader<P extends Destroyable = Destroyable> {
  private setting = 0;
  private running: Running<P> | null = null;
  private readonly made: Deck<P>[] = [];

  constructor(
    private readonly makeDeck: () => Deck<P>,
    private readonly timers: TimerHost = GLOBAL_TIMERS,
  ) {}

  /** The setting in seconds (0: off); anything else is taken to the nearest choice. */
  get seconds(): number {
    return this.setting;
  }

  set seconds(value: number) {
    this.setting = crossfadeChoice(value);
  }

  get fading(): boolean {
    return this.running !== null;
  }

  /** The decks made here (not the player's first one): volume and mute reach them too. */
  get decks(): readonly Deck<P>[] {
    return this.made;
  }

  /** The deck fading out now, if any. */
  get outgoing(): Deck<P> | null {
    return this.running?.outgoing ?? null;
  }

  /** The second deck, made at the first call; `fresh` when just made (its owner wires it up). */
  secondDeck(): { deck: Deck<P>; fresh: boolean } {
    const made = this.made[0];
    if (made) return { deck: made, fresh: false };
    const deck = this.makeDeck();
    this.made.push(deck);
    return { deck, fresh: true };
  }

  /**
   * Fade `outgoing` out and `incoming` in over what is left of the outgoing track, `lengthS`
   * (used as the length where the element's duration is unknown); `onDone` once the outgoing
   * track is silent, not when the fade is settled.
   */
  run(outgoing: Deck<P>, incoming: Deck<P>, lengthS: number, onDone: () => void): void {
    this.settle();
    outgoing.gain.setFade(1);
    incoming.gain.setFade(0);
    this.running = { outgoing, incoming, startAt: null, lengthS, deadline: Date.now() + lengthS * 1000 + OVERRUN_MS, onDone, timer: null };
    this.tick();
  }

  /** End the fade now: the outgoing deck stops (the player's spare again), the incoming plays at full level. */
  settle(): void {
    const r = this.running;
    if (!r) return;
    this.running = null;
    if (r.timer !== null) this.timers.clearTimeout(r.timer);
    if (!r.outgoing.media.paused) r.outgoing.media.pause();
    // Full level again for when this deck carries the next incoming track (run() sets it to 0 first).
    r.outgoing.gain.setFade(1);
    r.incoming.gain.setFade(1);
  }

  /** Ends a fade and lets go of the decks; their engines are destroyed by the player, which wired them. */
  destroy(): void {
    this.settle();
  }

  private tick(): void {
    const r = this.running;
    if (!r) return;
    r.timer = null;
    const out = r.outgoing.media;
    const x = this.progress(r);
    if (x >= 1 || out.ended || out.paused || Date.now() > r.deadline) {
      this.settle();
      r.onDone();
      return;
    }
    const share = equalPower(x);
    r.outgoing.gain.setFade(share.out);
    r.incoming.gain.setFade(share.in);
    r.timer = this.timers.setTimeout(() => this.tick(), FADE_STEP_MS);
  }

  /** 0 until the incoming track plays, then the share of the outgoing track's rest played since. */
  private progress(r: Running<P>): number {
    const out = r.outgoing.media;
    if (r.startAt === null) {
      if (r.incoming.media.paused) return 0;
      r.startAt = out.currentTime;
    }
    const end = Number.isFinite(out.duration) && out.duration > r.startAt ? out.duration : r.startAt + r.lengthS;
    return (out.currentTime - r.startAt) / Math.max(0.001, end - r.startAt);
  }
}
