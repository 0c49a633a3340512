/**
 * The app's queue-side services without Lightning: the context menu's actions, queue persistence
 * (through JSON, like device storage, against a player built on the real PlayQueue), Now
 * Playing's idle timer and seek acceleration.
 */
import { describe, expect, it, vi } from 'vitest';
import { contextActions } from '../../src/app/services/context-actions';
import { IdleTimer } from '../../src/app/services/idle-timer';
import { QUEUE_KEY, QueuePersistence } from '../../src/app/services/queue-persistence';
import { HoldCounter, SEEK_TAP_MS, seekStepMs } from '../../src/app/services/seek-steps';
import { PlayQueue } from '../../src/player/play-queue';
import type { PlaybackItem, PlayerEvents, PlayerState } from '../../src/player/types';
import type { AlbumResponse } from '../../src/protocol';

const item = (n: number): PlaybackItem => ({
  trackId: `tr_${String(n).padStart(12, '0')}`,
  title: `Track ${n}`,
  artist: 'Artist',
  artistId: 'ar_000000000001',
  albumId: 'al_000000000001',
  durationMs: 180_000,
});

/** Just enough of the player for these services, on the real queue rules. */
function fakePlayer() {
  const queue = new PlayQueue<PlaybackItem>();
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const emit = <K extends keyof PlayerEvents>(k: K, p: PlayerEvents[K]) => listeners.get(k)?.forEach((l) => l(p));
  const player = {
    time: { positionMs: 0, durationMs: 180_000 },
    seek: vi.fn((ms: number) => {
      player.time = { ...player.time, positionMs: ms };
    }),
    get current() {
      return queue.current;
    },
    on<K extends keyof PlayerEvents>(k: K, l: (p: PlayerEvents[K]) => void) {
      if (!listeners.has(k)) listeners.set(k, new Set());
      listeners.get(k)!.add(l as (p: unknown) => void);
      return () => listeners.get(k)!.delete(l as (p: unknown) => void);
    },
    queueSnapshot: () => queue.snapshot(),
    restoreQueue: (s: Parameters<PlayQueue<PlaybackItem>['adopt']>[0]) => queue.adopt(s),
    loadContext: vi.fn(async (items: PlaybackItem[], start: number, ctx: { kind: string; id: string | null; title: string }) => {
      queue.replace(items, start, ctx);
    }),
    playNext: vi.fn((items: PlaybackItem[]) => queue.playNext(items)),
    addToQueue: vi.fn((items: PlaybackItem[]) => queue.addToQueue(items)),
  };
  return { player, queue, emit };
}

function memoryStore() {
  const data = new Map<string, string>();
  return {
    data,
    get: async <T>(k: string) => (data.has(k) ? (JSON.parse(data.get(k)!) as T) : null),
    set: async <T>(k: string, v: T) => {
      data.set(k, JSON.stringify(v));
    },
  };
}

describe('context menu actions', () => {
  const album: AlbumResponse = {
    album: { id: 'al_000000000001', title: 'Night Ferry', artist: { id: 'ar_000000000009', name: 'Lumen Drift' }, year: 2021, artwork: { base: '/a', sizes: [240], formats: ['jpg'], color: '#000000' }, trackCount: 2, durationMs: 1 },
    tracks: [1, 2].map((n) => ({ id: item(n).trackId, title: `Track ${n}`, artist: { id: 'ar_000000000009', name: 'Lumen Drift' }, albumId: 'al_000000000001', disc: 1, number: n, durationMs: 1000 })),
    moreByArtist: [],
  };

  it('a track offers Play, Play next, Add to queue, Go to album, Go to artist, and each says what it did', async () => {
    const { player, queue } = fakePlayer();
    const navigate = vi.fn();
    queue.replace([item(1), item(2)], 0);
    const actions = contextActions({ kind: 'track', item: item(9) }, { player, api: { albumData: vi.fn(), artistData: vi.fn() }, navigate });
    expect(actions.map((a) => a.label)).toEqual(['Play', 'Play next', 'Add to queue', 'Go to album', 'Go to artist']);
    expect(await actions[1]!.run()).toBe('Playing next: Track 9');
    expect(await actions[2]!.run()).toBe('Added to queue: Track 9');
    expect(queue.upNext().queued.map((i) => i.title)).toEqual(['Track 9', 'Track 9']);
    expect(await actions[3]!.run()).toBeNull();
    expect(navigate).toHaveBeenLastCalledWith('album/al_000000000001');
    await actions[4]!.run();
    expect(navigate).toHaveBeenLastCalledWith('artist/ar_000000000001');
  });

  it('an album fetches its tracks only when an action is chosen, and Go to artist finds the album\'s artist', async () => {
    const { player, queue } = fakePlayer();
    const albumData = vi.fn(async () => album);
    const navigate = vi.fn();
    const actions = contextActions({ kind: 'album', id: 'al_000000000001', title: 'Night Ferry' }, { player, api: { albumData, artistData: vi.fn() }, navigate });
    expect(albumData).not.toHaveBeenCalled();
    expect(actions.map((a) => a.label)).toEqual(['Play', 'Play next', 'Add to queue', 'Go to album', 'Go to artist']);
    expect(await actions[0]!.run()).toBe('Playing “Night Ferry”');
    expect(player.loadContext).toHaveBeenCalledWith(expect.any(Array), 0, { kind: 'album', id: 'al_000000000001', title: 'Night Ferry' });
    expect(await actions[2]!.run()).toBe('Added 2 tracks to queue');
    expect(queue.upNext().queued.map((i) => i.albumTitle)).toEqual(['Night Ferry', 'Night Ferry']);
    await actions[4]!.run();
    expect(navigate).toHaveBeenLastCalledWith('artist/ar_000000000009');
  });
});

describe('queue persistence', () => {
  it('round-trips the queue, shuffle, repeat and position through storage, and resumes there on the first play', async () => {
    const a = fakePlayer();
    const store = memoryStore();
    a.queue.replace([item(1), item(2), item(3)], 1, { kind: 'album', id: 'al_000000000001', title: 'Night Ferry' });
    a.queue.addToQueue([item(7)]);
    a.queue.setRepeat('all');
    a.player.time = { positionMs: 42_000, durationMs: 180_000 };
    await new QueuePersistence(a.player, store).save();

    const b = fakePlayer();
    const persistence = new QueuePersistence(b.player, store);
    expect(await persistence.restore()).toBe(true);
    persistence.start();
    expect(b.queue.current?.title).toBe('Track 2');
    expect(b.queue.upNext()).toEqual(a.queue.upNext());
    expect(b.queue.repeat).toBe('all');
    b.emit('state', 'playing' as PlayerState);
    expect(b.player.seek).toHaveBeenCalledWith(42_000);
    b.emit('state', 'playing' as PlayerState);
    expect(b.player.seek).toHaveBeenCalledTimes(1);
    persistence.destroy();
  });

  it('round-trips a queue as long as the longest playlist (10,000 still to play)', async () => {
    const a = fakePlayer();
    const store = memoryStore();
    const many = Array.from({ length: 10_000 }, (_, i) => item(i + 1));
    a.queue.replace(many, 0, { kind: 'playlist', id: 'pl_000000000001', title: 'Everything' });
    await new QueuePersistence(a.player, store).save();
    const b = fakePlayer();
    expect(await new QueuePersistence(b.player, store).restore()).toBe(true);
    expect(b.queue.length).toBe(10_000);
  });

  it('drops a stored record it does not understand, and keeps the player as it was', async () => {
    for (const bad of [{ version: 2 }, { ...new PlayQueue([item(1)]).snapshot(), cursor: 5, positionMs: 0, savedAt: 0 }, 'junk']) {
      const store = memoryStore();
      store.data.set(QUEUE_KEY, JSON.stringify(bad));
      const { player, queue } = fakePlayer();
      expect(await new QueuePersistence(player, store).restore()).toBe(false);
      expect(queue.length).toBe(0);
    }
  });
});

describe('Now Playing helpers', () => {
  it('the idle timer fires once after the quiet period; input wakes it and says so', () => {
    let now = 0;
    let tick: () => void = () => undefined;
    const onIdle = vi.fn();
    const idle = new IdleTimer(120_000, onIdle, { now: () => now, setInterval: (fn) => ((tick = fn), 1), clearInterval: () => undefined });
    now = 119_999;
    tick();
    expect(onIdle).not.toHaveBeenCalled();
    now = 120_000;
    tick();
    tick();
    expect(onIdle).toHaveBeenCalledTimes(1);
    expect(idle.isIdle).toBe(true);
    expect(idle.input()).toBe(true);
    expect(idle.input()).toBe(false);
    now = 200_000;
    tick();
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('a tap seeks 10 s; holding speeds up; a new press starts over', () => {
    const hold = new HoldCounter();
    expect(seekStepMs(hold.press(false))).toBe(SEEK_TAP_MS);
    const steps = Array.from({ length: 20 }, () => seekStepMs(hold.press(true)));
    expect(steps[0]).toBe(SEEK_TAP_MS);
    expect(steps.at(-1)).toBe(4 * SEEK_TAP_MS);
    expect([...steps].sort((x, y) => x - y)).toEqual(steps);
    hold.release();
    expect(seekStepMs(hold.press(false))).toBe(SEEK_TAP_MS);
  });
});
