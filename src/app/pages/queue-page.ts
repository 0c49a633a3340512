/**
 * Queue: what plays now, "Next in queue" (what the user added) and "Next from <context>", with
 * Clear queue at the top. On a row: OK picks it up (move mode: Up/Down move it, OK drops it
 * there, Back puts it back); Right reaches the row's Play and Remove. The page redraws from the
 * player's queue view on every change, so what is shown is always what will play.
 */
import { Lightning, Router } from '@lightningjs/sdk';
import type { TrackSummary } from '../../protocol';
import type { PlaybackItem, QueueView } from '../../player/types';
import { services } from '../app-services';
import { Button } from '../components/button';
import { TrackRow } from '../components/track-row';
import type { ContextTarget } from '../services/context-actions';
import { state } from '../state-name';
import { Colors, Font, Layout, lineText } from '../theme';

/** Rows drawn at most: each is three text textures; a 5,000-track context needs no more on a TV. */
const MAX_ROWS = 100;
const ROW_STEP = TrackRow.HEIGHT + 4;
const HEADER_H = 72;
const LIST_TOP = 200;
const VIEW_H = Layout.stageH - Layout.barH - LIST_TOP;
const ROW_X = Layout.safeX;
const ACTIONS_X = ROW_X + TrackRow.WIDTH + 32;
const ROW_ACTIONS = ['Play', 'Remove'] as const;

type QueueHistory = { row: number; focus: 'Rows' | 'Clear' };

export interface QueuePageTypeConfig extends Lightning.Component.TypeConfigLoose {
  IsPage: true;
  HistoryStateType: QueueHistory;
}

export interface QueuePageTemplateSpec extends Lightning.Component.TemplateSpec {
  Title: object;
  Clear: typeof Button;
  List: { Items: object };
  Actions: { Play: typeof Button; Remove: typeof Button };
  Hint: object;
}

/** A queue item drawn by TrackRow: its number is its position in what comes next. */
function asSummary(item: PlaybackItem, position: number): TrackSummary {
  return {
    id: item.trackId,
    title: item.title,
    // Who added it, when not this TV's own remote: a party guest or a phone (the receiver names them).
    artist: { id: item.artistId ?? 'ar_000000000000', name: item.addedBy ? `${item.artist}  ·  added by ${item.addedBy.name}` : item.artist },
    albumId: item.albumId ?? 'al_000000000000',
    disc: 1,
    number: position,
    durationMs: item.durationMs,
  };
}

export default class QueuePage extends Lightning.Component<QueuePageTemplateSpec, QueuePageTypeConfig> {
  private view: QueueView | null = null;
  /** Rows of what comes next, in order (queued, then context), as drawn. */
  private rows: PlaybackItem[] = [];
  private rowIndex = 0;
  private actionIndex = 0;
  /** Move mode: where the lifted row came from. */
  private liftedFrom = -1;
  private unsubscribe: (() => void) | null = null;

  static override _template(): Lightning.Component.Template<QueuePageTemplateSpec> {
    return {
      w: Layout.stageW,
      h: Layout.stageH,
      Title: { x: Layout.safeX, y: Layout.safeY, text: { ...lineText(Font.title, Colors.text), fontStyle: 'bold', text: 'Queue' } },
      Clear: { type: Button, x: Layout.stageW - Layout.safeX - 300, y: Layout.safeY - 10, w: 300, h: 80, label: 'Clear queue' },
      Hint: { x: Layout.safeX, y: Layout.safeY + 76, text: lineText(Font.caption - 4, Colors.textFaint, 1700) },
      List: { x: ROW_X, y: LIST_TOP, w: TrackRow.WIDTH + 20, h: VIEW_H, clipping: true, Items: {} },
      Actions: {
        x: ACTIONS_X,
        alpha: 0,
        Play: { type: Button, w: 200, h: 72, label: 'Play' },
        Remove: { type: Button, x: 220, w: 220, h: 72, label: 'Remove' },
      },
    };
  }

  override _attach(): void {
    const { player } = services();
    const redraw = () => {
      if (this.liftedFrom < 0) this.draw(player.upNext);
    };
    const offQueue = player.on('queue', redraw);
    const offTrack = player.on('track', redraw);
    this.unsubscribe = () => {
      offQueue();
      offTrack();
    };
    this.draw(player.upNext);
  }

  override _detach(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  override historyState(saved?: Router.HistoryState<QueuePageTypeConfig>): Router.HistoryState<QueuePageTypeConfig> {
    if (!saved) return { row: this.rowIndex, focus: this._getState() === 'Clear' ? 'Clear' : 'Rows' };
    this.rowIndex = Math.min(saved.row, Math.max(0, this.rows.length - 1));
    this._setState(saved.focus === 'Clear' || this.rows.length === 0 ? 'Clear' : 'Rows');
    this.scroll(false);
    return undefined;
  }

  /** For tests: the titles in play order, and whether a row is lifted. */
  get shown(): { current: string | null; queued: string[]; fromContext: string[]; moving: boolean } {
    return {
      current: this.view?.current?.title ?? null,
      queued: (this.view?.queued ?? []).map((i) => i.title),
      fromContext: (this.view?.fromContext ?? []).map((i) => i.title),
      moving: this.liftedFrom >= 0,
    };
  }

  get contextTarget(): ContextTarget | null {
    if (this._getState() !== 'Rows') return null;
    const item = this.rows[this.rowIndex];
    return item ? { kind: 'track', item } : null;
  }

  static override _states(): Lightning.Component.Constructor[] {
    return [
      state(
        'Clear',
        class extends this {
          override _getFocused(): Lightning.Component | null | undefined {
            return this.tag('Clear');
          }
          override _handleDown(): boolean | void {
            if (this.rows.length === 0) return false;
            this._setState('Rows');
          }
          override _handleEnter(): void {
            services().player.clearQueue();
            (this.fireAncestors as (event: string, ...args: unknown[]) => void)('$toast', 'Queue cleared');
          }
        },
      ),
      state(
        'Rows',
        class extends this {
          override $enter(): void {
            this.hint('OK: move  ·  Right: play or remove  ·  hold OK: more');
          }
          override _getFocused(): Lightning.Component | null | undefined {
            return this.rowComponents()[this.rowIndex] ?? this;
          }
          override _handleUp(): void {
            if (this.rowIndex === 0) this._setState('Clear');
            else this.focusRow(this.rowIndex - 1);
          }
          override _handleDown(): boolean | void {
            if (this.rowIndex >= this.rows.length - 1) return false;
            this.focusRow(this.rowIndex + 1);
          }
          override _handleRight(): void {
            this.actionIndex = 0;
            this._setState('RowActions');
          }
          override _handleEnter(): void {
            this.liftedFrom = this.rowIndex;
            this._setState('Moving');
          }
        },
      ),
      state(
        'RowActions',
        class extends this {
          override $enter(): void {
            const actions = this.tag('Actions')!;
            actions.y = LIST_TOP + this.rowY(this.rowIndex) + (this.tag('List.Items')?.y ?? 0) + 6;
            actions.setSmooth('alpha', 1, { duration: Layout.animSeconds });
          }
          override $exit(): void {
            this.tag('Actions')!.setSmooth('alpha', 0, { duration: Layout.animSeconds });
          }
          override _getFocused(): Lightning.Component | null | undefined {
            return this.tag(`Actions.${ROW_ACTIONS[this.actionIndex] ?? 'Play'}`);
          }
          override _handleLeft(): void {
            if (this.actionIndex === 0) this._setState('Rows');
            else this.actionIndex -= 1;
            this._refocus();
          }
          override _handleRight(): void {
            this.actionIndex = Math.min(ROW_ACTIONS.length - 1, this.actionIndex + 1);
            this._refocus();
          }
          override _handleUp(): void {
            this._setState('Rows');
          }
          override _handleDown(): void {
            this._setState('Rows');
          }
          override _handleBack(): void {
            this._setState('Rows');
          }
          override _handleEnter(): void {
            const { player } = services();
            const index = this.rowIndex;
            this._setState('Rows');
            if (ROW_ACTIONS[this.actionIndex] === 'Play') void player.playFromQueue(index);
            else player.removeFromQueue(index);
          }
        },
      ),
      state(
        'Moving',
        class extends this {
          override $enter(): void {
            this.hint('Up/Down: move  ·  OK: drop here  ·  Back: cancel');
            this.rowComponents()[this.rowIndex]!.playing = true;
          }
          override $exit(): void {
            this.liftedFrom = -1;
          }
          override _getFocused(): Lightning.Component | null | undefined {
            return this.rowComponents()[this.rowIndex] ?? this;
          }
          override _handleUp(): void {
            if (this.rowIndex > 0) this.shift(-1);
          }
          override _handleDown(): void {
            if (this.rowIndex < this.rows.length - 1) this.shift(1);
          }
          override _handleEnter(): void {
            const from = this.liftedFrom;
            const to = this.rowIndex;
            this._setState('Rows');
            services().player.moveInQueue(from, to);
            this.draw(services().player.upNext);
          }
          override _handleBack(): void {
            this.rowIndex = this.liftedFrom;
            this._setState('Rows');
            this.draw(services().player.upNext);
          }
          override _handleLeft(): void {}
          override _handleRight(): void {}
        },
      ),
    ];
  }

  /** Move the lifted row one step: swap it with its neighbour on screen only (the player moves on drop). */
  private shift(delta: number): void {
    const from = this.rowIndex;
    const to = from + delta;
    const rows = this.rowComponents();
    [this.rows[from], this.rows[to]] = [this.rows[to]!, this.rows[from]!];
    const [a, b] = [rows[from]!, rows[to]!];
    a.track = asSummary(this.rows[from]!, from + 1);
    b.track = asSummary(this.rows[to]!, to + 1);
    a.playing = false;
    b.playing = true;
    this.focusRow(to);
  }

  private draw(view: QueueView): void {
    this.view = view;
    const rows = [...view.queued, ...view.fromContext].slice(0, MAX_ROWS);
    this.rows = rows;
    const queued = Math.min(view.queued.length, rows.length);
    const children: Lightning.Component.Template[] = [];
    children.push(header('NowHeader', 0, 'Now playing'));
    children.push(
      view.current
        ? { ref: 'Current', type: TrackRow, y: HEADER_H, track: asSummary(view.current, 0), showArtist: true, playing: true, Number: { alpha: 0 } }
        : { ref: 'Current', y: HEADER_H + 20, text: { ...lineText(Font.body, Colors.textDim), text: 'Nothing is playing' } },
    );
    if (queued > 0) children.push(header('QueuedHeader', this.rowY(0, queued) - HEADER_H, 'Next in queue'));
    if (rows.length > queued) {
      const title = view.context ? `Next from ${view.context.title}` : 'Next up';
      children.push(header('ContextHeader', this.rowY(queued, queued) - HEADER_H, title));
    }
    rows.forEach((item, i) => {
      children.push({ ref: `Row${i}`, type: TrackRow, y: this.rowY(i, queued), track: asSummary(item, i + 1), showArtist: true });
    });
    this.tag('List.Items')!.children = children;
    this.rowIndex = Math.min(this.rowIndex, Math.max(0, rows.length - 1));
    const st = this._getState();
    if (rows.length === 0 && st !== 'Clear') this._setState('Clear');
    else if (st === '') this._setState(rows.length > 0 ? 'Rows' : 'Clear');
    if (rows.length === 0) this.hint('Add tracks with “Add to queue” (hold OK on a track).');
    this.scroll(false);
    this._refocus();
  }

  /** y of upcoming row `i`: below Now playing, with a header before each section. */
  private rowY(i: number, queued = this.view?.queued.length ?? 0): number {
    const top = HEADER_H + ROW_STEP + 16;
    const headers = (queued > 0 ? 1 : 0) + (i >= queued ? 1 : 0);
    return top + headers * HEADER_H + i * ROW_STEP;
  }

  private focusRow(index: number): void {
    this.rowIndex = index;
    this.scroll(true);
    this._refocus();
  }

  /** Keep the focused row in the upper part of the view. */
  private scroll(animate: boolean): void {
    const items = this.tag('List.Items');
    if (!items) return;
    const y = -Math.max(0, this.rowY(this.rowIndex) - 3 * ROW_STEP);
    if (animate) items.setSmooth('y', y, { duration: Layout.animSeconds });
    else items.y = y;
  }

  private hint(text: string): void {
    this.tag('Hint')!.patch({ text: { text } });
  }

  private rowComponents(): TrackRow[] {
    return ((this.tag('List.Items')?.children ?? []) as Lightning.Component[]).filter((c): c is TrackRow => c.ref?.startsWith('Row') === true);
  }
}

function header(ref: string, y: number, title: string): Lightning.Component.Template {
  return { ref, y: y + 16, text: { ...lineText(Font.caption, Colors.textDim, TrackRow.WIDTH), fontStyle: 'bold', text: title } };
}
