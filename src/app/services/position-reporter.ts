/**
 * Where a profile stopped in a podcast episode or audiobook chapter, saved on the BFF so any TV of
 * the household offers "Resume from 23:14". UI-free: it listens to the player's events and the
 * device lifecycle, and saves through an injected function (the API client's PUT).
 *
 * A long-form item's position is saved (at most once per second of difference, so a pause right
 * after a periodic save sends nothing new):
 * - every INTERVAL_MS while it plays;
 * - when it pauses, ends, fails or stops (any state that is not sounding or loading);
 * - when the queue moves to another item (the previous one's last position);
 * - when the app is hidden, frozen or closed (the platform may kill it without another event; the
 *   save goes out as a keepalive request, `flush()`).
 * Music is never saved. Nothing is saved for a guest (`canSave`). A failed save is logged and
 * forgotten: the next one carries a newer position anyway. Nothing here runs on a key press.
 */
import type { Lifecycle } from '../../../devices/contracts/lifecycle';
import type { AudioPlayer, PlaybackItem, PlayerState } from '../../player/types';

/** The figure: a reload or a crash loses at most this much listening. */
export const INTERVAL_MS = 5000;
/** Positions closer than this to the last one saved for the same item are not sent again. */
const SAME_POSITION_MS = 1000;

export interface PositionReporterOptions {
  player: Pick<AudioPlayer, 'on' | 'current' | 'time' | 'state'>;
  /** PUT the position; rejections are logged. */
  save(trackId: string, positionMs: number): Promise<unknown>;
  /** A profile is signed in (a guest has no positions). */
  canSave(): boolean;
  lifecycle?: Pick<Lifecycle, 'onChange'>;
  intervalMs?: number;
}

interface Tracked {
  item: PlaybackItem;
  positionMs: number;
  /**
   * It has sounded since it became current. A queue restored after a reload names its episode
   * before any start, with no position: saving then would overwrite 23:14 on the BFF with 0.
   */
  heard: boolean;
}

/** States in which the position moves or is about to: everything else is a stop worth saving. */
const MOVING: ReadonlySet<PlayerState> = new Set(['loading', 'handingOver', 'crossfading', 'playing', 'buffering', 'reconnecting']);

export class PositionReporter {
  private tracked: Tracked | null = null;
  private sent: { trackId: string; positionMs: number } | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly offs: Array<() => void>;

  constructor(private readonly opts: PositionReporterOptions) {
    const { player } = opts;
    this.follow(player.current, player.time.positionMs);
    this.offs = [
      player.on('track', ({ item }) => this.onTrack(item)),
      player.on('time', ({ positionMs, durationMs }) => this.onTime(positionMs, durationMs)),
      player.on('state', (state) => this.onState(state)),
    ];
    if (opts.lifecycle) {
      this.offs.push(
        opts.lifecycle.onChange((next) => {
          if (next === 'concealed' || next === 'frozen' || next === 'stopped') this.flush();
        }),
      );
    }
  }

  /** Save the current long-form position now, if it changed (app exit, or the caller's reason). */
  flush(): void {
    const t = this.tracked;
    if (!t || !t.heard || !this.opts.canSave()) return;
    const positionMs = Math.max(0, Math.round(t.positionMs));
    const { trackId } = t.item;
    if (this.sent && this.sent.trackId === trackId && Math.abs(this.sent.positionMs - positionMs) < SAME_POSITION_MS) return;
    this.sent = { trackId, positionMs };
    this.opts.save(trackId, positionMs).catch((e: unknown) => console.warn('[positions] save failed', e));
  }

  destroy(): void {
    this.stopTimer();
    for (const off of this.offs.splice(0)) off();
  }

  private follow(item: PlaybackItem | null, positionMs: number): void {
    this.tracked = item?.longForm ? { item, positionMs, heard: false } : null;
  }

  private onTrack(item: PlaybackItem | null): void {
    if (this.tracked?.item.trackId === item?.trackId) return;
    // The previous item's last position, before the new one's time events replace it. The
    // player tells the new item first, then its start time (a resume's, or 0).
    this.flush();
    this.follow(item, 0);
  }

  private onTime(positionMs: number, durationMs: number): void {
    if (!this.tracked) return;
    this.tracked.positionMs = durationMs > 0 ? Math.min(positionMs, durationMs) : positionMs;
  }

  private onState(state: PlayerState): void {
    if (state === 'playing') {
      if (this.tracked) this.tracked.heard = true;
      this.startTimer();
      return;
    }
    if (MOVING.has(state)) return;
    this.stopTimer();
    if (state === 'ended' && this.tracked) {
      const { durationMs } = this.opts.player.time;
      if (durationMs > 0) this.tracked.positionMs = durationMs;
    }
    this.flush();
  }

  private startTimer(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.opts.player.state === 'playing') this.flush();
    }, this.opts.intervalMs ?? INTERVAL_MS);
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
