/**
 * A track list of any length that keeps only the rows on screen plus a margin as elements: a
 * fixed ring of TrackRows, row `i` drawn by ring slot `i % size`, so moving one row down
 * re-labels one element (its texts and cover change; the old textures lose their last user).
 * Every half ring of travel the unused textures are freed (`textureManager.gc`), so a 2,000-row
 * playlist scrolls in the texture memory of one screen. Rows not loaded yet are drawn blank and
 * asked for through `onNeed`, a screen ahead of the focus.
 *
 * Up/Down move the focus and bubble out at the ends; everything else (OK, move mode) is the
 * page's, which reads `index` and calls `swap` / `refresh`.
 */
import { Lightning } from '@lightningjs/sdk';
import type { Artwork, TrackSummary } from '../../protocol';
import { artworkSrc } from '../artwork';
import { Layout } from '../theme';
import { TrackRow } from './track-row';

export interface VirtualRow {
  track: TrackSummary;
  artwork: Artwork | null;
}

export interface VirtualTrackListTemplateSpec extends Lightning.Component.TemplateSpec {
  Rows: object;
}

/** Rows kept beyond each edge of the view: one key repeat's worth of travel stays drawn. */
const MARGIN = 3;
/** The cover as drawn in a row. */
const ART_PX = 64;

export class VirtualTrackList extends Lightning.Component<VirtualTrackListTemplateSpec> {
  static readonly ROW_STEP = TrackRow.HEIGHT + 4;

  private rowAt: (index: number) => VirtualRow | undefined = () => undefined;
  private count = 0;
  private focusIndex = 0;
  private liftedIndex = -1;
  private playingId: string | null = null;
  /** Which row each ring slot draws now (-1: none). */
  private slotRow: number[] = [];
  private gcAt = 0;
  /** Asked when the focus comes within a screen of a row that is not loaded. */
  onNeed: (index: number) => void = () => undefined;

  static override _template(): Lightning.Component.Template<VirtualTrackListTemplateSpec> {
    return { w: TrackRow.WIDTH + 20, clipping: true, Rows: {} };
  }

  /** Rows the view shows at once, and the ring's size (the elements that exist). */
  get ringSize(): number {
    return Math.ceil(this.h / VirtualTrackList.ROW_STEP) + 2 * MARGIN;
  }

  /** Row elements that exist now (for tests and the bench: stays at the ring size). */
  get elementCount(): number {
    return this.rows().length;
  }

  get length(): number {
    return this.count;
  }

  get index(): number {
    return this.focusIndex;
  }

  /** New content: `length` rows, read through `rowAt` (undefined: not loaded yet). Focus stays, clamped. */
  setRows(length: number, rowAt: (index: number) => VirtualRow | undefined): void {
    this.count = length;
    this.rowAt = rowAt;
    const size = Math.min(this.ringSize, length);
    const rows = this.tag('Rows')!;
    if (this.rows().length !== size) {
      rows.children = Array.from({ length: size }, (_, slot) => ({ ref: `Row${slot}`, type: TrackRow, showArtist: true, alpha: 0 }));
    }
    this.slotRow = new Array<number>(size).fill(-1);
    this.focusIndex = Math.min(this.focusIndex, Math.max(0, length - 1));
    this.refresh();
    this.scroll(false);
  }

  /** Redraw every drawn row from `rowAt` (a page arrived, an edit landed). */
  refresh(): void {
    this.slotRow.fill(-1);
    this.layout();
  }

  /** Focus row `index` (clamped), scrolled into view. */
  focus(index: number, animate = true): void {
    this.focusIndex = Math.min(Math.max(0, index), Math.max(0, this.count - 1));
    this.layout();
    this.scroll(animate);
    this._refocus();
  }

  /** Move mode: the row drawn lifted (accent), or -1. */
  set lifted(index: number) {
    this.liftedIndex = index;
    this.paintMarks();
  }

  set playing(trackId: string | null) {
    this.playingId = trackId;
    this.paintMarks();
  }

  override _getFocused(): Lightning.Component | null | undefined {
    return this.slotOf(this.focusIndex) ?? this;
  }

  // A held key (repeat) jumps without the slide: at a remote's repeat rate each slide would be
  // cut short by the next one, and a TV spends the frame animating what is already stale.
  override _handleUp(e?: KeyboardEvent): boolean | void {
    if (this.focusIndex === 0) return false;
    this.focus(this.focusIndex - 1, !e?.repeat);
  }

  override _handleDown(e?: KeyboardEvent): boolean | void {
    if (this.focusIndex >= this.count - 1) return false;
    this.focus(this.focusIndex + 1, !e?.repeat);
  }

  /** The rows that should exist: the view around the focus, plus the margin. */
  private window(): { first: number; last: number } {
    const size = this.rows().length;
    const top = this.scrollTop(this.focusIndex);
    const first = Math.max(0, Math.min(top - MARGIN, this.count - size));
    return { first, last: Math.min(this.count - 1, first + size - 1) };
  }

  private layout(): void {
    const rows = this.rows();
    if (rows.length === 0) return;
    const { first, last } = this.window();
    let missing = -1;
    for (let i = first; i <= last; i++) {
      const slot = i % rows.length;
      if (this.slotRow[slot] === i) continue;
      this.slotRow[slot] = i;
      const row = rows[slot]!;
      const data = this.rowAt(i);
      row.y = i * VirtualTrackList.ROW_STEP;
      if (data) {
        row.track = { ...data.track, number: i + 1 };
        row.art = data.artwork && data.artwork.sizes.length > 0 ? artworkSrc(data.artwork, ART_PX) : null;
        row.alpha = 1;
      } else {
        // Not loaded yet: the slot waits empty (drawing nothing) until its page comes.
        this.slotRow[slot] = -1;
        row.alpha = 0;
        if (missing === -1) missing = i;
      }
    }
    const ahead = Math.min(this.count - 1, this.focusIndex + rows.length);
    if (missing === -1 && ahead > last && !this.rowAt(ahead)) missing = ahead;
    if (missing !== -1) this.onNeed(missing);
    this.paintMarks();
    // Textures of rows re-labelled since the last pass have no user now: free them every half
    // ring of travel rather than waiting for Lightning's memory pressure to do it.
    if (Math.abs(first - this.gcAt) >= rows.length / 2) {
      this.gcAt = first;
      this.stage.textureManager.gc();
    }
  }

  private paintMarks(): void {
    this.rows().forEach((row, slot) => {
      const i = this.slotRow[slot]!;
      row.playing = i !== -1 && (i === this.liftedIndex || (this.liftedIndex === -1 && row.track?.id === this.playingId));
    });
  }

  /** The first row shown when `index` has focus: two rows of context above it. */
  private scrollTop(index: number): number {
    const visible = Math.floor(this.h / VirtualTrackList.ROW_STEP);
    return Math.max(0, Math.min(index - 2, this.count - visible));
  }

  private scroll(animate: boolean): void {
    const rows = this.tag('Rows');
    if (!rows) return;
    const y = -this.scrollTop(this.focusIndex) * VirtualTrackList.ROW_STEP;
    if (animate) rows.setSmooth('y', y, { duration: Layout.animSeconds });
    else rows.y = y;
  }

  private slotOf(index: number): TrackRow | undefined {
    const rows = this.rows();
    return rows.length > 0 && this.slotRow[index % rows.length] === index ? rows[index % rows.length] : undefined;
  }

  private rows(): TrackRow[] {
    return (this.tag('Rows')?.children ?? []) as TrackRow[];
  }
}
