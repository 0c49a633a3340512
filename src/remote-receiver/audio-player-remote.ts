/**
 * The TV's adapter from the player the D-pad drives (src/player's AudioPlayer, today's
 * QueuePlayer) to the receiver session's RemotePlayer, so remote commands and key presses move
 * one player and the player's state events become MEDIA_STATUS broadcasts.
 *
 * Written against today's QueuePlayer, which owns a queue of its own: the session owns the Cast
 * queue and hands the player one item at a time, so the player's own next/previous and its
 * preload of the next item do not apply while a remote queue plays. Once the TV's queue model
 * (player/play-queue.ts) and the Cast queue are one, this adapter loads the whole queue instead.
 * Volume: the player's media volume carries loudness gain, so the remote level is applied by
 * the app (`applyVolume`), not here.
 */
import type { PlayerState as RemotePlayerState } from '../protocol/remote';
import type { AudioPlayer, PlaybackItem, PlayerState } from '../player/types';
import type { PlayerSnapshot, RemotePlayer } from './receiver-session';

export interface AudioPlayerRemoteOptions {
  player: AudioPlayer;
  /** Title, artist, artwork of a track, for the TV's now-playing bar. */
  describe: (trackId: string) => Promise<PlaybackItem>;
  applyVolume?: (level: number, muted: boolean) => void;
}

const STATES: Record<PlayerState, Exclude<RemotePlayerState, 'LOADING'>> = {
  idle: 'IDLE',
  loading: 'BUFFERING',
  handingOver: 'PLAYING',
  buffering: 'BUFFERING',
  // Cast has no "reconnecting": the media is waiting for data, which is BUFFERING to a sender.
  reconnecting: 'BUFFERING',
  playing: 'PLAYING',
  paused: 'PAUSED',
  ended: 'IDLE',
  failed: 'IDLE',
};

export class AudioPlayerRemote implements RemotePlayer {
  private volume = { level: 1, muted: false };

  constructor(private readonly opts: AudioPlayerRemoteOptions) {}

  async load(contentId: string, startTime: number, autoplay: boolean): Promise<void> {
    const p = this.opts.player;
    const item = await this.opts.describe(contentId);
    await p.load([item], 0);
    if (p.state === 'failed') throw new Error(`cannot play ${contentId}`);
    if (startTime > 0) p.seek(startTime * 1000);
    if (!autoplay) p.pause();
  }

  play(): void {
    void this.opts.player.play();
  }

  pause(): void {
    this.opts.player.pause();
  }

  /** The player has no unload: STOP pauses at the start, and the session reports IDLE. */
  stop(): void {
    this.opts.player.pause();
    this.opts.player.seek(0);
  }

  seek(seconds: number): void {
    this.opts.player.seek(seconds * 1000);
  }

  setVolume(level: number, muted: boolean): void {
    this.volume = { level, muted };
    this.opts.applyVolume?.(level, muted);
  }

  snapshot(): PlayerSnapshot {
    const p = this.opts.player;
    return { playerState: STATES[p.state], currentTime: p.time.positionMs / 1000, volume: this.volume };
  }

  onEvent(listener: (event: 'state' | 'ended' | 'error') => void): () => void {
    return this.opts.player.on('state', (s) => listener(s === 'ended' ? 'ended' : s === 'failed' ? 'error' : 'state'));
  }
}
