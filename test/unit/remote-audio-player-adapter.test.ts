/**
 * The TV adapter between the receiver session and the player the D-pad drives: remote LOAD hands
 * the player one described item at a time and seeks to currentTime, the player's own state
 * events become MEDIA_STATUS broadcasts (a key press on the TV reaches the phones), its 'ended'
 * advances the Cast queue, and a track the player cannot play answers LOAD_FAILED.
 */
import { describe, expect, it } from 'vitest';
import type { AudioPlayer, PlaybackItem, PlayerEvents, PlayerState } from '../../src/player/types';
import type { MediaStatus, ReceiverMessage } from '../../src/protocol';
import { AudioPlayerRemote } from '../../src/remote-receiver/audio-player-remote';
import { ReceiverSession } from '../../src/remote-receiver/receiver-session';

/** The AudioPlayer surface, keeping what it was told; `unplayable` tracks end in 'failed'. */
class RecordingPlayer implements Pick<AudioPlayer, 'load' | 'play' | 'pause' | 'seek' | 'on'> {
  state: PlayerState = 'idle';
  time = { positionMs: 0, durationMs: 0 };
  loaded: PlaybackItem[][] = [];
  private listeners: Array<(s: PlayerState) => void> = [];
  constructor(private readonly unplayable: string[] = []) {}
  async load(queue: PlaybackItem[]) {
    this.loaded.push(queue);
    this.time = { positionMs: 0, durationMs: queue[0]!.durationMs };
    this.set(this.unplayable.includes(queue[0]!.trackId) ? 'failed' : 'playing');
  }
  async play() {
    this.set('playing');
  }
  pause() {
    this.set('paused');
  }
  seek(ms: number) {
    this.time = { ...this.time, positionMs: ms };
  }
  on<K extends keyof PlayerEvents>(event: K, l: (p: PlayerEvents[K]) => void) {
    if (event === 'state') this.listeners.push(l as (s: PlayerState) => void);
    return () => {};
  }
  set(s: PlayerState) {
    this.state = s;
    for (const l of this.listeners) l(s);
  }
}

const T = (n: number) => `tr_${String(n).padStart(12, '0')}`;
const phone = { deviceId: 'phone-ada-01', name: 'Ada’s phone', guest: false };

function setup(unplayable: string[] = []) {
  const player = new RecordingPlayer(unplayable);
  const sent: ReceiverMessage[] = [];
  const session = new ReceiverSession({
    player: new AudioPlayerRemote({
      player: player as unknown as AudioPlayer,
      describe: async (trackId) => ({ trackId, title: `Title ${trackId}`, artist: 'Artist', durationMs: 180_000 }),
    }),
    resolveContext: async () => undefined,
    send: (m) => sent.push(m),
  });
  const lastStatus = () => sent.filter((m): m is MediaStatus => m.type === 'MEDIA_STATUS').at(-1)!;
  return { player, sent, session, lastStatus };
}

describe('AudioPlayerRemote', () => {
  it('loads described items one at a time at currentTime, and advances the Cast queue when the player ends', async () => {
    const { player, session, lastStatus } = setup();
    await session.handle(phone, { type: 'LOAD', requestId: 1, items: [1, 2].map((n) => ({ media: { contentId: T(n) } })), currentTime: 42 });
    expect(player.loaded).toEqual([[{ trackId: T(1), title: `Title ${T(1)}`, artist: 'Artist', durationMs: 180_000 }]]);
    expect(lastStatus()).toMatchObject({ playerState: 'PLAYING', currentTime: 42 });
    player.set('ended');
    await new Promise((r) => setTimeout(r, 0));
    expect(player.loaded.at(-1)![0]!.trackId).toBe(T(2));
    expect(lastStatus()).toMatchObject({ playerState: 'PLAYING', currentItemId: lastStatus().items[1]!.itemId });
  });

  it('broadcasts the TV\'s own key presses (the player pausing by itself)', async () => {
    const { player, session, lastStatus, sent } = setup();
    await session.handle(phone, { type: 'LOAD', requestId: 1, items: [{ media: { contentId: T(1) } }] });
    const n = sent.length;
    player.pause(); // the D-pad's Play/Pause, not a remote request
    expect(sent.length).toBe(n + 1);
    expect(lastStatus()).toMatchObject({ requestId: 0, playerState: 'PAUSED' });
  });

  it('answers LOAD_FAILED when the player cannot play the track', async () => {
    const { session, sent, lastStatus } = setup([T(9)]);
    await session.handle(phone, { type: 'LOAD', requestId: 7, items: [{ media: { contentId: T(9) } }] });
    expect(sent).toContainEqual(expect.objectContaining({ type: 'LOAD_FAILED', requestId: 7 }));
    expect(lastStatus()).toMatchObject({ playerState: 'IDLE', idleReason: 'ERROR' });
  });
});
