/**
 * Rails stacked in a page's `Content.Rails` (Home, Library): which rail has focus, Up/Down between
 * them keeping the column (a rail not visited yet takes the tile nearest the one left), and the
 * page's `Content` scrolled so the focused rail's title sits at the top safe line; the first rail
 * leaves the page's header in view. The page keeps its keys and its other focus targets.
 */
import type { Lightning } from '@lightningjs/sdk';
import { Layout } from '../theme';
import { scrollRows } from './list-scroll';
import { Rail } from './rail';

export interface RailStackHistory {
  rail: string;
  items: Record<string, number>;
}

export class RailStack {
  /** The focused rail's place in the stack. */
  index = 0;

  /** `railsTop`: the rails' holder's `y` inside `Content`. */
  constructor(
    private readonly page: Lightning.Component,
    private readonly railsTop: number,
  ) {}

  get rails(): Rail[] {
    return ((this.page.tag('Content.Rails' as never) as Lightning.Element | undefined)?.children ?? []) as Rail[];
  }

  get focused(): Rail | undefined {
    return this.rails[this.index];
  }

  /** Each rail's focused tile and which rail has focus, by rail id: the page's history state. */
  get history(): RailStackHistory {
    const items: Record<string, number> = {};
    for (const r of this.rails) if (r.rail) items[r.rail.id] = r.index;
    return { rail: this.focused?.rail?.id ?? '', items };
  }

  /** Back on the page: each rail's tile and the focused rail as they were (the first if that rail is gone). */
  restore(saved: RailStackHistory): void {
    const rails = this.rails;
    for (const r of rails) {
      const index = r.rail ? saved.items[r.rail.id] : undefined;
      if (typeof index === 'number') r.restore(index);
    }
    this.scrollTo(Math.max(0, rails.findIndex((r) => r.rail?.id === saved.rail)), false);
  }

  /** Focus to rail `index`, sliding there; nothing when there is no such rail. */
  moveTo(index: number): void {
    const from = this.focused;
    const to = this.rails[index];
    if (!to) return;
    if (from && from !== to && !to.wasVisited) to.focusNearest(from.focusedCenterX());
    this.scrollTo(index, true);
    this.page._refocus();
  }

  scrollTo(index: number, animate: boolean): void {
    this.index = index;
    scrollRows(this.page.tag('Content' as never) as Lightning.Element | undefined, index === 0 ? 0 : Layout.safeY - this.railsTop - index * Rail.HEIGHT, animate);
  }
}
