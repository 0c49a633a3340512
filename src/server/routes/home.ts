/**
 * GET /api/v1/home: the Home screen in one call. Rails: "Jump back in" (only once something has
 * been played), "Your playlists" (a signed-in profile that has some), "Recently added", "Artists". Revalidated on every visit (it changes with plays),
 * answered from the response cache with a 304 when nothing changed.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { API_PREFIX, ErrorBody, HomeResponse, type Rail } from '../../protocol';
import { albumCard, artistCard, playlistCard, showCard } from '../catalogue-view';
import { SERVER_DEFAULTS } from '../server-defaults';
import type { AlbumRow, CatalogueStore, LibraryStore, ShowStore } from '../../store';

const LIMITS = SERVER_DEFAULTS.home;

/**
 * Home for a profile, or for a guest (`null`): a guest has no "Jump back in", since anything a
 * request without a token can read, any web page can read.
 */
export async function buildHome(
  store: CatalogueStore,
  profileId: string | null,
  library?: LibraryStore,
  shows?: ShowStore,
): Promise<HomeResponse> {
  const [played, recent, artists, playlists, showRows] = await Promise.all([
    profileId === null ? [] : store.recentlyPlayedAlbums(profileId, LIMITS.jumpBackInLimit),
    store.recentAlbums(LIMITS.recentlyAddedLimit),
    // Ordered by the ingest's sort key and limited in the one query (no N+1).
    store.artistsWithAlbums(LIMITS.artistsLimit),
    profileId === null || !library ? [] : library.playlists(profileId, 'recent', LIMITS.playlistsLimit),
    // A podcast or audiobook among the recent albums opens its show page (resume), not the album page.
    shows ? shows.shows(LIMITS.recentlyAddedLimit) : [],
  ]);
  const showIds = new Set(showRows.map((s) => s.album.id));
  const card = (row: AlbumRow) => (showIds.has(row.id) ? showCard(row) : albumCard(row));
  const rails: Rail[] = [];
  if (played.length > 0) {
    rails.push({ id: 'jump-back-in', title: 'Jump back in', items: played.map(card) });
  }
  if (playlists.length > 0) {
    rails.push({ id: 'your-playlists', title: 'Your playlists', items: playlists.map(playlistCard) });
  }
  if (recent.length > 0) {
    rails.push({ id: 'recent-albums', title: 'Recently added', items: recent.map(card) });
  }
  if (artists.length > 0) {
    rails.push({ id: 'artists', title: 'Artists', items: artists.map(artistCard) });
  }
  return { rails };
}

export const homeRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    `${API_PREFIX}/home`,
    { schema: { response: { 200: HomeResponse, '4xx': ErrorBody, '5xx': ErrorBody } } },
    async (request, reply) => {
      const profileId = request.auth?.profileId ?? null;
      return reply.sendCatalogue(
        profileId === null ? 'home:guest' : `home:${profileId}`,
        profileId === null ? SERVER_DEFAULTS.cacheControl.home : SERVER_DEFAULTS.cacheControl.privateScreen,
        () => buildHome(fastify.store, profileId, fastify.library, fastify.shows),
      );
    },
  );
};
