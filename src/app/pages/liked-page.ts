/**
 * Liked Songs of the signed-in profile, all of them (the Library rail shows the newest 20): a
 * cover column with Play, and the tracks newest first in a VirtualTrackList, paged in from the
 * BFF by cursor as the focus nears the end of what is loaded.
 *
 * Keys on a row: OK plays Liked Songs from there; a long OK opens the context menu ("Play from
 * here", then the usual track actions: Unlike, Add to queue, Add to playlist…). A track unliked
 * anywhere while the page is open (its menu, Now Playing) leaves the list; the focus stays on the
 * same position, now the next track.
 */
import { Lightning, Router } from '@lightningjs/sdk';
import { LIBRARY_LIMITS, type Artwork, type LibraryTrack, type LikedTracksResponse } from '../../protocol';
import type { PlaybackItem } from '../../player/types';
import { services } from '../app-services';
import type { Button } from '../components/button';
import { followPlaying, showCover, trackListPageTemplate, type TrackListPageParts } from '../components/track-list-page';
import type { VirtualTrackList } from '../components/virtual-track-list';
import { trackItem } from '../playback-items';
import type { ContextTarget } from '../services/context-actions';
import { CursorPages, type CursorPage } from '../services/cursor-pages';
import { state } from '../state-name';

/** Tracks per page while scrolling: a few screens. */
const PAGE = LIBRARY_LIMITS.pageDefault;
/** Liked Songs' own cover colour (the Library's "All liked songs" tile too). */
export const LIKED_COVER: Artwork = { base: '', sizes: [], formats: [], color: '#5b3fd1' };

type LikedHistory = { focus: 'Play' | 'Tracks'; index: number };

export interface LikedPageTypeConfig extends Lightning.Component.TypeConfigLoose {
  IsPage: true;
  HistoryStateType: LikedHistory;
}

export interface LikedPageTemplateSpec extends TrackListPageParts {
  Play: typeof Button;
}

export const likedPage = (data: LikedTracksResponse): CursorPage<LibraryTrack> => ({ rows: data.tracks, total: data.total, nextCursor: data.nextCursor });

export class LikedPage extends Lightning.Component<LikedPageTemplateSpec, LikedPageTypeConfig> {
  private pages: CursorPages<LibraryTrack> | null = null;
  /** Tracks seen liked in the library state: only these leave the list when they stop being liked. */
  private seenLiked = new Set<string>();
  private offTrack: (() => void) | null = null;
  private offLibrary: (() => void) | null = null;

  static override _template(): Lightning.Component.Template<LikedPageTemplateSpec> {
    return trackListPageTemplate(['Play'], 'No liked songs yet. Hold OK on a track anywhere and pick “Like”.');
  }

  override _init(): void {
    this.list().onNeed = () => void this.nextPage(PAGE);
  }

  override _active(): void {
    this.offTrack = followPlaying(this.list());
    const { library } = services();
    this.offLibrary = library.onChange(() => this.dropUnliked());
    this.dropUnliked();
  }

  override _inactive(): void {
    this.offTrack?.();
    this.offLibrary?.();
    this.offTrack = this.offLibrary = null;
  }

  /** The first page, from the route's data provider. */
  set liked(data: LikedTracksResponse) {
    this.pages = new CursorPages((cursor, limit) => services().api.likedTracks(cursor, limit).then(likedPage), likedPage(data));
    this.seenLiked.clear();
    this.redraw();
    this._setState(this.pages.total > 0 ? 'Tracks' : 'Play');
  }

  override historyState(saved?: Router.HistoryState<LikedPageTypeConfig>): Router.HistoryState<LikedPageTypeConfig> {
    const list = this.list();
    if (!saved) return { focus: this._getState() === 'Tracks' ? 'Tracks' : 'Play', index: list.index };
    list.focus(saved.index, false);
    this._setState(saved.focus === 'Tracks' && list.length > 0 ? 'Tracks' : 'Play');
    return undefined;
  }

  /** For tests: titles as loaded, the total, and the list's shape. */
  get shown(): { total: number; titles: string[]; focusIndex: number; elements: number } {
    return {
      total: this.pages?.total ?? 0,
      titles: (this.pages?.rows ?? []).map((t) => t.track.title),
      focusIndex: this.list().index,
      elements: this.list().elementCount,
    };
  }

  get contextTarget(): ContextTarget | null {
    if (this._getState() !== 'Tracks') return null;
    const index = this.list().index;
    const row = this.pages?.rows[index];
    if (!row) return null;
    return { kind: 'track', item: this.item(row), extra: [{ label: 'Play from here', run: async () => (await this.play(index), null) }] };
  }

  static override _states(): Lightning.Component.Constructor[] {
    return [
      state(
        'Play',
        class extends this {
          override $enter(): void {
            this.hint('');
          }
          override _getFocused(): Lightning.Component | null | undefined {
            return this.tag('Play');
          }
          override _handleRight(): boolean | void {
            if (this.list().length === 0) return false;
            this._setState('Tracks');
          }
          override _handleEnter(): void {
            void this.play(0);
          }
        },
      ),
      state(
        'Tracks',
        class extends this {
          override $enter(): void {
            this.hint('OK: play from here  ·  hold OK: unlike, add to queue, more');
          }
          override _getFocused(): Lightning.Component | null | undefined {
            return this.list();
          }
          override _handleLeft(): void {
            this._setState('Play');
          }
          override _handleEnter(): void {
            void this.play(this.list().index);
          }
        },
      ),
    ];
  }

  private async play(index: number): Promise<void> {
    const pages = this.pages;
    if (!pages || pages.total === 0) return;
    try {
      await pages.all(LIBRARY_LIMITS.pageMax);
    } catch (e) {
      console.warn('[liked] could not load every page', e);
      return this.toast('Liked Songs couldn’t be loaded. Try again.');
    }
    void services().player.loadContext(pages.rows.map((t) => this.item(t)), index, { kind: 'liked', id: null, title: 'Liked Songs' });
  }

  private nextPage(limit: number): void {
    this.pages
      ?.next(limit)
      .then(() => this.redraw())
      .catch((e: unknown) => console.warn('[liked] page failed', e));
  }

  /** Rows whose track was liked and is no longer (an Unlike) leave; the focus keeps its place. */
  private dropUnliked(): void {
    const { library } = services();
    const pages = this.pages;
    if (!pages) return;
    const gone = pages.remove((t) => this.seenLiked.has(t.track.id) && !library.has('track', t.track.id));
    if (gone === 0) return this.noteLiked();
    this.redraw();
    const list = this.list();
    list.focus(list.index, false);
    if (list.length === 0) this._setState('Play');
  }

  /** Remembers which loaded rows the library state knows as liked (it loads after a reload). */
  private noteLiked(): void {
    const { library } = services();
    for (const t of this.pages?.rows ?? []) if (library.has('track', t.track.id)) this.seenLiked.add(t.track.id);
  }

  private redraw(): void {
    this.noteLiked();
    const pages = this.pages!;
    const n = pages.total;
    showCover(this, { name: 'Liked Songs', meta: `${n} ${n === 1 ? 'track' : 'tracks'}`, artwork: pages.rows[0]?.artwork ?? LIKED_COVER, empty: n === 0 });
    this.list().setRows(n, (i) => pages.rows[i]);
  }

  private item(t: LibraryTrack): PlaybackItem {
    return trackItem(t.track, { artwork: t.artwork });
  }

  private hint(text: string): void {
    this.tag('Hint')!.patch({ text: { text } });
  }

  private toast(message: string): void {
    (this.fireAncestors as (e: string, ...a: unknown[]) => void)('$toast', message);
  }

  private list(): VirtualTrackList {
    return this.tag('Tracks') as VirtualTrackList;
  }
}
