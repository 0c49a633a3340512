/**
 * The player's public surface: what the UI may call and listen to. Nothing here knows about
 * Lightning, pages or the BFF; playback info arrives through an injected function.
 */
import type { Artwork, PlaybackResponse, PlaybackStart } from '../protocol';
import type { PlaybackState } from './playback-machine';

/** One entry of a play queue: enough to draw it before its playback info has been fetched. */
export interface PlaybackItem {
  trackId: string;
  title: string;
  artist: string;
  albumTitle?: string;
  artwork?: Artwork;
  durationMs: number;
  /** From the screen that listed the track: with it, a start needs no playback-info call. */
  playback?: PlaybackStart;
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

  load(queue: PlaybackItem[], startIndex: number): Promise<void>;
  play(): Promise<void>;
  pause(): void;
  toggle(): Promise<void>;
  next(): Promise<void>;
  previous(): Promise<void>;
  seek(positionMs: number): void;
  /** A row the user rests on: fetch its manifest and first segment so Enter starts from memory. */
  preload(item: PlaybackItem, reason: PreloadReason): void;
  /** Focus left that row; drop its preload unless the queue still wants it. */
  unfocus(trackId: string): void;

  on<K extends keyof PlayerEvents>(event: K, listener: PlayerListener<K>): () => void;
  destroy(): Promise<void>;
}
