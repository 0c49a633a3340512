/**
 * LifecycleDuties against the shared visibility lifecycle on a fake document: what happens to
 * playback, storage and textures as the platform hides, freezes and shows the app.
 */
import { describe, expect, it, vi } from 'vitest';
import { VisibilityLifecycle } from '../../devices/shared/visibility-lifecycle';
import { LifecycleDuties } from '../../src/app/services/lifecycle-duties';
import type { PlayerEvents, PlayerState } from '../../src/player/types';
import { FakeDocument } from '../devices/support/fake-host';

/** Just enough player: a state, pause(), and 'state' events the test fires. */
function fakePlayer(initial: PlayerState) {
  const listeners = new Set<(s: PlayerState) => void>();
  const player = {
    state: initial,
    pause: vi.fn(() => player.set('paused')),
    on: <K extends keyof PlayerEvents>(event: K, listener: (p: PlayerEvents[K]) => void) => {
      if (event !== 'state') return () => undefined;
      const l = listener as unknown as (s: PlayerState) => void;
      listeners.add(l);
      return () => listeners.delete(l);
    },
    set(state: PlayerState) {
      player.state = state;
      for (const l of [...listeners]) l(state);
    },
  };
  return player;
}

function setup(keepsAudioWhenConcealed: boolean, state: PlayerState = 'playing') {
  const doc = new FakeDocument();
  const lifecycle = new VisibilityLifecycle(doc as unknown as Document);
  const player = fakePlayer(state);
  const storage = { flush: vi.fn(() => Promise.resolve()) };
  const releaseGraphics = vi.fn<(all: boolean) => void>();
  const restoreFocus = vi.fn();
  const duties = new LifecycleDuties({ lifecycle, policy: { keepsAudioWhenConcealed }, player, storage, releaseGraphics, restoreFocus });
  return { doc, lifecycle, player, storage, releaseGraphics, restoreFocus, duties };
}

describe('LifecycleDuties', () => {
  it('pauses on concealed where the device does not keep audio, and leaves it paused on return', () => {
    const t = setup(false);
    t.doc.show(true);
    expect(t.player.pause).toHaveBeenCalledOnce();
    expect(t.duties.pausedWhileHidden).toBe(true);
    t.doc.show(false);
    expect(t.player.state).toBe('paused');
    expect(t.duties.pausedWhileHidden).toBe(true);
    expect(t.restoreFocus).toHaveBeenCalled();
  });

  it('keeps playing when concealed where the device allows background audio', () => {
    const t = setup(true);
    t.doc.show(true);
    expect(t.player.pause).not.toHaveBeenCalled();
    expect(t.duties.pausedWhileHidden).toBe(false);
  });

  it('does not touch playback that was not audible', () => {
    const t = setup(false, 'paused');
    t.doc.show(true);
    expect(t.player.pause).not.toHaveBeenCalled();
    expect(t.duties.pausedWhileHidden).toBe(false);
  });

  it('pauses a track that only starts after the app was hidden (it was still loading)', () => {
    const t = setup(false, 'loading');
    t.doc.show(true);
    expect(t.player.pause).not.toHaveBeenCalled();
    t.player.set('playing');
    expect(t.player.pause).toHaveBeenCalledOnce();
    expect(t.duties.pausedWhileHidden).toBe(true);
  });

  it('forgets its pause once the user plays again after returning', () => {
    const t = setup(false);
    t.doc.show(true);
    t.doc.show(false);
    t.player.set('playing');
    expect(t.duties.pausedWhileHidden).toBe(false);
  });

  it('releases unused textures when concealed, all graphics and a storage flush when frozen', () => {
    const t = setup(true);
    t.doc.show(true);
    expect(t.releaseGraphics.mock.calls).toEqual([[false]]);
    expect(t.storage.flush).not.toHaveBeenCalled();
    t.doc.dispatchEvent(new Event('freeze'));
    expect(t.lifecycle.state).toBe('frozen');
    expect(t.releaseGraphics.mock.calls).toEqual([[false], [true]]);
    expect(t.storage.flush).toHaveBeenCalledOnce();
  });

  it('stops listening after destroy()', () => {
    const t = setup(false);
    t.duties.destroy();
    t.doc.show(true);
    expect(t.player.pause).not.toHaveBeenCalled();
    expect(t.releaseGraphics).not.toHaveBeenCalled();
  });
});
