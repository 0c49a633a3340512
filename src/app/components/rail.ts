/**
 * A titled horizontal row of tiles. It remembers its focused index (so leaving and coming back
 * lands on the same tile) and scrolls so the focused tile stays in view: the focused tile sits in
 * the first column until the end of the row, which then stays flush with the right edge.
 */
import { Lightning } from '@lightningjs/sdk';
import type { Card, Rail as RailData } from '../../protocol';
import { cardTarget, type ContextTarget } from '../services/context-actions';
import { Colors, Font, Layout } from '../theme';
import { Tile } from './tile';
import { drawnText } from './drawn-text';

const STEP = Layout.tile + Layout.tileGap;
/** Width the row may use: the stage minus the left title-safe margin (tiles bleed off the right). */
const VIEW_W = Layout.stageW - Layout.safeX;

export interface RailTemplateSpec extends Lightning.Component.TemplateSpec {
  rail: RailData | null;
  Title: object;
  Items: object;
}

export class Rail
  extends Lightning.Component<RailTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<RailTemplateSpec>
{
  static readonly HEIGHT = 560;

  private data: RailData | null = null;
  private focusIndex = 0;
  private visited = false;
  /** What the context menu acts on for a tile; by default the card's album or artist. */
  targetFor: (card: Card, index: number) => ContextTarget | null = (card) => cardTarget(card);

  static override _template(): Lightning.Component.Template<RailTemplateSpec> {
    return {
      h: Rail.HEIGHT,
      Title: {
        x: 0,
        text: { text: '', fontFace: Font.face, fontSize: Font.heading, fontStyle: 'bold', textColor: Colors.text },
      },
      Items: { y: 84 },
    };
  }

  get rail(): RailData | null {
    return this.data;
  }

  /**
   * New items reuse the tiles already there (a tile showing the same card draws nothing again):
   * Search replaces its rails on every keystroke, and a rebuilt rail costs every element and
   * text texture again.
   */
  set rail(rail: RailData | null) {
    const title = this.data?.title;
    this.data = rail;
    if (!rail) return;
    if (rail.title !== title) this.tag('Title')?.patch({ text: { text: drawnText(rail.title) } });
    const items = this.tag('Items')!;
    const tiles = items.children as Tile[];
    rail.items.forEach((card, i) => {
      const tile = tiles[i];
      if (tile) tile.card = card;
      else items.childList.a({ ref: `Tile${i}`, type: Tile, x: i * STEP, card });
    });
    while (items.children.length > rail.items.length) items.childList.removeAt(items.children.length - 1);
    this.setIndex(Math.min(this.focusIndex, Math.max(0, rail.items.length - 1)), false);
  }

  /** Other content now (a new query's results): focus and scroll start over at the first tile. */
  forget(): void {
    this.visited = false;
    this.setIndex(0, false);
  }

  get index(): number {
    return this.focusIndex;
  }

  get length(): number {
    return this.data?.items.length ?? 0;
  }

  get focusedCard(): Card | null {
    return this.data?.items[this.focusIndex] ?? null;
  }

  get contextTarget(): ContextTarget | null {
    const card = this.focusedCard;
    return card ? this.targetFor(card, this.focusIndex) : null;
  }

  /** Whether the user has been on this rail before (its remembered index then wins). */
  get wasVisited(): boolean {
    return this.visited;
  }

  /** Stage x of the focused tile's centre, to keep the column when moving between rails. */
  focusedCenterX(): number {
    return this.focusIndex * STEP - this.scrollFor(this.focusIndex) + Layout.tile / 2;
  }

  /** Focus the tile whose centre is nearest to `x` given this rail's current scroll. */
  focusNearest(x: number): void {
    const scroll = this.scrollFor(this.focusIndex);
    const i = Math.round((x + scroll - Layout.tile / 2) / STEP);
    this.setIndex(Math.min(Math.max(0, i), this.length - 1));
  }

  /** Back from history: put focus where it was, and remember that this rail was visited. */
  restore(index: number): void {
    this.visited = true;
    this.setIndex(index, false);
  }

  setIndex(index: number, animate = true): void {
    if (this.length === 0) return;
    this.focusIndex = Math.min(Math.max(0, index), this.length - 1);
    const x = -this.scrollFor(this.focusIndex);
    const items = this.tag('Items');
    if (!items) return;
    if (animate) items.setSmooth('x', x, { duration: Layout.animSeconds });
    else items.x = x;
  }

  override _focus(): void {
    this.visited = true;
  }

  override _handleLeft(): boolean | void {
    if (this.focusIndex === 0) return false;
    this.setIndex(this.focusIndex - 1);
  }

  override _handleRight(): boolean | void {
    if (this.focusIndex >= this.length - 1) return false;
    this.setIndex(this.focusIndex + 1);
  }

  override _getFocused(): Lightning.Component | null | undefined {
    return (this.tag('Items')?.children[this.focusIndex] as Lightning.Component | undefined) ?? this;
  }

  private scrollFor(index: number): number {
    const contentW = this.length * STEP - Layout.tileGap;
    const maxScroll = Math.max(0, contentW - VIEW_W + Layout.safeX);
    return Math.min(index * STEP, maxScroll);
  }
}
