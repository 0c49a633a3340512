/**
 * What the TV knows of the signed-in profile's library without asking on a key press: which
 * tracks are liked, which albums saved and artists followed (so the context menu and Now Playing
 * say Like or Unlike), and the profile's playlists (the "Add to playlist" picker). Loaded when a
 * profile signs in (liked ids page by page, 500 at a time), emptied when the sign-in ends, and
 * changed optimistically by the edits made here: a refused edit is put back and rethrown.
 * No Lightning.
 */
import { LIBRARY_LIMITS, type PlaylistSummary } from '../../protocol';
import type { ApiClient } from './api-client';
import { appendToPlaylist } from './playlist-editor';
import type { Session } from './session';

type Kind = 'track' | 'album' | 'artist';

export type LibraryApi = Pick<ApiClient, 'libraryData' | 'likedTracks' | 'setInLibrary' | 'createPlaylist' | 'playlists' | 'playlistTransport'>;

export class LibraryState {
  private readonly items: Record<Kind, Set<string>> = { track: new Set(), album: new Set(), artist: new Set() };
  private lists: PlaylistSummary[] = [];
  private generation = 0;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly api: LibraryApi,
    private readonly session: Pick<Session, 'signedIn' | 'onChange' | 'restore'>,
  ) {}

  /** Follows the session: a profile's library is loaded when it signs in, forgotten when it leaves. */
  start(): void {
    this.session.onChange((change) => {
      this.clear();
      if (change.kind !== 'ended') void this.load();
    });
    // A reload signs in from storage without a change event: load once the stored pair is read.
    void this.session.restore().then(() => {
      if (this.session.signedIn && this.generation === 0) void this.load();
    });
  }

  /** A guest has no library: the Library page explains, the menus offer no Like. */
  get available(): boolean {
    return this.session.signedIn;
  }

  has(kind: Kind, id: string): boolean {
    return this.items[kind].has(id);
  }

  /** Newest first, as the BFF lists them. */
  get playlists(): readonly PlaylistSummary[] {
    return this.lists;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Like / save / follow (`on`) or undo it: shown at once, put back if the BFF refuses. */
  async set(kind: Kind, id: string, on: boolean): Promise<void> {
    const had = this.items[kind].has(id);
    this.mark(kind, id, on);
    try {
      await this.api.setInLibrary(kind, id, on);
    } catch (e) {
      this.mark(kind, id, had);
      throw e;
    }
  }

  async createPlaylist(name: string): Promise<PlaylistSummary> {
    const created = await this.api.createPlaylist(name);
    this.lists = [created, ...this.lists.filter((p) => p.id !== created.id)];
    this.emit();
    return created;
  }

  /** Appends to a playlist through its operations (versioned, idempotent); the summary is refreshed after. */
  async addToPlaylist(playlist: PlaylistSummary, trackIds: string[]): Promise<void> {
    await appendToPlaylist(this.api.playlistTransport(), playlist, trackIds);
    await this.refreshPlaylists();
  }

  /** After an edit elsewhere (the playlist page, a delete): versions and lengths as the BFF has them. */
  async refreshPlaylists(): Promise<void> {
    const generation = this.generation;
    const { playlists } = await this.api.playlists();
    if (generation !== this.generation) return;
    this.lists = playlists;
    this.emit();
  }

  private async load(): Promise<void> {
    const generation = ++this.generation;
    try {
      const library = await this.api.libraryData('recent');
      if (generation !== this.generation) return;
      this.lists = library.playlists;
      for (const a of library.albums) this.items.album.add(a.id);
      for (const a of library.artists) this.items.artist.add(a.id);
      for (let cursor: string | null = null, first = true; first || cursor !== null; first = false) {
        const page = await this.api.likedTracks(cursor, LIBRARY_LIMITS.pageMax);
        if (generation !== this.generation) return;
        for (const t of page.tracks) this.items.track.add(t.track.id);
        cursor = page.nextCursor;
      }
      this.emit();
    } catch (e) {
      console.warn('[library] could not load the library', e);
    }
  }

  private clear(): void {
    this.generation++;
    for (const set of Object.values(this.items)) set.clear();
    this.lists = [];
    this.emit();
  }

  private mark(kind: Kind, id: string, on: boolean): void {
    if (on) this.items[kind].add(id);
    else this.items[kind].delete(id);
    this.emit();
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
