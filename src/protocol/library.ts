/**
 * A profile's own library: liked tracks, saved albums, followed artists and playlists. Everything
 * here needs the profile's access token; ids of another profile's or household's playlists read
 * as absent (404), never as forbidden, so they cannot be probed.
 */
import { Type, type Static } from '@sinclair/typebox';
import { AlbumId, ArtistId, ArtistRef, Artwork, Card, LongFormKind, TrackId, TrackSummary } from './catalogue';
import { API_PREFIX } from './routes';

export const PlaylistId = Type.String({ pattern: '^pl_[0-9a-f]{12}$', description: 'playlist id' });
export const EntryId = Type.String({ pattern: '^pe_[0-9a-f]{12}$', description: 'playlist entry id' });
/** Client-made, unique per playlist: a retried request with the same id is answered, not applied again. */
export const OperationId = Type.String({ pattern: '^[A-Za-z0-9_-]{8,64}$', description: 'operation id' });

export const LIBRARY_LIMITS = {
  /** Characters (code points) of a playlist name; a TV row shows about 40. */
  nameMaxChars: 100,
  /** Tracks one insert may carry (a big album is ~100; a whole library goes in several). */
  insertMaxTracks: 1000,
  /** Entries one playlist may hold. */
  playlistMaxEntries: 10_000,
  /** Page sizes of playlist entries and liked tracks. */
  pageDefault: 100,
  pageMax: 500,
  /** Liked tracks in the Library screen's first answer; the rest are paged. */
  libraryLikedPreview: 20,
} as const;

export const LibrarySort = Type.Union([Type.Literal('recent'), Type.Literal('az'), Type.Literal('artist')]);
export type LibrarySort = Static<typeof LibrarySort>;

export const PlaylistName = Type.String({ minLength: 1, maxLength: LIBRARY_LIMITS.nameMaxChars });

export const PlaylistSummary = Type.Object({
  id: PlaylistId,
  name: Type.String(),
  /** Bumped by every applied operation; edits name the version they were made against. */
  version: Type.Integer({ minimum: 0 }),
  trackCount: Type.Integer({ minimum: 0 }),
  durationMs: Type.Integer({ minimum: 0 }),
  /** The first entry's album cover; null for an empty playlist. */
  artwork: Type.Union([Artwork, Type.Null()]),
  updatedAt: Type.Integer(),
});
export type PlaylistSummary = Static<typeof PlaylistSummary>;

export const PlaylistEntry = Type.Object({
  id: EntryId,
  position: Type.Integer({ minimum: 0 }),
  track: TrackSummary,
  artwork: Artwork,
});
export type PlaylistEntry = Static<typeof PlaylistEntry>;

export const PageQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: LIBRARY_LIMITS.pageMax })),
  },
  { additionalProperties: false },
);
export type PageQuery = Static<typeof PageQuery>;

/** One page of a playlist. The cursor belongs to the version it was made at: after an edit, reload. */
export const PlaylistResponse = Type.Object({
  playlist: PlaylistSummary,
  entries: Type.Array(PlaylistEntry),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type PlaylistResponse = Static<typeof PlaylistResponse>;

export const PlaylistsResponse = Type.Object({ playlists: Type.Array(PlaylistSummary) });
export type PlaylistsResponse = Static<typeof PlaylistsResponse>;

export const CreatePlaylistRequest = Type.Object({ name: PlaylistName }, { additionalProperties: false });
export type CreatePlaylistRequest = Static<typeof CreatePlaylistRequest>;

/**
 * One object for the four kinds (not a union) so a bad field gets one message naming it rather
 * than one per kind; which fields each kind needs is checked by the BFF.
 */
export const OperationBody = Type.Object(
  {
    op: Type.Union([Type.Literal('insert'), Type.Literal('move'), Type.Literal('remove'), Type.Literal('rename')]),
    at: Type.Optional(Type.Integer({ minimum: 0 })),
    from: Type.Optional(Type.Integer({ minimum: 0 })),
    to: Type.Optional(Type.Integer({ minimum: 0 })),
    trackIds: Type.Optional(Type.Array(TrackId, { minItems: 1, maxItems: LIBRARY_LIMITS.insertMaxTracks })),
    name: Type.Optional(PlaylistName),
  },
  { additionalProperties: false },
);
export type OperationBody = Static<typeof OperationBody>;

export const OperationRequest = Type.Object(
  { operationId: OperationId, baseVersion: Type.Integer({ minimum: 0 }), operation: OperationBody },
  { additionalProperties: false },
);
export type OperationRequest = Static<typeof OperationRequest>;

export const OperationResponse = Type.Object({
  playlistId: PlaylistId,
  version: Type.Integer({ minimum: 0 }),
  /** True when this operation id had been applied before: nothing changed this time. */
  replayed: Type.Boolean(),
  /** Ids of the entries an insert made, in order; empty for the other kinds. */
  entryIds: Type.Array(EntryId),
});
export type OperationResponse = Static<typeof OperationResponse>;

/** 409 for a stale base version: the client reloads (or rebases onto) `currentVersion`. */
export const StaleVersionBody = Type.Object({
  error: Type.String(),
  message: Type.String(),
  statusCode: Type.Literal(409),
  currentVersion: Type.Integer({ minimum: 0 }),
});
export type StaleVersionBody = Static<typeof StaleVersionBody>;

export const LibraryTrack = Type.Object({ track: TrackSummary, artwork: Artwork, addedAt: Type.Integer() });
export type LibraryTrack = Static<typeof LibraryTrack>;

export const LikedTracksResponse = Type.Object({
  tracks: Type.Array(LibraryTrack),
  total: Type.Integer({ minimum: 0 }),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type LikedTracksResponse = Static<typeof LikedTracksResponse>;

export const LibraryQuery = Type.Object({ sort: Type.Optional(LibrarySort) }, { additionalProperties: false });

/** The Library screen in one call. */
export const LibraryResponse = Type.Object({
  sort: LibrarySort,
  liked: LikedTracksResponse,
  playlists: Type.Array(PlaylistSummary),
  albums: Type.Array(Card),
  artists: Type.Array(Card),
  /** Podcasts and audiobooks in the catalogue, newest first. */
  shows: Type.Array(Card),
});
export type LibraryResponse = Static<typeof LibraryResponse>;

export const PlaylistParams = Type.Object({ id: PlaylistId });
export const LikedTrackParams = Type.Object({ id: TrackId });
export const SavedAlbumParams = Type.Object({ id: AlbumId });
export const FollowedArtistParams = Type.Object({ id: ArtistId });

/** Past this share of its duration an episode counts as played (the BFF decides; clients show it). */
export const PLAYED_SHARE = 0.95;

export const Episode = Type.Object({
  track: TrackSummary,
  /** ms since epoch, from the file's date tag; null when untagged. */
  publishedAt: Type.Union([Type.Integer(), Type.Null()]),
  description: Type.String(),
  /** The profile's position; 0 for a guest or an episode never started. */
  positionMs: Type.Integer({ minimum: 0 }),
  played: Type.Boolean(),
});
export type Episode = Static<typeof Episode>;

/** A show page: episodes newest first. */
export const ShowResponse = Type.Object({
  show: Type.Object({
    id: AlbumId,
    title: Type.String(),
    author: ArtistRef,
    kind: LongFormKind,
    artwork: Artwork,
  }),
  episodes: Type.Array(Episode),
});
export type ShowResponse = Static<typeof ShowResponse>;

export const PositionRequest = Type.Object(
  { positionMs: Type.Integer({ minimum: 0, maximum: 48 * 3600 * 1000 }) },
  { additionalProperties: false },
);
export type PositionRequest = Static<typeof PositionRequest>;

export const PositionResponse = Type.Object({
  trackId: TrackId,
  positionMs: Type.Integer({ minimum: 0 }),
  played: Type.Boolean(),
  /** null: never saved. */
  updatedAt: Type.Union([Type.Integer(), Type.Null()]),
  /** Long-form tracks get resume and 15/30 s skips; null for music. */
  kind: Type.Union([LongFormKind, Type.Null()]),
});
export type PositionResponse = Static<typeof PositionResponse>;

export const ShowParams = Type.Object({ id: AlbumId });
export const PositionParams = Type.Object({ id: TrackId });

export const LibraryPath = {
  library: () => `${API_PREFIX}/me/library`,
  likedTracks: () => `${API_PREFIX}/me/library/tracks`,
  likedTrack: (id: string) => `${API_PREFIX}/me/library/tracks/${encodeURIComponent(id)}`,
  savedAlbum: (id: string) => `${API_PREFIX}/me/library/albums/${encodeURIComponent(id)}`,
  followedArtist: (id: string) => `${API_PREFIX}/me/library/artists/${encodeURIComponent(id)}`,
  playlists: () => `${API_PREFIX}/me/playlists`,
  playlist: (id: string) => `${API_PREFIX}/playlists/${encodeURIComponent(id)}`,
  playlistOperations: (id: string) => `${API_PREFIX}/playlists/${encodeURIComponent(id)}/operations`,
  show: (id: string) => `${API_PREFIX}/shows/${encodeURIComponent(id)}`,
  position: (trackId: string) => `${API_PREFIX}/me/positions/${encodeURIComponent(trackId)}`,
} as const;
