/**
 * The BFF ↔ client contract for catalogue screens. One source of truth: Fastify validates and
 * serialises with these schemas, and the TV app imports the `Static` types. Depends on nothing but
 * TypeBox, so the app bundle can import it (types only at run time, apart from tiny helpers).
 */
import { Type, type Static } from '@sinclair/typebox';

/** Ids are prefixed by kind so a misrouted id is a 400, not a confusing 404. */
export const ArtistId = Type.String({ pattern: '^ar_[0-9a-f]{12}$', description: 'artist id' });
export const AlbumId = Type.String({ pattern: '^al_[0-9a-f]{12}$', description: 'album id' });
export const TrackId = Type.String({ pattern: '^tr_[0-9a-f]{12}$', description: 'track id' });

/** Sizes the ingest renders; a client asks for the smallest one at least as large as it draws. */
export const ARTWORK_SIZES = [240, 480, 960] as const;
export const ArtworkFormat = Type.Union([Type.Literal('webp'), Type.Literal('jpg')]);
export type ArtworkFormat = Static<typeof ArtworkFormat>;

/** `base` + `/<size>.<format>` is a content-addressed, immutable image URL. */
export const Artwork = Type.Object({
  base: Type.String({ description: 'URL prefix, e.g. /media/art/<hash>' }),
  sizes: Type.Array(Type.Integer({ minimum: 1 })),
  formats: Type.Array(ArtworkFormat),
  /** Dominant colour as #rrggbb, for placeholders and backgrounds while the image loads. */
  color: Type.String({ pattern: '^#[0-9a-f]{6}$' }),
});
export type Artwork = Static<typeof Artwork>;

export const ArtistRef = Type.Object({ id: ArtistId, name: Type.String() });
export type ArtistRef = Static<typeof ArtistRef>;

/** What a tile on a rail draws. */
export const Card = Type.Object({
  kind: Type.Union([Type.Literal('album'), Type.Literal('artist'), Type.Literal('playlist'), Type.Literal('show')]),
  id: Type.String(),
  title: Type.String(),
  subtitle: Type.String(),
  artwork: Artwork,
});
export type Card = Static<typeof Card>;

export const Rail = Type.Object({
  id: Type.String({ description: 'stable rail id: recent-albums, artists, jump-back-in, …' }),
  title: Type.String(),
  items: Type.Array(Card),
});
export type Rail = Static<typeof Rail>;

export const HomeResponse = Type.Object({ rails: Type.Array(Rail) });
export type HomeResponse = Static<typeof HomeResponse>;

export const Rendition = Type.Object({
  codec: Type.String({ description: 'RFC 6381 codec string, e.g. mp4a.40.2' }),
  bitrate: Type.Integer({ minimum: 1, description: 'bits per second' }),
});
export type Rendition = Static<typeof Rendition>;

/**
 * What the DASH packaging put around a track's audio (src/ingest/dash-packaging.ts), so a gapless
 * player joins tracks sample-close: the AAC encoder's priming before the first source sample
 * (1024 samples for ffmpeg's encoder, 2112 for Apple's; the init segment's edit list says to skip
 * it) and the padding that fills the last frame.
 */
export const EncoderPadding = Type.Object({
  sampleRate: Type.Integer({ minimum: 1 }),
  primingSamples: Type.Integer({ minimum: 0 }),
  /** Source samples: what sounds once priming and padding are removed. */
  samples: Type.Integer({ minimum: 1 }),
  paddingSamples: Type.Integer({ minimum: 0 }),
});
export type EncoderPadding = Static<typeof EncoderPadding>;

/**
 * The audio the ingest packages (src/ingest/track-transcoder.ts LADDERS, OUTPUT_SAMPLE_RATE): one
 * entry per ladder. A client may ask its decoders about these before the first track arrives.
 */
export const CATALOGUE_AUDIO: ReadonlyArray<{ codec: string; channels: number; sampleRate: number; bitrates: readonly number[] }> = [
  { codec: 'mp4a.40.2', channels: 2, sampleRate: 44_100, bitrates: [96_000, 160_000, 320_000] },
  { codec: 'mp4a.40.2', channels: 1, sampleRate: 44_100, bitrates: [32_000, 64_000] },
];

/** An AAC init segment is ~0.8 KB; anything much larger is not what this is for, and is not inlined. */
export const INLINE_INIT_MAX_BYTES = 2048;

/**
 * The init segment of the rung a start begins on, next to the manifest, so the first media
 * segment is the only request of a start (clients serve it from memory in place of the
 * `initialization` URL of that Representation).
 */
export const InlineInit = Type.Object({
  representation: Type.String({ description: 'the Representation id in the manifest' }),
  data: Type.String({
    pattern: '^[A-Za-z0-9+/]*={0,2}$',
    maxLength: Math.ceil(INLINE_INIT_MAX_BYTES / 3) * 4,
    description: 'the init segment at that Representation\'s initialization URL, base64',
  }),
});
export type InlineInit = Static<typeof InlineInit>;

/**
 * What the player needs to start a track, carried by every screen that lists one, so Enter
 * needs no playback-info call; `manifest` (the DASH manifest itself) saves the manifest request
 * too, and `init` the init segment's. Media URLs are the BFF's paths; clients make them absolute.
 */
export const PlaybackStart = Type.Object({
  manifestUrl: Type.String(),
  progressiveUrl: Type.String(),
  progressiveMimeType: Type.String(),
  /** Gain to reach TARGET_LUFS, capped so the true peak stays at or below PEAK_CEILING_DBTP. */
  gainDb: Type.Number(),
  ladder: Type.Array(Rendition),
  durationMs: Type.Integer({ minimum: 0 }),
  manifest: Type.Optional(Type.String({ description: 'the MPD at manifestUrl, verbatim' })),
  /** Only with `manifest`: the start rung's init segment. */
  init: Type.Optional(InlineInit),
  /** Absent for media packaged before it was recorded (re-ingest to fill it). */
  packaging: Type.Optional(EncoderPadding),
  /** The album is tagged gapless (one continuous piece): joined, never crossfaded. */
  gapless: Type.Optional(Type.Boolean()),
});
export type PlaybackStart = Static<typeof PlaybackStart>;

/** Long-form audio: played with saved positions and longer seek steps, unlike music. */
export const LongFormKind = Type.Union([Type.Literal('podcast'), Type.Literal('audiobook')]);
export type LongFormKind = Static<typeof LongFormKind>;

export const TrackSummary = Type.Object({
  id: TrackId,
  title: Type.String(),
  artist: ArtistRef,
  albumId: AlbumId,
  disc: Type.Integer({ minimum: 1 }),
  number: Type.Integer({ minimum: 0 }),
  durationMs: Type.Integer({ minimum: 0 }),
  playback: Type.Optional(PlaybackStart),
  /** An episode or chapter, wherever it is listed (album, artist, search…); absent for music. */
  longForm: Type.Optional(LongFormKind),
});
export type TrackSummary = Static<typeof TrackSummary>;

export const Album = Type.Object({
  id: AlbumId,
  title: Type.String(),
  artist: ArtistRef,
  year: Type.Union([Type.Integer(), Type.Null()]),
  artwork: Artwork,
  trackCount: Type.Integer({ minimum: 0 }),
  durationMs: Type.Integer({ minimum: 0 }),
});
export type Album = Static<typeof Album>;

/** Everything the Album page draws, in one call. */
export const AlbumResponse = Type.Object({
  album: Album,
  tracks: Type.Array(TrackSummary),
  moreByArtist: Type.Array(Card),
});
export type AlbumResponse = Static<typeof AlbumResponse>;

export const ArtistResponse = Type.Object({
  artist: Type.Object({ id: ArtistId, name: Type.String(), artwork: Artwork }),
  albums: Type.Array(Card),
  topTracks: Type.Array(TrackSummary),
});
export type ArtistResponse = Static<typeof ArtistResponse>;

export const PlaybackResponse = Type.Object({
  trackId: TrackId,
  title: Type.String(),
  artist: ArtistRef,
  albumId: AlbumId,
  albumTitle: Type.String(),
  artwork: Artwork,
  durationMs: Type.Integer({ minimum: 0 }),
  manifestUrl: Type.String(),
  progressiveUrl: Type.String(),
  progressiveMimeType: Type.String(),
  loudness: Type.Object({ integratedLufs: Type.Number(), truePeakDbtp: Type.Number() }),
  /** Gain to reach TARGET_LUFS, capped so the true peak stays at or below PEAK_CEILING_DBTP. */
  gainDb: Type.Number(),
  ladder: Type.Array(Rendition),
  packaging: Type.Optional(EncoderPadding),
  gapless: Type.Optional(Type.Boolean()),
  longForm: Type.Optional(LongFormKind),
});
export type PlaybackResponse = Static<typeof PlaybackResponse>;

/**
 * One call for many tracks' playback info (a queue a phone sends the TV, a queue page's titles):
 * at most this many ids, so the URL stays under the 8 KB a proxy in front may allow.
 */
export const PLAYBACK_BATCH_MAX = 100;
/** `ids` cut into calls of PLAYBACK_BATCH_MAX. */
export function playbackBatches(ids: readonly string[]): string[][] {
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += PLAYBACK_BATCH_MAX) batches.push(ids.slice(i, i + PLAYBACK_BATCH_MAX));
  return batches;
}
export const PlaybackBatchQuery = Type.Object(
  { ids: Type.String({ pattern: `^tr_[0-9a-f]{12}(,tr_[0-9a-f]{12}){0,${PLAYBACK_BATCH_MAX - 1}}$`, description: 'comma-separated track ids' }) },
  { additionalProperties: false },
);
/** In the order asked, each once; unknown ids are left out. */
export const PlaybackBatchResponse = Type.Object({ tracks: Type.Array(PlaybackResponse) });
export type PlaybackBatchResponse = Static<typeof PlaybackBatchResponse>;

export const PlayRequest = Type.Object(
  {
    trackId: TrackId,
    /** Milliseconds listened so far; a play counts for history once it is real listening. */
    positionMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 24 * 3600 * 1000 })),
  },
  { additionalProperties: false },
);
export type PlayRequest = Static<typeof PlayRequest>;

export const HealthResponse = Type.Object({
  status: Type.Literal('ok'),
  version: Type.String(),
  tracks: Type.Integer({ minimum: 0 }),
});
export type HealthResponse = Static<typeof HealthResponse>;

export const AlbumParams = Type.Object({ id: AlbumId }, { additionalProperties: false });
export const ArtistParams = Type.Object({ id: ArtistId }, { additionalProperties: false });
export const TrackParams = Type.Object({ id: TrackId }, { additionalProperties: false });

/** Streaming-service convention (ReplayGain 2 / EBU R128 for streaming): −14 LUFS, −1 dBTP. */
export const TARGET_LUFS = -14;
export const PEAK_CEILING_DBTP = -1;

export function normalisationGainDb(integratedLufs: number, truePeakDbtp: number): number {
  const toTarget = TARGET_LUFS - integratedLufs;
  const headroom = PEAK_CEILING_DBTP - truePeakDbtp;
  return Math.round(Math.min(toTarget, headroom) * 100) / 100;
}

/** The smallest rendered size at least `drawnPx` wide (or the largest there is). */
export function artworkUrl(art: Artwork, drawnPx: number, format: ArtworkFormat = 'jpg'): string {
  const sizes = [...art.sizes].sort((a, b) => a - b);
  const size = sizes.find((s) => s >= drawnPx) ?? sizes[sizes.length - 1] ?? ARTWORK_SIZES[0];
  const fmt = art.formats.includes(format) ? format : (art.formats[0] ?? 'jpg');
  return `${art.base}/${size}.${fmt}`;
}
