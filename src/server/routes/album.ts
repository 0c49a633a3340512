/** GET /api/v1/albums/:id: the Album screen (album, its tracks, more by the same artist). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { API_PREFIX, AlbumParams, AlbumResponse, ErrorBody } from '../../protocol';
import { albumCard, albumOf, byDiscAndNumber, trackSummary } from '../catalogue-view';
import { NotFoundError } from '../errors';
import { manifestCacheFor, type ManifestSource } from '../manifest-cache';
import { SERVER_DEFAULTS } from '../server-defaults';
import type { CatalogueStore } from '../../store';

export async function buildAlbum(store: CatalogueStore, id: string, manifests?: ManifestSource): Promise<AlbumResponse> {
  const album = await store.album(id);
  if (!album) throw new NotFoundError(`Album ${id}`);
  const [tracks, byArtist] = await Promise.all([store.albumTracks(id), store.artistAlbums(album.artistId)]);
  return {
    album: albumOf(album),
    tracks: tracks.sort(byDiscAndNumber).map((row) => trackSummary(row, manifests)),
    moreByArtist: byArtist
      .filter((a) => a.id !== id)
      .map(albumCard),
  };
}

export const albumRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const manifests = manifestCacheFor(fastify.config.mediaDir).start;
  fastify.get(
    `${API_PREFIX}/albums/:id`,
    {
      schema: {
        params: AlbumParams,
        response: { 200: AlbumResponse, '4xx': ErrorBody, '5xx': ErrorBody },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      return reply.sendCatalogue(`album:${id}`, SERVER_DEFAULTS.cacheControl.catalogue, () =>
        buildAlbum(fastify.store, id, manifests),
      );
    },
  );
};
