/**
 * A profile's library repository: liked tracks, saved albums, followed artists, and playlists
 * edited as operations (protocol/playlist-operations.ts).
 *
 * Contract: async; every method takes the profile id and sees only that profile's rows, so
 * another profile's (or household's) playlist id reads as absent. Crash safety: an operation is
 * one transaction holding the version check, the entry changes, the version bump and the record
 * of its operation id; after a SIGKILL or power cut either all of it is there or none of it, so a
 * client that never got its answer retries with the same operation id and is told the recorded
 * result (applied once) or, when nothing landed, gets it applied now. Records are kept for the
 * last `OPERATION_RECORDS_KEPT` versions of a playlist: a retry older than that is refused as
 * stale (409), never applied twice.
 */
import type { PlaylistOperation } from '../protocol';
import type { AlbumRow, ArtistRow, TrackRow } from './catalogue-store';

export type LibraryKind = 'track' | 'album' | 'artist';
export type LibraryOrder = 'recent' | 'az' | 'artist';

export const OPERATION_RECORDS_KEPT = 500;

export interface PlaylistRow {
  id: string;
  profileId: string;
  name: string;
  version: number;
  trackCount: number;
  durationMs: number;
  /** The first entry's album artwork; null when empty. */
  artwork: TrackRow['artwork'] | null;
  createdAt: number;
  updatedAt: number;
}

export interface PlaylistEntryRow {
  id: string;
  position: number;
  track: TrackRow;
}

export interface LikedTrackRow {
  track: TrackRow;
  addedAt: number;
}

/** Keyset position in liked tracks (newest first). */
export interface LikedCursor {
  addedAt: number;
  trackId: string;
}

export interface OperationRequestRow {
  operationId: string;
  baseVersion: number;
  operation: PlaylistOperation;
}

export type OperationOutcome =
  | { kind: 'applied' | 'replayed'; version: number; entryIds: string[] }
  /** The base version is not the current one: nothing applied. */
  | { kind: 'stale'; version: number }
  /** The operation id was used before for a different request. */
  | { kind: 'id_reused' }
  /** Out-of-range index, too many entries, unknown track ids: `problem` names the field. */
  | { kind: 'invalid'; problem: string }
  | { kind: 'not_found' };

export interface LibraryStore {
  /** Like / save / follow. False (nothing written) when the catalogue has no such item; saving again keeps the first date. */
  save(profileId: string, kind: LibraryKind, itemId: string, now: number): Promise<boolean>;
  /** True when it was saved. */
  unsave(profileId: string, kind: LibraryKind, itemId: string): Promise<boolean>;
  /** Which of `itemIds` the profile saved (Now Playing's heart, context menus). */
  savedAmong(profileId: string, kind: LibraryKind, itemIds: readonly string[]): Promise<Set<string>>;
  /** Newest first, after `cursor`; `total` counts them all. */
  likedTracks(profileId: string, limit: number, cursor?: LikedCursor): Promise<{ rows: LikedTrackRow[]; total: number }>;
  savedAlbums(profileId: string, order: LibraryOrder): Promise<AlbumRow[]>;
  followedArtists(profileId: string, order: LibraryOrder): Promise<ArtistRow[]>;

  playlists(profileId: string, order: LibraryOrder, limit?: number): Promise<PlaylistRow[]>;
  createPlaylist(profileId: string, name: string, now: number): Promise<PlaylistRow>;
  /** The playlist and entries [offset, offset + limit), read in one transaction (same version). */
  playlistPage(
    profileId: string,
    playlistId: string,
    offset: number,
    limit: number,
  ): Promise<{ playlist: PlaylistRow; entries: PlaylistEntryRow[] } | undefined>;
  deletePlaylist(profileId: string, playlistId: string): Promise<boolean>;
  /** Applies the operation once (see the contract above). */
  applyOperation(profileId: string, playlistId: string, request: OperationRequestRow, now: number): Promise<OperationOutcome>;
}
