/**
 * GET /api/v1/search?q=: the Search screen for one keystroke (src/protocol/search.ts). Any text
 * is a query; only a `q` over SEARCH_QUERY_MAX characters (or an unknown parameter) is a 400.
 * Not cached here: the TV keeps its recent answers, and a keystroke's query is rarely repeated.
 * The empty query also lists the signed-in profile's recent searches (a guest has none), which
 * POST /api/v1/me/recent-searches adds to and DELETE clears.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { API_PREFIX, ApiPath, ErrorBody, RECENT_SEARCHES_KEPT, RecentSearchRequest, SearchQuery, SearchResponse } from '../../protocol';
import type { RecentSearchStore } from '../../store';
import type { CatalogueSearch } from '../search/sqlite-catalogue-search';
import { BadInputError, profileOf } from './library-view';

export interface SearchRoutesOptions {
  search: CatalogueSearch;
  recent: RecentSearchStore;
}

const errors = { '4xx': ErrorBody, '5xx': ErrorBody };
// C0, DEL, C1, line/paragraph separators, and lone surrogates (half a character: not text).
const NOT_ONE_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A search as kept: one line of text, trimmed, runs of spaces as one. */
export function recentSearchQuery(raw: string): string {
  if (NOT_ONE_LINE.test(raw)) throw new BadInputError('query: must be one line of text (no control characters or broken characters)');
  const query = raw.trim().replace(/\s+/g, ' ');
  if (query === '') throw new BadInputError('query: must not be blank');
  return query;
}

export const searchRoutes: FastifyPluginAsyncTypebox<SearchRoutesOptions> = async (fastify, opts) => {
  fastify.get(
    `${API_PREFIX}/search`,
    { schema: { querystring: SearchQuery, response: { 200: SearchResponse, ...errors } } },
    async (request, reply) => {
      const result = await opts.search.search(request.query.q);
      const profileId = request.auth?.profileId ?? null;
      const recent = result.query === '' && profileId !== null ? await opts.recent.recent(profileId, RECENT_SEARCHES_KEPT) : [];
      // Per profile when signed in: no shared cache may keep one profile's answer for another.
      return reply.header('cache-control', 'private, no-cache').send({ ...result, recent });
    },
  );

  const priv = { onRequest: fastify.requireAuth };

  fastify.post(
    ApiPath.recentSearches(),
    { ...priv, bodyLimit: 4096, schema: { body: RecentSearchRequest, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      const profileId = profileOf(request);
      await opts.recent.remember(profileId, recentSearchQuery(request.body.query), Date.now(), RECENT_SEARCHES_KEPT);
      return reply.code(204).send(null);
    },
  );

  fastify.delete(
    ApiPath.recentSearches(),
    { ...priv, schema: { response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      await opts.recent.clear(profileOf(request));
      return reply.code(204).send(null);
    },
  );
};
