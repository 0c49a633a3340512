/**
 * The remote-control namespace: a phone (the sender) drives a TV (the receiver) through the hub.
 * It mirrors Google Cast's media namespace (urn:x-cast:com.google.cast.media) so a Cast developer
 * feels at home: requests carry a `requestId`, the receiver owns the queue and gives each item an
 * `itemId` unique for its session, and answers with MEDIA_STATUS (or an error naming a reason).
 * Documented for other senders in docs/remote-protocol.md.
 *
 * Differences from Cast, on purpose: one media session per receiver (no mediaSessionId); media are
 * Encore track ids (`contentId`), and LOAD may name a catalogue context (album, artist) the
 * receiver resolves; items say who added them; `sequenceNumber` is the receiver's queue version,
 * REQUIRED on queue-editing requests (a stale one is refused with the current status, so two
 * phones editing at once never act on a queue they have not seen).
 *
 * Times are seconds (Cast's unit), volume 0..1.
 */
import { Type, type Static } from '@sinclair/typebox';
import { AlbumId, ArtistId, TrackId } from './catalogue';
import { LIBRARY_LIMITS } from './library';

const closed = { additionalProperties: false } as const;

/** Cast caps nothing; we do: one request may name at most this many items (an album box set fits). */
export const REMOTE_MAX_ITEMS = 500;
/** What the receiver's queue may hold still to play: a library playlist's worth. */
export const REMOTE_MAX_QUEUE = LIBRARY_LIMITS.playlistMaxEntries;
/**
 * A MEDIA_STATUS names a window of the queue, never all of it: at most this many items, the
 * current one and what comes next, after up to REMOTE_STATUS_HISTORY that played. The hub closes
 * a receiver's socket on a message over HUB_MAX_MESSAGE_BYTES, so the window also stays within
 * REMOTE_STATUS_ITEMS_BYTES (status-window.ts).
 */
export const REMOTE_STATUS_ITEMS = 200;
export const REMOTE_STATUS_HISTORY = 20;
/** The window's items serialized: the limit less room for the status's other fields and the hub envelope. */
export const REMOTE_STATUS_ITEMS_BYTES = 48 * 1024;

/** Unique per sender (a device), ≥ 1; a sender starts from a clock value so a reload never repeats one. */
export const RemoteRequestId = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
export const ItemId = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
export const SequenceNumber = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
const Seconds = Type.Number({ minimum: 0, maximum: 24 * 3600 });
const ItemIds = Type.Array(ItemId, { minItems: 1, maxItems: REMOTE_MAX_QUEUE, uniqueItems: true });

export const RepeatMode = Type.Union([
  Type.Literal('REPEAT_OFF'),
  Type.Literal('REPEAT_ALL'),
  Type.Literal('REPEAT_SINGLE'),
  Type.Literal('REPEAT_ALL_AND_SHUFFLE'),
]);
export type RepeatMode = Static<typeof RepeatMode>;

/** What a sender asks to queue: a track. The receiver adds itemId and who added it. */
export const QueueItemInput = Type.Object({ media: Type.Object({ contentId: TrackId }, closed) }, closed);
export type QueueItemInput = Static<typeof QueueItemInput>;
const ItemsInput = Type.Array(QueueItemInput, { minItems: 1, maxItems: REMOTE_MAX_ITEMS });

/** A catalogue screen the receiver turns into items (an album's tracks, an artist's top tracks). */
export const LoadContext = Type.Union([
  Type.Object({ kind: Type.Literal('album'), id: AlbumId }, closed),
  Type.Object({ kind: Type.Literal('artist'), id: ArtistId }, closed),
]);
export type LoadContext = Static<typeof LoadContext>;

const base = { requestId: RemoteRequestId };
const seq = { sequenceNumber: SequenceNumber };

/** Replaces the queue: exactly one of `context` or `items`. */
export const RemoteLoad = Type.Object(
  {
    type: Type.Literal('LOAD'),
    ...base,
    context: Type.Optional(LoadContext),
    items: Type.Optional(ItemsInput),
    startIndex: Type.Optional(Type.Integer({ minimum: 0, maximum: REMOTE_MAX_QUEUE - 1 })),
    currentTime: Type.Optional(Seconds),
    autoplay: Type.Optional(Type.Boolean()),
  },
  closed,
);
export const RemotePlay = Type.Object({ type: Type.Literal('PLAY'), ...base }, closed);
export const RemotePause = Type.Object({ type: Type.Literal('PAUSE'), ...base }, closed);
export const RemoteStop = Type.Object({ type: Type.Literal('STOP'), ...base }, closed);
export const RemoteSeek = Type.Object(
  {
    type: Type.Literal('SEEK'),
    ...base,
    currentTime: Seconds,
    resumeState: Type.Optional(Type.Union([Type.Literal('PLAYBACK_START'), Type.Literal('PLAYBACK_PAUSE')])),
  },
  closed,
);
export const RemoteSetVolume = Type.Object(
  {
    type: Type.Literal('SET_VOLUME'),
    ...base,
    volume: Type.Object(
      { level: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })), muted: Type.Optional(Type.Boolean()) },
      { ...closed, minProperties: 1 },
    ),
  },
  closed,
);
export const RemoteQueueLoad = Type.Object(
  {
    type: Type.Literal('QUEUE_LOAD'),
    ...base,
    items: ItemsInput,
    startIndex: Type.Optional(Type.Integer({ minimum: 0, maximum: REMOTE_MAX_ITEMS - 1 })),
    repeatMode: Type.Optional(RepeatMode),
    currentTime: Type.Optional(Seconds),
  },
  closed,
);
/** Cast: items go before `insertBefore` (appended without it); `currentItemIndex` (into `items`) plays now. */
export const RemoteQueueInsert = Type.Object(
  {
    type: Type.Literal('QUEUE_INSERT'),
    ...base,
    ...seq,
    items: ItemsInput,
    insertBefore: Type.Optional(ItemId),
    currentItemIndex: Type.Optional(Type.Integer({ minimum: 0, maximum: REMOTE_MAX_ITEMS - 1 })),
  },
  closed,
);
/** Ids not in the queue are ignored (Cast); removing the current item moves on to the next. */
export const RemoteQueueRemove = Type.Object(
  { type: Type.Literal('QUEUE_REMOVE'), ...base, ...seq, itemIds: ItemIds },
  closed,
);
/** Cast: `itemIds`, in this order, move before `insertBefore` (to the end without it). */
export const RemoteQueueReorder = Type.Object(
  { type: Type.Literal('QUEUE_REORDER'), ...base, ...seq, itemIds: ItemIds, insertBefore: Type.Optional(ItemId) },
  closed,
);
export const RemoteQueueUpdate = Type.Object(
  {
    type: Type.Literal('QUEUE_UPDATE'),
    ...base,
    ...seq,
    /** Relative to the current item; past either end it wraps when repeating, else END_OF_QUEUE. */
    jump: Type.Optional(Type.Integer({ minimum: -REMOTE_MAX_QUEUE, maximum: REMOTE_MAX_QUEUE })),
    currentItemId: Type.Optional(ItemId),
    currentTime: Type.Optional(Seconds),
    shuffle: Type.Optional(Type.Boolean()),
    repeatMode: Type.Optional(RepeatMode),
  },
  closed,
);
export const RemoteGetStatus = Type.Object({ type: Type.Literal('GET_STATUS'), ...base }, closed);
/**
 * Cast's QUEUE_GET_ITEM_RANGE, answered in one step (Cast answers with ids, then QUEUE_GET_ITEMS):
 * the item `itemId` with up to `prevCount` items before it and `nextCount` after, as QUEUE_ITEMS
 * to the sender alone. How a phone shows a queue longer than a status's window.
 */
export const RemoteQueueGetItemRange = Type.Object(
  {
    type: Type.Literal('QUEUE_GET_ITEM_RANGE'),
    ...base,
    itemId: ItemId,
    nextCount: Type.Integer({ minimum: 0, maximum: REMOTE_STATUS_ITEMS }),
    prevCount: Type.Integer({ minimum: 0, maximum: REMOTE_STATUS_ITEMS }),
  },
  closed,
);

export const REMOTE_REQUEST_SCHEMAS = {
  LOAD: RemoteLoad,
  PLAY: RemotePlay,
  PAUSE: RemotePause,
  STOP: RemoteStop,
  SEEK: RemoteSeek,
  SET_VOLUME: RemoteSetVolume,
  QUEUE_LOAD: RemoteQueueLoad,
  QUEUE_INSERT: RemoteQueueInsert,
  QUEUE_REMOVE: RemoteQueueRemove,
  QUEUE_REORDER: RemoteQueueReorder,
  QUEUE_UPDATE: RemoteQueueUpdate,
  GET_STATUS: RemoteGetStatus,
  QUEUE_GET_ITEM_RANGE: RemoteQueueGetItemRange,
} as const;
export type RemoteRequestType = keyof typeof REMOTE_REQUEST_SCHEMAS;
/** Requests that edit the queue carry the sender's last `sequenceNumber`. */
export const SEQUENCED_REQUESTS: readonly RemoteRequestType[] = ['QUEUE_INSERT', 'QUEUE_REMOVE', 'QUEUE_REORDER', 'QUEUE_UPDATE'];
/** What a party guest may send; anything else is refused NOT_ALLOWED. */
export const GUEST_REQUESTS: readonly RemoteRequestType[] = ['QUEUE_INSERT', 'GET_STATUS', 'QUEUE_GET_ITEM_RANGE'];

export const RemoteRequest = Type.Union(Object.values(REMOTE_REQUEST_SCHEMAS));
export type RemoteRequest = Static<typeof RemoteRequest>;

export const PlayerState = Type.Union([
  Type.Literal('IDLE'),
  Type.Literal('LOADING'),
  Type.Literal('BUFFERING'),
  Type.Literal('PLAYING'),
  Type.Literal('PAUSED'),
]);
export type PlayerState = Static<typeof PlayerState>;
export const IdleReason = Type.Union([
  Type.Literal('FINISHED'),
  Type.Literal('CANCELLED'),
  Type.Literal('INTERRUPTED'),
  Type.Literal('ERROR'),
]);
export type IdleReason = Static<typeof IdleReason>;

/** Who added an item: named by the hub (the sender's device name or a guest's display name), never by the sender. */
export const AddedBy = Type.Object(
  { deviceId: Type.String({ maxLength: 80 }), name: Type.String({ maxLength: 40 }), guest: Type.Boolean() },
  closed,
);
export type AddedBy = Static<typeof AddedBy>;

export const CastQueueItem = Type.Object(
  { itemId: ItemId, media: Type.Object({ contentId: TrackId }, closed), addedBy: AddedBy },
  closed,
);
export type CastQueueItem = Static<typeof CastQueueItem>;

export const MediaStatus = Type.Object(
  {
    type: Type.Literal('MEDIA_STATUS'),
    /** The request this answers; 0 for a broadcast (Cast's convention). */
    requestId: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
    playerState: PlayerState,
    idleReason: Type.Optional(IdleReason),
    currentTime: Seconds,
    currentItemId: Type.Union([ItemId, Type.Null()]),
    /** In play order (shuffled when `shuffle`): a window around the current item (REMOTE_STATUS_ITEMS). */
    items: Type.Array(CastQueueItem, { maxItems: REMOTE_STATUS_ITEMS }),
    volume: Type.Object({ level: Type.Number({ minimum: 0, maximum: 1 }), muted: Type.Boolean() }, closed),
    repeatMode: RepeatMode,
    shuffle: Type.Boolean(),
    /** The queue's version: grows with every queue change. */
    sequenceNumber: SequenceNumber,
    /** The whole queue's length, and where `items` starts in it (absent from receivers before the window). */
    itemCount: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
    firstItemIndex: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
  },
  closed,
);
export type MediaStatus = Static<typeof MediaStatus>;

/** The answer to QUEUE_GET_ITEM_RANGE, in play order, for the queue of `sequenceNumber`. */
export const QueueItems = Type.Object(
  {
    type: Type.Literal('QUEUE_ITEMS'),
    requestId: RemoteRequestId,
    sequenceNumber: SequenceNumber,
    /** Where `items` starts in the queue. */
    firstItemIndex: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
    items: Type.Array(CastQueueItem, { maxItems: 2 * REMOTE_STATUS_ITEMS + 1 }),
  },
  closed,
);
export type QueueItems = Static<typeof QueueItems>;

export const RemoteErrorType = Type.Union([
  Type.Literal('LOAD_FAILED'),
  Type.Literal('LOAD_CANCELLED'),
  Type.Literal('INVALID_REQUEST'),
  Type.Literal('INVALID_PLAYER_STATE'),
]);
export type RemoteErrorType = Static<typeof RemoteErrorType>;
export const RemoteErrorReason = Type.Union([
  Type.Literal('INVALID_PARAMS'),
  Type.Literal('INVALID_COMMAND'),
  Type.Literal('DUPLICATE_REQUEST_ID'),
  Type.Literal('STALE_SEQUENCE_NUMBER'),
  Type.Literal('END_OF_QUEUE'),
  Type.Literal('NOT_ALLOWED'),
  Type.Literal('NOT_FOUND'),
  Type.Literal('QUEUE_FULL'),
  Type.Literal('RECEIVER_OFFLINE'),
  Type.Literal('RATE_LIMITED'),
  Type.Literal('PLAYBACK_ERROR'),
]);
export type RemoteErrorReason = Static<typeof RemoteErrorReason>;

export const RemoteError = Type.Object(
  {
    type: RemoteErrorType,
    requestId: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
    reason: RemoteErrorReason,
    message: Type.String({ maxLength: 200 }),
  },
  closed,
);
export type RemoteError = Static<typeof RemoteError>;

/** What a receiver sends (to one sender, or to every controller). */
export const ReceiverMessage = Type.Union([MediaStatus, QueueItems, RemoteError]);
export type ReceiverMessage = Static<typeof ReceiverMessage>;

/** Who sent a request, as the hub vouches for it. */
export type RemoteSender = AddedBy;

/** Device capability a receiver names in `hello`; only such devices are relayed requests. */
export const REMOTE_RECEIVER_CAPABILITY = 'remote-receiver';
