/**
 * A playlist of the signed-in profile: cover, name, length, Play / Rename / Delete, and its
 * tracks in a VirtualTrackList (only a screen of rows exists, however long the playlist), paged
 * in from the BFF by cursor as the focus nears the end of what is loaded.
 *
 * Keys on a row: OK picks it up (move mode: Up/Down move it, OK drops it there, Back puts it
 * back); a long OK opens the context menu, with "Play from here" and "Remove from playlist" on
 * top. Every edit goes through PlaylistEditor (operation id + base version; a 409 is rebased and
 * resent, or the page says what could not be applied). The editor needs every entry, so the first
 * edit loads the pages not yet seen (at the same version; a change in between reloads).
 */
import { Lightning, Router } from '@lightningjs/sdk';
import { LIBRARY_LIMITS, type PlaylistEntry, type PlaylistOperation, type PlaylistResponse, type PlaylistSummary } from '../../protocol';
import type { PlaybackItem } from '../../player/types';
import { services } from '../app-services';
import type { Button } from '../components/button';
import { followPlaying, showCover, trackListPageTemplate, type TrackListPageParts } from '../components/track-list-page';
import type { VirtualTrackList } from '../components/virtual-track-list';
import { formatLength } from '../format';
import { trackItem } from '../playback-items';
import type { ContextAction, ContextTarget } from '../services/context-actions';
import { CursorPages, type CursorPage } from '../services/cursor-pages';
import { PlaylistEditor, type EditResult } from '../services/playlist-editor';
import { state } from '../state-name';

const BUTTONS = ['Play', 'Rename', 'Delete'] as const;
type ButtonName = (typeof BUTTONS)[number];
/** Entries per page while scrolling: a few screens. */
const PAGE = LIBRARY_LIMITS.pageDefault;

type PlaylistHistory = { focus: 'Buttons' | 'Tracks'; button: number; index: number };

export interface PlaylistPageTypeConfig extends Lightning.Component.TypeConfigLoose {
  IsPage: true;
  HistoryStateType: PlaylistHistory;
}

export interface PlaylistPageTemplateSpec extends TrackListPageParts {
  Play: typeof Button;
  Rename: typeof Button;
  Delete: typeof Button;
}

const playlistPage = (data: PlaylistResponse): CursorPage<PlaylistEntry> => ({ rows: data.entries, total: data.playlist.trackCount, nextCursor: data.nextCursor });

/** `rows` with the row at `from` taken out and put back at `to`. */
function moved<T>(rows: readonly T[], from: number, to: number): T[] {
  const out = rows.slice();
  out.splice(to, 0, out.splice(from, 1)[0]!);
  return out;
}

const fire = (c: Lightning.Component, event: string, ...args: unknown[]): unknown =>
  (c.fireAncestors as (event: string, ...args: unknown[]) => unknown)(event, ...args);

export class PlaylistPage extends Lightning.Component<PlaylistPageTemplateSpec, PlaylistPageTypeConfig> {
  private summary: PlaylistSummary | null = null;
  /** Entries by position, paged in; a 409 (the playlist changed since the first page) reloads them whole. */
  private pages: CursorPages<PlaylistEntry> | null = null;
  private editor: PlaylistEditor | null = null;
  private buttonIndex = 0;
  private liftedFrom = -1;
  private offTrack: (() => void) | null = null;

  static override _template(): Lightning.Component.Template<PlaylistPageTemplateSpec> {
    return trackListPageTemplate(BUTTONS, 'No tracks yet. Hold OK on a track or an album anywhere and pick “Add to playlist…”.');
  }

  override _init(): void {
    this.list().onNeed = () => void this.nextPage();
  }

  override _active(): void {
    this.offTrack = followPlaying(this.list());
  }

  override _inactive(): void {
    this.offTrack?.();
    this.offTrack = null;
  }

  /** The first page, from the route's data provider. */
  set page(data: PlaylistResponse) {
    this.editor = null;
    const id = data.playlist.id;
    this.pages = new CursorPages(
      (cursor, limit) => services().api.playlistPage(id, cursor, limit).then(playlistPage),
      playlistPage(data),
      async () => {
        const fresh = await services().api.playlistTransport().load(id);
        this.editor = null;
        this.showSummary(fresh.playlist);
        return fresh.entries;
      },
    );
    this.showSummary(data.playlist);
    this.list().setRows(data.playlist.trackCount, (i) => this.shownAt(i));
    this._setState(data.playlist.trackCount > 0 ? 'Tracks' : 'Buttons');
  }

  override historyState(saved?: Router.HistoryState<PlaylistPageTypeConfig>): Router.HistoryState<PlaylistPageTypeConfig> {
    const list = this.list();
    if (!saved) return { focus: this._getState() === 'Tracks' ? 'Tracks' : 'Buttons', button: this.buttonIndex, index: list.index };
    this.buttonIndex = Math.min(saved.button, BUTTONS.length - 1);
    list.focus(saved.index, false);
    this._setState(saved.focus === 'Tracks' && list.length > 0 ? 'Tracks' : 'Buttons');
    return undefined;
  }

  /** For tests and the bench: names in order as loaded, and the list's shape. */
  get shown(): { name: string; version: number; trackCount: number; loaded: number; titles: string[]; drawn: string[]; focusIndex: number; elements: number; moving: boolean } {
    return {
      drawn: this.entries.map((_, i) => this.shownAt(i)?.track.title ?? ''),
      name: this.summary?.name ?? '',
      version: this.summary?.version ?? -1,
      trackCount: this.summary?.trackCount ?? 0,
      loaded: this.entries.length,
      titles: this.entries.map((e) => e.track.title),
      focusIndex: this.list().index,
      elements: this.list().elementCount,
      moving: this.liftedFrom >= 0,
    };
  }

  get contextTarget(): ContextTarget | null {
    if (this._getState() !== 'Tracks') return null;
    const index = this.list().index;
    const entry = this.entries[index];
    if (!entry) return null;
    const extra: ContextAction[] = [
      { label: 'Play from here', run: async () => (await this.play(index), null) },
      { label: 'Remove from playlist', run: () => this.remove(entry) },
    ];
    return { kind: 'track', item: this.item(entry), extra };
  }

  static override _states(): Lightning.Component.Constructor[] {
    return [
      state(
        'Buttons',
        class extends this {
          override $enter(): void {
            this.hint('');
          }
          override _getFocused(): Lightning.Component | null | undefined {
            return this.tag(BUTTONS[this.buttonIndex]!);
          }
          override _handleUp(): void {
            this.buttonIndex = Math.max(0, this.buttonIndex - 1);
            this._refocus();
          }
          override _handleDown(): void {
            this.buttonIndex = Math.min(BUTTONS.length - 1, this.buttonIndex + 1);
            this._refocus();
          }
          override _handleRight(): boolean | void {
            if (this.list().length === 0) return false;
            this._setState('Tracks');
          }
          override _handleEnter(): void {
            this.press(BUTTONS[this.buttonIndex]!);
          }
        },
      ),
      state(
        'Tracks',
        class extends this {
          override $enter(): void {
            this.hint('OK: move  ·  hold OK: play, remove, more');
          }
          override _getFocused(): Lightning.Component | null | undefined {
            return this.list();
          }
          override _handleLeft(): void {
            this._setState('Buttons');
          }
          override _handleEnter(): void {
            this.liftedFrom = this.list().index;
            this._setState('Moving');
          }
        },
      ),
      state(
        'Moving',
        class extends this {
          override $enter(): void {
            this.hint('Up/Down: move  ·  OK: drop here  ·  Back: cancel');
            this.list().lifted = this.liftedFrom;
            // Moving needs every entry (rows far down come into view): load the rest now.
            void this.loadAll().catch(() => this.cancelMove('The playlist couldn’t be loaded. Try again.'));
          }
          override $exit(): void {
            this.list().lifted = -1;
            this.liftedFrom = -1;
            this.list().refresh();
          }
          override _getFocused(): Lightning.Component | null | undefined {
            return this.list();
          }
          // Captured: the list would otherwise take Up/Down as a plain focus move.
          override _captureUp(): void {
            this.shift(-1);
          }
          override _captureDown(): void {
            this.shift(1);
          }
          override _handleEnter(): void {
            const from = this.liftedFrom;
            const to = this.list().index;
            // Drawn where it was dropped while the edit is sent (the editor keeps its own copy;
            // the answer redraws from it, rebased or not).
            if (this.editor && from !== to) this.pages!.replace(moved(this.entries, from, to));
            this._setState('Tracks');
            if (from !== to) void this.edit({ op: 'move', from, to }, 'move');
          }
          override _handleBack(): void {
            this.cancelMove('');
          }
          override _handleLeft(): void {}
          override _handleRight(): void {}
        },
      ),
    ];
  }

  /** Move the lifted row one step: on screen only (`shownAt`); the edit is sent on drop. */
  private shift(delta: number): void {
    const to = this.list().index + delta;
    if (to < 0 || to >= this.entries.length) return;
    this.list().lifted = to;
    this.list().focus(to);
    this.list().refresh();
  }

  /**
   * Row `i` as drawn. In move mode the lifted entry (from `liftedFrom`) is drawn at the focus and
   * the rows between close up behind it; `entries` stays the server's order until the drop.
   */
  private shownAt(i: number): PlaylistEntry | undefined {
    const from = this.liftedFrom;
    if (from < 0) return this.entries[i];
    const at = this.list().index;
    if (i === at) return this.entries[from];
    if (from < at && i >= from && i < at) return this.entries[i + 1];
    if (from > at && i > at && i <= from) return this.entries[i - 1];
    return this.entries[i];
  }

  private cancelMove(message: string): void {
    if (this._getState() !== 'Moving') return;
    const back = this.liftedFrom;
    this._setState('Tracks');
    this.list().focus(back, false);
    this.list().refresh();
    if (message) fire(this, '$toast', message);
  }

  private press(button: ButtonName): void {
    switch (button) {
      case 'Play':
        void this.play(0);
        return;
      case 'Rename':
        void (fire(this, '$askName', 'Rename playlist', this.summary?.name ?? '') as Promise<string | null>).then((name) => {
          if (name && name !== this.summary?.name) void this.edit({ op: 'rename', name }, 'rename');
        });
        return;
      case 'Delete': {
        const name = this.summary?.name ?? '';
        // Cancel first: OK straight away keeps the playlist.
        fire(this, '$openMenu', `Delete “${name}”?`, [
          { label: 'Cancel', run: async () => null },
          { label: 'Delete playlist', run: () => this.deletePlaylist() },
        ] satisfies ContextAction[]);
      }
    }
  }

  private async play(index: number): Promise<void> {
    if (!this.summary || this.summary.trackCount === 0) return;
    await this.loadAll();
    const { player } = services();
    void player.loadContext(this.entries.map((e) => this.item(e)), index, { kind: 'playlist', id: this.summary.id, title: this.summary.name });
  }

  private async remove(entry: PlaylistEntry): Promise<string | null> {
    await this.loadAll();
    // Loading may have moved it (another device edited): remove the entry that was chosen.
    const at = this.entries.findIndex((e) => e.id === entry.id);
    if (at === -1) return `“${entry.track.title}” was already removed`;
    const result = await this.edit({ op: 'remove', at }, 'remove');
    return result?.status === 'applied' ? `Removed “${entry.track.title}”` : null;
  }

  private async deletePlaylist(): Promise<string | null> {
    const { api, library } = services();
    const name = this.summary?.name ?? '';
    await api.deletePlaylist(this.summary!.id);
    void library.refreshPlaylists().catch(() => undefined);
    Router.back();
    return `Deleted “${name}”`;
  }

  /** Through the editor: applied (redrawn from the editor's list), rebased, or reported. */
  private async edit(op: PlaylistOperation, verb: string): Promise<EditResult | null> {
    try {
      await this.loadAll();
      const result = await this.editor!.edit(op);
      this.pages!.replace(this.editor!.entries);
      this.showSummary(this.editor!.playlist);
      this.list().setRows(this.entries.length, (i) => this.shownAt(i));
      if (result.status === 'conflict') fire(this, '$toast', `Couldn’t ${verb}: that track was removed on another device`);
      void services().library.refreshPlaylists().catch(() => undefined);
      return result;
    } catch (e) {
      console.warn('[playlist] edit failed', e);
      fire(this, '$toast', `Couldn’t ${verb}. Try again.`);
      return null;
    }
  }

  /** Every page not loaded yet, at the version of the first; then the editor can start. */
  private async loadAll(): Promise<void> {
    while (this.pages && !this.pages.complete) await this.nextPage(LIBRARY_LIMITS.pageMax);
    this.editor ??= new PlaylistEditor(services().api.playlistTransport(), { playlist: this.summary!, entries: this.entries.slice() });
  }

  /** The next cursor page (one at a time); after a reload (the playlist changed) every row is new. */
  private async nextPage(limit: number = PAGE): Promise<void> {
    const result = await this.pages?.next(limit);
    if (result === 'appended') this.list().refresh();
    if (result === 'reloaded') this.list().setRows(this.summary!.trackCount, (i) => this.shownAt(i));
  }

  private showSummary(p: PlaylistSummary): void {
    this.summary = p;
    const meta = [`${p.trackCount} ${p.trackCount === 1 ? 'track' : 'tracks'}`, p.durationMs > 0 ? formatLength(p.durationMs) : ''].filter(Boolean).join('  ·  ');
    showCover(this, { name: p.name, meta, artwork: p.artwork ?? null, empty: p.trackCount === 0 });
  }

  /** What is loaded, in the server's order (the lifted row moves on screen only, `shownAt`). */
  private get entries(): readonly PlaylistEntry[] {
    return this.pages?.rows ?? [];
  }

  private item(e: PlaylistEntry): PlaybackItem {
    return trackItem(e.track, { artwork: e.artwork });
  }

  private hint(text: string): void {
    this.tag('Hint')!.patch({ text: { text } });
  }

  private list(): VirtualTrackList {
    return this.tag('Tracks') as VirtualTrackList;
  }
}
