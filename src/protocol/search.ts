/**
 * GET /api/v1/search?q=: everything the Search screen draws for one keystroke, in one call.
 * A query is words; punctuation and FTS syntax are plain characters to the BFF (never operators),
 * so any text gets results or a 400 that names `q`, never a 500.
 */
import { Type, type Static } from '@sinclair/typebox';
import { AlbumId, ArtistRef, Artwork, Card, TrackSummary } from './catalogue';

/** Longer than anyone types on a remote; refused with a 400 rather than truncated silently. */
export const SEARCH_QUERY_MAX = 200;

export const SearchQuery = Type.Object(
  { q: Type.String({ maxLength: SEARCH_QUERY_MAX, default: '' }) },
  { additionalProperties: false },
);
export type SearchQuery = Static<typeof SearchQuery>;

/** A track line with what a result row draws beside it: its album and cover. */
export const SearchTrack = Type.Composite([
  TrackSummary,
  Type.Object({ albumTitle: Type.String(), artwork: Artwork }),
]);
export type SearchTrack = Static<typeof SearchTrack>;

export const SearchTop = Type.Union([
  Type.Object({ kind: Type.Literal('track'), track: SearchTrack }),
  Type.Object({ kind: Type.Union([Type.Literal('album'), Type.Literal('artist')]), card: Card }),
]);
export type SearchTop = Static<typeof SearchTop>;

export const Genre = Type.Object({ name: Type.String(), trackCount: Type.Integer({ minimum: 1 }) });
export type Genre = Static<typeof Genre>;

export const SearchResponse = Type.Object({
  /** The query as the BFF understood it (trimmed); the client drops answers to older queries. */
  query: Type.String(),
  top: Type.Union([SearchTop, Type.Null()]),
  tracks: Type.Array(SearchTrack),
  albums: Type.Array(Card),
  artists: Type.Array(Card),
  /** Only for an empty query: genres from the catalogue's tags, most tracks first. */
  genres: Type.Array(Genre),
  /** Only for an empty query: the signed-in profile's recent searches, newest first; none for a guest. */
  recent: Type.Array(Type.String()),
});
export type SearchResponse = Static<typeof SearchResponse>;


/** Recent searches kept per profile (and listed by the empty query): the oldest go first. */
export const RECENT_SEARCHES_KEPT = 20;

/**
 * POST /api/v1/me/recent-searches: a search the user settled on (chose one of its results). One
 * line of text as the search box holds it; blank, control characters or too long are a 400.
 */
export const RecentSearchRequest = Type.Object(
  { query: Type.String({ minLength: 1, maxLength: SEARCH_QUERY_MAX }) },
  { additionalProperties: false },
);
export type RecentSearchRequest = Static<typeof RecentSearchRequest>;
