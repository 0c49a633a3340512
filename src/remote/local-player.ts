/**
 * The phone's own player for "Listen on this phone": the same UI-free QueuePlayer and Shaka
 * engine the TV runs, in a chunk of its own that the phone page imports only when a transfer
 * starts (the remote page itself stays free of Shaka's ~157 KiB).
 */
import { createPlayerConfig } from '../player/player-config';
import { QueuePlayer } from '../player/queue-player';
import { ShakaEngine } from '../player/shaka-engine';
import type { FetchPlayback, ReportPlay } from '../player/types';

/** MIME types of the ladder's codec families, as the TV's device profiles probe them. */
const CODEC_MIME: Record<string, string> = { mp4a: 'audio/mp4', opus: 'audio/mp4', flac: 'audio/mp4' };

export function createLocalPlayer(media: HTMLMediaElement, fetchPlayback: FetchPlayback, reportPlay: ReportPlay): QueuePlayer {
  const mse = typeof MediaSource !== 'undefined' && ShakaEngine.isSupported();
  return new QueuePlayer({
    media,
    engine: new ShakaEngine(),
    config: createPlayerConfig(),
    fetchPlayback,
    reportPlay,
    support: {
      // Without MSE (iPhone Safari before 17.1) every track plays as its progressive file.
      canPlayCodec: (codec) => {
        const mime = CODEC_MIME[codec.split('.')[0]!.toLowerCase()];
        return mse && mime !== undefined && MediaSource.isTypeSupported(`${mime}; codecs="${codec}"`);
      },
      canPlayFile: (type) => media.canPlayType(type) !== '',
    },
  });
}
