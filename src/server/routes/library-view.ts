/**
 * Shared by the library and playlist routes: whose library a request reads, name checks, cursors,
 * and store rows → protocol shapes.
 */
import createError from '@fastify/error';
import type { FastifyRequest } from 'fastify';
import {
  ErrorCode,
  LIBRARY_LIMITS,
  type LibraryTrack,
  type PlaylistEntry,
  type PlaylistSummary,
} from '../../protocol';
import type { LikedCursor, LikedTrackRow, PlaylistEntryRow, PlaylistRow } from '../../store';
import { trackSummary } from '../catalogue-view';
import { ConflictError } from '../errors';

/** Input that passed the schema but not a rule only the BFF can check; the message names the field. */
export const BadInputError = createError<typeof ErrorCode.BadRequest, 400, [problem: string]>(
  ErrorCode.BadRequest,
  '%s',
  400,
);

/** The profile whose library this is; a token signed in without one (the owner's phone) has none. */
export function profileOf(request: FastifyRequest): string {
  const profileId = request.auth?.profileId;
  if (!profileId) throw new ConflictError('profile: this token has no profile; pick one first (PUT /api/v1/me/profile)');
  return profileId;
}

// C0, DEL, C1, and the line/paragraph separators: a name is one line drawn on a TV.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

/** A playlist name as stored: trimmed, one line, 1..nameMaxChars code points. */
export function playlistName(raw: string, field: string): string {
  if (CONTROL.test(raw)) throw new BadInputError(`${field}: must not contain control characters or line breaks`);
  const name = raw.trim();
  if (name.length === 0) throw new BadInputError(`${field}: must not be blank`);
  const chars = [...name].length;
  if (chars > LIBRARY_LIMITS.nameMaxChars) {
    throw new BadInputError(`${field}: must be at most ${LIBRARY_LIMITS.nameMaxChars} characters (got ${chars})`);
  }
  return name;
}

/** Playlist pages: `<version>.<offset>`; a page asked for at another version is refused (409). */
export function playlistCursor(version: number, offset: number): string {
  return `${version}.${offset}`;
}

export function readPlaylistCursor(cursor: string | undefined): { version: number; offset: number } | undefined {
  if (cursor === undefined) return undefined;
  const m = /^(\d{1,9})\.(\d{1,9})$/.exec(cursor);
  if (!m) throw new BadInputError('cursor: is not a cursor this server made; start from the first page');
  return { version: Number(m[1]), offset: Number(m[2]) };
}

/** Liked tracks, newest first: `<addedAt>.<trackId>` of the last row served. */
export function likedCursor(row: LikedTrackRow): string {
  return `${row.addedAt}.${row.track.id}`;
}

export function readLikedCursor(cursor: string | undefined): LikedCursor | undefined {
  if (cursor === undefined) return undefined;
  const m = /^(\d{1,16})\.(tr_[0-9a-f]{12})$/.exec(cursor);
  if (!m) throw new BadInputError('cursor: is not a cursor this server made; start from the first page');
  return { addedAt: Number(m[1]), trackId: m[2]! };
}

export function playlistSummary(row: PlaylistRow): PlaylistSummary {
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    trackCount: row.trackCount,
    durationMs: row.durationMs,
    artwork: row.artwork,
    updatedAt: row.updatedAt,
  };
}

export function playlistEntry(row: PlaylistEntryRow): PlaylistEntry {
  return { id: row.id, position: row.position, track: trackSummary(row.track), artwork: row.track.artwork };
}

export function libraryTrack(row: LikedTrackRow): LibraryTrack {
  return { track: trackSummary(row.track), artwork: row.track.artwork, addedAt: row.addedAt };
}
