/**
 * The play queue as a stored record: what the TV keeps in device storage between runs, and the
 * shape the hub will keep per profile once sign-in exists (one model for both). Mirrors
 * src/player/play-queue.ts `QueueSnapshot<PlaybackItem>`; a reader checks a record against this
 * schema and refuses one that does not match (STYLE rule 4) rather than half-restoring it.
 */
import { Type, type Static } from '@sinclair/typebox';
import { AlbumId, ArtistId, Artwork, LongFormKind, TrackId } from './catalogue';
import { LIBRARY_LIMITS } from './library';

/**
 * Items a stored queue may hold: a whole playlist (or every liked track) still to play, plus the
 * 200 played items a queue keeps (play-queue.ts HISTORY_LIMIT). A smaller bound here made a
 * restart drop a queue the app had just saved.
 */
export const QUEUE_RECORD_MAX_ITEMS = LIBRARY_LIMITS.playlistMaxEntries + 200;

export const QueueItem = Type.Object({
  trackId: TrackId,
  title: Type.String(),
  artist: Type.String(),
  artistId: Type.Optional(ArtistId),
  albumId: Type.Optional(AlbumId),
  albumTitle: Type.Optional(Type.String()),
  artwork: Type.Optional(Artwork),
  durationMs: Type.Integer({ minimum: 0 }),
  longForm: Type.Optional(LongFormKind),
});
export type QueueItem = Static<typeof QueueItem>;

export const QueueContextRecord = Type.Object({
  kind: Type.String({ maxLength: 32 }),
  id: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
  title: Type.String({ maxLength: 500 }),
});

export const RepeatModeSchema = Type.Union([Type.Literal('off'), Type.Literal('all'), Type.Literal('one')]);

export const QueueRecord = Type.Object({
  /** Bumped on any change of meaning; a reader refuses a version it does not know. */
  version: Type.Literal(1),
  context: Type.Union([QueueContextRecord, Type.Null()]),
  contextItems: Type.Array(QueueItem, { maxItems: QUEUE_RECORD_MAX_ITEMS }),
  entries: Type.Array(Type.Object({ ctx: Type.Integer({ minimum: -1 }), item: Type.Optional(QueueItem) }), { maxItems: QUEUE_RECORD_MAX_ITEMS }),
  cursor: Type.Integer({ minimum: -1 }),
  shuffle: Type.Boolean(),
  repeat: RepeatModeSchema,
  /** Where the current item was when the record was written. */
  positionMs: Type.Integer({ minimum: 0 }),
  savedAt: Type.Integer({ minimum: 0 }),
});
export type QueueRecord = Static<typeof QueueRecord>;
