/**
 * GET /api/v1/home: the Home screen in one call. Rails: "Jump back in" (only once something has
 * been played), "Recently added", "Artists". Revalidated on every visit (it changes with plays),
 * answered from the response cache with a 304 when nothing changed.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { API_PREFIX, ErrorBody, HomeResponse, type Rail } from '../../protocol';
import { albumCard, artistCard } from '../catalogue-view';
import { SERVER_DEFAULTS } from '../server-defaults';
import type { CatalogueStore } from '../store/catalogue-store';

const LIMITS = SERVER_DEFAULTS.home;

/** Artist names sort the way people read them ("Åsa" near "Asa", "émile" near "Emile"). */
const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

export function buildHome(store: CatalogueStore): HomeResponse {
  const rails: Rail[] = [];

  const played = store.recentlyPlayedAlbums(LIMITS.jumpBackInLimit);
  if (played.length > 0) {
    rails.push({ id: 'jump-back-in', title: 'Jump back in', items: played.map(albumCard) });
  }

  const recent = store.recentAlbums(LIMITS.recentlyAddedLimit);
  if (recent.length > 0) {
    rails.push({ id: 'recent-albums', title: 'Recently added', items: recent.map(albumCard) });
  }

  const artists = store
    .artists(LIMITS.artistsLimit)
    .map((artist) => ({ artist, albums: store.artistAlbums(artist.id).length }))
    // An artist who only appears on someone else's album has no page worth opening yet.
    .filter((a) => a.albums > 0)
    .sort((a, b) => collator.compare(a.artist.name, b.artist.name));
  if (artists.length > 0) {
    rails.push({
      id: 'artists',
      title: 'Artists',
      items: artists.map((a) => artistCard(a.artist, a.albums)),
    });
  }

  return { rails };
}

export const homeRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    `${API_PREFIX}/home`,
    { schema: { response: { 200: HomeResponse, '4xx': ErrorBody, '5xx': ErrorBody } } },
    async (_request, reply) =>
      reply.sendCatalogue('home', SERVER_DEFAULTS.cacheControl.home, () =>
        buildHome(fastify.store),
      ),
  );
};
