/**
 * GET /api/v1/tracks/:id/playback: what the player needs to start a track: the DASH manifest,
 * a progressive fallback for devices without MSE, the codec ladder and the loudness gain.
 * GET /api/v1/tracks/playback?ids=…: the same for up to PLAYBACK_BATCH_MAX tracks in one call, for
 * a queue a phone sends the TV and the phone's queue titles (one call per track took seconds for
 * a playlist: six connections, one round trip each).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { API_PREFIX, ErrorBody, PlaybackBatchQuery, PlaybackBatchResponse, PlaybackResponse, TrackParams } from '../../protocol';
import { artistRef, playbackStart } from '../catalogue-view';
import { NotFoundError } from '../errors';
import { SERVER_DEFAULTS } from '../server-defaults';
import type { CatalogueStore, TrackRow } from '../../store';

export async function buildPlayback(store: CatalogueStore, id: string): Promise<PlaybackResponse> {
  const track = await store.track(id);
  if (!track) throw new NotFoundError(`Track ${id}`);
  return playbackOf(track);
}

function playbackOf(track: TrackRow): PlaybackResponse {
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
    `${API_PREFIX}/tracks/playback`,
    { schema: { querystring: PlaybackBatchQuery, response: { 200: PlaybackBatchResponse, '4xx': ErrorBody, '5xx': ErrorBody } } },
    async (request, reply) => {
      const ids = [...new Set(request.query.ids.split(','))];
      const byId = new Map((await fastify.store.tracks(ids)).map((t) => [t.id, t]));
      // Not in the screen cache: any set of ids is a key, and they would evict the screens.
      void reply.header('cache-control', SERVER_DEFAULTS.cacheControl.catalogue);
      return { tracks: ids.flatMap((id) => (byId.has(id) ? [playbackOf(byId.get(id)!)] : [])) };
    },
  );
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
