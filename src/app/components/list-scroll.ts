/**
 * Where a vertical list's rows sit so the focused one shows with `contextRows` rows above it,
 * never scrolled past the last row: the `y` of the rows' holder; and the list's Up/Down keys (ListCursor).
 * Track lists and show pages share it.
 */
import type { Lightning } from '@lightningjs/sdk';
import { Layout } from '../theme';

export function listScrollY(index: number, count: number, step: number, viewportH: number, contextRows: number): number {
  const maxScroll = Math.max(0, count * step - viewportH);
  return -Math.min(Math.max(0, (index - contextRows) * step), maxScroll);
}

/** Moves `rows` there, sliding when `animate`. */
export function scrollRows(rows: Lightning.Element | undefined, y: number, animate: boolean): void {
  if (!rows) return;
  if (animate) rows.setSmooth('y', y, { duration: Layout.animSeconds });
  else rows.y = y;
}

/** What a ListCursor moves: the rows' holder and their count, spacing and view, and what follows a move. */
export interface CursorList {
  rows(): Lightning.Element | undefined;
  count(): number;
  readonly step: number;
  viewportH(): number;
  /** Rows kept in view above the focused one. */
  readonly contextRows: number;
  /** After Up/Down moved focus to `index` (arm its preload, refocus). */
  moved(index: number): void;
}

/**
 * The focused row of a vertical list and its Up/Down keys: at either end the key is not handled
 * (returns false), so it bubbles to the page, which decides what is above and below. Track lists
 * and the show page share it.
 */
export class ListCursor {
  index = 0;

  constructor(private readonly list: CursorList) {}

  up(): boolean | void {
    if (this.index === 0) return false;
    this.moveTo(this.index - 1);
  }

  down(): boolean | void {
    if (this.index >= this.list.count() - 1) return false;
    this.moveTo(this.index + 1);
  }

  /** New rows, or back on the page: `index` clamped to the rows there are, in place without sliding. */
  reset(index: number): void {
    this.index = Math.min(Math.max(0, index), Math.max(0, this.list.count() - 1));
    this.scroll(false);
  }

  private moveTo(index: number): void {
    this.index = index;
    this.scroll(true);
    this.list.moved(index);
  }

  private scroll(animate: boolean): void {
    const { step, contextRows } = this.list;
    scrollRows(this.list.rows(), listScrollY(this.index, this.list.count(), step, this.list.viewportH(), contextRows), animate);
  }
}
