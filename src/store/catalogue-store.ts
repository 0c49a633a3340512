/**
 * The catalogue repository. Routes and the ingest talk only to this interface, so the embedded
 * SQLite store (sqlite-catalogue-store.ts) can be replaced by PostgreSQL without touching them.
 *
 * Contract: every method is async (the embedded SQLite store answers at once, a PostgreSQL one
 * over the network); every write method is atomic (all of it lands or none of it); reads never
 * see a half-ingested track. Ids are the protocol's prefixed ids (ar_/al_/tr_ + 12 hex), derived
 * by the ingest. Profile ids scope private data (plays); `null` is a guest.
 */
import type { Artwork, EncoderPadding, Rendition } from '../protocol';

export interface ArtistRow {
  id: string;
  name: string;
  /** Artwork of the artist's most recent album; null when they have none yet. */
  artwork: Artwork | null;
  albumCount: number;
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

export type LongFormKind = 'podcast' | 'audiobook';

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
  /** Null for media packaged before it was recorded. */
  packaging: EncoderPadding | null;
  /** Tagged gapless: played joined to its neighbours, never crossfaded. */
  gapless: boolean;
  /** An episode or chapter of a show (show-store.ts), wherever the track is listed; null for music. */
  longForm: LongFormKind | null;
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
  /** Absent: null (not recorded). */
  packaging?: EncoderPadding | null;
  gapless?: boolean;
}

export interface SourceRecord {
  trackId: string;
  contentHash: string;
  sourceSize: number;
  sourceMtimeMs: number;
}

export interface CatalogueStore {
  /** Newest albums first. */
  recentAlbums(limit: number): Promise<AlbumRow[]>;
  /** Artists with at least one album of their own, by sort key (sort-key.ts), limited after sorting. */
  artistsWithAlbums(limit: number): Promise<ArtistRow[]>;
  /** Albums of the tracks this profile (null: guests) played most recently, newest first, each once. */
  recentlyPlayedAlbums(profileId: string | null, limit: number): Promise<AlbumRow[]>;
  album(id: string): Promise<AlbumRow | undefined>;
  /** In disc/track order. */
  albumTracks(albumId: string): Promise<TrackRow[]>;
  artist(id: string): Promise<ArtistRow | undefined>;
  artistAlbums(artistId: string): Promise<AlbumRow[]>;
  /** Most played (by everyone) first, then album order. */
  artistTopTracks(artistId: string, limit: number): Promise<TrackRow[]>;
  track(id: string): Promise<TrackRow | undefined>;
  /** In no particular order; unknown ids are left out. */
  tracks(ids: readonly string[]): Promise<TrackRow[]>;
  trackCount(): Promise<number>;
  /** Resolves false (nothing written) for an unknown track id. */
  recordPlay(trackId: string, atMs: number, profileId: string | null): Promise<boolean>;

  /** The ingest's view: what it already has for a source path. */
  sourceRecord(sourcePath: string): Promise<SourceRecord | undefined>;
  /** Insert or replace a track (and its artist/album) in one transaction. */
  upsertTrack(input: TrackInput): Promise<void>;
  /** Many at once, all in one transaction (bulk imports, generated catalogues). */
  upsertTracks(inputs: readonly TrackInput[]): Promise<void>;
  /** Every content hash still referenced, so unreferenced media can be swept. */
  referencedHashes(): Promise<Set<string>>;
  /** Tracks whose source file lies inside folder `dir` (the ingest removes those that are gone). */
  sourcesUnder(dir: string): Promise<Array<{ trackId: string; sourcePath: string }>>;
  /**
   * Remove tracks, then albums and artists left empty, in one transaction. Plays pass to another
   * track with the same content hash when there is one, else they go too.
   */
  removeTracks(trackIds: readonly string[]): Promise<void>;
}
