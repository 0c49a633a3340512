/**
 * GET /api/v1/search?q=: the Search screen for one keystroke (src/protocol/search.ts). Any text
 * is a query; only a `q` over SEARCH_QUERY_MAX characters (or an unknown parameter) is a 400.
 * Not cached here: the TV keeps its recent answers, and a keystroke's query is rarely repeated.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { API_PREFIX, ErrorBody, SearchQuery, SearchResponse } from '../../protocol';
import type { CatalogueSearch } from '../search/sqlite-catalogue-search';

export interface SearchRoutesOptions {
  search: CatalogueSearch;
}

export const searchRoutes: FastifyPluginAsyncTypebox<SearchRoutesOptions> = async (fastify, opts) => {
  fastify.get(
    `${API_PREFIX}/search`,
    { schema: { querystring: SearchQuery, response: { 200: SearchResponse, '4xx': ErrorBody, '5xx': ErrorBody } } },
    async (request, reply) => {
      const result = await opts.search.search(request.query.q);
      return reply.header('cache-control', 'no-cache').send(result);
    },
  );
};
