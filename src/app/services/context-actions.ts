/**
 * What the context menu offers on a track, an album or an artist, and what each entry does.
 * No Lightning here: the menu widget draws the labels, and these run the actions and say what to
 * confirm in the toast. Album and artist actions fetch their tracks when chosen (Enter on the
 * menu entry), never on focus.
 */
import type { AudioPlayer, PlaybackItem, QueueContext } from '../../player/types';
import { albumItems, artistItems } from '../playback-items';
import type { ApiClient } from './api-client';
import type { LibraryState } from './library-state';

export type ContextTarget =
  /** `extra`: the page's own actions on this row (a playlist's Remove), listed first. */
  | { kind: 'track'; item: PlaybackItem; extra?: ContextAction[] }
  | { kind: 'album'; id: string; title: string }
  | { kind: 'artist'; id: string; title: string };

/** A component on the focus path that offers a context menu for what it has focused. */
export interface HasContextTarget {
  readonly contextTarget: ContextTarget | null;
}

/** A tile's target: albums and artists have a menu; playlist and show tiles have none yet. */
export function cardTarget(card: { kind: string; id: string; title: string }): ContextTarget | null {
  return card.kind === 'album' || card.kind === 'artist' ? { kind: card.kind, id: card.id, title: card.title } : null;
}

export function hasContextTarget(c: unknown): c is HasContextTarget {
  return typeof c === 'object' && c !== null && 'contextTarget' in c;
}

export interface ContextAction {
  label: string;
  /** Runs the action; resolves with the toast's words, or null when it speaks for itself (navigation). */
  run(): Promise<string | null>;
}

export interface ContextDeps {
  player: Pick<AudioPlayer, 'loadContext' | 'playNext' | 'addToQueue'>;
  api: Pick<ApiClient, 'albumData' | 'artistData'>;
  navigate(route: string): void;
  /** The signed-in profile's library: Like, Save, Follow, Add to playlist. Absent or unavailable for a guest. */
  library?: Pick<LibraryState, 'available' | 'has' | 'set' | 'playlists' | 'createPlaylist' | 'addToPlaylist'>;
  /** Opens the menu again with other entries (the playlist picker). */
  openMenu?(title: string, actions: ContextAction[]): void;
  /** A name typed on the on-screen keyboard; null when cancelled. */
  askName?(title: string, initial: string): Promise<string | null>;
}

/** The picker's first entry: a playlist made on the spot, named with the on-screen keyboard. */
export const NEW_PLAYLIST_LABEL = 'New playlist…';

const plural = (n: number) => (n === 1 ? '1 track' : `${n} tracks`);

export function contextActions(target: ContextTarget, deps: ContextDeps): ContextAction[] {
  const { player, navigate } = deps;
  const tracks = (): Promise<{ items: PlaybackItem[]; context: QueueContext }> => loadTracks(target, deps);
  const actions: ContextAction[] = [
    {
      label: 'Play',
      run: async () => {
        const { items, context } = await tracks();
        if (items.length > 0) void player.loadContext(items, 0, context);
        return items.length > 0 ? `Playing ${target.kind === 'track' ? `“${items[0]!.title}”` : `“${context.title}”`}` : 'Nothing to play';
      },
    },
    {
      label: 'Play next',
      run: async () => {
        const { items } = await tracks();
        player.playNext(items);
        return target.kind === 'track' ? `Playing next: ${items[0]?.title ?? ''}` : `Playing next: ${plural(items.length)}`;
      },
    },
    {
      label: 'Add to queue',
      run: async () => {
        const { items } = await tracks();
        player.addToQueue(items);
        return target.kind === 'track' ? `Added to queue: ${items[0]?.title ?? ''}` : `Added ${plural(items.length)} to queue`;
      },
    },
  ];
  const albumId = target.kind === 'album' ? target.id : target.kind === 'track' ? target.item.albumId : undefined;
  if (albumId && target.kind !== 'album') {
    actions.push({ label: 'Go to album', run: () => go(navigate, `album/${albumId}`) });
  }
  if (target.kind === 'album') {
    actions.push({ label: 'Go to album', run: () => go(navigate, `album/${target.id}`) });
    actions.push({
      label: 'Go to artist',
      run: async () => go(navigate, `artist/${(await deps.api.albumData(target.id)).album.artist.id}`),
    });
  }
  if (target.kind === 'track' && target.item.artistId) {
    actions.push({ label: 'Go to artist', run: () => go(navigate, `artist/${target.item.artistId}`) });
  }
  if (target.kind === 'artist') actions.push({ label: 'Go to artist', run: () => go(navigate, `artist/${target.id}`) });
  return [...(target.kind === 'track' ? (target.extra ?? []) : []), ...actions, ...libraryActions(target, deps)];
}

/** Like / Save / Follow (labelled by what is true now) and Add to playlist, for a signed-in profile. */
function libraryActions(target: ContextTarget, deps: ContextDeps): ContextAction[] {
  const { library } = deps;
  if (!library?.available) return [];
  const toggle = (kind: 'track' | 'album' | 'artist', id: string, labels: [string, string], said: [string, string]): ContextAction => {
    const on = !library.has(kind, id);
    return {
      label: labels[on ? 0 : 1],
      run: async () => {
        await library.set(kind, id, on);
        return said[on ? 0 : 1];
      },
    };
  };
  switch (target.kind) {
    case 'track':
      return [
        toggle('track', target.item.trackId, ['Like', 'Unlike'], ['Added to Liked Songs', 'Removed from Liked Songs']),
        addToPlaylist(deps, target.item.title, async () => [target.item.trackId]),
      ];
    case 'album':
      return [
        toggle('album', target.id, ['Save album', 'Remove album from library'], ['Album saved to your library', 'Album removed from your library']),
        addToPlaylist(deps, target.title, async () => (await deps.api.albumData(target.id)).tracks.map((t) => t.id)),
      ];
    case 'artist':
      return [toggle('artist', target.id, ['Follow', 'Unfollow'], [`Following ${target.title}`, `No longer following ${target.title}`])];
  }
}

/** "Add to playlist…": the menu again with "New playlist…" and the profile's playlists, newest first. */
function addToPlaylist(deps: ContextDeps, what: string, trackIds: () => Promise<string[]>): ContextAction {
  const library = deps.library!;
  const added = (name: string, n: number) => (n === 1 ? `Added to “${name}”` : `Added ${plural(n)} to “${name}”`);
  return {
    label: 'Add to playlist…',
    run: async () => {
      const picker: ContextAction[] = [
        {
          label: NEW_PLAYLIST_LABEL,
          run: async () => {
            const name = await deps.askName?.('New playlist', '');
            if (!name) return null;
            const created = await library.createPlaylist(name);
            const ids = await trackIds();
            await library.addToPlaylist(created, ids);
            return added(created.name, ids.length);
          },
        },
        ...library.playlists.map((p) => ({
          label: p.name,
          run: async () => {
            const ids = await trackIds();
            await library.addToPlaylist(p, ids);
            return added(p.name, ids.length);
          },
        })),
      ];
      deps.openMenu?.(`Add “${what}” to`, picker);
      return null;
    },
  };
}

async function go(navigate: (route: string) => void, route: string): Promise<null> {
  navigate(route);
  return null;
}

async function loadTracks(target: ContextTarget, { api }: ContextDeps): Promise<{ items: PlaybackItem[]; context: QueueContext }> {
  switch (target.kind) {
    case 'track':
      return { items: [target.item], context: { kind: 'track', id: target.item.trackId, title: target.item.title } };
    case 'album':
      return { items: albumItems(await api.albumData(target.id)), context: { kind: 'album', id: target.id, title: target.title } };
    case 'artist':
      return { items: artistItems(await api.artistData(target.id)), context: { kind: 'artist', id: target.id, title: target.title } };
  }
}
