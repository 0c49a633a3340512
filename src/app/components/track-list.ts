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
import { ListCursor } from './list-scroll';
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
  /** Two rows of context above the focused one; never scrolled past the last row. */
  private readonly rowCursor = new ListCursor({
    rows: () => this.tag('Rows'),
    count: () => this.length,
    step: TrackList.ROW_STEP,
    viewportH: () => this.h,
    contextRows: 2,
    moved: (index) => {
      this.preloader.arm(this.items[index]);
      this._refocus();
    },
  });
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
    this.rowCursor.reset(0);
    this.markPlaying(services().player.current?.trackId ?? null);
  }

  get length(): number {
    return this.items.length;
  }

  get index(): number {
    return this.rowCursor.index;
  }

  /** Back on the page: the row the user left, clamped to what the list has now. */
  restore(index: number): void {
    this.rowCursor.reset(index);
  }

  /** Play the list as a queue from `index` (the page's Play button starts at 0). */
  playFrom(index: number): void {
    if (this.items.length === 0) return;
    this.preloader.disarm(false);
    const { player } = services();
    void (this.queueContext ? player.loadContext(this.items, index, this.queueContext) : player.load(this.items, index));
  }

  get contextTarget(): ContextTarget | null {
    const item = this.items[this.rowCursor.index];
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
    this.preloader.arm(this.items[this.rowCursor.index]);
  }

  override _getFocused(): Lightning.Component | null | undefined {
    return this.rows()[this.rowCursor.index] ?? this;
  }

  override _handleUp(): boolean | void {
    return this.rowCursor.up();
  }

  override _handleDown(): boolean | void {
    return this.rowCursor.down();
  }

  override _handleEnter(): void {
    this.playFrom(this.rowCursor.index);
  }

  private markPlaying(trackId: string | null): void {
    for (const row of this.rows()) row.playing = row.track?.id === trackId;
  }

  private rows(): TrackRow[] {
    return (this.tag('Rows')?.children ?? []) as TrackRow[];
  }
}
