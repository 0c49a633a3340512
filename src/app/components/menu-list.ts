/**
 * A vertical list of labels for a menu: a highlight behind the focused entry, an optional mark on
 * the current one (the side menu's page), and a clipped viewport that scrolls a long list with
 * the focus (MenuCursor). The menu owning it keeps focus and its keys (its focus path stays the
 * menu's) and moves the list with `move`; a focus change repaints tints and moves nothing else,
 * so no text is drawn again.
 */
import { Lightning } from '@lightningjs/sdk';
import { Font, Layout, lineText } from '../theme';
import { MenuCursor } from './menu-cursor';

export interface MenuListStyle {
  width: number;
  itemH: number;
  /** Left edge of the highlight and the mark; the highlight spans the width less this on each side. */
  inset: number;
  /** Space left between one highlight and the next. */
  gap: number;
  labelX: number;
  /** Labels longer than this end in an ellipsis (none: as wide as they draw). */
  labelW?: number;
  bold: boolean;
  highlight: number;
  label: number;
  focusedLabel: number;
  /** The colour of the bar marking the current entry; none: the list marks nothing. */
  mark?: number;
  /** The highlight fades between entries (else it moves at once). */
  fades: boolean;
  /** Up/Down past an end wraps round. */
  wraps: boolean;
  /** Rows shown before the list scrolls. */
  visibleRows?: number;
}

const LABEL_Y = 18;
const MARK_W = 6;
const RADIUS = 12;

export interface MenuListTemplateSpec extends Lightning.Component.TemplateSpec {
  Items: object;
}

export class MenuList extends Lightning.Component<MenuListTemplateSpec> {
  private look: MenuListStyle | null = null;
  private menuCursor = new MenuCursor(false);
  private marked = -1;

  static override _template(): Lightning.Component.Template<MenuListTemplateSpec> {
    return { Items: {} };
  }

  /** Once, before the first `show`. */
  set listStyle(style: MenuListStyle) {
    this.look = style;
    this.menuCursor = new MenuCursor(style.wraps, style.visibleRows);
  }

  get index(): number {
    return this.menuCursor.index;
  }

  /** The height the entries take on screen (at most `visibleRows` of them). */
  get shownH(): number {
    return this.menuCursor.shownRows * (this.look?.itemH ?? 0);
  }

  /** New entries, focus on `index`. */
  show(labels: readonly string[], index = 0): void {
    const s = this.requireStyle();
    this.menuCursor.reset(labels.length, index);
    const highlightH = s.itemH - s.gap;
    this.patch({
      w: s.width,
      h: this.shownH,
      // Only a list that can scroll needs cutting at the viewport.
      clipping: labels.length > this.menuCursor.visibleRows,
      Items: {
        children: labels.map((text, i) => ({
          y: i * s.itemH,
          Highlight: { x: s.inset, w: s.width - 2 * s.inset, h: highlightH, rect: true, color: s.highlight, alpha: 0, shader: { type: Lightning.shaders.RoundedRectangle, radius: RADIUS } },
          ...(s.mark === undefined ? {} : { Mark: { x: s.inset, y: 16, w: MARK_W, h: highlightH - 32, rect: true, color: s.mark, alpha: i === this.marked ? 1 : 0 } }),
          Label: { x: s.labelX, y: LABEL_Y, color: s.label, text: { ...lineText(Font.body, 0xffffffff, s.labelW), ...(s.bold ? { fontStyle: 'bold' } : {}), text } },
        })),
      },
    });
    this.paint();
  }

  /** Marks the entry at `index` (-1: none), e.g. the page shown now. */
  mark(index: number): void {
    this.marked = index;
    this.items().forEach((item, i) => item.tag('Mark')?.patch({ alpha: i === index ? 1 : 0 }));
  }

  /** Focus to `index` (kept inside the list). */
  focusAt(index: number): void {
    this.menuCursor.reset(this.menuCursor.count, index);
    this.paint();
  }

  /** Up (-1) or Down (+1); false when focus stayed (an end of a list that does not wrap). */
  move(step: -1 | 1): boolean {
    if (!this.menuCursor.move(step)) return false;
    this.paint();
    return true;
  }

  private paint(): void {
    const s = this.requireStyle();
    const items = this.items();
    const holder = this.tag('Items');
    if (holder) holder.y = -this.menuCursor.firstVisible * s.itemH;
    items.forEach((item, i) => {
      const focused = i === this.menuCursor.index;
      const highlight = item.tag('Highlight')!;
      if (s.fades) highlight.setSmooth('alpha', focused ? 1 : 0, { duration: Layout.animSeconds });
      else highlight.patch({ alpha: focused ? 1 : 0 });
      item.tag('Label')!.patch({ color: focused ? s.focusedLabel : s.label });
    });
  }

  private items(): Lightning.Component[] {
    return (this.tag('Items')?.children ?? []) as Lightning.Component[];
  }

  private requireStyle(): MenuListStyle {
    if (!this.look) throw new Error('MenuList: set listStyle before show');
    return this.look;
  }
}
