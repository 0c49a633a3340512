/**
 * A profile's library: GET /api/v1/me/library (the Library screen in one call), liked tracks paged
 * newest first, and like/save/follow as PUT/DELETE of the item under /me/library/<kind>/:id
 * (idempotent: liking twice keeps the first date, unliking what is not liked is fine).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from '@sinclair/typebox';
import {
  API_PREFIX,
  ErrorBody,
  FollowedArtistParams,
  LIBRARY_LIMITS,
  LibraryPath,
  LibraryQuery,
  LibraryResponse,
  LikedTrackParams,
  LikedTracksResponse,
  PageQuery,
  SavedAlbumParams,
  type LikedTracksResponse as LikedTracks,
} from '../../protocol';
import type { LibraryKind, LibraryStore, LikedCursor } from '../../store';
import { albumCard, artistCard, showCard } from '../catalogue-view';
import { NotFoundError } from '../errors';
import { libraryTrack, likedCursor, playlistSummary, profileOf, readLikedCursor } from './library-view';

const errors = { '4xx': ErrorBody, '5xx': ErrorBody };
const NO_STORE = 'private, no-store';
/** Shows on the Library screen; a household's podcasts fit in a few rows. */
const SHOWS_LIMIT = 100;

async function likedPage(library: LibraryStore, profileId: string, limit: number, cursor?: LikedCursor): Promise<LikedTracks> {
  const { rows, total } = await library.likedTracks(profileId, limit, cursor);
  const last = rows[rows.length - 1];
  return { tracks: rows.map(libraryTrack), total, nextCursor: rows.length === limit && last ? likedCursor(last) : null };
}

const ITEMS: ReadonlyArray<{ kind: LibraryKind; url: string; params: TSchema; noun: string }> = [
  { kind: 'track', url: `${API_PREFIX}/me/library/tracks/:id`, params: LikedTrackParams, noun: 'Track' },
  { kind: 'album', url: `${API_PREFIX}/me/library/albums/:id`, params: SavedAlbumParams, noun: 'Album' },
  { kind: 'artist', url: `${API_PREFIX}/me/library/artists/:id`, params: FollowedArtistParams, noun: 'Artist' },
];

export const libraryRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const library = fastify.library;
  // onRequest, not preHandler: a request without a token learns nothing, not even what the body should be.
  const priv = { onRequest: fastify.requireAuth };

  fastify.get(
    LibraryPath.library(),
    { ...priv, schema: { querystring: LibraryQuery, response: { 200: LibraryResponse, ...errors } } },
    async (request, reply) => {
      const profileId = profileOf(request);
      const sort = request.query.sort ?? 'recent';
      const [liked, playlists, albums, artists, shows] = await Promise.all([
        likedPage(library, profileId, LIBRARY_LIMITS.libraryLikedPreview),
        library.playlists(profileId, sort),
        library.savedAlbums(profileId, sort),
        library.followedArtists(profileId, sort),
        fastify.shows.shows(SHOWS_LIMIT),
      ]);
      return reply.header('cache-control', NO_STORE).send({
        sort,
        liked,
        playlists: playlists.map(playlistSummary),
        albums: albums.map(albumCard),
        artists: artists.map(artistCard),
        shows: shows.map((s) => showCard(s.album)),
      });
    },
  );

  fastify.get(
    LibraryPath.likedTracks(),
    { ...priv, schema: { querystring: PageQuery, response: { 200: LikedTracksResponse, ...errors } } },
    async (request, reply) => {
      const profileId = profileOf(request);
      const page = await likedPage(
        library,
        profileId,
        request.query.limit ?? LIBRARY_LIMITS.pageDefault,
        readLikedCursor(request.query.cursor),
      );
      return reply.header('cache-control', NO_STORE).send(page);
    },
  );

  for (const item of ITEMS) {
    const url = item.url;
    const schema = { params: item.params, response: { 204: Type.Null(), ...errors } };
    fastify.put(url, { ...priv, schema }, async (request, reply) => {
      const { id } = request.params as { id: string };
      if (!(await library.save(profileOf(request), item.kind, id, Date.now()))) throw new NotFoundError(`${item.noun} ${id}`);
      return reply.code(204).send(null);
    });
    fastify.delete(url, { ...priv, schema }, async (request, reply) => {
      await library.unsave(profileOf(request), item.kind, (request.params as { id: string }).id);
      return reply.code(204).send(null);
    });
  }
};
