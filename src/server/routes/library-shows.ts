/**
 * Long-form audio: GET /api/v1/shows/:id (episodes newest first, with the profile's positions and
 * played marks when a token is sent), and a profile's position in a track: PUT every 5 s while
 * playing and on pause/stop/track change/exit, GET when the TV offers "Resume from 23:14".
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  API_PREFIX,
  ErrorBody,
  PositionParams,
  PositionRequest,
  PositionResponse,
  ShowParams,
  ShowResponse,
  type PositionResponse as Position,
} from '../../protocol';
import type { LongFormKind, PositionRow } from '../../store';
import { artistRef, trackSummary } from '../catalogue-view';
import { NotFoundError } from '../errors';
import { BadInputError, profileOf } from './library-view';

const errors = { '4xx': ErrorBody, '5xx': ErrorBody };
/** A position report is ~20 bytes of JSON. */
const POSITION_BODY_LIMIT = 1024;
/**
 * A player's idea of the end (the media element's duration) may run past the duration stored at
 * ingest by a frame or so; within this it is the end (the store clamps), beyond it a 400.
 */
const END_SLACK_MS = 2000;

function position(trackId: string, row: PositionRow | undefined, kind: LongFormKind | null): Position {
  return { trackId, positionMs: row?.positionMs ?? 0, played: row?.played ?? false, updatedAt: row?.updatedAt ?? null, kind };
}

export const showsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const shows = fastify.shows;
  const priv = { onRequest: fastify.requireAuth };

  fastify.get(
    `${API_PREFIX}/shows/:id`,
    { schema: { params: ShowParams, response: { 200: ShowResponse, ...errors } } },
    async (request, reply) => {
      const { id } = request.params;
      const profileId = request.auth?.profileId ?? null;
      const found = await shows.show(id, profileId);
      if (!found) throw new NotFoundError(`Show ${id}`);
      const { album } = found.show;
      return reply.header('cache-control', profileId ? 'private, no-store' : 'no-cache').send({
        show: { id: album.id, title: album.title, author: artistRef(album), kind: found.show.kind, artwork: album.artwork },
        episodes: found.episodes.map((e) => ({
          track: trackSummary(e.track),
          publishedAt: e.publishedAt,
          description: e.description,
          positionMs: e.positionMs,
          played: e.played,
        })),
      });
    },
  );

  fastify.get(
    `${API_PREFIX}/me/positions/:id`,
    { ...priv, schema: { params: PositionParams, response: { 200: PositionResponse, ...errors } } },
    async (request, reply) => {
      const { id } = request.params;
      const profileId = profileOf(request);
      const [row, kind, track] = await Promise.all([shows.position(profileId, id), shows.episodeKind(id), fastify.store.track(id)]);
      if (!track) throw new NotFoundError(`Track ${id}`);
      return reply.header('cache-control', 'private, no-store').send(position(id, row, kind));
    },
  );

  fastify.put(
    `${API_PREFIX}/me/positions/:id`,
    {
      ...priv,
      bodyLimit: POSITION_BODY_LIMIT,
      schema: { params: PositionParams, body: PositionRequest, response: { 200: PositionResponse, ...errors } },
    },
    async (request, reply) => {
      const { id } = request.params;
      const profileId = profileOf(request);
      const { positionMs } = request.body;
      const track = await fastify.store.track(id);
      if (!track) throw new NotFoundError(`Track ${id}`);
      if (positionMs > track.durationMs + END_SLACK_MS) {
        throw new BadInputError(`positionMs: ${positionMs} is past the end of the track (${track.durationMs} ms)`);
      }
      const row = await shows.savePosition(profileId, id, positionMs, Date.now());
      if (!row) throw new NotFoundError(`Track ${id}`);
      return reply.header('cache-control', 'no-store').send(position(id, row, await shows.episodeKind(id)));
    },
  );
};
