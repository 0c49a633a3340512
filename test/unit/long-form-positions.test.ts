/**
 * The TV's half of resume, without Lightning: the PositionReporter against a player that emits
 * the real QueuePlayer's events (fake timers for the 5 s cadence), the show page's marks and
 * resume offer, the long-form skip steps, and queue persistence giving way to an explicit resume.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LifecycleState } from '../../devices/contracts/lifecycle';
import { episodeMarks, MIN_RESUME_MS, resumeLabel } from '../../src/app/episode-marks';
import { INTERVAL_MS, PositionReporter } from '../../src/app/services/position-reporter';
import { QueuePersistence } from '../../src/app/services/queue-persistence';
import { LONG_FORM_BACK_MS, LONG_FORM_FORWARD_MS, longFormStepMs } from '../../src/app/services/seek-steps';
import { PlayQueue } from '../../src/player/play-queue';
import type { PlaybackItem, PlayerEvents, PlayerState } from '../../src/player/types';
import { PLAYED_SHARE } from '../../src/protocol';
import { PROFILES } from '../../devices/registry';
import { ladderRenditions } from '../../src/ingest/track-transcoder';
import { chooseSource } from '../../src/player/source-choice';
import { fakeHost } from '../devices/support/fake-host';
import type { Device, DeviceHost } from '../../devices/contracts/device';

const EPISODE_MS = 20 * 60_000;
const episode = (n: number): PlaybackItem => ({
  trackId: `tr_${String(n).padStart(12, '0')}`,
  title: `Episode ${n}`,
  artist: 'Host',
  durationMs: EPISODE_MS,
  longForm: 'podcast',
});
const song: PlaybackItem = { trackId: 'tr_00000000000a', title: 'Song', artist: 'Band', durationMs: 180_000 };

/** The events QueuePlayer emits, in its order: track, then the start's time, then state. */
function fakePlayer() {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const player = {
    current: null as PlaybackItem | null,
    time: { positionMs: 0, durationMs: 0 },
    state: 'idle' as PlayerState,
    on<K extends keyof PlayerEvents>(k: K, l: (p: PlayerEvents[K]) => void) {
      if (!listeners.has(k)) listeners.set(k, new Set());
      listeners.get(k)!.add(l as (p: unknown) => void);
      return () => listeners.get(k)!.delete(l as (p: unknown) => void);
    },
  };
  const emit = <K extends keyof PlayerEvents>(k: K, p: PlayerEvents[K]) => listeners.get(k)?.forEach((l) => l(p));
  return {
    player,
    start(item: PlaybackItem, atMs = 0) {
      player.current = item;
      emit('track', { item, index: 0 });
      this.time(atMs, item.durationMs);
      this.state('loading');
      this.state('playing');
    },
    time(positionMs: number, durationMs = player.time.durationMs) {
      player.time = { positionMs, durationMs };
      emit('time', player.time);
    },
    state(s: PlayerState) {
      player.state = s;
      emit('state', s);
    },
    /** Plays on for `ms`, with timeupdates every 250 ms as a media element sends them. */
    play(ms: number) {
      for (let t = 0; t < ms; t += 250) {
        this.time(player.time.positionMs + 250);
        vi.advanceTimersByTime(250);
      }
    },
    listenerCount: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
  };
}

function fakeLifecycle() {
  const listeners = new Set<(next: LifecycleState, previous: LifecycleState) => void>();
  return {
    onChange(l: (next: LifecycleState, previous: LifecycleState) => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    go: (next: LifecycleState, previous: LifecycleState) => listeners.forEach((l) => l(next, previous)),
  };
}

describe('PositionReporter', () => {
  let saves: Array<[string, number]>;
  let signedIn: boolean;
  let p: ReturnType<typeof fakePlayer>;
  let life: ReturnType<typeof fakeLifecycle>;
  let reporter: PositionReporter;

  beforeEach(() => {
    vi.useFakeTimers();
    saves = [];
    signedIn = true;
    p = fakePlayer();
    life = fakeLifecycle();
    reporter = new PositionReporter({
      player: p.player,
      save: async (trackId, positionMs) => {
        saves.push([trackId, positionMs]);
      },
      canSave: () => signedIn,
      lifecycle: life,
    });
  });
  afterEach(() => {
    reporter.destroy();
    vi.useRealTimers();
  });

  it('saves every 5 s while an episode plays, and no more often', () => {
    p.start(episode(1), 600_000);
    p.play(4 * INTERVAL_MS + 100);
    expect(saves.map(([, ms]) => ms)).toEqual([605_000, 610_000, 615_000, 620_000]);
    expect(saves.every(([id]) => id === episode(1).trackId)).toBe(true);
  });

  it('saves on pause (once), stop, and nothing while paused', () => {
    p.start(episode(1));
    p.play(2000);
    p.state('paused');
    expect(saves).toEqual([[episode(1).trackId, 2000]]);
    p.state('paused');
    vi.advanceTimersByTime(6 * INTERVAL_MS);
    expect(saves).toHaveLength(1);
    // Stop: pause, then back to the start (app.ts _handleStop): the pause saved where it stopped.
    p.start(episode(1), 2000);
    p.play(3000);
    p.state('paused');
    p.time(0);
    expect(saves.at(-1)).toEqual([episode(1).trackId, 5000]);
  });

  it('saves the previous episode’s last position on a track change, not the new one’s start', () => {
    p.start(episode(1), 100_000);
    p.play(1500);
    p.start(episode(2), 0);
    expect(saves).toEqual([[episode(1).trackId, 101_500]]);
    // The 5 s cadence runs on across the change: the next tick saves the new episode.
    p.play(INTERVAL_MS);
    expect(saves.slice(1)).toEqual([[episode(2).trackId, INTERVAL_MS - 1500]]);
  });

  it('saves the end when an episode ends (the BFF marks it played)', () => {
    p.start(episode(1), EPISODE_MS - 1000);
    p.play(750);
    p.state('ended');
    expect(saves).toEqual([[episode(1).trackId, EPISODE_MS]]);
  });

  it('a restored episode that has not sounded yet saves nothing over its position (reload, then hide or another item)', () => {
    // queue-persistence's restore: the episode becomes current with no start and no time.
    reporter.destroy();
    p.player.current = episode(1);
    p.player.state = 'paused';
    reporter = new PositionReporter({ player: p.player, save: async (id, ms) => void saves.push([id, ms]), canSave: () => true, lifecycle: life });
    p.state('paused');
    life.go('concealed', 'blurred');
    p.start(episode(2));
    expect(saves).toEqual([]);
    // Once the new one has sounded, it is saved as before.
    p.play(1000);
    p.state('paused');
    expect(saves).toEqual([[episode(2).trackId, 1000]]);
  });

  it('saves when the app is hidden, frozen or closed; a second hook with no change sends nothing', () => {
    p.start(episode(1), 30_000);
    p.play(1000);
    life.go('concealed', 'blurred');
    expect(saves).toEqual([[episode(1).trackId, 31_000]]);
    life.go('frozen', 'concealed');
    life.go('stopped', 'frozen');
    expect(saves).toHaveLength(1);
  });

  it('never saves music, nor anything for a guest', () => {
    p.start(song);
    p.play(3 * INTERVAL_MS);
    p.state('paused');
    life.go('concealed', 'blurred');
    expect(saves).toEqual([]);
    signedIn = false;
    p.start(episode(1));
    p.play(3 * INTERVAL_MS);
    p.state('paused');
    expect(saves).toEqual([]);
  });

  it('a failed save is logged and the next one still goes out', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    let fail = true;
    const sent: number[] = [];
    const r = new PositionReporter({
      player: p.player,
      save: (_id, ms) => {
        sent.push(ms);
        return fail ? Promise.reject(new Error('offline')) : Promise.resolve();
      },
      canSave: () => true,
    });
    p.start(episode(3));
    p.play(INTERVAL_MS);
    await vi.advanceTimersByTimeAsync(0);
    expect(warn).toHaveBeenCalled();
    fail = false;
    p.play(INTERVAL_MS);
    expect(sent).toEqual([5000, 10_000]);
    r.destroy();
    warn.mockRestore();
  });

  it('destroy stops the timer and lets go of every listener', () => {
    const before = p.listenerCount();
    p.start(episode(1));
    reporter.destroy();
    expect(p.listenerCount()).toBe(before - 3);
    p.play(3 * INTERVAL_MS);
    expect(saves).toEqual([]);
  });
});

describe('episode marks and the resume offer', () => {
  const at = (positionMs: number, played = false) =>
    episodeMarks({ positionMs, played, publishedAt: Date.UTC(2024, 2, 15), track: { durationMs: EPISODE_MS } });

  it('unplayed, in progress (with where it resumes), played', () => {
    expect(at(0)).toEqual({ mark: 'unplayed', resumeFromMs: null, meta: '15 Mar 2024  ·  20 min  ·  New' });
    expect(at(MIN_RESUME_MS - 1).mark).toBe('unplayed');
    expect(at(603_000)).toEqual({ mark: 'in-progress', resumeFromMs: 603_000, meta: '15 Mar 2024  ·  20 min  ·  10 min left' });
    expect(at(EPISODE_MS, true)).toEqual({ mark: 'played', resumeFromMs: null, meta: '15 Mar 2024  ·  20 min  ·  Played' });
    // Played before and started again: in progress until it passes the share again.
    expect(at(60_000, true).mark).toBe('in-progress');
    expect(resumeLabel(23 * 60_000 + 14_000)).toBe('Resume from 23:14');
    expect(resumeLabel(3600_000 + 62_000)).toBe('Resume from 1:01:02');
  });

  it('offers resume exactly between MIN_RESUME_MS and the played share', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: EPISODE_MS }), fc.boolean(), (positionMs, played) => {
        const m = at(positionMs, played);
        const resumable = positionMs >= MIN_RESUME_MS && positionMs <= EPISODE_MS * PLAYED_SHARE;
        expect(m.resumeFromMs).toBe(resumable ? positionMs : null);
        expect(m.mark).toBe(resumable ? 'in-progress' : played ? 'played' : 'unplayed');
      }),
    );
  });
});

describe('long-form skips on Now Playing', () => {
  it('back 15 s and forward 30 s per tap; held, faster in the music stages', () => {
    expect(longFormStepMs(-1, 0)).toBe(-LONG_FORM_BACK_MS);
    expect(longFormStepMs(1, 0)).toBe(LONG_FORM_FORWARD_MS);
    expect(longFormStepMs(1, 4)).toBe(30_000);
    expect(longFormStepMs(1, 5)).toBe(60_000);
    expect(longFormStepMs(-1, 20)).toBe(-60_000);
  });
});

describe('queue persistence and an explicit resume', () => {
  it('a list loaded after the restore (the show page’s Resume) is not moved to the restored position', async () => {
    const queue = new PlayQueue<PlaybackItem>();
    const listeners = new Map<string, Set<(p: unknown) => void>>();
    const emit = (k: string, v: unknown) => listeners.get(k)?.forEach((l) => l(v));
    const seek = vi.fn();
    const player = {
      time: { positionMs: 42_000, durationMs: EPISODE_MS },
      seek,
      get current() {
        return queue.current;
      },
      on(k: string, l: (p: unknown) => void) {
        if (!listeners.has(k)) listeners.set(k, new Set());
        listeners.get(k)!.add(l);
        return () => listeners.get(k)!.delete(l);
      },
      queueSnapshot: () => queue.snapshot(),
      restoreQueue: (s: Parameters<PlayQueue<PlaybackItem>['adopt']>[0]) => queue.adopt(s),
    };
    const data = new Map<string, string>();
    const store = {
      get: async <T>(k: string) => (data.has(k) ? (JSON.parse(data.get(k)!) as T) : null),
      set: async <T>(k: string, v: T) => void data.set(k, JSON.stringify(v)),
    };
    queue.replace([episode(1)], 0, { kind: 'show', id: 'al_000000000001', title: 'Show' });
    await new QueuePersistence(player as never, store).save();
    expect(JSON.parse(data.get('queue')!).contextItems[0].longForm).toBe('podcast');

    const restored = new PlayQueue<PlaybackItem>();
    const again = { ...player, get current() { return restored.current; }, restoreQueue: (s: never) => restored.adopt(s) };
    const persistence = new QueuePersistence(again as never, store);
    expect(await persistence.restore()).toBe(true);
    persistence.start();
    expect(restored.current?.longForm).toBe('podcast');
    // The restored position goes to the player as the current entry's start, once; the player
    // drops it when a list loaded meanwhile starts (player-queue-player.test.ts, real QueuePlayer).
    expect(seek.mock.calls).toEqual([[42_000]]);
    emit('queue', {}); // loadContext([episode], 0, show, 603_000)
    emit('state', 'playing');
    expect(seek).toHaveBeenCalledTimes(1);
    persistence.destroy();
  });
});

describe('the spoken-word ladder on every device profile', () => {
  // The floors: webOS 4 (Chrome 53) and Tizen 4 (Chromium 56); the rest answer from their MSE.
  const UA: Record<string, string> = {
    webos: 'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/53.0.2785.34 Safari/537.36 WebAppManager',
    tizen: 'Mozilla/5.0 (SMART-TV; LINUX; Tizen 4.0) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/2.1 Chrome/56.0.2924.0 TV Safari/537.36',
  };
  const start = { manifestUrl: '/m.mpd', progressiveUrl: '/p.m4a', progressiveMimeType: 'audio/mp4', ladder: ladderRenditions('spoken') };

  // Each profile class takes the host it probes (the registry's contract type hides the parameter).
  it.each(PROFILES.map((P) => [P.name, P] as const))('%s plays it over MSE where MSE has AAC-LC, and falls back to the file where not', (_name, Profile) => {
    const key = Object.keys(UA).find((k) => Profile.name.toLowerCase().includes(k));
    const Make = Profile as unknown as new (host: DeviceHost) => Device;
    const aac = new Make(fakeHost({ userAgent: key ? UA[key] : '', supported: ['mp4a.40.2'] }));
    expect(start.ladder.every((r) => r.codec === 'mp4a.40.2')).toBe(true);
    expect(chooseSource(start, { canPlayCodec: (c) => aac.canPlay(c), canPlayFile: () => true })?.kind).toBe('dash');
    const none = new Make(fakeHost({ userAgent: key ? UA[key] : '', supported: [] }));
    expect(chooseSource(start, { canPlayCodec: (c) => none.canPlay(c), canPlayFile: () => true })?.kind).toBe('progressive');
  });
});
