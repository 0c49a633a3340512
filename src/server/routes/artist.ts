/** GET /api/v1/artists/:id: the Artist screen (artist, albums newest first, top tracks). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { API_PREFIX, ArtistParams, ArtistResponse, ErrorBody } from '../../protocol';
import { NO_ARTWORK, albumCard, trackSummary } from '../catalogue-view';
import { NotFoundError } from '../errors';
import { manifestCacheFor, type ManifestSource } from '../manifest-cache';
import { SERVER_DEFAULTS } from '../server-defaults';
import type { CatalogueStore } from '../store/catalogue-store';

export function buildArtist(store: CatalogueStore, id: string, manifests?: ManifestSource): ArtistResponse {
  const artist = store.artist(id);
  if (!artist) throw new NotFoundError(`Artist ${id}`);
  return {
    artist: { id: artist.id, name: artist.name, artwork: artist.artwork ?? NO_ARTWORK },
    albums: store.artistAlbums(id).map(albumCard),
    topTracks: store.artistTopTracks(id, SERVER_DEFAULTS.artist.topTracksLimit).map((row) => trackSummary(row, manifests)),
  };
}

export const artistRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const manifests = manifestCacheFor(fastify.config.mediaDir).text;
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
