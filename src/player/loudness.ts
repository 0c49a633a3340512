/**
 * Loudness normalisation through `media.volume`: the gain stage every device can use
 * (gain-stage.ts). Volume stops at 1, so a positive gain (a track quieter than the target)
 * plays at unity here; devices whose engine routes MSE through Web Audio get the full gain.
 */

/** Linear element volume for a normalisation gain in dB, clamped to the element's 0..1 range. */
export function volumeForGain(gainDb: number): number {
  if (!Number.isFinite(gainDb)) return 1;
  return Math.min(1, Math.max(0, 10 ** (gainDb / 20)));
}
