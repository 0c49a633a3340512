import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FocusPreloader, PRELOAD_AFTER_MS } from '../../src/app/services/focus-preloader';

const item = (n: number) => ({ trackId: `tr_${n}`, title: `T${n}`, artist: 'A', durationMs: 1000 });

describe('FocusPreloader', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup() {
    const player = { preload: vi.fn(), unfocus: vi.fn() };
    return { player, preloader: new FocusPreloader(() => player) };
  }

  it('preloads only after focus has rested for the dwell time', () => {
    const { player, preloader } = setup();
    preloader.arm(item(1));
    vi.advanceTimersByTime(PRELOAD_AFTER_MS - 1);
    expect(player.preload).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(player.preload).toHaveBeenCalledWith(item(1), 'focus');
  });

  it('scrolling past rows preloads none of them, and releases each one left', () => {
    const { player, preloader } = setup();
    for (const n of [1, 2, 3]) {
      preloader.arm(item(n));
      vi.advanceTimersByTime(100);
    }
    preloader.arm(undefined);
    vi.advanceTimersByTime(1000);
    expect(player.preload).not.toHaveBeenCalled();
    expect(player.unfocus.mock.calls.map(([id]) => id)).toEqual(['tr_1', 'tr_2', 'tr_3']);
  });

  it('arming the same track again keeps its timer (Play and the first row start the same track)', () => {
    const { player, preloader } = setup();
    preloader.arm(item(1));
    vi.advanceTimersByTime(200);
    preloader.arm(item(1));
    vi.advanceTimersByTime(100);
    expect(player.preload).toHaveBeenCalledTimes(1);
    expect(player.unfocus).not.toHaveBeenCalled();
  });

  it('disarm(false) keeps the preload for the load that takes it', () => {
    const { player, preloader } = setup();
    preloader.arm(item(1));
    vi.advanceTimersByTime(PRELOAD_AFTER_MS);
    preloader.disarm(false);
    expect(player.unfocus).not.toHaveBeenCalled();
  });
});
