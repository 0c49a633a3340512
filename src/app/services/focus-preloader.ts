/**
 * Preload on dwell: focus resting on something playable for PRELOAD_AFTER_MS asks the player to
 * preload it, so Enter starts from memory; focus moving on first cancels the timer and lets the
 * player drop that preload. The wait keeps a user scrolling through a list from spending
 * bandwidth on every row they pass.
 */
import type { AudioPlayer, PlaybackItem } from '../../player/types';

/** How long focus must rest on a row before we spend bandwidth on it. */
export const PRELOAD_AFTER_MS = 300;

export class FocusPreloader {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private armedFor: string | null = null;

  constructor(private readonly player: () => Pick<AudioPlayer, 'preload' | 'unfocus'>) {}

  /**
   * Focus arrived on `item`, or on nothing playable. The same item again keeps its timer or
   * preload: Play and the first row of its list start the same track.
   */
  arm(item: PlaybackItem | undefined): void {
    if (item && item.trackId === this.armedFor) return;
    this.disarm();
    if (!item) return;
    this.armedFor = item.trackId;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.player().preload(item, 'focus');
    }, PRELOAD_AFTER_MS);
  }

  /** Focus left; `release` false when the item is about to play (the player takes the preload). */
  disarm(release = true): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (release && this.armedFor) this.player().unfocus(this.armedFor);
    this.armedFor = null;
  }
}
