/**
 * Album: large artwork, title, artist, year, track count and length, a Play button and the track
 * list. Left/Right moves between Play and the list. Resting on a row (or on Play) for
 * PRELOAD_AFTER_MS preloads that track, so Enter starts from memory; moving on cancels it.
 */
import { state } from '../state-name';
import { Lightning, Router } from '@lightningjs/sdk';
import type { AlbumResponse, TrackSummary } from '../../protocol';
import { artworkSrc } from '../artwork';
import type { PlaybackItem } from '../../player/types';
import { services } from '../app-services';
import { Button } from '../components/button';
import { TrackRow } from '../components/track-row';
import { formatLength } from '../format';
import { argb, Colors, Font, Layout, lineText } from '../theme';

/** How long focus must rest on a row before we spend bandwidth on it. */
const PRELOAD_AFTER_MS = 300;
const ART = 480;
const LIST_X = Layout.safeX + ART + 80;
const LIST_TOP = Layout.safeY + 42;
const LIST_H = Layout.stageH - Layout.barH - LIST_TOP - 16;
const ROW_STEP = TrackRow.HEIGHT + 4;

type AlbumHistory = { focus: 'Play' | 'Tracks'; index: number };

export interface AlbumPageTypeConfig extends Lightning.Component.TypeConfigLoose {
  IsPage: true;
  HistoryStateType: AlbumHistory;
}

export interface AlbumPageTemplateSpec extends Lightning.Component.TemplateSpec {
  Art: { Placeholder: object; Image: object };
  Title: object;
  Artist: object;
  Meta: object;
  Play: typeof Button;
  List: { Rows: object };
}

export class AlbumPage extends Lightning.Component<AlbumPageTemplateSpec, AlbumPageTypeConfig> {
  private data: AlbumResponse | null = null;
  private rowIndex = 0;
  private preloadTimer: ReturnType<typeof setTimeout> | null = null;
  private preloadArmedFor: string | null = null;
  private offTrack: (() => void) | null = null;

  static override _template(): Lightning.Component.Template<AlbumPageTemplateSpec> {
    const text = (size: number, color: number, extra: Record<string, unknown> = {}) => ({ ...lineText(size, color, ART), ...extra });
    return {
      w: Layout.stageW,
      h: Layout.stageH,
      Art: {
        x: Layout.safeX,
        y: LIST_TOP,
        Placeholder: { w: ART, h: ART, rect: true, color: Colors.surface, shader: { type: Lightning.shaders.RoundedRectangle, radius: 14 } },
        Image: { w: ART, h: ART, alpha: 0.001, shader: { type: Lightning.shaders.RoundedRectangle, radius: 14 } },
      },
      Title: { x: Layout.safeX, y: LIST_TOP + ART + 28, text: text(Font.title - 4, Colors.text, { fontStyle: 'bold', maxLines: 2, lineHeight: 54 }) },
      Artist: { x: Layout.safeX, y: LIST_TOP + ART + 146, text: text(Font.body, Colors.textDim) },
      Meta: { x: Layout.safeX, y: LIST_TOP + ART + 192, text: text(Font.caption - 2, Colors.textFaint) },
      Play: { type: Button, x: Layout.safeX, y: LIST_TOP + ART + 244, w: 240, h: 80, label: 'Play' },
      List: {
        x: LIST_X,
        y: LIST_TOP,
        w: Layout.stageW - Layout.safeX - LIST_X + 20,
        h: LIST_H,
        clipping: true,
        Rows: {},
      },
    };
  }

  override _init(): void {
    const image = this.tag('Art.Image');
    image?.on('txLoaded', () => image.setSmooth('alpha', 1, { duration: Layout.animSeconds }));
    // The title wraps to one or two lines; hang artist, meta and Play under whatever it drew.
    const title = this.tag('Title');
    title?.on('txLoaded', () => this.layoutUnderTitle(title.y + title.renderHeight));
  }

  override _active(): void {
    const { player } = services();
    this.offTrack = player.on('track', ({ item }) => this.markPlaying(item?.trackId ?? null));
    this.markPlaying(player.current?.trackId ?? null);
  }

  override _inactive(): void {
    this.offTrack?.();
    this.offTrack = null;
    this.disarmPreload();
  }

  set album(data: AlbumResponse) {
    this.data = data;
    const { album, tracks } = data;
    const meta = [album.year, `${album.trackCount} ${album.trackCount === 1 ? 'track' : 'tracks'}`, formatLength(album.durationMs)]
      .filter((v) => v !== null && v !== '')
      .join('  ·  ');
    const multiArtist = tracks.some((t) => t.artist.id !== album.artist.id);
    this.patch({
      Art: {
        Placeholder: { color: argb(album.artwork.color) },
        Image: { src: artworkSrc(album.artwork, ART) },
      },
      Title: { text: { text: album.title } },
      Artist: { text: { text: album.artist.name } },
      Meta: { text: { text: meta } },
    });
    this.tag('List.Rows')!.children = tracks.map((track, i) => ({
      ref: `Row${i}`,
      type: TrackRow,
      y: i * ROW_STEP,
      track,
      showArtist: multiArtist,
    }));
    this.rowIndex = 0;
    this._setState('Play');
  }

  override historyState(saved?: Router.HistoryState<AlbumPageTypeConfig>): Router.HistoryState<AlbumPageTypeConfig> {
    if (!saved) return { focus: this._getState() === 'Tracks' ? 'Tracks' : 'Play', index: this.rowIndex };
    this.rowIndex = Math.min(Math.max(0, saved.index), Math.max(0, this.rows().length - 1));
    this.scrollList(false);
    this._setState(saved.focus === 'Tracks' && this.rows().length > 0 ? 'Tracks' : 'Play');
    return undefined;
  }

  static override _states(): Lightning.Component.Constructor[] {
    return [
      state(
        'Play',
        class extends this {
          override $enter(): void {
            this.armPreload(0);
          }
          override $exit(): void {
            this.disarmPreload();
          }
          override _getFocused(): Lightning.Component | null | undefined {
            return this.tag('Play');
          }
          override _handleRight(): boolean | void {
            if (this.rows().length === 0) return false;
            this._setState('Tracks');
          }
          override _handleDown(): boolean | void {
            return this._handleRight();
          }
          override _handleEnter(): void {
            this.playFrom(0);
          }
        },
      ),
      state(
        'Tracks',
        class extends this {
          override $enter(): void {
            this.armPreload(this.rowIndex);
          }
          override $exit(): void {
            this.disarmPreload();
          }
          override _getFocused(): Lightning.Component | null | undefined {
            return this.rows()[this.rowIndex] ?? this.tag('Play');
          }
          override _handleLeft(): void {
            this._setState('Play');
          }
          override _handleUp(): boolean | void {
            if (this.rowIndex === 0) return false;
            this.focusRow(this.rowIndex - 1);
          }
          override _handleDown(): boolean | void {
            if (this.rowIndex >= this.rows().length - 1) return false;
            this.focusRow(this.rowIndex + 1);
          }
          override _handleEnter(): void {
            this.playFrom(this.rowIndex);
          }
        },
      ),
    ];
  }

  private layoutUnderTitle(bottom: number): void {
    this.patch({
      Artist: { y: bottom + 8 },
      Meta: { y: bottom + 56 },
      Play: { y: bottom + 112 },
    });
  }

  private focusRow(index: number): void {
    this.rowIndex = index;
    this.scrollList(true);
    this.armPreload(index);
    this._refocus();
  }

  /** Keep two rows of context above the focused one; never scroll past the last row. */
  private scrollList(animate: boolean): void {
    const rows = this.tag('List.Rows');
    if (!rows) return;
    const contentH = this.rows().length * ROW_STEP;
    const maxScroll = Math.max(0, contentH - LIST_H);
    const y = -Math.min(Math.max(0, (this.rowIndex - 2) * ROW_STEP), maxScroll);
    if (animate) rows.setSmooth('y', y, { duration: Layout.animSeconds });
    else rows.y = y;
  }

  private playFrom(index: number): void {
    const queue = this.queue();
    if (queue.length === 0) return;
    this.disarmPreload(false);
    void services().player.load(queue, index);
  }

  /** Start the focus-preload timer for a row; moving on first cancels the previous one. */
  private armPreload(index: number): void {
    this.disarmPreload();
    const item = this.queue()[index];
    if (!item) return;
    this.preloadArmedFor = item.trackId;
    this.preloadTimer = setTimeout(() => {
      this.preloadTimer = null;
      services().player.preload(item, 'focus');
    }, PRELOAD_AFTER_MS);
  }

  /** Focus left the row: stop the timer and (unless we are about to play it) drop its preload. */
  private disarmPreload(release = true): void {
    if (this.preloadTimer) clearTimeout(this.preloadTimer);
    this.preloadTimer = null;
    if (release && this.preloadArmedFor) services().player.unfocus(this.preloadArmedFor);
    this.preloadArmedFor = null;
  }

  private markPlaying(trackId: string | null): void {
    for (const row of this.rows()) row.playing = row.track?.id === trackId;
  }

  private queue(): PlaybackItem[] {
    if (!this.data) return [];
    const { album, tracks } = this.data;
    return tracks.map((t: TrackSummary) => ({
      trackId: t.id,
      title: t.title,
      artist: t.artist.name,
      albumTitle: album.title,
      artwork: album.artwork,
      durationMs: t.durationMs,
    }));
  }

  private rows(): TrackRow[] {
    return (this.tag('List.Rows')?.children ?? []) as TrackRow[];
  }
}
