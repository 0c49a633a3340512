/**
 * Loudness normalisation through `media.volume`.
 *
 * Why not a Web Audio GainNode (`createMediaElementSource`)? It could also raise quiet tracks,
 * but on TV browsers routing an MSE-fed element through an AudioContext is where things break:
 * older webOS/Tizen builds output silence or refuse it, the context starts suspended until a user
 * gesture, and it adds a resampling stage on weak CPUs. `volume` works everywhere MSE does. The
 * cost: positive gains (tracks quieter than the target) play at unity instead of being boosted,
 * which is also what the true-peak cap asks for most of the time.
 */

/** Linear element volume for a normalisation gain in dB, clamped to the element's 0..1 range. */
export function volumeForGain(gainDb: number): number {
  if (!Number.isFinite(gainDb)) return 1;
  return Math.min(1, Math.max(0, 10 ** (gainDb / 20)));
}
