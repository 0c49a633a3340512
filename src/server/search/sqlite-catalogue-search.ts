/**
 * Catalogue search over SQLite FTS5 (index and triggers: migration 5 of src/store/migrations-sqlite.ts).
 *
 * - Words, not syntax: the query is cut into words the way the index's tokenizer cuts text
 *   (letters and digits; everything else separates), and each word goes to FTS5 as a quoted
 *   string, so `"`, `*`, `NEAR`, `(`, `-`, `:` are plain text and never an FTS error.
 * - Case and diacritics: the `unicode61 remove_diacritics 2` tokenizer folds both sides, so "osk"
 *   finds "Ósk Vale" and "beyonce" finds "Beyoncé".
 * - Ranking, per kind: a name that starts with the query's words (exact) > a name holding every
 *   word as a prefix > the words found in the artist/album around it > one typo; then plays.
 *   Each tier is an indexed query or two, run only while the kind still has room (see rank()).
 * - One typo in words of 5+ letters: the word's one-edit neighbours (insertion, deletion,
 *   substitution, transposition) that are terms of the index's own vocabulary; the vocabulary set
 *   is rebuilt only when the catalogue changed.
 *
 * Async so the store behind it can move to a remote database; here it works on the
 * better-sqlite3 handle of the embedded store (FTS5 MATCH and fts5vocab are SQLite's own: a
 * PostgreSQL deployment brings its own CatalogueSearch, e.g. over tsvector and pg_trgm).
 */
import type Database from 'better-sqlite3';
import type { Card, Genre, SearchResponse, SearchTop, SearchTrack } from '../../protocol';
import { NO_ARTWORK } from '../catalogue-view';

export interface SearchLimits {
  tracks: number;
  albums: number;
  artists: number;
  genres: number;
}

export type CatalogueResults = Omit<SearchResponse, 'recent'>;

export const SEARCH_LIMITS: SearchLimits = { tracks: 20, albums: 12, artists: 12, genres: 24 };

export interface CatalogueSearch {
  /**
   * Results for `query` (any text; an empty one browses genres). Never throws for bad text. The
   * catalogue's part only: who is asking (recent searches) is the route's.
   */
  search(query: string): Promise<CatalogueResults>;
}

/** More words than this add nothing on a TV but cost a query each. */
const MAX_WORDS = 8;
/** A word longer than any real one is cut; FTS5 handles it, but it cannot match anything. */
const MAX_WORD = 64;
/** Typo tolerance starts at this many letters: shorter words have too many neighbours. */
const FUZZY_MIN = 5;
/** Per word: the closest candidates, so one common misspelling cannot fan out into hundreds. */
const FUZZY_CANDIDATES = 8;

type Kind = 'artist' | 'album' | 'track';
const TABLE: Record<Kind, string> = { artist: 'artist_search', album: 'album_search', track: 'track_search' };
const HAS_CONTEXT: Record<Kind, boolean> = { artist: false, album: true, track: true };

interface Hit {
  /** The FTS rowid: search_docs.doc. */
  doc: number;
  tier: number;
}

/** Lower case, diacritics and lone surrogates gone: how the tokenizer sees a word. */
export function foldWord(word: string): string {
  return word.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** The query's words (at most MAX_WORDS, each at most MAX_WORD characters), folded. */
export function queryWords(query: string): string[] {
  return query
    .replace(/\p{Cs}/gu, ' ') // lone surrogates: not text
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, MAX_WORDS)
    .map((w) => foldWord([...w].slice(0, MAX_WORD).join('')))
    .filter((w) => w.length > 0);
}

const quote = (w: string) => `"${w.replaceAll('"', '""')}"`;

/**
 * The index vocabulary as a set, and its alphabet. A word's one-edit neighbours are generated
 * (deletions, transpositions, and substitutions and insertions over the alphabet: a few hundred
 * set lookups) rather than pre-computing every term's deletions, which cost seconds on 50k tracks.
 */
export class TypoIndex {
  private readonly terms: Set<string>;
  private readonly alphabet: string[];

  constructor(terms: Iterable<string>) {
    this.terms = new Set(terms);
    const letters = new Set<string>();
    for (const term of this.terms) for (const ch of term) letters.add(ch);
    this.alphabet = [...letters];
  }

  /** Up to FUZZY_CANDIDATES terms one edit away from `word` (not the word itself). */
  candidates(word: string): string[] {
    const chars = [...word];
    const found = new Set<string>();
    const consider = (w: string) => {
      if (w !== word && this.terms.has(w)) found.add(w);
    };
    for (let i = 0; i <= chars.length; i++) {
      const head = chars.slice(0, i).join('');
      const tail = chars.slice(i).join('');
      const rest = chars.slice(i + 1).join('');
      if (i < chars.length) consider(head + rest); // deletion
      if (i < chars.length - 1) consider(head + chars[i + 1] + chars[i] + chars.slice(i + 2).join('')); // transposition
      for (const ch of this.alphabet) {
        consider(head + ch + tail); // insertion
        if (i < chars.length) consider(head + ch + rest); // substitution
      }
      if (found.size >= FUZZY_CANDIDATES) break;
    }
    return [...found].slice(0, FUZZY_CANDIDATES);
  }
}

interface TrackDb {
  doc: number;
  id: string;
  title: string;
  artist_id: string;
  artist_name: string;
  album_id: string;
  album_title: string;
  disc: number;
  number: number;
  duration_ms: number;
  artwork_json: string;
  long_form: SearchTrack['longForm'] | null;
}

interface CardDb {
  doc: number;
  id: string;
  title: string;
  subtitle: string;
  artwork_json: string | null;
}

export class SqliteCatalogueSearch implements CatalogueSearch {
  private readonly limits: SearchLimits;
  private readonly statements = new Map<string, Database.Statement>();
  private typos: { key: string; index: TypoIndex } | null = null;
  private readonly changeKey: () => string;

  constructor(
    private readonly db: Database.Database,
    limits: Partial<SearchLimits> = {},
  ) {
    this.limits = { ...SEARCH_LIMITS, ...limits };
    const dataVersion = db.prepare<[], { v: number }>('SELECT data_version AS v FROM pragma_data_version');
    const changes = db.prepare<[], { c: number }>('SELECT total_changes() AS c');
    // data_version moves when another connection (an ingest) commits, total_changes with ours.
    this.changeKey = () => `${dataVersion.get()!.v}:${changes.get()!.c}`;
  }

  async search(query: string): Promise<CatalogueResults> {
    const trimmed = query.replace(/\p{Cs}/gu, '').trim();
    if (trimmed === '') return { query: '', top: null, tracks: [], albums: [], artists: [], genres: this.genres() };
    const words = queryWords(trimmed);
    if (words.length === 0) return { query: trimmed, top: null, tracks: [], albums: [], artists: [], genres: [] };
    const tiers = this.tierQueries(words);
    const artistHits = this.rank('artist', tiers, this.limits.artists);
    const albumHits = this.rank('album', tiers, this.limits.albums);
    const trackHits = this.rank('track', tiers, this.limits.tracks);
    const artists = this.cards('artist', artistHits);
    const albums = this.cards('album', albumHits);
    const tracks = this.tracks(trackHits);
    return { query: trimmed, top: topResult(artistHits, artists, albumHits, albums, trackHits, tracks), tracks, albums, artists, genres: [] };
  }

  /**
   * One FTS5 expression per tier, shared by every kind; context-only tiers are skipped for
   * artists (they have no context column).
   */
  private tierQueries(words: string[]): Array<{ tier: number; match: string; contextOnly: boolean }> {
    const prefixes = words.map((w) => `${quote(w)}*`).join(' ');
    const tiers = [
      { tier: 0, match: `name : ^ ${quote(words.join(' '))}`, contextOnly: false },
      { tier: 1, match: `name : (${prefixes})`, contextOnly: false },
      { tier: 2, match: prefixes, contextOnly: true },
    ];
    const fuzzy = this.fuzzyExpression(words);
    if (fuzzy) tiers.push({ tier: 3, match: fuzzy, contextOnly: false });
    return tiers;
  }

  /** Each word of 5+ letters may be any of its one-typo neighbours; null when none has one. */
  private fuzzyExpression(words: string[]): string | null {
    let any = false;
    const parts = words.map((w) => {
      const alternatives = w.length >= FUZZY_MIN ? this.typoIndex().candidates(w) : [];
      if (alternatives.length === 0) return `${quote(w)}*`;
      any = true;
      return `(${[`${quote(w)}*`, ...alternatives.map(quote)].join(' OR ')})`;
    });
    return any ? parts.join(' AND ') : null;
  }

  private typoIndex(): TypoIndex {
    const key = this.changeKey();
    if (this.typos?.key !== key) {
      const terms = this.statement(
        'terms',
        `SELECT term FROM artist_search_terms UNION SELECT term FROM album_search_terms
         UNION SELECT term FROM track_search_terms`,
      ).pluck().all() as string[];
      this.typos = { key, index: new TypoIndex(terms) };
    }
    return this.typos.index;
  }

  /**
   * Best tiers first; a tier runs only while the kind still has room, and never repeats a hit.
   * Within a tier: played documents by plays (few rows: only played documents have a count),
   * then unplayed ones in index order, which needs no sort; so a one-letter prefix matching
   * half the catalogue costs its doclist, not a sort of half the catalogue. The exact tier is
   * small, and there the shorter name also wins (the name itself before "… (Remix)").
   */
  private rank(kind: Kind, tiers: ReturnType<SqliteCatalogueSearch['tierQueries']>, limit: number): Hit[] {
    const hits: Hit[] = [];
    const seen = new Set<number>();
    const table = TABLE[kind];
    const take = (docs: number[], tier: number) => {
      for (const doc of docs) {
        if (hits.length >= limit) return;
        if (seen.has(doc)) continue;
        seen.add(doc);
        hits.push({ doc, tier });
      }
    };
    for (const { tier, match, contextOnly } of tiers) {
      if (hits.length >= limit) break;
      if (contextOnly && !HAS_CONTEXT[kind]) continue;
      const want = limit + seen.size;
      if (tier === 0) {
        take(this.docs(`exact:${kind}`, `SELECT s.rowid FROM ${table} s LEFT JOIN play_counts pc ON pc.doc = s.rowid
           WHERE ${table} MATCH ? ORDER BY COALESCE(pc.plays, 0) DESC, length(s.name), s.rowid LIMIT ?`, match, want), tier);
        continue;
      }
      take(this.docs(`played:${kind}`, `SELECT pc.doc FROM play_counts pc
         WHERE pc.plays > 0 AND pc.doc IN (SELECT rowid FROM ${table} WHERE ${table} MATCH ?)
         ORDER BY pc.plays DESC, pc.doc LIMIT ?`, match, want), tier);
      if (hits.length >= limit) break;
      take(this.docs(`unplayed:${kind}`, `SELECT rowid FROM ${table}
         WHERE ${table} MATCH ? AND rowid NOT IN (SELECT doc FROM play_counts WHERE plays > 0) LIMIT ?`, match, want), tier);
    }
    return hits;
  }

  private docs(key: string, sql: string, match: string, limit: number): number[] {
    return this.statement(key, sql).pluck().all(match, limit) as number[];
  }

  private cards(kind: 'artist' | 'album', hits: Hit[]): Card[] {
    if (hits.length === 0) return [];
    const sql =
      kind === 'album'
        ? `SELECT j.value AS doc, al.id, al.title, ar.name AS subtitle, al.artwork_json
           FROM json_each(?) j JOIN search_docs d ON d.doc = j.value
           JOIN albums al ON al.id = d.ref JOIN artists ar ON ar.id = al.artist_id`
        : `SELECT j.value AS doc, ar.id, ar.name AS title,
             (SELECT COUNT(*) FROM albums al WHERE al.artist_id = ar.id) AS subtitle,
             (SELECT al.artwork_json FROM albums al WHERE al.artist_id = ar.id
              ORDER BY al.year IS NULL, al.year DESC, al.added_at DESC LIMIT 1) AS artwork_json
           FROM json_each(?) j JOIN search_docs d ON d.doc = j.value JOIN artists ar ON ar.id = d.ref`;
    const rows = this.statement(`cards:${kind}`, sql).all(JSON.stringify(hits.map((h) => h.doc))) as CardDb[];
    const byDoc = new Map(rows.map((r) => [r.doc, r]));
    return hits.flatMap((h) => {
      const r = byDoc.get(h.doc);
      if (!r) return [];
      const subtitle = kind === 'album' ? String(r.subtitle) : Number(r.subtitle) === 1 ? '1 album' : `${r.subtitle} albums`;
      const artwork = r.artwork_json === null ? NO_ARTWORK : (JSON.parse(r.artwork_json) as Card['artwork']);
      return [{ kind, id: r.id, title: r.title, subtitle, artwork }];
    });
  }

  private tracks(hits: Hit[]): SearchTrack[] {
    if (hits.length === 0) return [];
    const rows = this.statement(
      'tracks',
      `SELECT j.value AS doc, t.id, t.title, t.artist_id, ar.name AS artist_name, t.album_id,
              al.title AS album_title, t.disc, t.number, t.duration_ms, al.artwork_json, lf.kind AS long_form
       FROM json_each(?) j JOIN search_docs d ON d.doc = j.value JOIN tracks t ON t.id = d.ref
       JOIN albums al ON al.id = t.album_id JOIN artists ar ON ar.id = t.artist_id
       LEFT JOIN episodes lf ON lf.track_id = t.id`,
    ).all(JSON.stringify(hits.map((h) => h.doc))) as TrackDb[];
    const byDoc = new Map(rows.map((r) => [r.doc, r]));
    return hits.flatMap((h) => {
      const r = byDoc.get(h.doc);
      if (!r) return [];
      return [{
        id: r.id,
        title: r.title,
        artist: { id: r.artist_id, name: r.artist_name },
        albumId: r.album_id,
        albumTitle: r.album_title,
        disc: r.disc,
        number: r.number,
        durationMs: r.duration_ms,
        artwork: JSON.parse(r.artwork_json) as SearchTrack['artwork'],
        ...(r.long_form ? { longForm: r.long_form } : {}),
      }];
    });
  }

  private genres(): Genre[] {
    return this.statement(
      'genres',
      // Grouped as stored (binary), so the partial index tracks_genre answers it without reading
      // 50k rows; NOCASE grouping cost 50–100 ms there.
      `SELECT genre AS name, COUNT(*) AS trackCount FROM tracks INDEXED BY tracks_genre
       WHERE genre IS NOT NULL AND genre <> '' GROUP BY genre ORDER BY trackCount DESC, name LIMIT ?`,
    ).all(this.limits.genres) as Genre[];
  }

  private statement(key: string, sql: string): Database.Statement {
    let s = this.statements.get(key);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(key, s);
    }
    return s;
  }
}

/** The best tier wins; on a tie an artist before an album before a track (a page before a row). */
function topResult(
  artistHits: Hit[],
  artists: Card[],
  albumHits: Hit[],
  albums: Card[],
  trackHits: Hit[],
  tracks: SearchTrack[],
): SearchTop | null {
  const candidates: Array<{ tier: number; top: SearchTop }> = [];
  if (artists[0] && artistHits[0]) candidates.push({ tier: artistHits[0].tier, top: { kind: 'artist', card: artists[0] } });
  if (albums[0] && albumHits[0]) candidates.push({ tier: albumHits[0].tier, top: { kind: 'album', card: albums[0] } });
  if (tracks[0] && trackHits[0]) candidates.push({ tier: trackHits[0].tier, top: { kind: 'track', track: tracks[0] } });
  let best: { tier: number; top: SearchTop } | null = null;
  for (const c of candidates) if (!best || c.tier < best.tier) best = c;
  return best?.top ?? null;
}
