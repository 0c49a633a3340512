import { describe, expect, it } from 'vitest';
import { PlayQueue, RESTART_THRESHOLD_MS } from '../../src/player/play-queue';

const q = (start = 0) => new PlayQueue(['a', 'b', 'c'], start);

describe('PlayQueue', () => {
  it('starts at the given index and clamps out-of-range starts', () => {
    expect(q(1).current).toBe('b');
    expect(q(9).current).toBe('c');
    expect(q(-3).current).toBe('a');
    expect(new PlayQueue([]).current).toBeNull();
  });

  it('advances at the end of a track and ends after the last one', () => {
    const queue = q();
    expect(queue.advance()).toBe('b');
    expect(queue.advance()).toBe('c');
    expect(queue.advance()).toBeNull();
    expect(queue.current).toBe('c');
    expect(queue.index).toBe(2);
  });

  it('Next on the last item does not move', () => {
    const queue = q(2);
    expect(queue.hasNext).toBe(false);
    expect(queue.next()).toBeNull();
    expect(queue.current).toBe('c');
  });

  it('Previous goes back when within the first 3 s', () => {
    const queue = q(2);
    expect(queue.previous(RESTART_THRESHOLD_MS)).toEqual({ kind: 'play', item: 'b', index: 1 });
    expect(queue.current).toBe('b');
  });

  it('Previous restarts the track after 3 s', () => {
    const queue = q(2);
    expect(queue.previous(RESTART_THRESHOLD_MS + 1)).toEqual({ kind: 'restart', item: 'c' });
    expect(queue.index).toBe(2);
  });

  it('Previous on the first item restarts it, however early', () => {
    const queue = q(0);
    expect(queue.previous(0)).toEqual({ kind: 'restart', item: 'a' });
    expect(queue.index).toBe(0);
  });

  it('Previous on an empty queue does nothing', () => {
    expect(new PlayQueue<string>([]).previous(0)).toBeNull();
  });

  it('a failed track is skipped to the next; the last one failing leaves nothing to play', () => {
    const queue = q(1);
    expect(queue.skipFailed()).toBe('c');
    expect(queue.skipFailed()).toBeNull();
  });

  it('peekNext shows what to preload without moving', () => {
    const queue = q(1);
    expect(queue.peekNext()).toBe('c');
    expect(queue.index).toBe(1);
    queue.advance();
    expect(queue.peekNext()).toBeNull();
  });

  it('replace keeps its own copy of the list', () => {
    const items = ['x', 'y'];
    const queue = new PlayQueue(items, 0);
    items.push('z');
    expect(queue.length).toBe(2);
  });
});
