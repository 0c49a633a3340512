/**
 * Where a vertical list's rows sit so the focused one shows with `contextRows` rows above it,
 * never scrolled past the last row: the `y` of the rows' holder. Track lists and show pages share it.
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
