/**
 * Library: the signed-in profile's Liked Songs, Playlists, Albums, Artists and Shows as rails,
 * sorted by recently added, A–Z or artist (the Sort button cycles; the BFF sorts), and a New
 * playlist button (named on the on-screen keyboard). Enter on a liked song plays Liked Songs from
 * there; on the Liked rail's first tile ("All liked songs", the rail shows the newest 20) opens the
 * Liked Songs page; on a playlist, album, artist or show opens its page. A guest gets an
 * explanation and Sign in instead. Focus moves like Home's: Up from the first rail reaches the buttons.
 */
import { Lightning, Router } from '@lightningjs/sdk';
import type { Card, LibraryResponse, LibrarySort, PlaylistSummary, Rail as RailData } from '../../protocol';
import { services } from '../app-services';
import { Button } from '../components/button';
import { Rail } from '../components/rail';
import { RailStack } from '../components/rail-stack';
import { LIKED_COVER } from './liked-page';
import { trackItem } from '../playback-items';
import { cardTarget } from '../services/context-actions';
import { Colors, Font, Layout, lineText } from '../theme';

const RAILS_TOP = 190;
const SORTS: readonly LibrarySort[] = ['recent', 'az', 'artist'];
const SORT_LABEL: Record<LibrarySort, string> = { recent: 'Sort: Recently added', az: 'Sort: A–Z', artist: 'Sort: Artist' };
const TOP_BUTTONS = ['Sort', 'NewPlaylist'] as const;

/** The sort chosen last, kept while the app runs (the route loads with it). */
let currentSort: LibrarySort = 'recent';
export const librarySort = (): LibrarySort => currentSort;

type LibraryHistory = { rail: string; items: Record<string, number>; top: number };

export interface LibraryPageTypeConfig extends Lightning.Component.TypeConfigLoose {
  IsPage: true;
  HistoryStateType: LibraryHistory;
}

export interface LibraryPageTemplateSpec extends Lightning.Component.TemplateSpec {
  Content: { Title: object; Sort: typeof Button; NewPlaylist: typeof Button; Status: object; Rails: object };
}

export function playlistCard(p: PlaylistSummary): Card {
  return {
    kind: 'playlist',
    id: p.id,
    title: p.name,
    subtitle: p.trackCount === 1 ? '1 track' : `${p.trackCount} tracks`,
    artwork: p.artwork ?? { base: '', sizes: [], formats: [], color: '#2b2b2b' },
  };
}

/** The Liked Songs rail's first tile: opens the whole list (the rail shows the newest 20). */
function seeAllLiked(total: number): Card {
  return { kind: 'playlist', id: 'liked', title: 'All liked songs', subtitle: total === 1 ? '1 track' : `${total} tracks`, artwork: LIKED_COVER };
}

export class LibraryPage extends Lightning.Component<LibraryPageTemplateSpec, LibraryPageTypeConfig> {
  private data: LibraryResponse | null = null;
  private readonly stack = new RailStack(this, RAILS_TOP);
  /** Which top button has focus, or -1 when a rail has. */
  private topIndex = -1;

  static override _template(): Lightning.Component.Template<LibraryPageTemplateSpec> {
    return {
      w: Layout.stageW,
      h: Layout.stageH,
      Content: {
        Title: { x: Layout.safeX, y: Layout.safeY, text: { ...lineText(Font.title, Colors.text), fontStyle: 'bold', text: 'Library' } },
        Sort: { type: Button, x: Layout.stageW - Layout.safeX - 760, y: Layout.safeY - 10, w: 420, h: 80, label: SORT_LABEL.recent },
        NewPlaylist: { type: Button, x: Layout.stageW - Layout.safeX - 320, y: Layout.safeY - 10, w: 320, h: 80, label: 'New playlist' },
        Status: { x: Layout.safeX, y: RAILS_TOP, text: { ...lineText(Font.body, Colors.textDim, 1600), maxLines: 3, lineHeight: 48 } },
        Rails: { x: Layout.safeX, y: RAILS_TOP },
      },
    };
  }

  /** A guest: no library to show; the side menu still leads here, so say why and offer Sign in. */
  set guest(_: true) {
    this.data = null;
    this.tag('Content.Rails')!.children = [];
    this.patch({ Content: { Sort: { visible: false }, NewPlaylist: { label: 'Sign in' } } });
    this.status('Your library is kept per profile: sign in to like tracks, save albums and make playlists.');
    this.topIndex = 1;
  }

  set library(data: LibraryResponse) {
    this.data = data;
    currentSort = data.sort;
    this.patch({ Content: { Sort: { visible: true, label: SORT_LABEL[data.sort] }, NewPlaylist: { label: 'New playlist' } } });
    const { railLength } = services().device.capabilities.budgets;
    const rails: RailData[] = [
      {
        id: 'liked',
        title: `Liked Songs (${data.liked.total})`,
        items: data.liked.tracks.length === 0 ? [] : [seeAllLiked(data.liked.total), ...data.liked.tracks.map((t) => ({ kind: 'album' as const, id: t.track.id, title: t.track.title, subtitle: t.track.artist.name, artwork: t.artwork }))],
      },
      { id: 'playlists', title: 'Playlists', items: data.playlists.map(playlistCard) },
      { id: 'albums', title: 'Albums', items: data.albums },
      { id: 'artists', title: 'Artists', items: data.artists },
      { id: 'shows', title: 'Shows', items: data.shows },
    ]
      .filter((r) => r.items.length > 0)
      .map((r) => ({ ...r, items: r.items.slice(0, Math.max(railLength, r.id === 'liked' ? 21 : 20)) }));
    this.tag('Content.Rails')!.children = rails.map((rail, i) => ({ ref: `Rail${i}`, type: Rail, y: i * Rail.HEIGHT, rail }));
    for (const r of this.stack.rails) r.targetFor = (card, index) => this.targetFor(r.rail?.id ?? '', card, index);
    this.status(rails.length === 0 ? 'Nothing here yet. Hold OK on a track, an album or an artist to like, save, follow or add it to a playlist.' : '');
    this.stack.index = Math.min(this.stack.index, Math.max(0, rails.length - 1));
    if (rails.length === 0) this.topIndex = Math.max(0, this.topIndex);
    this.stack.scrollTo(this.topIndex >= 0 ? 0 : this.stack.index, false);
    this._refocus();
  }

  override historyState(saved?: Router.HistoryState<LibraryPageTypeConfig>): Router.HistoryState<LibraryPageTypeConfig> {
    if (!saved) return { ...this.stack.history, top: this.topIndex };
    this.topIndex = this.stack.rails.length === 0 ? Math.max(0, saved.top) : saved.top;
    this.stack.restore(saved);
    return undefined;
  }

  /** For tests: the rails by id with their titles, and the sort. */
  get shown(): { sort: LibrarySort | null; rails: Record<string, string[]> } {
    const rails: Record<string, string[]> = {};
    for (const r of this.stack.rails) if (r.rail) rails[r.rail.id] = r.rail.items.map((c) => c.title);
    return { sort: this.data?.sort ?? null, rails };
  }

  override _getFocused(): Lightning.Component | null | undefined {
    if (this.topIndex >= 0) return this.tag(`Content.${TOP_BUTTONS[this.topIndex]!}`);
    return this.stack.focused ?? this;
  }

  override _handleUp(): boolean | void {
    if (this.topIndex >= 0) return false;
    if (this.stack.index === 0) {
      this.topIndex = 0;
      this.stack.scrollTo(0, true);
      return this._refocus();
    }
    this.stack.moveTo(this.stack.index - 1);
  }

  override _handleDown(): boolean | void {
    if (this.topIndex >= 0) {
      if (this.stack.rails.length === 0) return false;
      this.topIndex = -1;
      return this.stack.moveTo(this.stack.index);
    }
    if (this.stack.index >= this.stack.rails.length - 1) return false;
    this.stack.moveTo(this.stack.index + 1);
  }

  override _handleLeft(): boolean | void {
    if (this.topIndex !== 1 || !this.data) return false;
    this.topIndex = 0;
    this._refocus();
  }

  override _handleRight(): boolean | void {
    if (this.topIndex !== 0) return false;
    this.topIndex = 1;
    this._refocus();
  }

  override _handleEnter(): boolean | void {
    if (this.topIndex === 0) return void this.cycleSort();
    if (this.topIndex === 1) return void (this.data ? this.newPlaylist() : Router.navigate('signin'));
    const rail = this.stack.focused;
    const card = rail?.focusedCard;
    if (!rail || !card) return false;
    if (rail.rail?.id === 'liked') return void (rail.index === 0 ? Router.navigate('liked') : this.playLiked(rail.index - 1));
    Router.navigate(`${card.kind}/${card.id}`);
  }

  private targetFor(railId: string, card: Card, index: number) {
    if (railId !== 'liked') return cardTarget(card);
    // The first tile is "All liked songs"; the tracks follow it.
    const t = index > 0 ? this.data?.liked.tracks[index - 1] : undefined;
    return t ? { kind: 'track' as const, item: trackItem(t.track, { artwork: t.artwork }) } : null;
  }

  private playLiked(index: number): void {
    const tracks = this.data?.liked.tracks ?? [];
    if (tracks.length === 0) return;
    void services().player.loadContext(
      tracks.map((t) => trackItem(t.track, { artwork: t.artwork })),
      index,
      { kind: 'liked', id: null, title: 'Liked Songs' },
    );
  }

  private cycleSort(): void {
    const next = SORTS[(SORTS.indexOf(this.data?.sort ?? 'recent') + 1) % SORTS.length]!;
    this.tag('Content.Sort')!.label = SORT_LABEL[next];
    services()
      .api.libraryData(next)
      .then((data) => (this.library = data))
      .catch(() => this.fireToast('The library couldn’t be sorted right now.'));
  }

  private newPlaylist(): void {
    const ask = (this.fireAncestors as (e: string, ...a: unknown[]) => unknown)('$askName', 'New playlist', '') as Promise<string | null>;
    void ask.then(async (name) => {
      if (!name) return;
      try {
        const created = await services().library.createPlaylist(name);
        Router.navigate(`playlist/${created.id}`);
      } catch {
        this.fireToast('The playlist couldn’t be made. Try again.');
      }
    });
  }

  private fireToast(message: string): void {
    (this.fireAncestors as (e: string, ...a: unknown[]) => void)('$toast', message);
  }

  private status(text: string): void {
    this.tag('Content.Status')!.patch({ text: { text } });
  }
}
