/**
 * Contract: media.
 *
 * What this device can decode, and how the player should be tuned for it. Answers are fixed for
 * the run (probe once; they may not change mid-session). `canPlay` takes an RFC 6381 codec string
 * (`mp4a.40.2`, `opus`, `flac`) and answers for MSE playback, not for a plain `src=` element.
 * Unknown codec strings answer false. `tunePlayer` receives the defaults from
 * `createPlayerConfig()` and returns an adjusted copy; it never mutates its argument and never
 * starts playback.
 */
import type { PlayerConfig } from '../../src/player/player-config';

/** The codecs our ladders may use, probed at boot (AAC-LC, HE-AAC, Opus, FLAC in MP4). */
export const AUDIO_CODECS = ['mp4a.40.2', 'mp4a.40.5', 'opus', 'flac'] as const;

export type AudioCodec = (typeof AUDIO_CODECS)[number];

export interface MediaCapabilities {
  canPlay(codec: string): boolean;
  tunePlayer(config: PlayerConfig): PlayerConfig;
}
