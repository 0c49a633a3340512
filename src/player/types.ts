/**
 * The player's public surface: what the UI may call and listen to. Nothing here knows about
 * Lightning, pages or the BFF; playback info arrives through an injected function.
 */
import type { AddedBy, Artwork, LongFormKind, PlaybackResponse, PlaybackStart } from '../protocol';
import type { PlaybackState } from './playback-machine';
import type { QueueContext, QueueSnapshot, RepeatMode } from './play-queue';

export type { QueueContext, QueueSnapshot, RepeatMode } from './play-queue';

/** One entry of a play queue: enough to draw it before its playback info has been fetched. */
export interface PlaybackItem {
  trackId: string;
  title: string;
  artist: string;
  /** Ids for Now Playing's links and the context menu's Go to album / Go to artist. */
  artistId?: string;
  albumId?: string;
  albumTitle?: string;
  artwork?: Artwork;
  durationMs: number;
  /** From the screen that listed the track: with it, a start needs no playback-info call. */
  playback?: PlaybackStart;
  /** Who queued it from another device (the remote protocol); absent: this device itself. */
  addedBy?: AddedBy;
  /** A podcast episode or audiobook chapter: its position is saved, and it skips 15 s / 30 s. */
  longForm?: LongFormKind;
}

/** The PlaybackMachine's state (playback-machine.ts): the UI reads it and never keeps its own. */
export type PlayerState = PlaybackState;

export interface TimeInfo {
  positionMs: number;
  durationMs: number;
}

export interface PlayerError {
  /** Plain words for a person; the code is for logs and tests. */
  message: string;
  code: string;
  trackId: string | null;
}

export interface PlayerEvents {
  state: PlayerState;
  time: TimeInfo;
  /** The queue moved to another item (or to none). */
  track: { item: PlaybackItem | null; index: number };
  error: PlayerError;
  /** The queue changed (an edit, shuffle, repeat); moves between items come as `track`. */
  queue: QueueView;
}

/** What the Queue and Now Playing pages draw of the queue. */
export interface QueueView {
  current: PlaybackItem | null;
  /** "Next in queue": what the user added, in order. */
  queued: readonly PlaybackItem[];
  /** "Next from <context>". */
  fromContext: readonly PlaybackItem[];
  context: QueueContext | null;
  shuffle: boolean;
  repeat: RepeatMode;
}

export type PlayerListener<K extends keyof PlayerEvents> = (payload: PlayerEvents[K]) => void;

/** Why a preload is held: the focused row (dropped on unfocus) or the queue's next item. */
export type PreloadReason = 'focus' | 'next';

export type FetchPlayback = (trackId: string, signal?: AbortSignal) => Promise<PlaybackResponse>;
/** Records a play in history; failures are the caller's to swallow (history is best effort). */
export type ReportPlay = (trackId: string, positionMs: number) => Promise<void>;

export interface AudioPlayer {
  readonly state: PlayerState;
  readonly time: TimeInfo;
  readonly current: PlaybackItem | null;
  readonly queueIndex: number;
  readonly queueLength: number;
  /** Track ids held ready to start, least recently used first (for tests and the bench). */
  readonly preloadedIds: readonly string[];
  /** Of those, the ones whose manifest and first segments are already in memory. */
  readonly readyPreloadIds: readonly string[];

  /** Plays `queue` from `startIndex`, at `startAtMs` into that item when given (resume). */
  load(queue: PlaybackItem[], startIndex: number, startAtMs?: number): Promise<void>;
  play(): Promise<void>;
  pause(): void;
  toggle(): Promise<void>;
  next(): Promise<void>;
  previous(): Promise<void>;
  /** With nothing loaded (a restored queue), where the current item's next start starts; the last seek wins. */
  seek(positionMs: number): void;
  /** A row the user rests on: fetch its manifest and first segment so Enter starts from memory. */
  preload(item: PlaybackItem, reason: PreloadReason): void;
  /** Focus left that row; drop its preload unless the queue still wants it. */
  unfocus(trackId: string): void;

  on<K extends keyof PlayerEvents>(event: K, listener: PlayerListener<K>): () => void;
  destroy(): Promise<void>;

  /** The queue as the pages draw it. */
  readonly upNext: QueueView;
  /** Like load(), naming where the list came from ("Next from <title>"). */
  loadContext(queue: PlaybackItem[], startIndex: number, context: QueueContext, startAtMs?: number): Promise<void>;
  playNext(items: PlaybackItem[]): void;
  addToQueue(items: PlaybackItem[]): void;
  /** Rows of upNext: queued first, then fromContext. */
  removeFromQueue(index: number): void;
  moveInQueue(from: number, to: number): void;
  /** Play the row `index` of upNext now. */
  playFromQueue(index: number): Promise<void>;
  clearQueue(): void;
  setShuffle(on: boolean): void;
  setRepeat(mode: RepeatMode): void;
  queueSnapshot(): QueueSnapshot<PlaybackItem>;
  /** At boot: take a stored queue back (without playing); throws on a snapshot it does not understand. */
  restoreQueue(snapshot: QueueSnapshot<PlaybackItem>): void;
  /** Bits per second of the rendition playing, or null when unknown. */
  bitrate(): number | null;
}
