/**
 * A focusable, scrolling list of TrackRows that plays: Up/Down move between rows (and bubble out
 * at either end, so the page decides what is above and below), Enter plays the list as a queue
 * from the focused row, resting on a row preloads it (FocusPreloader), and the row that is
 * playing is marked while the list is on screen. Album and Artist pages share it.
 */
import { Lightning } from '@lightningjs/sdk';
import type { TrackSummary } from '../../protocol';
import type { PlaybackItem, QueueContext } from '../../player/types';
import type { ContextTarget } from '../services/context-actions';
import { services } from '../app-services';
import { FocusPreloader } from '../services/focus-preloader';
import { followPlaying } from '../services/follow-playing';
import { listScrollY, scrollRows } from './list-scroll';
import { TrackRow } from './track-row';

export interface TrackListContent {
  tracks: TrackSummary[];
  /** The queue, one item per track, in the same order. */
  items: PlaybackItem[];
  showArtist: boolean;
  /** Where the list comes from, for the queue's "Next from <title>". */
  context?: QueueContext;
}

export interface TrackListTemplateSpec extends Lightning.Component.TemplateSpec {
  Rows: object;
}

export class TrackList extends Lightning.Component<TrackListTemplateSpec> {
  static readonly ROW_STEP = TrackRow.HEIGHT + 4;

  private items: PlaybackItem[] = [];
  private queueContext: QueueContext | null = null;
  private rowIndex = 0;
  /** The page's, when the page has other things that start tracks (its Play button). */
  preloader = new FocusPreloader(() => services().player);
  private offTrack: (() => void) | null = null;

  static override _template(): Lightning.Component.Template<TrackListTemplateSpec> {
    return { w: TrackRow.WIDTH + 20, clipping: true, Rows: {} };
  }

  set content({ tracks, items, showArtist, context }: TrackListContent) {
    this.items = items;
    this.queueContext = context ?? null;
    this.tag('Rows')!.children = tracks.map((track, i) => ({ ref: `Row${i}`, type: TrackRow, y: i * TrackList.ROW_STEP, track, showArtist }));
    this.rowIndex = 0;
    this.scroll(false);
    this.markPlaying(services().player.current?.trackId ?? null);
  }

  get length(): number {
    return this.items.length;
  }

  get index(): number {
    return this.rowIndex;
  }

  /** Back on the page: the row the user left, clamped to what the list has now. */
  restore(index: number): void {
    this.rowIndex = Math.min(Math.max(0, index), Math.max(0, this.length - 1));
    this.scroll(false);
  }

  /** Play the list as a queue from `index` (the page's Play button starts at 0). */
  playFrom(index: number): void {
    if (this.items.length === 0) return;
    this.preloader.disarm(false);
    const { player } = services();
    void (this.queueContext ? player.loadContext(this.items, index, this.queueContext) : player.load(this.items, index));
  }

  get contextTarget(): ContextTarget | null {
    const item = this.items[this.rowIndex];
    return item ? { kind: 'track', item } : null;
  }

  /** The queue item of row `index` (a Play button preloads row 0). */
  item(index: number): PlaybackItem | undefined {
    return this.items[index];
  }

  override _active(): void {
    this.offTrack = followPlaying((trackId) => this.markPlaying(trackId));
  }

  override _inactive(): void {
    this.offTrack?.();
    this.offTrack = null;
    this.preloader.disarm();
  }

  override _focus(): void {
    this.preloader.arm(this.items[this.rowIndex]);
  }

  override _getFocused(): Lightning.Component | null | undefined {
    return this.rows()[this.rowIndex] ?? this;
  }

  override _handleUp(): boolean | void {
    if (this.rowIndex === 0) return false;
    this.focusRow(this.rowIndex - 1);
  }

  override _handleDown(): boolean | void {
    if (this.rowIndex >= this.length - 1) return false;
    this.focusRow(this.rowIndex + 1);
  }

  override _handleEnter(): void {
    this.playFrom(this.rowIndex);
  }

  private focusRow(index: number): void {
    this.rowIndex = index;
    this.scroll(true);
    this.preloader.arm(this.items[index]);
    this._refocus();
  }

  /** Keep two rows of context above the focused one; never scroll past the last row. */
  private scroll(animate: boolean): void {
    scrollRows(this.tag('Rows'), listScrollY(this.rowIndex, this.length, TrackList.ROW_STEP, this.h, 2), animate);
  }

  private markPlaying(trackId: string | null): void {
    for (const row of this.rows()) row.playing = row.track?.id === trackId;
  }

  private rows(): TrackRow[] {
    return (this.tag('Rows')?.children ?? []) as TrackRow[];
  }
}
