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
  // 5: search (src/server/search/sqlite-catalogue-search.ts). Triggers keep the index in the same transaction as
  // the rows, so a search never sees a track the catalogue does not have, or misses one it has.
  `
  ALTER TABLE tracks ADD COLUMN genre TEXT;
  CREATE INDEX tracks_genre ON tracks (genre) WHERE genre IS NOT NULL;

  -- One document number per artist/album/track id: the FTS rowid. Not the tables' own rowids,
  -- which VACUUM may renumber (their keys are TEXT).
  CREATE TABLE search_docs (doc INTEGER PRIMARY KEY, ref TEXT NOT NULL UNIQUE);
  -- prefix: ready-made doclists for 1–3 letter prefixes, what a remote types first.
  CREATE VIRTUAL TABLE artist_search USING fts5 (name, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3');
  CREATE VIRTUAL TABLE album_search USING fts5 (name, context, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3');
  CREATE VIRTUAL TABLE track_search USING fts5 (name, context, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3');
  CREATE VIRTUAL TABLE artist_search_terms USING fts5vocab (artist_search, row);
  CREATE VIRTUAL TABLE album_search_terms USING fts5vocab (album_search, row);
  CREATE VIRTUAL TABLE track_search_terms USING fts5vocab (track_search, row);

  -- Plays per track, album and artist document: the ranking's tie-break, without counting at
  -- query time. Only played documents have a row, so "played first" scans few rows.
  CREATE TABLE play_counts (doc INTEGER PRIMARY KEY, plays INTEGER NOT NULL);

  CREATE TRIGGER artists_search_ai AFTER INSERT ON artists BEGIN
    INSERT INTO search_docs (ref) VALUES (new.id);
    INSERT INTO artist_search (rowid, name) VALUES ((SELECT doc FROM search_docs WHERE ref = new.id), new.name);
  END;
  CREATE TRIGGER artists_search_au AFTER UPDATE OF name ON artists WHEN old.name IS NOT new.name BEGIN
    UPDATE artist_search SET name = new.name WHERE rowid = (SELECT doc FROM search_docs WHERE ref = new.id);
    UPDATE album_search SET context = new.name
      WHERE rowid IN (SELECT d.doc FROM albums al JOIN search_docs d ON d.ref = al.id WHERE al.artist_id = new.id);
    UPDATE track_search SET context = new.name || ' ' || (
        SELECT al.title FROM search_docs d JOIN tracks t ON t.id = d.ref JOIN albums al ON al.id = t.album_id
        WHERE d.doc = track_search.rowid)
      WHERE rowid IN (SELECT d.doc FROM tracks t JOIN search_docs d ON d.ref = t.id WHERE t.artist_id = new.id);
  END;
  CREATE TRIGGER artists_search_ad AFTER DELETE ON artists BEGIN
    DELETE FROM artist_search WHERE rowid = (SELECT doc FROM search_docs WHERE ref = old.id);
    DELETE FROM play_counts WHERE doc = (SELECT doc FROM search_docs WHERE ref = old.id);
    DELETE FROM search_docs WHERE ref = old.id;
  END;

  CREATE TRIGGER albums_search_ai AFTER INSERT ON albums BEGIN
    INSERT INTO search_docs (ref) VALUES (new.id);
    INSERT INTO album_search (rowid, name, context) VALUES (
      (SELECT doc FROM search_docs WHERE ref = new.id), new.title,
      (SELECT name FROM artists WHERE id = new.artist_id));
  END;
  CREATE TRIGGER albums_search_au AFTER UPDATE OF title, artist_id ON albums
    WHEN old.title IS NOT new.title OR old.artist_id IS NOT new.artist_id BEGIN
    UPDATE album_search SET name = new.title, context = (SELECT name FROM artists WHERE id = new.artist_id)
      WHERE rowid = (SELECT doc FROM search_docs WHERE ref = new.id);
    UPDATE track_search SET context = (
        SELECT ar.name || ' ' || new.title FROM search_docs d JOIN tracks t ON t.id = d.ref JOIN artists ar ON ar.id = t.artist_id
        WHERE d.doc = track_search.rowid)
      WHERE rowid IN (SELECT d.doc FROM tracks t JOIN search_docs d ON d.ref = t.id WHERE t.album_id = new.id);
  END;
  CREATE TRIGGER albums_search_ad AFTER DELETE ON albums BEGIN
    DELETE FROM album_search WHERE rowid = (SELECT doc FROM search_docs WHERE ref = old.id);
    DELETE FROM play_counts WHERE doc = (SELECT doc FROM search_docs WHERE ref = old.id);
    DELETE FROM search_docs WHERE ref = old.id;
  END;

  CREATE TRIGGER tracks_search_ai AFTER INSERT ON tracks BEGIN
    INSERT INTO search_docs (ref) VALUES (new.id);
    INSERT INTO track_search (rowid, name, context) VALUES (
      (SELECT doc FROM search_docs WHERE ref = new.id), new.title,
      (SELECT name FROM artists WHERE id = new.artist_id) || ' ' || (SELECT title FROM albums WHERE id = new.album_id));
  END;
  CREATE TRIGGER tracks_search_au AFTER UPDATE OF title, artist_id, album_id ON tracks
    WHEN old.title IS NOT new.title OR old.artist_id IS NOT new.artist_id OR old.album_id IS NOT new.album_id BEGIN
    UPDATE track_search SET name = new.title,
      context = (SELECT name FROM artists WHERE id = new.artist_id) || ' ' || (SELECT title FROM albums WHERE id = new.album_id)
      WHERE rowid = (SELECT doc FROM search_docs WHERE ref = new.id);
  END;
  CREATE TRIGGER tracks_search_ad AFTER DELETE ON tracks BEGIN
    DELETE FROM track_search WHERE rowid = (SELECT doc FROM search_docs WHERE ref = old.id);
    DELETE FROM play_counts WHERE doc = (SELECT doc FROM search_docs WHERE ref = old.id);
    DELETE FROM search_docs WHERE ref = old.id;
  END;

  -- Album and artist counts follow the track's album and artist at the time of the play; a track
  -- that later moves or goes leaves them a little high, which only nudges ranking.
  CREATE TRIGGER plays_count_ai AFTER INSERT ON plays BEGIN
    INSERT INTO play_counts (doc, plays)
      SELECT d.doc, 1 FROM search_docs d WHERE d.ref IN (
        new.track_id,
        (SELECT album_id FROM tracks WHERE id = new.track_id),
        (SELECT artist_id FROM tracks WHERE id = new.track_id))
      ON CONFLICT (doc) DO UPDATE SET plays = plays + 1;
  END;
  CREATE TRIGGER plays_count_ad AFTER DELETE ON plays BEGIN
    UPDATE play_counts SET plays = plays - 1 WHERE doc IN (
      SELECT d.doc FROM search_docs d WHERE d.ref IN (
        old.track_id,
        (SELECT album_id FROM tracks WHERE id = old.track_id),
        (SELECT artist_id FROM tracks WHERE id = old.track_id)));
  END;
  CREATE TRIGGER plays_count_au AFTER UPDATE OF track_id ON plays WHEN old.track_id IS NOT new.track_id BEGIN
    UPDATE play_counts SET plays = plays - 1 WHERE doc = (SELECT doc FROM search_docs WHERE ref = old.track_id);
    INSERT INTO play_counts (doc, plays) SELECT doc, 1 FROM search_docs WHERE ref = new.track_id
      ON CONFLICT (doc) DO UPDATE SET plays = plays + 1;
  END;

  -- Existing catalogues: index what is there.
  INSERT INTO search_docs (ref) SELECT id FROM artists UNION ALL SELECT id FROM albums UNION ALL SELECT id FROM tracks;
  INSERT INTO artist_search (rowid, name) SELECT d.doc, ar.name FROM artists ar JOIN search_docs d ON d.ref = ar.id;
  INSERT INTO album_search (rowid, name, context)
    SELECT d.doc, al.title, ar.name FROM albums al JOIN artists ar ON ar.id = al.artist_id JOIN search_docs d ON d.ref = al.id;
  INSERT INTO track_search (rowid, name, context)
    SELECT d.doc, t.title, ar.name || ' ' || al.title
    FROM tracks t JOIN artists ar ON ar.id = t.artist_id JOIN albums al ON al.id = t.album_id JOIN search_docs d ON d.ref = t.id;
  INSERT INTO play_counts (doc, plays)
    SELECT d.doc, SUM(x.n) FROM (
      SELECT p.track_id AS ref, COUNT(*) AS n FROM plays p GROUP BY p.track_id
      UNION ALL SELECT t.album_id, COUNT(*) FROM plays p JOIN tracks t ON t.id = p.track_id GROUP BY t.album_id
      UNION ALL SELECT t.artist_id, COUNT(*) FROM plays p JOIN tracks t ON t.id = p.track_id GROUP BY t.artist_id) x
    JOIN search_docs d ON d.ref = x.ref
    GROUP BY d.doc;
  `,
  // 6: a profile's library (likes, saved albums, followed artists) and playlists edited as
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
  // 7: long-form audio (show-store.ts). A show is an album whose tracks are its episodes or
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
  // 8: recent searches per profile (recent-search-store.ts): the Search page's empty state.
  `
  CREATE TABLE recent_searches (
    profile_id  TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    query_key   TEXT NOT NULL,
    query       TEXT NOT NULL,
    searched_at INTEGER NOT NULL,
    PRIMARY KEY (profile_id, query_key)
  );
  CREATE INDEX recent_searches_at ON recent_searches (profile_id, searched_at);
  `,
  // 9 (gapless): what the DASH packaging put around each track's audio, and the gapless tag.
  `
  ALTER TABLE tracks ADD COLUMN packaging_json TEXT;
  ALTER TABLE tracks ADD COLUMN gapless INTEGER NOT NULL DEFAULT 0;
  `,
];
