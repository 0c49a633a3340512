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

describe('PlayQueue entries (the remote receiver\'s item ids)', () => {
  it('ids are unique for the queue\'s life, survive shuffle and un-shuffle, and a new lap gets new ones', () => {
    const queue = new PlayQueue(['a', 'b', 'c', 'd'], 0);
    const ids = queue.entries.map((e) => e.id);
    expect(new Set(ids).size).toBe(4);
    queue.setShuffle(true, () => 0.3);
    expect(new Set(queue.entries.map((e) => e.id))).toEqual(new Set(ids));
    queue.setShuffle(false);
    expect(queue.entries.map((e) => e.id)).toEqual(ids);
    queue.setRepeat('all');
    for (let i = 0; i < 4; i++) queue.next();
    const lap = queue.entries.slice(4).map((e) => e.id);
    expect(lap.some((id) => ids.includes(id))).toBe(false);
    queue.replace(['x']);
    expect(ids).not.toContain(queue.entries[0]!.id);
  });

  it('insertAt places user entries anywhere; among the context rows they join the context, so un-shuffle keeps them', () => {
    const queue = new PlayQueue(['a', 'b', 'c'], 1);
    queue.insertAt(0, ['h']);
    expect(queue.items).toEqual(['h', 'a', 'b', 'c']);
    expect(queue.current).toBe('b');
    queue.insertAt(3, ['q']);
    expect(queue.upNext()).toMatchObject({ queued: ['q'], fromContext: ['c'] });
    queue.insertAt(9, ['z']);
    expect(queue.upNext()).toMatchObject({ queued: ['q'], fromContext: ['c', 'z'] });
    queue.setShuffle(true, () => 0);
    queue.setShuffle(false);
    expect(queue.upNext().fromContext).toEqual(['c', 'z']);
    const empty = new PlayQueue<string>();
    empty.insertAt(5, ['n']);
    expect([empty.current, empty.index]).toEqual(['n', 0]);
  });

  it('arrange reorders and removes by id with a new current, and refuses unknown or repeated ids', () => {
    const queue = new PlayQueue(['a', 'b', 'c', 'd'], 1);
    const [a, b, c, d] = queue.entries.map((e) => e.id) as [number, number, number, number];
    expect(queue.arrange([a, c, b], c)).toBe(true);
    expect([queue.items, queue.current]).toEqual([['a', 'c', 'b'], 'c']);
    expect(queue.arrange([a, d], a)).toBe(false);
    expect(queue.arrange([a, a], a)).toBe(false);
    expect(queue.arrange([a, b], c)).toBe(false);
    expect(queue.items).toEqual(['a', 'c', 'b']);
    expect(queue.arrange([], null)).toBe(true);
    expect([queue.length, queue.current]).toEqual([0, null]);
  });
});
