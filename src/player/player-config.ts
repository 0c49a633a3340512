/**
 * Player tuning as data: defaults are built once here, then a device adjusts them
 * (`device.tunePlayer(createPlayerConfig())`), and `toShakaConfig` is the only place that knows
 * Shaka's option names.
 */

import type { GainStageKind } from './gain-stage';
export interface RetryConfig {
  maxAttempts: number;
  baseDelayMs: number;
  backoffFactor: number;
  fuzzFactor: number;
  timeoutMs: number;
  /** Abort a request that received no bytes for this long (a stalled connection). */
  stallTimeoutMs: number;
  /** Abort a request whose connection is not established in this long. */
  connectionTimeoutMs: number;
}

export interface PlayerConfig {
  /** Seconds of audio to keep ahead of the playhead. */
  bufferingGoalS: number;
  /**
   * Seconds needed before (re)starting after a stall; small, so a skip starts fast. Under the
   * ~1 s first segment (ingest FIRST_SEGMENT_SECONDS, ~0.998 s once priming is trimmed): a goal
   * the first segment cannot reach makes every start wait for the second one.
   */
  rebufferingGoalS: number;
  /** Seconds kept behind the playhead for short seek-backs. */
  bufferBehindS: number;
  /** What the platform lets one audio SourceBuffer hold (Chromium: ~12 MB for audio). */
  sourceBufferBytes: number;
  /** Highest bitrate in our ladder, to turn seconds into bytes. */
  maxBitrateBps: number;
  retry: RetryConfig;
  abrEnabled: boolean;
  /** Start estimate before any segment was measured (bits/s). */
  defaultBandwidthEstimateBps: number;
  preferredAudioCodecs: string[];
  /** Jump small gaps between segments; some TV pipelines stall instead (webOS/Tizen turn it off). */
  stallSkipEnabled: boolean;
  /** Preloads held at once (each costs roughly one segment of every stream plus the manifest). */
  preloadCapacity: number;
  /** Where loudness gain is applied (gain-stage.ts); devices known to route MSE through Web Audio say 'web-audio'. */
  gainStage: GainStageKind;
  /**
   * Seconds a rendition that failed on the network is left out of ABR (Shaka's maxDisabledTime).
   * 0: all our renditions come from one server, so a failure of one is a failure of all, and
   * leaving them out only kept playback from resuming for Shaka's default 30 s after the network
   * was back (e2e: a start under 10 s of segment 503s stayed "loading").
   */
  disableFailedRenditionS: number;
  /**
   * How tracks of a gapless album join (devices/contracts/media.ts): appended into the playing
   * MediaSource ('edit-list', 'offset') or stop-load-start ('reload', the default).
   */
  gaplessJoin: 'edit-list' | 'offset' | 'reload';
  /**
   * MSE audio pipelines the device plays at once (devices/contracts/media.ts). Crossfade needs
   * two (crossfade.ts); with one, tracks change as they do with crossfade off.
   */
  audioPipelines: 1 | 2;
  /** Start preloading the next track this long before the current one ends. */
  preloadNextBeforeEndMs: number;
  /** A play counts for history after this much listening (or at the end of a shorter track). */
  playReportAfterMs: number;
}

export function createPlayerConfig(): PlayerConfig {
  return {
    bufferingGoalS: 30,
    rebufferingGoalS: 0.5,
    bufferBehindS: 15,
    sourceBufferBytes: 12 * 1024 * 1024,
    maxBitrateBps: 320_000,
    // Shaka's own retries before it reports a failure (then the player's reconnect loop takes
    // over): waits of 300, 450, 675, 1012 ms (±25 %), so a request is retried within ~1.3 s of
    // the network returning, and a segment is given up after ~2.5 s of failures while the
    // buffer plays on. No backoff cap exists in Shaka, hence the small factor.
    retry: {
      maxAttempts: 5,
      baseDelayMs: 300,
      backoffFactor: 1.5,
      fuzzFactor: 0.25,
      timeoutMs: 10_000,
      stallTimeoutMs: 5_000,
      connectionTimeoutMs: 5_000,
    },
    abrEnabled: true,
    defaultBandwidthEstimateBps: 1_000_000,
    preferredAudioCodecs: ['mp4a.40.2'],
    stallSkipEnabled: true,
    preloadCapacity: 2,
    gainStage: 'element-volume',
    gaplessJoin: 'reload',
    audioPipelines: 1,
    disableFailedRenditionS: 0,
    preloadNextBeforeEndMs: 20_000,
    playReportAfterMs: 30_000,
  };
}

/**
 * Shrink the buffer goals until ahead + behind fit in half the SourceBuffer budget at the top
 * bitrate; the other half is headroom for a preloaded next track and for MSE's own slack (a full
 * SourceBuffer throws QuotaExceededError instead of evicting).
 */
export function fitBuffersToBudget(cfg: PlayerConfig): PlayerConfig {
  const bytesPerSecond = cfg.maxBitrateBps / 8;
  const seconds = Math.floor(cfg.sourceBufferBytes / 2 / bytesPerSecond);
  const wanted = cfg.bufferingGoalS + cfg.bufferBehindS;
  if (wanted <= seconds) return cfg;
  const scale = seconds / wanted;
  return {
    ...cfg,
    bufferingGoalS: Math.max(cfg.rebufferingGoalS + 1, Math.floor(cfg.bufferingGoalS * scale)),
    bufferBehindS: Math.floor(cfg.bufferBehindS * scale),
  };
}

/** The Shaka `configure()` object for a config (partial: Shaka merges it over its defaults). */
export function toShakaConfig(cfg: PlayerConfig): Record<string, unknown> {
  const retryParameters = {
    maxAttempts: cfg.retry.maxAttempts,
    baseDelay: cfg.retry.baseDelayMs,
    backoffFactor: cfg.retry.backoffFactor,
    fuzzFactor: cfg.retry.fuzzFactor,
    timeout: cfg.retry.timeoutMs,
    stallTimeout: cfg.retry.stallTimeoutMs,
    connectionTimeout: cfg.retry.connectionTimeoutMs,
  };
  return {
    streaming: {
      bufferingGoal: cfg.bufferingGoalS,
      rebufferingGoal: cfg.rebufferingGoalS,
      bufferBehind: cfg.bufferBehindS,
      stallSkip: cfg.stallSkipEnabled ? 0.1 : 0,
      maxDisabledTime: cfg.disableFailedRenditionS,
      retryParameters,
    },
    manifest: { retryParameters },
    abr: { enabled: cfg.abrEnabled, defaultBandwidthEstimate: cfg.defaultBandwidthEstimateBps },
    preferredAudio: cfg.preferredAudioCodecs.map((codec) => ({ codec })),
  };
}
