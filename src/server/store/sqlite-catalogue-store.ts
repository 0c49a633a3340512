/**
 * The embedded catalogue: one SQLite file next to the media dir.
 *
 * Contract (see catalogue-store.ts): every method is synchronous; every write is one transaction;
 * readers in other processes (the BFF while an ingest runs) never see a half-written track because
 * WAL gives them a snapshot of the last commit. The ingest commits a row only after the track's
 * media has been renamed into place, so a row always points at files that exist.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Artwork, Rendition } from '../../protocol';
import type {
  AlbumRow,
  ArtistRow,
  CatalogueStore,
  SourceRecord,
  TrackInput,
  TrackRow,
} from './catalogue-store';

/**
 * Ordered, append-only. Never edit a shipped entry: `PRAGMA user_version` records how many have
 * run, so a changed entry would silently not run on existing databases. Add a new one instead.
 */
export const MIGRATIONS: readonly string[] = [
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
  // 2: search (sqlite-catalogue-search.ts). Triggers keep the index in the same transaction as
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
];

export interface SqliteCatalogueStoreOptions {
  /** Clock for `added_at`; tests pin it to get a deterministic "newest first". */
  now?: () => number;
  /** How long a writer waits for another process's lock before SQLITE_BUSY. */
  busyTimeoutMs?: number;
}

/** What goes into the JSON columns is checked on the way in, so reads can trust it. */
const checkArtwork = TypeCompiler.Compile(Artwork);
const checkLadder = TypeCompiler.Compile(Type.Array(Rendition));

interface AlbumDbRow {
  id: string;
  title: string;
  artist_id: string;
  artist_name: string;
  year: number | null;
  artwork_json: string;
  added_at: number;
  track_count: number;
  duration_ms: number;
}

interface TrackDbRow {
  id: string;
  title: string;
  artist_id: string;
  artist_name: string;
  album_id: string;
  album_title: string;
  disc: number;
  number: number;
  duration_ms: number;
  integrated_lufs: number;
  true_peak_dbtp: number;
  content_hash: string;
  ladder_json: string;
  source_path: string;
  artwork_json: string;
}

interface ArtistDbRow {
  id: string;
  name: string;
  artwork_json: string | null;
}

const ALBUM_SELECT = `
  SELECT al.id, al.title, al.artist_id, ar.name AS artist_name, al.year, al.artwork_json,
         al.added_at,
         (SELECT COUNT(*) FROM tracks t WHERE t.album_id = al.id) AS track_count,
         (SELECT COALESCE(SUM(t.duration_ms), 0) FROM tracks t WHERE t.album_id = al.id)
           AS duration_ms
  FROM albums al JOIN artists ar ON ar.id = al.artist_id`;

const TRACK_SELECT = `
  SELECT t.id, t.title, t.artist_id, ar.name AS artist_name, t.album_id, al.title AS album_title,
         t.disc, t.number, t.duration_ms, t.integrated_lufs, t.true_peak_dbtp, t.content_hash,
         t.ladder_json, t.source_path, al.artwork_json
  FROM tracks t
  JOIN albums al ON al.id = t.album_id
  JOIN artists ar ON ar.id = t.artist_id`;

/** An artist's picture is their newest album's cover (undated albums count as oldest). */
const ARTIST_SELECT = `
  SELECT ar.id, ar.name,
         (SELECT al.artwork_json FROM albums al WHERE al.artist_id = ar.id
          ORDER BY al.year IS NULL, al.year DESC, al.added_at DESC, al.rowid DESC LIMIT 1)
           AS artwork_json
  FROM artists ar`;

function toAlbum(r: AlbumDbRow): AlbumRow {
  return {
    id: r.id,
    title: r.title,
    artistId: r.artist_id,
    artistName: r.artist_name,
    year: r.year,
    artwork: JSON.parse(r.artwork_json) as AlbumRow['artwork'],
    trackCount: r.track_count,
    durationMs: r.duration_ms,
    addedAt: r.added_at,
  };
}

function toTrack(r: TrackDbRow): TrackRow {
  return {
    id: r.id,
    title: r.title,
    artistId: r.artist_id,
    artistName: r.artist_name,
    albumId: r.album_id,
    albumTitle: r.album_title,
    disc: r.disc,
    number: r.number,
    durationMs: r.duration_ms,
    integratedLufs: r.integrated_lufs,
    truePeakDbtp: r.true_peak_dbtp,
    contentHash: r.content_hash,
    ladder: JSON.parse(r.ladder_json) as TrackRow['ladder'],
    sourcePath: r.source_path,
    artwork: JSON.parse(r.artwork_json) as TrackRow['artwork'],
  };
}

function toArtist(r: ArtistDbRow): ArtistRow {
  return {
    id: r.id,
    name: r.name,
    artwork: r.artwork_json === null ? null : (JSON.parse(r.artwork_json) as ArtistRow['artwork']),
  };
}

/** Brings a database up to the latest schema; each step commits with its version number. */
export function migrate(db: Database.Database): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    // A newer build wrote this file; running old queries against it could corrupt data.
    throw new Error(
      `catalogue schema version ${current} is newer than this build knows (${MIGRATIONS.length})`,
    );
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
  return MIGRATIONS.length;
}

export class SqliteCatalogueStore implements CatalogueStore {
  private readonly now: () => number;
  private readonly q;
  private readonly upsertTx: (input: TrackInput) => void;
  private readonly removeTx: (ids: readonly string[]) => void;

  /** Opens (creating the directory and file if needed) and migrates. ':memory:' works too. */
  static open(dbPath: string, options: SqliteCatalogueStoreOptions = {}): SqliteCatalogueStore {
    if (dbPath !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(dbPath)), { recursive: true });
    const db = new Database(dbPath);
    try {
      db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
      // WAL: the BFF keeps reading while an ingest writes. NORMAL is durable against process
      // crashes (SIGKILL) in WAL mode; only an OS crash may lose the last commits, never corrupt.
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db);
      return new SqliteCatalogueStore(db, options);
    } catch (err) {
      db.close();
      throw err;
    }
  }

  private constructor(
    /** Exposed for tests and maintenance (integrity checks); routes use the methods. */
    readonly db: Database.Database,
    options: SqliteCatalogueStoreOptions,
  ) {
    this.now = options.now ?? Date.now;
    const p = <R = unknown>(sql: string) => db.prepare<unknown[], R>(sql);
    this.q = {
      recentAlbums: p<AlbumDbRow>(
        `${ALBUM_SELECT} ORDER BY al.added_at DESC, al.rowid DESC LIMIT ?`,
      ),
      artists: p<ArtistDbRow>(`${ARTIST_SELECT} ORDER BY ar.name COLLATE NOCASE, ar.id LIMIT ?`),
      recentlyPlayedAlbums: p<AlbumDbRow>(`
        WITH recent AS (
          SELECT t.album_id, MAX(p.at_ms) AS last_at, MAX(p.id) AS last_id
          FROM plays p JOIN tracks t ON t.id = p.track_id
          GROUP BY t.album_id
        )
        ${ALBUM_SELECT} JOIN recent r ON r.album_id = al.id
        ORDER BY r.last_at DESC, r.last_id DESC LIMIT ?`),
      album: p<AlbumDbRow>(`${ALBUM_SELECT} WHERE al.id = ?`),
      albumTracks: p<TrackDbRow>(
        `${TRACK_SELECT} WHERE t.album_id = ? ORDER BY t.disc, t.number, t.title, t.id`,
      ),
      artist: p<ArtistDbRow>(`${ARTIST_SELECT} WHERE ar.id = ?`),
      artistAlbums: p<AlbumDbRow>(
        `${ALBUM_SELECT} WHERE al.artist_id = ?
         ORDER BY al.year IS NULL, al.year DESC, al.added_at DESC, al.title`,
      ),
      artistTopTracks: p<TrackDbRow>(`
        ${TRACK_SELECT}
        LEFT JOIN (SELECT track_id, COUNT(*) AS n FROM plays GROUP BY track_id) pc
          ON pc.track_id = t.id
        WHERE t.artist_id = ?
        ORDER BY COALESCE(pc.n, 0) DESC, al.year IS NULL, al.year, al.added_at, al.id,
                 t.disc, t.number
        LIMIT ?`),
      track: p<TrackDbRow>(`${TRACK_SELECT} WHERE t.id = ?`),
      trackCount: p<{ n: number }>('SELECT COUNT(*) AS n FROM tracks'),
      insertPlay: p('INSERT INTO plays (track_id, at_ms) VALUES (?, ?)'),
      sourceRecord: p<SourceRecord>(
        `SELECT id AS trackId, content_hash AS contentHash, source_size AS sourceSize,
                source_mtime_ms AS sourceMtimeMs
         FROM tracks WHERE source_path = ?`,
      ),
      hashes: p<{ h: string }>('SELECT DISTINCT content_hash AS h FROM tracks'),
      trackById: p<{ id: string; album_id: string; artist_id: string }>(
        'SELECT id, album_id, artist_id FROM tracks WHERE id = ?',
      ),
      trackBySource: p<{ id: string; album_id: string; artist_id: string }>(
        'SELECT id, album_id, artist_id FROM tracks WHERE source_path = ?',
      ),
      upsertArtist: p(
        `INSERT INTO artists (id, name) VALUES (@id, @name)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name`,
      ),
      upsertAlbum: p(
        `INSERT INTO albums (id, artist_id, title, year, artwork_json, added_at)
         VALUES (@id, @artistId, @title, @year, @artwork, @now)
         ON CONFLICT (id) DO UPDATE SET artist_id = excluded.artist_id, title = excluded.title,
           -- One untagged track must not erase the year its album-mates carry.
           year = COALESCE(excluded.year, albums.year), artwork_json = excluded.artwork_json`,
      ),
      upsertTrack: p(
        `INSERT INTO tracks (id, album_id, artist_id, title, disc, number, duration_ms,
           integrated_lufs, true_peak_dbtp, content_hash, ladder_json, source_path, source_size,
           source_mtime_ms, added_at)
         VALUES (@id, @albumId, @artistId, @title, @disc, @number, @durationMs, @integratedLufs,
           @truePeakDbtp, @contentHash, @ladder, @sourcePath, @sourceSize, @sourceMtimeMs, @now)
         ON CONFLICT (id) DO UPDATE SET album_id = excluded.album_id,
           artist_id = excluded.artist_id, title = excluded.title, disc = excluded.disc,
           number = excluded.number, duration_ms = excluded.duration_ms,
           integrated_lufs = excluded.integrated_lufs, true_peak_dbtp = excluded.true_peak_dbtp,
           content_hash = excluded.content_hash, ladder_json = excluded.ladder_json,
           source_path = excluded.source_path, source_size = excluded.source_size,
           source_mtime_ms = excluded.source_mtime_ms`,
      ),
      parkSourcePath: p(`UPDATE tracks SET source_path = source_path || char(0) || id WHERE id = ?`),
      movePlays: p('UPDATE plays SET track_id = ? WHERE track_id = ?'),
      deleteTrack: p('DELETE FROM tracks WHERE id = ?'),
      // A prefix compare, not LIKE: paths may hold % and _.
      sameRecording: p<{ id: string }>(
        'SELECT id FROM tracks WHERE content_hash = (SELECT content_hash FROM tracks WHERE id = ?) AND id <> ? LIMIT 1',
      ),
      sourcesUnder: p<{ trackId: string; sourcePath: string }>(
        'SELECT id AS trackId, source_path AS sourcePath FROM tracks WHERE substr(source_path, 1, ?) = ?',
      ),
      deleteAlbumIfEmpty: p(
        'DELETE FROM albums WHERE id = ? AND NOT EXISTS (SELECT 1 FROM tracks WHERE album_id = ?)',
      ),
      // Search (migration 2): the genre tag, written apart from the upsert so a refresh keeps it.
      setGenre: p('UPDATE tracks SET genre = ? WHERE id = ?'),
      deleteArtistIfEmpty: p(
        `DELETE FROM artists WHERE id = ?
           AND NOT EXISTS (SELECT 1 FROM albums WHERE artist_id = ?)
           AND NOT EXISTS (SELECT 1 FROM tracks WHERE artist_id = ?)`,
      ),
    };
    this.upsertTx = db.transaction((input: TrackInput) => this.writeTrack(input));
    this.removeTx = db.transaction((ids: readonly string[]) => {
      for (const id of ids) this.deleteTrackAndEmptyParents(id);
    });
  }

  recentAlbums(limit: number): AlbumRow[] {
    return this.q.recentAlbums.all(limit).map(toAlbum);
  }

  artists(limit: number): ArtistRow[] {
    return this.q.artists.all(limit).map(toArtist);
  }

  recentlyPlayedAlbums(limit: number): AlbumRow[] {
    return this.q.recentlyPlayedAlbums.all(limit).map(toAlbum);
  }

  album(id: string): AlbumRow | undefined {
    const r = this.q.album.get(id);
    return r && toAlbum(r);
  }

  albumTracks(albumId: string): TrackRow[] {
    return this.q.albumTracks.all(albumId).map(toTrack);
  }

  artist(id: string): ArtistRow | undefined {
    const r = this.q.artist.get(id);
    return r && toArtist(r);
  }

  artistAlbums(artistId: string): AlbumRow[] {
    return this.q.artistAlbums.all(artistId).map(toAlbum);
  }

  artistTopTracks(artistId: string, limit: number): TrackRow[] {
    return this.q.artistTopTracks.all(artistId, limit).map(toTrack);
  }

  track(id: string): TrackRow | undefined {
    const r = this.q.track.get(id);
    return r && toTrack(r);
  }

  trackCount(): number {
    return this.q.trackCount.get()!.n;
  }

  /** Throws (FOREIGN KEY constraint failed) for an unknown track id: check `track()` first. */
  recordPlay(trackId: string, atMs: number): void {
    this.q.insertPlay.run(trackId, Math.round(atMs));
  }

  sourceRecord(sourcePath: string): SourceRecord | undefined {
    return this.q.sourceRecord.get(sourcePath);
  }

  upsertTrack(input: TrackInput): void {
    if (!checkArtwork.Check(input.album.artwork)) {
      throw new Error(`track ${input.id}: album artwork does not match the Artwork schema`);
    }
    if (!checkLadder.Check(input.ladder)) {
      throw new Error(`track ${input.id}: ladder does not match the Rendition[] schema`);
    }
    this.upsertTx(input);
  }

  referencedHashes(): Set<string> {
    return new Set(this.q.hashes.all().map((r) => r.h));
  }

  sourcesUnder(dir: string): Array<{ trackId: string; sourcePath: string }> {
    const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
    // SQLite's substr counts code points; JS .length counts UTF-16 units (an emoji is 2).
    return this.q.sourcesUnder.all([...prefix].length, prefix);
  }

  removeTracks(trackIds: readonly string[]): void {
    if (trackIds.length > 0) this.removeTx(trackIds);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private writeTrack(input: TrackInput): void {
    const q = this.q;
    const now = this.now();
    const before = q.trackById.get(input.id);
    // The same file under a different id (the id scheme changed, or tags moved it): take over
    // its history rather than leaving a duplicate row pointing at the same source.
    const sameSource = q.trackBySource.get(input.sourcePath);
    const displaced = sameSource && sameSource.id !== input.id ? sameSource : undefined;
    if (displaced) q.parkSourcePath.run(displaced.id);

    q.upsertArtist.run({ id: input.artist.id, name: input.artist.name });
    q.upsertAlbum.run({
      id: input.album.id,
      artistId: input.artist.id,
      title: input.album.title,
      year: input.album.year,
      artwork: JSON.stringify(input.album.artwork),
      now,
    });
    q.upsertTrack.run({
      id: input.id,
      albumId: input.album.id,
      artistId: input.artist.id,
      title: input.title,
      disc: input.disc,
      number: input.number,
      durationMs: Math.round(input.durationMs),
      integratedLufs: input.integratedLufs,
      truePeakDbtp: input.truePeakDbtp,
      contentHash: input.contentHash,
      ladder: JSON.stringify(input.ladder),
      sourcePath: input.sourcePath,
      sourceSize: input.sourceSize,
      sourceMtimeMs: Math.round(input.sourceMtimeMs),
      now,
    });
    if (input.genre !== undefined) q.setGenre.run(input.genre, input.id);

    if (displaced) {
      q.movePlays.run(input.id, displaced.id);
      q.deleteTrack.run(displaced.id);
    }
    for (const old of [before, displaced]) {
      if (!old) continue;
      if (old.album_id !== input.album.id) q.deleteAlbumIfEmpty.run(old.album_id, old.album_id);
      if (old.artist_id !== input.artist.id) this.deleteArtistIfEmpty(old.artist_id);
    }
  }

  /**
   * The track's plays pass to another track of the same recording (a file moved or renamed is
   * ingested under a new id before the old one is removed); otherwise they go with it.
   */
  private deleteTrackAndEmptyParents(id: string): void {
    const q = this.q;
    const row = q.trackById.get(id);
    if (!row) return;
    const heir = q.sameRecording.get(id, id);
    if (heir) q.movePlays.run(heir.id, id);
    q.deleteTrack.run(id);
    q.deleteAlbumIfEmpty.run(row.album_id, row.album_id);
    this.deleteArtistIfEmpty(row.artist_id);
  }

  private deleteArtistIfEmpty(id: string): void {
    this.q.deleteArtistIfEmpty.run(id, id, id);
  }
}
