/**
 * Contract: media.
 *
 * What this device can decode, and how the player should be tuned for it. Answers are fixed for
 * the run (probe once; they may not change mid-session). `canPlay` takes an RFC 6381 codec string
 * (`mp4a.40.2`, `opus`, `flac`) and answers for MSE playback, not for a plain `src=` element.
 * Unknown codec strings answer false. `playbackTuning()` answers with plain data about the
 * platform's media pipeline; the app composes the player's configuration from it (a profile never
 * sees or drives the player).
 */

/** The codecs our ladders may use, probed at boot (AAC-LC, HE-AAC, Opus, FLAC in MP4). */
export const AUDIO_CODECS = ['mp4a.40.2', 'mp4a.40.5', 'opus', 'flac'] as const;

export type AudioCodec = (typeof AUDIO_CODECS)[number];

/** Where loudness gain can be applied: the element's volume, or a Web Audio gain node. */
export type GainStageKind = 'element-volume' | 'web-audio';

/**
 * How the next track of a gapless album joins the one playing (src/player/gapless-chain.ts):
 * - 'edit-list': appended into the same MediaSource (timestampOffset + append windows); the
 *   pipeline itself skips the AAC priming named by the init segment's edit list and ends the last
 *   frame where its `trun` duration says, so periods butt sample-exact.
 * - 'offset': appended the same way, the priming cut by a presentation time offset, for engines
 *   that ignore edit lists (the join may be off by up to one AAC frame, ~23 ms).
 * - 'reload': stop, load, start: the player's ordinary track change, with its gap.
 */
export type GaplessJoin = 'edit-list' | 'offset' | 'reload';

/** What a platform's media pipeline needs from a player, as data; fixed for the run. */
export interface PlaybackTuning {
  /**
   * Whether small gaps between buffered ranges may be jumped. Slow TV pipelines respond badly to
   * seeking, so a stall there is waited out instead (Shaka's lib/device/webos.js and tizen.js).
   */
  readonly stallSkip: boolean;
  /** What one audio SourceBuffer may hold before the platform throws QuotaExceededError. */
  readonly sourceBufferBytes: number;
  /** 'web-audio' only where an MSE-fed element routed through Web Audio keeps sounding. */
  readonly gainStage: GainStageKind;
  readonly gaplessJoin: GaplessJoin;
  /**
   * How many MSE audio pipelines may play at once (two media elements, each with its own
   * MediaSource and decoder). Crossfade needs 2: the ending track fades out on one while the
   * next fades in on the other. Where it is 1 the player never starts a second pipeline and the
   * Settings page offers no crossfade.
   */
  readonly audioPipelines: 1 | 2;
}

export interface MediaCapabilities {
  canPlay(codec: string): boolean;
  playbackTuning(): PlaybackTuning;
}
