/**
 * GET /api/v1/tracks/:id/playback: what the player needs to start a track: the DASH manifest,
 * a progressive fallback for devices without MSE, the codec ladder and the loudness gain.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { API_PREFIX, ErrorBody, PlaybackResponse, TrackParams } from '../../protocol';
import { artistRef, playbackStart } from '../catalogue-view';
import { NotFoundError } from '../errors';
import { SERVER_DEFAULTS } from '../server-defaults';
import type { CatalogueStore } from '../../store';

export async function buildPlayback(store: CatalogueStore, id: string): Promise<PlaybackResponse> {
  const track = await store.track(id);
  if (!track) throw new NotFoundError(`Track ${id}`);
  const { manifest: _inline, ...start } = playbackStart(track);
  return {
    ...start,
    trackId: track.id,
    title: track.title,
    artist: artistRef(track),
    albumId: track.albumId,
    albumTitle: track.albumTitle,
    artwork: track.artwork,
    loudness: { integratedLufs: track.integratedLufs, truePeakDbtp: track.truePeakDbtp },
    ...(track.longForm ? { longForm: track.longForm } : {}),
  };
}

export const playbackRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    `${API_PREFIX}/tracks/:id/playback`,
    {
      schema: {
        params: TrackParams,
        response: { 200: PlaybackResponse, '4xx': ErrorBody, '5xx': ErrorBody },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      return reply.sendCatalogue(`playback:${id}`, SERVER_DEFAULTS.cacheControl.catalogue, () =>
        buildPlayback(fastify.store, id),
      );
    },
  );
};
