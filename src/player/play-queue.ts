/**
 * Queue rules, kept pure so they are tested without a media element:
 * - the end of a track advances to the next; at the end of the queue playback ends;
 * - Next on the last item does nothing (no wrap: repeat is a later feature);
 * - Previous restarts the current track once it has played more than RESTART_THRESHOLD_MS
 *   (the convention of every major player), and on the first item it always restarts;
 * - a track that fails is skipped to the next one, so one broken file never stops an album.
 */

/** Past this point Previous means "from the top" rather than "the one before". */
export const RESTART_THRESHOLD_MS = 3_000;

export type PreviousAction<T> = { kind: 'restart'; item: T } | { kind: 'play'; item: T; index: number };

export class PlayQueue<T> {
  private list: T[] = [];
  private cursor = -1;

  constructor(items: readonly T[] = [], startIndex = 0) {
    this.replace(items, startIndex);
  }

  get items(): readonly T[] {
    return this.list;
  }

  get index(): number {
    return this.cursor;
  }

  get length(): number {
    return this.list.length;
  }

  get current(): T | null {
    return this.list[this.cursor] ?? null;
  }

  get hasNext(): boolean {
    return this.cursor >= 0 && this.cursor < this.list.length - 1;
  }

  get hasPrevious(): boolean {
    return this.cursor > 0;
  }

  /** The item after the current one, without moving (what to preload). */
  peekNext(): T | null {
    return this.hasNext ? (this.list[this.cursor + 1] ?? null) : null;
  }

  /** New queue; an out-of-range start index is clamped rather than refused. */
  replace(items: readonly T[], startIndex = 0): T | null {
    this.list = [...items];
    this.cursor = this.list.length === 0 ? -1 : Math.min(Math.max(0, Math.trunc(startIndex)), this.list.length - 1);
    return this.current;
  }

  /** The current track ended: the next item, or null when the queue is done. */
  advance(): T | null {
    if (!this.hasNext) return null;
    this.cursor += 1;
    return this.current;
  }

  /** User pressed Next: same as the end of a track; null (and no move) on the last item. */
  next(): T | null {
    return this.advance();
  }

  /** User pressed Previous, `positionMs` into the current track. */
  previous(positionMs: number): PreviousAction<T> | null {
    const current = this.current;
    if (current === null) return null;
    if (positionMs > RESTART_THRESHOLD_MS || !this.hasPrevious) return { kind: 'restart', item: current };
    this.cursor -= 1;
    return { kind: 'play', item: this.current as T, index: this.cursor };
  }

  /** The current track failed: move past it, or null when nothing is left to try. */
  skipFailed(): T | null {
    return this.advance();
  }

  /** Jump to an index in the same queue (a row of the list that is already playing). */
  jump(index: number): T | null {
    if (index < 0 || index >= this.list.length) return null;
    this.cursor = index;
    return this.current;
  }
}
