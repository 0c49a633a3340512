/**
 * ScreensaverGuard: holds the screensaver off only while playing on screen, through the mechanism
 * the profile names; the profiles' answers come from the real device classes.
 */
import { describe, expect, it, vi } from 'vitest';
import { BrowserDevice } from '../../devices/browser';
import type { LifecycleState } from '../../devices/contracts/lifecycle';
import { TizenDevice } from '../../devices/tizen';
import { WebOsDevice } from '../../devices/webos';
import { ScreensaverGuard } from '../../src/app/services/screensaver-guard';
import type { PlayerState } from '../../src/player/types';
import { fakeHost } from '../devices/support/fake-host';

function world(initial: PlayerState = 'idle') {
  const playerListeners = new Set<(s: PlayerState) => void>();
  const lifeListeners = new Set<(n: LifecycleState, p: LifecycleState) => void>();
  const player = {
    state: initial,
    on: (_: 'state', l: (s: PlayerState) => void) => (playerListeners.add(l), () => playerListeners.delete(l)),
  };
  const lifecycle = {
    state: 'started' as LifecycleState,
    onChange: (l: (n: LifecycleState, p: LifecycleState) => void) => (lifeListeners.add(l), () => lifeListeners.delete(l)),
  };
  return {
    player: player as never,
    lifecycle,
    play: (s: PlayerState) => playerListeners.forEach((l) => l(s)),
    show: (s: LifecycleState) => {
      const prev = lifecycle.state;
      lifecycle.state = s;
      lifeListeners.forEach((l) => l(s, prev));
    },
  };
}

describe('ScreensaverGuard', () => {
  it('Tizen: screensaver off while playing on screen, back on for pause and when hidden', () => {
    const setScreenSaver = vi.fn();
    const w = world();
    const guard = new ScreensaverGuard('tizen-appcommon', { appcommon: { setScreenSaver, AppCommonScreenSaverState: { SCREEN_SAVER_OFF: 0, SCREEN_SAVER_ON: 1 } } }, w.player, w.lifecycle);
    expect(setScreenSaver).not.toHaveBeenCalled();
    w.play('playing');
    expect(setScreenSaver).toHaveBeenLastCalledWith(0);
    w.play('buffering');
    expect(setScreenSaver).toHaveBeenCalledTimes(1);
    w.play('paused');
    expect(setScreenSaver).toHaveBeenLastCalledWith(1);
    w.play('playing');
    w.show('concealed');
    expect(setScreenSaver).toHaveBeenLastCalledWith(1);
    w.show('started');
    expect(setScreenSaver).toHaveBeenLastCalledWith(0);
    guard.destroy();
    expect(setScreenSaver).toHaveBeenLastCalledWith(1);
    expect(setScreenSaver).toHaveBeenCalledTimes(6);
  });

  it('wake lock: requested while playing, released on pause; a refusal is retried on the next play', async () => {
    const release = vi.fn(() => Promise.resolve());
    const request = vi.fn().mockRejectedValueOnce(new Error('NotAllowedError')).mockResolvedValue({ release });
    const w = world();
    const guard = new ScreensaverGuard('wake-lock', { wakeLock: { request } }, w.player, w.lifecycle);
    w.play('playing');
    await Promise.resolve();
    await Promise.resolve();
    expect(guard.holding).toBe(false);
    w.play('paused');
    w.play('playing');
    await Promise.resolve();
    expect(request).toHaveBeenCalledTimes(2);
    expect(guard.holding).toBe(true);
    w.play('paused');
    expect(release).toHaveBeenCalledTimes(1);
  });

  it('none: nothing is called, and a missing API never throws', () => {
    const w = world('playing');
    expect(() => new ScreensaverGuard('none', {}, w.player, w.lifecycle)).not.toThrow();
    expect(new ScreensaverGuard('tizen-appcommon', {}, w.player, w.lifecycle).holding).toBe(false);
  });

  it('profiles answer with a mechanism: browser wake lock, Tizen AppCommon, webOS none', () => {
    expect(new BrowserDevice(fakeHost({})).screensaverControl).toBe('wake-lock');
    expect(new TizenDevice(fakeHost({})).screensaverControl).toBe('tizen-appcommon');
    expect(new WebOsDevice(fakeHost({})).screensaverControl).toBe('none');
  });
});
