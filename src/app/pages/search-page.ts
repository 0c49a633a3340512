/**
 * Search: the query line, an on-screen keyboard, and the results below it as rails (Top result,
 * Tracks, Albums, Artists). Results follow each keystroke through a SearchFeed (one request in
 * flight, recent answers cached, stale ones never drawn). Down from the keyboard's last row
 * enters the results, Up from the first rail returns to the key that was focused. A physical
 * keyboard types too (letters and digits arrive as unmapped keys; the remote's digits as Digit
 * keys). Enter on the top result plays it; on a track plays the results from there; on an album
 * or artist opens its page. historyState keeps the query and where focus was.
 */
import { Lightning, Router } from '@lightningjs/sdk';
import type { Card, Rail as RailData, SearchResponse, SearchTrack } from '../../protocol';
import { services } from '../app-services';
import { OnScreenKeyboard, type KeyboardInput } from '../components/on-screen-keyboard';
import { Rail } from '../components/rail';
import { albumItems, artistItems, searchTrackItem } from '../playback-items';
import { cardTarget, type ContextTarget } from '../services/context-actions';
import { EchoHold } from '../services/echo-hold';
import { recentResults, SearchFeed } from '../services/search-feed';
import { state } from '../state-name';
import { Colors, Font, Layout, lineText } from '../theme';

const KEYBOARD_Y = 170;
const RESULTS_Y = KEYBOARD_Y + OnScreenKeyboard.HEIGHT + 60;
/**
 * Resting this long on a letter asks the BFF for the query it would make, so OK draws from the
 * cache: a D-pad typist settles on a key before pressing OK, while scanning across the keyboard
 * moves on sooner (and asks nothing).
 */
const PREFETCH_REST_MS = 150;
/**
 * How long a typed letter waits for its results before the query line shows it alone (see
 * EchoHold): an answer in hand 20–60 ms after OK then comes with the letter in one frame, and
 * a letter still shows within the tenth of a second that reads as instant.
 */
const ECHO_HOLD_MS = 100;
/** What one query line may hold; the BFF refuses more than 200 characters. */
const MAX_QUERY = 120;
/**
 * Tiles drawn per result rail: about two screens' worth. Each tile is two text textures and an
 * image, drawn on every keystroke's results; the Tracks rail still plays all the BFF's tracks.
 */
const RAIL_TILES = 8;

type SearchHistory = {
  query: string;
  focus: 'Keyboard' | 'Results';
  rail: number;
  tiles: number[];
  key: { row: number; col: number; accents: boolean };
};

export interface SearchPageTypeConfig extends Lightning.Component.TypeConfigLoose {
  IsPage: true;
  HistoryStateType: SearchHistory;
}

export interface SearchPageTemplateSpec extends Lightning.Component.TemplateSpec {
  Content: { Title: object; Query: object; Keyboard: typeof OnScreenKeyboard; Status: object; Results: object };
}

/** A tile that is not a catalogue item (a recent search, Clear): its colour, no picture. */
const PLAIN_ART: Card['artwork'] = { base: '', sizes: [], formats: [], color: '#2b3a4a' };
const RECENT_RAIL = 'recent';
const CLEAR_TITLE = 'Clear';

/** A track shown as a tile: the card draws it, the page keeps the track to play it. */
function trackCard(t: SearchTrack): Card {
  return { kind: 'album', id: t.id, title: t.title, subtitle: `${t.artist.name} · ${t.albumTitle}`, artwork: t.artwork };
}

export default class SearchPage extends Lightning.Component<SearchPageTemplateSpec, SearchPageTypeConfig> {
  private query = '';
  private result: SearchResponse | null = null;
  private railIndex = 0;
  private feed: SearchFeed | null = null;
  private prefetchTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly echo = new EchoHold(() => this.showQuery(), ECHO_HOLD_MS);
  /** What the query line shows (it may trail `query` while a letter waits for its results). */
  private echoed: string | null = null;
  /** When the last key that changed the query was pressed, and when results were last drawn. */
  private typedAt = 0;
  private drawnAt = 0;
  /** How long the last results took to put on screen (the synchronous part: components, text). */
  private drawMs = 0;
  /** How many of the Results rails show the results drawn. */
  private railCount = 0;

  static override _template(): Lightning.Component.Template<SearchPageTemplateSpec> {
    return {
      w: Layout.stageW,
      h: Layout.stageH,
      Content: {
        Title: { x: Layout.safeX, y: Layout.safeY, text: { ...lineText(Font.title, Colors.textDim), fontStyle: 'bold', text: 'Search' } },
        Query: { x: Layout.safeX + 240, y: Layout.safeY + 4, text: { ...lineText(Font.title, Colors.text, 1400), fontStyle: 'bold' } },
        Keyboard: { type: OnScreenKeyboard, x: Layout.safeX, y: KEYBOARD_Y },
        Status: { x: Layout.safeX, y: RESULTS_Y, text: { ...lineText(Font.body, Colors.textDim, 1600), maxLines: 3, lineHeight: 48 } },
        Results: { x: Layout.safeX, y: RESULTS_Y },
      },
    };
  }

  override _init(): void {
    this.keyboard().onInput = (input) => this.onKeyboard(input);
    this.keyboard().onFocusKey = (text) => this.restOn(text);
    this.feed = new SearchFeed(
      (q, signal) => services().api.search(q, signal),
      recentResults,
      (r) => this.show(r),
      () => {
        this.echo.release();
        this.showStatus('Search isn’t answering right now. Keep typing, or try again in a moment.');
      },
    );
    this.showQuery();
    this._setState('Keyboard');
  }

  override _firstActive(): void {
    this.feed?.request(this.query);
  }

  override _detach(): void {
    this.restOn(null);
    // A reused page comes back showing what was typed, held letter or not.
    this.echo.release();
    this.feed?.cancel();
  }

  override historyState(saved?: Router.HistoryState<SearchPageTypeConfig>): Router.HistoryState<SearchPageTypeConfig> {
    if (!saved) {
      return {
        query: this.query,
        focus: this._getState() === 'Results' ? 'Results' : 'Keyboard',
        rail: this.railIndex,
        tiles: this.rails().map((r) => r.index),
        key: this.keyboard().position,
      };
    }
    this.query = saved.query.slice(0, MAX_QUERY);
    this.showQuery();
    this.keyboard().restore(saved.key);
    // Recent answers are cached, so this draws at once on the way back.
    this.feed?.request(this.query);
    this.rails().forEach((r, i) => r.restore(saved.tiles[i] ?? 0));
    if (saved.focus === 'Results' && this.rails().length > 0) this.focusRail(Math.min(saved.rail, this.rails().length - 1), false);
    return undefined;
  }

  /** For the bench and tests: the query typed and the one on the query line, the query whose results are drawn, and when. */
  get shown(): { typed: string; echoed: string; query: string; typedAt: number; drawnAt: number; drawMs: number; rails: string[] } {
    return {
      typed: this.query,
      echoed: this.echoed ?? '',
      query: this.result?.query ?? '',
      typedAt: this.typedAt,
      drawnAt: this.drawnAt,
      drawMs: this.drawMs,
      rails: this.rails().map((r) => r.rail?.id ?? ''),
    };
  }

  /**
   * A physical keyboard and the remote's digits (Digit0–9 have no handler of their own, so they
   * arrive here too): printable characters type, Delete deletes.
   */
  override _handleKey(e: KeyboardEvent): boolean | void {
    if (e.key === 'Delete') return this.onKeyboard({ kind: 'delete' });
    if (e.ctrlKey || e.metaKey || e.altKey) return false;
    const digit = e.keyCode >= 48 && e.keyCode <= 57 ? String(e.keyCode - 48) : null;
    const char = typeof e.key === 'string' && [...e.key].length === 1 ? e.key : digit;
    if (char === null || !isWordChar(char)) return false;
    this.onKeyboard({ kind: 'type', text: char.toLowerCase() });
  }

  static override _states(): Lightning.Component.Constructor[] {
    return [
      state(
        'Keyboard',
        class extends this {
          override $enter(): void {
            this.scrollTo(0);
          }
          override _getFocused(): Lightning.Component | null | undefined {
            return this.keyboard();
          }
          override _handleDown(): boolean | void {
            if (this.rails().length === 0) return false;
            this.focusRail(0, true);
          }
        },
      ),
      state(
        'Results',
        class extends this {
          override _getFocused(): Lightning.Component | null | undefined {
            return this.rails()[this.railIndex] ?? this;
          }
          override _handleUp(): void {
            if (this.railIndex === 0) this._setState('Keyboard');
            else this.focusRail(this.railIndex - 1, true);
          }
          override _handleDown(): boolean | void {
            if (this.railIndex >= this.rails().length - 1) return false;
            this.focusRail(this.railIndex + 1, true);
          }
          override _handleEnter(): void {
            this.openFocused();
          }
        },
      ),
    ];
  }

  private onKeyboard(input: KeyboardInput): void {
    this.restOn(null);
    const before = this.query;
    if (input.kind === 'type') this.query = (this.query + input.text).slice(0, MAX_QUERY);
    else if (input.kind === 'delete') this.query = [...this.query].slice(0, -1).join('');
    else this.query = '';
    if (this.query === before) return;
    this.typedAt = performance.now();
    // The letter shows with its results (a cached answer is drawn by request, at once).
    this.echo.hold();
    this.feed?.request(this.query);
  }

  /** Focus is on a letter (or left one): once it rests there, ask ahead for what OK would make. */
  private restOn(text: string | null): void {
    if (this.prefetchTimer !== null) clearTimeout(this.prefetchTimer);
    this.prefetchTimer = null;
    if (text === null || this.query.length >= MAX_QUERY) return;
    this.prefetchTimer = setTimeout(() => {
      this.prefetchTimer = null;
      this.feed?.prefetch(this.query + text);
    }, PREFETCH_REST_MS);
  }

  private showQuery(): void {
    if (this.echoed === this.query) return;
    this.echoed = this.query;
    const empty = this.query === '';
    this.tag('Content.Query')!.patch({
      text: { text: empty ? 'Artists, albums or tracks' : `${this.query}|`, textColor: empty ? Colors.textFaint : Colors.text },
    });
  }

  private show(result: SearchResponse): void {
    const fresh = this.result?.query !== result.query;
    this.result = result;
    this.drawnAt = performance.now();
    const railLength = Math.min(RAIL_TILES, services().device.capabilities.budgets.railLength);
    const rails: Array<RailData & { targetFor?: Rail['targetFor'] }> = [];
    if (result.recent.length > 0) {
      const items = result.recent.map((q, i): Card => ({ kind: 'album', id: `recent-${i}`, title: q, subtitle: 'Recent search', artwork: PLAIN_ART }));
      rails.push({ id: RECENT_RAIL, title: 'Recent searches', items: [...items, { kind: 'album', id: 'recent-clear', title: CLEAR_TITLE, subtitle: 'recent searches', artwork: PLAIN_ART }] });
    }
    if (result.top) {
      const card = result.top.kind === 'track' ? trackCard(result.top.track) : result.top.card;
      rails.push({ id: 'top', title: 'Top result', items: [card] });
    }
    if (result.tracks.length > 0) rails.push({ id: 'tracks', title: 'Tracks', items: result.tracks.slice(0, railLength).map(trackCard) });
    if (result.albums.length > 0) rails.push({ id: 'albums', title: 'Albums', items: result.albums.slice(0, railLength) });
    if (result.artists.length > 0) rails.push({ id: 'artists', title: 'Artists', items: result.artists.slice(0, railLength) });
    const wasOnResults = this._getState() === 'Results';
    // The rails already there take the new results (see Rail.rail): a keystroke redraws only
    // the tiles whose card changed. Rails these results leave empty are hidden, not removed:
    // the next keystroke mostly fills them again (Clear empties them all, the next letter brings
    // them back), and a rail built anew cost 100–300 ms of elements and text at 4× CPU.
    const container = this.tag('Content.Results')!;
    const existing = container.children as Rail[];
    rails.forEach((rail, i) => {
      const r = existing[i];
      if (!r) container.childList.a({ ref: `Rail${i}`, type: Rail, y: i * Rail.HEIGHT, rail });
      else {
        r.visible = true;
        r.rail = rail;
        if (fresh) r.forget();
      }
    });
    for (let i = rails.length; i < existing.length; i++) existing[i]!.visible = false;
    this.echo.release();
    this.railCount = rails.length;
    for (const r of this.rails()) r.targetFor = (card, index) => this.targetFor(r.rail?.id ?? '', card, index);
    if (rails.length > 0) this.showStatus('');
    else if (result.query === '') this.showStatus(browseText(result));
    else this.showStatus(`No results for “${result.query}”.`);
    // Results replaced under the user's focus: back to the keyboard if the rails went away.
    if (wasOnResults) {
      if (rails.length === 0) this._setState('Keyboard');
      else this.focusRail(Math.min(this.railIndex, rails.length - 1), false);
    }
    this.drawMs = performance.now() - this.drawnAt;
  }

  private showStatus(text: string): void {
    this.tag('Content.Status')!.patch({ text: { text } });
  }

  private targetFor(railId: string, card: Card, index: number): ContextTarget | null {
    if (railId === RECENT_RAIL) return null;
    const track = this.trackOf(railId, index);
    if (track) return { kind: 'track', item: searchTrackItem(track) };
    return cardTarget(card);
  }

  /** The track behind a tile of the Top result or Tracks rail, if it is one. */
  private trackOf(railId: string, index: number): SearchTrack | null {
    if (railId === 'tracks') return this.result?.tracks[index] ?? null;
    if (railId === 'top' && this.result?.top?.kind === 'track') return this.result.top.track;
    return null;
  }

  private openFocused(): void {
    const rail = this.rails()[this.railIndex];
    const card = rail?.focusedCard;
    if (!rail || !card || !this.result) return;
    const railId = rail.rail?.id ?? '';
    if (railId === RECENT_RAIL) return this.openRecent(rail.index);
    const { player, api, session } = services();
    // A result chosen settles its query: the profile's recent searches keep it (not a guest's).
    if (session.signedIn && session.profile) {
      const settled = this.result.query;
      void api.rememberSearch(settled).catch((e: unknown) => console.warn('[search] could not keep the recent search', e));
    }
    const context = { kind: 'search', id: null, title: `“${this.result.query}”` };
    const track = this.trackOf(railId, rail.index);
    if (track) {
      const tracks = this.result.tracks;
      const start = Math.max(0, tracks.findIndex((t) => t.id === track.id));
      void player.loadContext(tracks.length > 0 ? tracks.map(searchTrackItem) : [searchTrackItem(track)], start, context);
      return;
    }
    if (railId === 'top') {
      // The top result's Enter plays it, like the play button on a top-result card.
      const load =
        card.kind === 'album'
          ? api.albumData(card.id).then((a) => ({ items: albumItems(a), ctx: { kind: 'album', id: card.id, title: card.title } }))
          : api.artistData(card.id).then((a) => ({ items: artistItems(a), ctx: { kind: 'artist', id: card.id, title: card.title } }));
      void load.then(({ items, ctx }) => (items.length > 0 ? player.loadContext(items, 0, ctx) : undefined)).catch((e: unknown) => {
        console.warn('[search] could not play the top result', e);
        (this.fireAncestors as (event: string, ...args: unknown[]) => void)('$toast', 'That can’t be played right now.');
      });
      return;
    }
    Router.navigate(card.kind === 'album' ? `album/${card.id}` : `artist/${card.id}`);
  }

  /** A recent search types itself again; the last tile clears them all. */
  private openRecent(index: number): void {
    const recent = this.result?.recent ?? [];
    const query = recent[index];
    if (query !== undefined) {
      this.query = query.slice(0, MAX_QUERY);
      this.typedAt = performance.now();
      this.showQuery();
      this._setState('Keyboard');
      this.feed?.request(this.query);
      return;
    }
    const toast = (text: string) => (this.fireAncestors as (event: string, ...args: unknown[]) => void)('$toast', text);
    services().api.clearRecentSearches().then(
      () => {
        toast('Recent searches cleared');
        this.feed?.forget('');
        if (this.query === '') this.feed?.request('');
      },
      (e: unknown) => {
        console.warn('[search] could not clear recent searches', e);
        toast('Recent searches can’t be cleared right now.');
      },
    );
  }

  private focusRail(index: number, animate: boolean): void {
    const from = this.rails()[this.railIndex];
    const to = this.rails()[index];
    if (!to) return;
    if (from && from !== to && !to.wasVisited) to.focusNearest(from.focusedCenterX());
    this.railIndex = index;
    this._setState('Results');
    this.scrollTo(RESULTS_Y - Layout.safeY + index * Rail.HEIGHT, animate);
    this._refocus();
  }

  private scrollTo(offset: number, animate = true): void {
    const content = this.tag('Content');
    if (!content) return;
    if (animate) content.setSmooth('y', -offset, { duration: Layout.animSeconds });
    else content.y = -offset;
  }

  /** The rails showing results (hidden ones past them wait for the next keystroke's). */
  private rails(): Rail[] {
    return ((this.tag('Content.Results')?.children ?? []) as Rail[]).slice(0, this.railCount);
  }

  private keyboard(): OnScreenKeyboard {
    return this.tag('Content.Keyboard') as OnScreenKeyboard;
  }
}

function browseText(result: SearchResponse): string {
  if (result.genres.length === 0) return 'Find artists, albums and tracks: start typing.';
  return `Genres in your library: ${result.genres.map((g) => g.name).join(' · ')}`;
}

/**
 * A letter, digit or space, without Unicode property escapes (`\p{L}` is a SyntaxError in the
 * webOS 4 / Tizen 4 engines, Chrome 53/56: the legacy build's ES check caught it): cased letters,
 * ASCII digits, and the caseless scripts from U+3000 on (kana, CJK, Hangul).
 */
export function isWordChar(char: string): boolean {
  return char === ' ' || (char >= '0' && char <= '9') || char.toLowerCase() !== char.toUpperCase() || char.charCodeAt(0) >= 0x3000;
}
