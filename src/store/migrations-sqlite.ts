/**
 * The SQLite migration set. Ordered, append-only: never edit a shipped entry. `PRAGMA user_version`
 * records how many have run, so a changed entry would silently not run on existing databases; add
 * a new one instead. A PostgreSQL deployment gets its own set beside this one (same tables, its own
 * types), the queries stay as they are (schema.ts).
 *
 * An entry is SQL, or a function for a step SQL cannot express (a backfill computed in JS).
 * Each runs in one IMMEDIATE transaction together with its version bump.
 */
import type Database from 'better-sqlite3';
import { sortKey } from './sort-key';

export type SqliteMigration = string | ((db: Database.Database) => void);

export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [
  `
  CREATE TABLE artists (
    id   TEXT PRIMARY KEY,
    name TEXT NOT NULL
  );
  CREATE INDEX artists_name ON artists (name COLLATE NOCASE);

  CREATE TABLE albums (
    id           TEXT PRIMARY KEY,
    artist_id    TEXT NOT NULL REFERENCES artists (id),
    title        TEXT NOT NULL,
    year         INTEGER,
    artwork_json TEXT NOT NULL,
    added_at     INTEGER NOT NULL
  );
  CREATE INDEX albums_artist ON albums (artist_id);
  CREATE INDEX albums_added ON albums (added_at);

  CREATE TABLE tracks (
    id               TEXT PRIMARY KEY,
    album_id         TEXT NOT NULL REFERENCES albums (id),
    artist_id        TEXT NOT NULL REFERENCES artists (id),
    title            TEXT NOT NULL,
    disc             INTEGER NOT NULL,
    number           INTEGER NOT NULL,
    duration_ms      INTEGER NOT NULL,
    integrated_lufs  REAL NOT NULL,
    true_peak_dbtp   REAL NOT NULL,
    content_hash     TEXT NOT NULL,
    ladder_json      TEXT NOT NULL,
    source_path      TEXT NOT NULL UNIQUE,
    source_size      INTEGER NOT NULL,
    source_mtime_ms  INTEGER NOT NULL,
    added_at         INTEGER NOT NULL
  );
  CREATE INDEX tracks_album ON tracks (album_id, disc, number);
  CREATE INDEX tracks_artist ON tracks (artist_id);
  CREATE INDEX tracks_hash ON tracks (content_hash);

  -- History survives a re-ingest (the track id is kept) but not a track's deletion.
  CREATE TABLE plays (
    id       INTEGER PRIMARY KEY,
    track_id TEXT NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
    at_ms    INTEGER NOT NULL
  );
  CREATE INDEX plays_at ON plays (at_ms);
  CREATE INDEX plays_track ON plays (track_id);
  `,

  // 2-3: artist sort key (one ordered, limited query for Home's artists rail) and per-profile plays.
  `
  ALTER TABLE artists ADD COLUMN sort_name TEXT NOT NULL DEFAULT '';
  CREATE INDEX artists_sort ON artists (sort_name, id);
  -- NULL: a guest's play. Existing history was made by guests.
  ALTER TABLE plays ADD COLUMN profile_id TEXT;
  CREATE INDEX plays_profile_at ON plays (profile_id, at_ms);
  `,
  (db) => {
    const rows = db.prepare('SELECT id, name FROM artists').all() as Array<{ id: string; name: string }>;
    const update = db.prepare('UPDATE artists SET sort_name = ? WHERE id = ?');
    for (const r of rows) update.run(sortKey(r.name), r.id);
  },
  // 4: households, profiles, sign-in sessions, device codes, devices and their playback state.
  `
  CREATE TABLE households (
    id            TEXT PRIMARY KEY,
    login         TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at    INTEGER NOT NULL
  );

  CREATE TABLE profiles (
    id           TEXT PRIMARY KEY,
    household_id TEXT NOT NULL REFERENCES households (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    color        TEXT NOT NULL,
    is_default   INTEGER NOT NULL DEFAULT 0,
    position     INTEGER NOT NULL,
    created_at   INTEGER NOT NULL
  );
  CREATE INDEX profiles_household ON profiles (household_id, position);

  CREATE TABLE sessions (
    id           TEXT PRIMARY KEY,
    household_id TEXT NOT NULL REFERENCES households (id) ON DELETE CASCADE,
    profile_id   TEXT REFERENCES profiles (id) ON DELETE SET NULL,
    device_id    TEXT NOT NULL,
    client_id    TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER NOT NULL,
    revoked_at   INTEGER
  );
  CREATE INDEX sessions_household ON sessions (household_id);

  CREATE TABLE refresh_tokens (
    token_hash TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
  );
  CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

  CREATE TABLE device_codes (
    device_code_hash TEXT PRIMARY KEY,
    user_code        TEXT NOT NULL UNIQUE,
    client_id        TEXT NOT NULL,
    device_id        TEXT NOT NULL,
    device_name      TEXT NOT NULL,
    created_at       INTEGER NOT NULL,
    expires_at       INTEGER NOT NULL,
    interval_s       INTEGER NOT NULL,
    last_poll_at     INTEGER,
    status           TEXT NOT NULL,
    household_id     TEXT REFERENCES households (id) ON DELETE CASCADE,
    profile_id       TEXT REFERENCES profiles (id) ON DELETE CASCADE
  );
  CREATE INDEX device_codes_expires ON device_codes (expires_at);

  CREATE TABLE devices (
    household_id      TEXT NOT NULL REFERENCES households (id) ON DELETE CASCADE,
    id                TEXT NOT NULL,
    name              TEXT NOT NULL,
    kind              TEXT NOT NULL,
    platform          TEXT NOT NULL,
    capabilities_json TEXT NOT NULL,
    last_seen_at      INTEGER NOT NULL,
    state_json        TEXT,
    state_version     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (household_id, id)
  );
  `,
  // 5: a profile's library (likes, saved albums, followed artists) and playlists edited as
  // operations (library-store.ts). Entry order is (position, id): positions are renumbered by each
  // operation, and a track the ingest removes takes its entries with it and bumps the playlists'
  // versions, so an edit made against the old list is refused as stale rather than misplaced.
  `
  CREATE TABLE library_items (
    profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    item_id    TEXT NOT NULL,
    added_at   INTEGER NOT NULL,
    PRIMARY KEY (profile_id, kind, item_id)
  );
  CREATE INDEX library_items_added ON library_items (profile_id, kind, added_at, item_id);

  CREATE TABLE playlists (
    id         TEXT PRIMARY KEY,
    profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX playlists_profile ON playlists (profile_id, updated_at);

  CREATE TABLE playlist_entries (
    id          TEXT PRIMARY KEY,
    playlist_id TEXT NOT NULL REFERENCES playlists (id) ON DELETE CASCADE,
    track_id    TEXT NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    added_at    INTEGER NOT NULL
  );
  CREATE INDEX playlist_entries_position ON playlist_entries (playlist_id, position, id);
  CREATE INDEX playlist_entries_track ON playlist_entries (track_id);

  CREATE TRIGGER playlist_entries_track_gone BEFORE DELETE ON tracks BEGIN
    UPDATE playlists SET version = version + 1
    WHERE id IN (SELECT playlist_id FROM playlist_entries WHERE track_id = OLD.id);
  END;

  -- Applied operations by client id: a replay is answered with the recorded result.
  CREATE TABLE playlist_operations (
    playlist_id    TEXT NOT NULL REFERENCES playlists (id) ON DELETE CASCADE,
    operation_id   TEXT NOT NULL,
    request_hash   TEXT NOT NULL,
    result_version INTEGER NOT NULL,
    entry_ids_json TEXT NOT NULL,
    applied_at     INTEGER NOT NULL,
    PRIMARY KEY (playlist_id, operation_id)
  );
  CREATE INDEX playlist_operations_version ON playlist_operations (playlist_id, result_version);
  `,
  // 6: long-form audio (show-store.ts). A show is an album whose tracks are its episodes or
  // chapters; positions are per profile and go with the profile or the track.
  `
  CREATE TABLE episodes (
    track_id     TEXT PRIMARY KEY REFERENCES tracks (id) ON DELETE CASCADE,
    show_id      TEXT NOT NULL REFERENCES albums (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    published_at INTEGER,
    description  TEXT NOT NULL DEFAULT ''
  );
  CREATE INDEX episodes_show ON episodes (show_id, published_at);

  CREATE TABLE positions (
    profile_id  TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    track_id    TEXT NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
    position_ms INTEGER NOT NULL,
    played      INTEGER NOT NULL DEFAULT 0,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (profile_id, track_id)
  );
  CREATE INDEX positions_recent ON positions (profile_id, updated_at);
  `,
];
