/** GET /api/v1/artists/:id: the Artist screen (artist, albums newest first, top tracks). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { API_PREFIX, ArtistParams, ArtistResponse, ErrorBody } from '../../protocol';
import { NO_ARTWORK, albumCard, trackSummary } from '../catalogue-view';
import { NotFoundError } from '../errors';
import { manifestCacheFor, type ManifestSource } from '../manifest-cache';
import { SERVER_DEFAULTS } from '../server-defaults';
import type { CatalogueStore } from '../../store';

export async function buildArtist(store: CatalogueStore, id: string, manifests?: ManifestSource): Promise<ArtistResponse> {
  const artist = await store.artist(id);
  if (!artist) throw new NotFoundError(`Artist ${id}`);
  const [albums, topTracks] = await Promise.all([
    store.artistAlbums(id),
    store.artistTopTracks(id, SERVER_DEFAULTS.artist.topTracksLimit),
  ]);
  return {
    artist: { id: artist.id, name: artist.name, artwork: artist.artwork ?? NO_ARTWORK },
    albums: albums.map(albumCard),
    topTracks: topTracks.map((row) => trackSummary(row, manifests)),
  };
}

export const artistRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const manifests = manifestCacheFor(fastify.config.mediaDir).start;
  fastify.get(
    `${API_PREFIX}/artists/:id`,
    {
      schema: {
        params: ArtistParams,
        response: { 200: ArtistResponse, '4xx': ErrorBody, '5xx': ErrorBody },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      return reply.sendCatalogue(`artist:${id}`, SERVER_DEFAULTS.cacheControl.catalogue, () =>
        buildArtist(fastify.store, id, manifests),
      );
    },
  );
};
