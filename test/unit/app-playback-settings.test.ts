/**
 * The crossfade choice on the device (src/app/services/playback-settings.ts): applied to the
 * player's Crossfader at once, written to storage a moment later (never on the key press), read
 * back at boot, and a stored record that fails its schema changes nothing.
 */
import { describe, expect, it, vi } from 'vitest';
import { PLAYBACK_SETTINGS_KEY, PlaybackSettings, type SettingsStore } from '../../src/app/services/playback-settings';
import { Crossfader } from '../../src/player/crossfade';
import { useFakeClock } from './support/fake-playback';

class MapStore implements SettingsStore {
  readonly data = new Map<string, unknown>();
  writes = 0;
  failReads = false;
  async get<T>(key: string): Promise<T | null> {
    if (this.failReads) throw new Error('storage unavailable');
    return (this.data.get(key) as T | undefined) ?? null;
  }
  async set<T>(key: string, value: T): Promise<void> {
    this.writes += 1;
    this.data.set(key, JSON.parse(JSON.stringify(value)));
  }
}

const fader = () => new Crossfader(() => {
  throw new Error('no deck in these tests');
});

describe('PlaybackSettings', () => {
  useFakeClock();

  it('a step applies at once and is written shortly after, not on the key press; a new run reads it back', async () => {
    const store = new MapStore();
    const target = fader();
    const settings = new PlaybackSettings(store, target);
    await settings.restore();
    expect(settings.crossfadeS).toBe(0);
    const changes: number[] = [];
    settings.onChange(() => changes.push(settings.crossfadeS));
    expect(settings.stepCrossfade(1)).toBe(2);
    settings.stepCrossfade(1);
    expect(target.seconds).toBe(4);
    expect(changes).toEqual([2, 4]);
    expect(store.writes).toBe(0);
    await vi.advanceTimersByTimeAsync(1000);
    // Two presses, one write.
    expect(store.writes).toBe(1);
    expect(store.data.get(PLAYBACK_SETTINGS_KEY)).toEqual({ crossfadeS: 4 });

    const nextRun = fader();
    await new PlaybackSettings(store, nextRun).restore();
    expect(nextRun.seconds).toBe(4);
  });

  it('flush() writes a pending change now (the app is closing)', async () => {
    const store = new MapStore();
    const settings = new PlaybackSettings(store, fader());
    settings.stepCrossfade(3);
    await settings.flush();
    expect(store.data.get(PLAYBACK_SETTINGS_KEY)).toEqual({ crossfadeS: 6 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(store.writes).toBe(1);
  });

  it('a record that fails the schema, or unreadable storage, leaves crossfade off and throws nothing', async () => {
    for (const bad of [{ crossfadeS: 99 }, { crossfadeS: '6' }, { crossfadeS: 2.5 }, 'x', []]) {
      const store = new MapStore();
      store.data.set(PLAYBACK_SETTINGS_KEY, bad);
      const target = fader();
      await new PlaybackSettings(store, target).restore();
      expect(target.seconds, JSON.stringify(bad)).toBe(0);
    }
    const broken = new MapStore();
    broken.failReads = true;
    const target = fader();
    await expect(new PlaybackSettings(broken, target).restore()).resolves.toBeUndefined();
    expect(target.seconds).toBe(0);
  });

  it('a choice made before a slow storage answers wins over the stored one', async () => {
    const store = new MapStore();
    store.data.set(PLAYBACK_SETTINGS_KEY, { crossfadeS: 10 });
    const target = fader();
    const settings = new PlaybackSettings(store, target);
    const restoring = settings.restore();
    settings.stepCrossfade(1);
    await restoring;
    expect(target.seconds).toBe(2);
  });

  it('where the device has one audio pipeline: not available, steps do nothing and nothing is written', async () => {
    const store = new MapStore();
    store.data.set(PLAYBACK_SETTINGS_KEY, { crossfadeS: 6 });
    const settings = new PlaybackSettings(store, null);
    await settings.restore();
    expect(settings.crossfadeAvailable).toBe(false);
    expect(settings.stepCrossfade(1)).toBe(0);
    expect(settings.crossfadeS).toBe(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(store.writes).toBe(0);
  });
});
