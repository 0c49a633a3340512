/**
 * The player's configuration on this device: the player's defaults (src/player/player-config.ts),
 * adjusted by what the device profile answers. Profiles answer with plain data and never see the
 * player (devices/contracts/media.ts); this is the one place the two meet.
 */
import type { Device } from '../../devices/contracts/device';
import { createPlayerConfig, fitBuffersToBudget, type PlayerConfig } from '../player/player-config';

export function playerConfigFor(device: Pick<Device, 'canPlay' | 'playbackTuning'>, defaults: PlayerConfig = createPlayerConfig()): PlayerConfig {
  const tuning = device.playbackTuning();
  return fitBuffersToBudget({
    ...defaults,
    retry: { ...defaults.retry },
    stallSkipEnabled: tuning.stallSkip,
    sourceBufferBytes: tuning.sourceBufferBytes,
    gainStage: tuning.gainStage,
    gaplessJoin: tuning.gaplessJoin,
    audioPipelines: tuning.audioPipelines,
    preferredAudioCodecs: defaults.preferredAudioCodecs.filter((codec) => device.canPlay(codec)),
  });
}
