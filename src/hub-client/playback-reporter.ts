/**
 * Turns a player's events into the PlaybackState a device reports to the hub: on every change
 * of track, play/pause, queue or a seek, and at least every 5 s while playing (so a phone's
 * progress bar never drifts far). The version only grows, and starts above the wall clock's
 * milliseconds so a restarted app never reports "older" than what the hub stored before.
 */
import type { PlaybackState } from '../protocol';

export interface PlaybackSnapshot {
  trackId: string | null;
  positionMs: number;
  playing: boolean;
  queue: string[];
  shuffle: boolean;
  repeat: PlaybackState['repeat'];
  volume: number;
}

export interface PlaybackReporterOptions {
  snapshot: () => PlaybackSnapshot;
  report: (state: PlaybackState) => void;
  now?: () => number;
  intervalMs?: number;
}

/** A seek or skip moves the position by more than this against the extrapolated one. */
const JUMP_MS = 2000;

export class PlaybackReporter {
  private version: number;
  private last: PlaybackState | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly now: () => number;

  constructor(private readonly opts: PlaybackReporterOptions) {
    this.now = opts.now ?? Date.now;
    this.version = this.now();
  }

  /** Call on any player event; reports only when something a listener sees has changed. */
  changed(): void {
    const s = this.opts.snapshot();
    const at = this.now();
    const last = this.last;
    const expected = last ? last.positionMs + (last.playing ? at - last.atMs : 0) : 0;
    const same =
      last !== null &&
      last.trackId === s.trackId &&
      last.playing === s.playing &&
      last.shuffle === s.shuffle &&
      last.repeat === s.repeat &&
      last.volume === s.volume &&
      last.queue.length === s.queue.length &&
      last.queue.every((id, i) => id === s.queue[i]) &&
      Math.abs(expected - s.positionMs) < JUMP_MS;
    if (same) return;
    this.send(s, at);
    if (s.playing && !this.timer) {
      this.timer = setInterval(() => this.send(this.opts.snapshot(), this.now()), this.opts.intervalMs ?? 5000);
    } else if (!s.playing && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  destroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private send(s: PlaybackSnapshot, at: number): void {
    this.version = Math.max(this.version + 1, at);
    this.last = {
      ...s,
      positionMs: Math.max(0, Math.round(s.positionMs)),
      queue: s.queue.slice(0, 1000),
      atMs: at,
      version: this.version,
    };
    this.opts.report(this.last);
  }
}
