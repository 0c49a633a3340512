/**
 * Settings kept on the device (its storage driver), checked on the way in like any stored record.
 * Device-wide, like the stored queue: a TV's crossfade suits its room and speakers, not a profile.
 */
import { Type, type Static } from '@sinclair/typebox';

export const PlaybackSettingsRecord = Type.Object({
  /** Crossfade length in seconds; 0 is off (src/player/crossfade.ts CROSSFADE_CHOICES_S). */
  crossfadeS: Type.Integer({ minimum: 0, maximum: 12 }),
});
export type PlaybackSettingsRecord = Static<typeof PlaybackSettingsRecord>;
