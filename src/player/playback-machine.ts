/**
 * The queue player's states and the events that move between them, as one table.
 *
 *   idle ──load──▶ loading ──started──▶ playing ◀──resumed/bufferEnd── paused / buffering
 *     ▲              │  ▲                 │  ▲
 *     │        offline  retry        handover  handedOver
 *     │              ▼  │                 ▼  │
 *     └──clear── reconnecting        handingOver        (any live state ──failed──▶ failed)
 *
 *   playing ──crossfade──▶ crossfading ──faded──▶ playing   (paused, load, failed… settle the fade)
 *
 * - loading: a track is being fetched and not yet sounding (the bar says "Loading…").
 * - joined (an event, not a state): the next track of a gapless run (gapless-chain.ts) took over
 *   inside the same stream: the state stays what it was, only the track changes.
 * - handingOver: the next track starts from memory while the previous one still sounds and is
 *   still shown; nothing is redrawn until the new one plays (a frame in between costs a start).
 * - crossfading: the queue moved on at a track's end (crossfade.ts): the next track loads and
 *   fades in on the second deck while the one ending fades out. The screen shows the incoming
 *   track; this is the only state in which two elements may sound. It lasts until the fade is
 *   over (`faded`); any other way out (pause, a new start, a failure, a stall, the network)
 *   settles the fade first: the outgoing track stops, the incoming one plays at full level.
 * - reconnecting: the network failed (BFF unreachable, 5xx, timeout, offline); the place in the
 *   queue and in the track is kept and the player retries by itself.
 * - failed: this track cannot be played (missing, undecodable, no source for this device); the
 *   player skips on, or stops after too many in a row.
 *
 * An event the table has no edge for is refused and logged, never applied: a stray media event
 * (a `pause` fired by an unload) cannot move the screen away from what the speakers do.
 */

export type PlaybackState =
  | 'idle'
  | 'loading'
  | 'handingOver'
  | 'crossfading'
  | 'playing'
  | 'paused'
  | 'buffering'
  | 'reconnecting'
  | 'ended'
  | 'failed';

export type PlaybackEvent =
  /** A cold start of a track began (its info or media must come from the network). */
  | 'load'
  /** A start from a finished preload began: the previous track keeps the screen until it plays. */
  | 'handover'
  /** The element plays the new track. */
  | 'started'
  /** Loaded, but the person asked for pause (or the platform refused play()). */
  | 'startedPaused'
  | 'paused'
  | 'resumed'
  | 'bufferStart'
  | 'bufferEnd'
  /** A transient network failure: keep the place, retry. */
  | 'offline'
  /** The network answered again while the track was still loaded. */
  | 'online'
  | 'failed'
  /** The last track of the queue finished. */
  | 'ended'
  /** The queue was emptied. */
  | 'clear'
  /** The next track of a gapless run took over in the same stream (no reload): the state holds. */
  | 'joined'
  /** At a track's end the next one starts on the second deck, fading in over the ending one. */
  | 'crossfade'
  /** The fade is over: only the incoming track sounds. */
  | 'faded';

type Edges = Partial<Record<PlaybackEvent, PlaybackState>>;

/** Edges every state shares: a new start, a per-track failure, an empty queue. */
const ANY: Edges = { load: 'loading', handover: 'handingOver', failed: 'failed', clear: 'idle' };

/** Edges of a state whose track is loaded into the element. */
const LOADED: Edges = {
  ...ANY,
  paused: 'paused',
  resumed: 'playing',
  bufferStart: 'buffering',
  bufferEnd: 'playing',
  offline: 'reconnecting',
  ended: 'ended',
};

export const TRANSITIONS: Readonly<Record<PlaybackState, Edges>> = {
  idle: ANY,
  loading: { ...ANY, started: 'playing', startedPaused: 'paused', offline: 'reconnecting' },
  handingOver: { ...ANY, started: 'playing', startedPaused: 'paused', offline: 'reconnecting' },
  playing: { ...LOADED, bufferEnd: 'playing', joined: 'playing', crossfade: 'crossfading' },
  // The incoming track's own start and media events keep the fade; anything else ends it.
  crossfading: {
    ...LOADED,
    started: 'crossfading',
    startedPaused: 'paused',
    resumed: 'crossfading',
    bufferEnd: 'crossfading',
    joined: 'crossfading',
    faded: 'playing',
  },
  paused: { ...LOADED, bufferStart: 'paused', bufferEnd: 'paused', joined: 'paused' },
  buffering: { ...LOADED, joined: 'buffering' },
  reconnecting: {
    ...ANY,
    offline: 'reconnecting',
    online: 'playing',
    started: 'playing',
    startedPaused: 'paused',
    paused: 'paused',
    resumed: 'reconnecting',
    bufferStart: 'reconnecting',
    bufferEnd: 'reconnecting',
    // The run's buffered audio crossed into its next track while the network was away.
    joined: 'reconnecting',
    // The buffered audio reached the end of the queue while the network was away.
    ended: 'ended',
  },
  ended: { ...ANY, resumed: 'playing', paused: 'ended' },
  failed: ANY,
};

/** States in which the element is expected to make sound (or to be about to, after a stall). */
export const SOUNDING: ReadonlySet<PlaybackState> = new Set(['playing', 'buffering', 'crossfading']);

export type TransitionListener = (to: PlaybackState, from: PlaybackState, event: PlaybackEvent) => void;

export class PlaybackMachine {
  private current: PlaybackState = 'idle';

  constructor(
    private readonly onChange: TransitionListener,
    private readonly log: (message: string) => void = (m) => console.warn(m),
  ) {}

  get state(): PlaybackState {
    return this.current;
  }

  /** Where `event` leads from the current state, or null when the table has no such edge. */
  peek(event: PlaybackEvent): PlaybackState | null {
    return TRANSITIONS[this.current][event] ?? null;
  }

  /** Apply `event`; false (and a log line) when it is not allowed from the current state. */
  send(event: PlaybackEvent): boolean {
    const to = this.peek(event);
    if (to === null) {
      this.log(`[player] ${event} refused in ${this.current}`);
      return false;
    }
    const from = this.current;
    this.current = to;
    if (to !== from) this.onChange(to, from, event);
    return true;
  }
}
