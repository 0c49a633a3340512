/**
 * GET /api/v1/tracks/:id/playback: what the player needs to start a track: the DASH manifest,
 * a progressive fallback for devices without MSE, the codec ladder and the loudness gain.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  API_PREFIX,
  ErrorBody,
  PlaybackResponse,
  TrackParams,
  normalisationGainDb,
} from '../../protocol';
import { artistRef } from '../catalogue-view';
import { MANIFEST_FILE, MEDIA_URL_PREFIX, PROGRESSIVE_FILE, trackMediaPath } from '../../config/encore-config';
import { NotFoundError } from '../errors';
import { SERVER_DEFAULTS } from '../server-defaults';
import type { CatalogueStore } from '../../store';

export async function buildPlayback(store: CatalogueStore, id: string): Promise<PlaybackResponse> {
  const track = await store.track(id);
  if (!track) throw new NotFoundError(`Track ${id}`);
  const media = `${MEDIA_URL_PREFIX}/${trackMediaPath(track.contentHash)}`;
  return {
    trackId: track.id,
    title: track.title,
    artist: artistRef(track),
    albumId: track.albumId,
    albumTitle: track.albumTitle,
    artwork: track.artwork,
    durationMs: track.durationMs,
    manifestUrl: `${media}/${MANIFEST_FILE}`,
    progressiveUrl: `${media}/${PROGRESSIVE_FILE}`,
    progressiveMimeType: 'audio/mp4',
    loudness: { integratedLufs: track.integratedLufs, truePeakDbtp: track.truePeakDbtp },
    gainDb: normalisationGainDb(track.integratedLufs, track.truePeakDbtp),
    ladder: track.ladder,
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
