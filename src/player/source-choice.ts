/**
 * Which of a track's sources this device plays: the DASH ladder when the device's MSE decodes
 * at least one of its renditions (as the device profile's capability probe says, which is stricter
 * than `MediaSource.isTypeSupported` where a platform is known to over-promise, e.g. Opus before
 * Tizen 5), else the progressive file when the plain media element can play it, else nothing,
 * which the player reports as a track that cannot be played here and skips.
 */
import type { PlaybackResponse } from '../protocol';

export type TrackSource =
  | { kind: 'dash'; url: string }
  | { kind: 'progressive'; url: string; mimeType: string };

export interface SourceSupport {
  /** MSE playback of an RFC 6381 codec string (the device profile's probe). */
  canPlayCodec(codec: string): boolean;
  /** A plain `<audio src>` of this MIME type (HTMLMediaElement.canPlayType). */
  canPlayFile(mimeType: string): boolean;
}

export function chooseSource(
  info: Pick<PlaybackResponse, 'manifestUrl' | 'ladder' | 'progressiveUrl' | 'progressiveMimeType'>,
  support: SourceSupport,
): TrackSource | null {
  // An empty ladder is an older catalogue row with no codec list: trust the manifest.
  if (info.ladder.length === 0 || info.ladder.some((r) => support.canPlayCodec(r.codec))) {
    return { kind: 'dash', url: info.manifestUrl };
  }
  if (info.progressiveUrl && support.canPlayFile(info.progressiveMimeType)) {
    return { kind: 'progressive', url: info.progressiveUrl, mimeType: info.progressiveMimeType };
  }
  return null;
}
