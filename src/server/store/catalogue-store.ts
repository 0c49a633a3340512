/**
 * The catalogue repository. Routes and the ingest talk only to this interface, so the embedded
 * SQLite store (sqlite-catalogue-store.ts) can be replaced by PostgreSQL without touching them.
 *
 * Contract: methods are synchronous for the embedded store's sake but must not be assumed cheap;
 * every write method is atomic (all of it lands or none of it); reads never see a half-ingested
 * track. Ids are the protocol's prefixed ids (ar_/al_/tr_ + 12 hex), derived by the ingest.
 */
import type { Artwork, Rendition } from '../../protocol';

export interface ArtistRow {
  id: string;
  name: string;
  /** Artwork of the artist's most recent album; null when they have none yet. */
  artwork: Artwork | null;
}

export interface AlbumRow {
  id: string;
  title: string;
  artistId: string;
  artistName: string;
  year: number | null;
  artwork: Artwork;
  trackCount: number;
  durationMs: number;
  addedAt: number;
}

export interface TrackRow {
  id: string;
  title: string;
  artistId: string;
  artistName: string;
  albumId: string;
  albumTitle: string;
  disc: number;
  number: number;
  durationMs: number;
  integratedLufs: number;
  truePeakDbtp: number;
  /** Content hash of the source file; also the media folder name (immutable URLs). */
  contentHash: string;
  ladder: Rendition[];
  sourcePath: string;
  artwork: Artwork;
}

/** What the ingest hands over once a track's media is in place under the media dir. */
export interface TrackInput {
  id: string;
  title: string;
  artist: { id: string; name: string };
  album: { id: string; title: string; year: number | null; artwork: Artwork };
  disc: number;
  number: number;
  durationMs: number;
  integratedLufs: number;
  truePeakDbtp: number;
  contentHash: string;
  ladder: Rendition[];
  sourcePath: string;
  sourceSize: number;
  sourceMtimeMs: number;
  /** The first genre tag; undefined leaves the stored genre as it is (a refresh of size/mtime). */
  genre?: string | null;
}

export interface SourceRecord {
  trackId: string;
  contentHash: string;
  sourceSize: number;
  sourceMtimeMs: number;
}

export interface CatalogueStore {
  /** Newest albums first. */
  recentAlbums(limit: number): AlbumRow[];
  /** Artists by name (locale-aware order is the caller's concern). */
  artists(limit: number): ArtistRow[];
  /** Albums of the most recently played tracks, most recent first, each once. */
  recentlyPlayedAlbums(limit: number): AlbumRow[];
  album(id: string): AlbumRow | undefined;
  /** In disc/track order. */
  albumTracks(albumId: string): TrackRow[];
  artist(id: string): ArtistRow | undefined;
  artistAlbums(artistId: string): AlbumRow[];
  /** Most played first, then album order. */
  artistTopTracks(artistId: string, limit: number): TrackRow[];
  track(id: string): TrackRow | undefined;
  trackCount(): number;
  recordPlay(trackId: string, atMs: number): void;

  /** The ingest's view: what it already has for a source path. */
  sourceRecord(sourcePath: string): SourceRecord | undefined;
  /** Insert or replace a track (and its artist/album) in one transaction. */
  upsertTrack(input: TrackInput): void;
  /** Every content hash still referenced, so unreferenced media can be swept. */
  referencedHashes(): Set<string>;
  /** Tracks whose source file lies inside folder `dir` (the ingest removes those that are gone). */
  sourcesUnder(dir: string): Array<{ trackId: string; sourcePath: string }>;
  /**
   * Remove tracks, then albums and artists left empty, in one transaction. Plays pass to another
   * track with the same content hash when there is one, else they go too.
   */
  removeTracks(trackIds: readonly string[]): void;

  close(): void;
}
