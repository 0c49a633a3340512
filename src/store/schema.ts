/**
 * The tables as Kysely sees them. Queries are written against these types, not against a dialect,
 * so a PostgreSQL deployment is a dialect plus its own migration set (migrations-sqlite.ts is the
 * SQLite one). Column names are snake_case in the database and camelCase only in the row types
 * the repositories hand out.
 */
import type { Generated } from 'kysely';

export interface ArtistsTable {
  id: string;
  name: string;
  /** Accent- and case-folded name, computed at ingest (sort-key.ts): "Ósk Vale" sorts under O. */
  sort_name: string;
}

export interface AlbumsTable {
  id: string;
  artist_id: string;
  title: string;
  year: number | null;
  artwork_json: string;
  added_at: number;
}

export interface TracksTable {
  id: string;
  album_id: string;
  artist_id: string;
  title: string;
  disc: number;
  number: number;
  duration_ms: number;
  integrated_lufs: number;
  true_peak_dbtp: number;
  content_hash: string;
  ladder_json: string;
  source_path: string;
  source_size: number;
  source_mtime_ms: number;
  added_at: number;
  /** The first genre tag (search browses genres); null when untagged. */
  genre: string | null;
  /** EncoderPadding as JSON; null for media packaged before it was recorded. */
  packaging_json: string | null;
  /** 1 when the track is tagged gapless (part of one continuous piece). */
  gapless: number;
}

export interface PlaysTable {
  id: Generated<number>;
  track_id: string;
  at_ms: number;
  /** null: a guest listening on a device nobody signed in to. Never merged into a profile. */
  profile_id: string | null;
}

export interface HouseholdsTable {
  id: string;
  /** Lower-cased username or e-mail, unique. */
  login: string;
  /** scrypt record (password-hash.ts): parameters, salt and hash in one string. */
  password_hash: string;
  created_at: number;
}

export interface ProfilesTable {
  id: string;
  household_id: string;
  name: string;
  color: string;
  is_default: number;
  position: number;
  created_at: number;
}

/** One refresh-token family: a device's sign-in. Revoking it signs that device out. */
export interface SessionsTable {
  id: string;
  household_id: string;
  /** null for a phone signed in as the household owner without picking a profile. */
  profile_id: string | null;
  device_id: string;
  client_id: string;
  created_at: number;
  last_used_at: number;
  revoked_at: number | null;
}

/** Refresh tokens stored hashed; `used_at` set when rotated. A used one presented again revokes the family. */
export interface RefreshTokensTable {
  token_hash: string;
  session_id: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface DeviceCodesTable {
  /** SHA-256 of the device_code: a leaked database does not hand out pending sign-ins. */
  device_code_hash: string;
  /** Normalised (upper-case, no dash). */
  user_code: string;
  client_id: string;
  device_id: string;
  device_name: string;
  created_at: number;
  expires_at: number;
  interval_s: number;
  last_poll_at: number | null;
  status: 'pending' | 'approved' | 'denied' | 'consumed';
  household_id: string | null;
  profile_id: string | null;
}

export interface DevicesTable {
  household_id: string;
  id: string;
  name: string;
  kind: string;
  platform: string;
  capabilities_json: string;
  last_seen_at: number;
  /** Last playback state the device reported (protocol PlaybackState), with its version. */
  state_json: string | null;
  state_version: number;
}

export interface EncoreDatabase {
  artists: ArtistsTable;
  albums: AlbumsTable;
  tracks: TracksTable;
  plays: PlaysTable;
  households: HouseholdsTable;
  profiles: ProfilesTable;
  sessions: SessionsTable;
  refresh_tokens: RefreshTokensTable;
  device_codes: DeviceCodesTable;
  devices: DevicesTable;
  library_items: LibraryItemsTable;
  playlists: PlaylistsTable;
  playlist_entries: PlaylistEntriesTable;
  playlist_operations: PlaylistOperationsTable;
  episodes: EpisodesTable;
  positions: PositionsTable;
  recent_searches: RecentSearchesTable;
}

/** A liked track, saved album or followed artist of one profile (item ids are catalogue ids). */
export interface LibraryItemsTable {
  profile_id: string;
  kind: 'track' | 'album' | 'artist';
  item_id: string;
  added_at: number;
}

export interface PlaylistsTable {
  id: string;
  profile_id: string;
  name: string;
  /** Bumped by every applied operation (and when the ingest removes one of its tracks). */
  version: number;
  created_at: number;
  updated_at: number;
}

/** Order is (position, id); ids tell two entries of the same track apart. */
export interface PlaylistEntriesTable {
  id: string;
  playlist_id: string;
  track_id: string;
  position: number;
  added_at: number;
}

export interface PlaylistOperationsTable {
  playlist_id: string;
  operation_id: string;
  /** SHA-256 of the request: the same id sent with a different operation is refused. */
  request_hash: string;
  result_version: number;
  entry_ids_json: string;
  applied_at: number;
}

/** A track that is an episode (podcast) or chapter (audiobook) of its album, the show. */
export interface EpisodesTable {
  track_id: string;
  show_id: string;
  kind: 'podcast' | 'audiobook';
  /** From the file's date tag (ms since epoch); null when untagged. */
  published_at: number | null;
  description: string;
}

/** Where a profile stopped in a track; `played` once it passed 95 %. */
export interface PositionsTable {
  profile_id: string;
  track_id: string;
  position_ms: number;
  played: number;
  updated_at: number;
}

/** A profile's recent search, once per folded key (recent-search-store.ts). */
export interface RecentSearchesTable {
  profile_id: string;
  query_key: string;
  query: string;
  searched_at: number;
}
