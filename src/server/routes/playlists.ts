/**
 * Playlists of the signed-in profile: list and create under /api/v1/me/playlists; read a page,
 * delete, and edit by operation under /api/v1/playlists/:id. Another profile's playlist is a 404.
 *
 * An edit names the version it was made against and carries a client operation id: applied once
 * (a retry gets the recorded answer with `replayed: true`), 409 with `currentVersion` when the
 * base is stale (the client rebases with protocol/playlist-operations.ts), and nothing half-applied.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import {
  API_PREFIX,
  CreatePlaylistRequest,
  ErrorBody,
  ErrorCode,
  LIBRARY_LIMITS,
  LibraryPath,
  LibraryQuery,
  OperationRequest,
  OperationResponse,
  PageQuery,
  PlaylistParams,
  PlaylistResponse,
  PlaylistSummary,
  PlaylistsResponse,
  StaleVersionBody,
  type OperationBody,
  type PlaylistOperation,
} from '../../protocol';
import { ConflictError, NotFoundError } from '../errors';
import {
  BadInputError,
  playlistCursor,
  playlistEntry,
  playlistName,
  playlistSummary,
  profileOf,
  readPlaylistCursor,
} from './library-view';

const errors = { '4xx': ErrorBody, '5xx': ErrorBody };
const PLAYLIST_URL = `${API_PREFIX}/playlists/:id`;
/** A full insert (1,000 ids of 17 bytes) fits; the schema, not a 413, names a bigger one. */
const OPERATION_BODY_LIMIT = 256 * 1024;

function required<T>(value: T | undefined, field: string, op: string): T {
  if (value === undefined) throw new BadInputError(`operation.${field}: is required for ${op}`);
  return value;
}

/** The wire's one-object form → a typed operation; fields another kind uses are refused. */
export function toOperation(body: OperationBody): PlaylistOperation {
  const allowed = { insert: ['at', 'trackIds'], move: ['from', 'to'], remove: ['at'], rename: ['name'] }[body.op];
  for (const key of Object.keys(body)) {
    if (key !== 'op' && !allowed.includes(key)) throw new BadInputError(`operation.${key}: is not allowed for ${body.op}`);
  }
  switch (body.op) {
    case 'insert':
      return { op: 'insert', at: required(body.at, 'at', 'insert'), trackIds: required(body.trackIds, 'trackIds', 'insert') };
    case 'move':
      return { op: 'move', from: required(body.from, 'from', 'move'), to: required(body.to, 'to', 'move') };
    case 'remove':
      return { op: 'remove', at: required(body.at, 'at', 'remove') };
    case 'rename':
      return { op: 'rename', name: playlistName(required(body.name, 'name', 'rename'), 'operation.name') };
  }
}

function stale(reply: FastifyReply, currentVersion: number, message: string): FastifyReply {
  const body: StaleVersionBody = { error: ErrorCode.Conflict, message, statusCode: 409, currentVersion };
  return reply.code(409).header('cache-control', 'no-store').send(body);
}

export const playlistsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const library = fastify.library;
  // onRequest, not preHandler: a request without a token learns nothing, not even what the body should be.
  const priv = { onRequest: fastify.requireAuth };

  fastify.get(
    LibraryPath.playlists(),
    { ...priv, schema: { querystring: LibraryQuery, response: { 200: PlaylistsResponse, ...errors } } },
    async (request, reply) => {
      const rows = await library.playlists(profileOf(request), request.query.sort ?? 'recent');
      return reply.header('cache-control', 'private, no-store').send({ playlists: rows.map(playlistSummary) });
    },
  );

  fastify.post(
    LibraryPath.playlists(),
    { ...priv, bodyLimit: 4096, schema: { body: CreatePlaylistRequest, response: { 201: PlaylistSummary, ...errors } } },
    async (request, reply) => {
      const profileId = profileOf(request);
      const row = await library.createPlaylist(profileId, playlistName(request.body.name, 'name'), Date.now());
      fastify.responseCache.invalidate();
      return reply.code(201).header('location', LibraryPath.playlist(row.id)).send(playlistSummary(row));
    },
  );

  fastify.get(
    PLAYLIST_URL,
    {
      ...priv,
      schema: { params: PlaylistParams, querystring: PageQuery, response: { 200: PlaylistResponse, 409: StaleVersionBody, ...errors } },
    },
    async (request, reply) => {
      const { id } = request.params;
      const cursor = readPlaylistCursor(request.query.cursor);
      const limit = request.query.limit ?? LIBRARY_LIMITS.pageDefault;
      const page = await library.playlistPage(profileOf(request), id, cursor?.offset ?? 0, limit);
      if (!page) throw new NotFoundError(`Playlist ${id}`);
      if (cursor && cursor.version !== page.playlist.version) {
        return stale(reply, page.playlist.version, `cursor: the playlist changed (version ${cursor.version} → ${page.playlist.version}); reload it`);
      }
      const next = (cursor?.offset ?? 0) + page.entries.length;
      return reply.header('cache-control', 'private, no-store').send({
        playlist: playlistSummary(page.playlist),
        entries: page.entries.map(playlistEntry),
        nextCursor: next < page.playlist.trackCount ? playlistCursor(page.playlist.version, next) : null,
      });
    },
  );

  fastify.delete(
    PLAYLIST_URL,
    { ...priv, schema: { params: PlaylistParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      const { id } = request.params;
      if (!(await library.deletePlaylist(profileOf(request), id))) throw new NotFoundError(`Playlist ${id}`);
      fastify.responseCache.invalidate();
      return reply.code(204).send(null);
    },
  );

  fastify.post(
    `${PLAYLIST_URL}/operations`,
    {
      ...priv,
      bodyLimit: OPERATION_BODY_LIMIT,
      schema: {
        params: PlaylistParams,
        body: OperationRequest,
        response: { 200: OperationResponse, 409: StaleVersionBody, ...errors },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const profileId = profileOf(request);
      const { operationId, baseVersion } = request.body;
      const operation = toOperation(request.body.operation);
      const outcome = await library.applyOperation(profileId, id, { operationId, baseVersion, operation }, Date.now());
      switch (outcome.kind) {
        case 'not_found':
          throw new NotFoundError(`Playlist ${id}`);
        case 'invalid':
          throw new BadInputError(outcome.problem);
        case 'id_reused':
          throw new ConflictError(`operationId: ${operationId} was already used for a different operation; make a new id`);
        case 'stale':
          return stale(reply, outcome.version, `baseVersion: ${baseVersion} is stale; the playlist is at version ${outcome.version}`);
        case 'applied':
        case 'replayed':
          if (outcome.kind === 'applied') fastify.responseCache.invalidate();
          return reply.header('cache-control', 'no-store').send({
            playlistId: id,
            version: outcome.version,
            replayed: outcome.kind === 'replayed',
            entryIds: outcome.entryIds,
          });
      }
    },
  );
};
