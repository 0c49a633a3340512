/**
 * EchoHold (src/app/services/echo-hold.ts): the Search page's query line waits for its results,
 * up to a deadline counted from the first keystroke not yet echoed.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EchoHold } from '../../src/app/services/echo-hold';

describe('EchoHold', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const held = () => {
    const echo = vi.fn();
    return { echo, hold: new EchoHold(echo, 100) };
  };

  it('echoes with the results when they come within the hold, once', () => {
    const { echo, hold } = held();
    hold.hold();
    vi.advanceTimersByTime(40);
    expect(echo).not.toHaveBeenCalled();
    hold.release();
    expect(echo).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(200);
    expect(echo).toHaveBeenCalledTimes(1);
  });

  it('echoes alone at the deadline when the results are late', () => {
    const { echo, hold } = held();
    hold.hold();
    vi.advanceTimersByTime(99);
    expect(echo).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(echo).toHaveBeenCalledTimes(1);
  });

  it('keeps the first deadline through a burst of keystrokes', () => {
    const { echo, hold } = held();
    hold.hold();
    vi.advanceTimersByTime(60);
    hold.hold();
    vi.advanceTimersByTime(40);
    expect(echo).toHaveBeenCalledTimes(1);
    // The next keystroke after that echo starts a hold of its own.
    hold.hold();
    vi.advanceTimersByTime(99);
    expect(echo).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(echo).toHaveBeenCalledTimes(2);
  });

  it('echoes nothing once cancelled', () => {
    const { echo, hold } = held();
    hold.hold();
    hold.cancel();
    vi.advanceTimersByTime(500);
    expect(echo).not.toHaveBeenCalled();
  });
});
