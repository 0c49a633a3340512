/**
 * Queue edits, shuffle and repeat (src/player/play-queue.ts), property-tested: items are unique
 * strings so every check can say which item went where.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PlayQueue, shuffled, type QueueSnapshot } from '../../src/player/play-queue';

const context = { kind: 'album', id: 'al_1', title: 'Night Ferry' };
const tracks = (n: number, prefix = 't') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/** A context of 1..30 tracks and a start index inside it. */
const queueArb = fc.integer({ min: 1, max: 30 }).chain((n) => fc.record({ n: fc.constant(n), start: fc.integer({ min: 0, max: n - 1 }) }));
const randomArb = fc.infiniteStream(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })).map((s) => () => s.next().value as number);

type Op =
  | { op: 'playNext' | 'add'; items: string[] }
  | { op: 'remove'; i: number }
  | { op: 'move'; from: number; to: number }
  | { op: 'clear' | 'next' | 'advance' | 'skip' }
  | { op: 'previous'; ms: number }
  | { op: 'shuffle'; on: boolean }
  | { op: 'repeat'; mode: 'off' | 'all' | 'one' };

let fresh = 0;
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constantFrom('playNext' as const, 'add' as const), items: fc.integer({ min: 1, max: 3 }).map((k) => tracks(k, `u${fresh++}_`)) }),
  fc.record({ op: fc.constant('remove' as const), i: fc.integer({ min: -1, max: 40 }) }),
  fc.record({ op: fc.constant('move' as const), from: fc.integer({ min: 0, max: 40 }), to: fc.integer({ min: 0, max: 40 }) }),
  fc.record({ op: fc.constantFrom('clear' as const, 'next' as const, 'advance' as const, 'skip' as const) }),
  fc.record({ op: fc.constant('previous' as const), ms: fc.integer({ min: 0, max: 10_000 }) }),
  fc.record({ op: fc.constant('shuffle' as const), on: fc.boolean() }),
  fc.record({ op: fc.constant('repeat' as const), mode: fc.constantFrom('off' as const, 'all' as const, 'one' as const) }),
);

function apply(q: PlayQueue<string>, o: Op, random: () => number): void {
  switch (o.op) {
    case 'playNext': return q.playNext(o.items);
    case 'add': return q.addToQueue(o.items);
    case 'remove': q.removeUpcoming(o.i); return;
    case 'move': q.moveUpcoming(o.from, o.to); return;
    case 'clear': return q.clearQueued();
    case 'next': q.next(); return;
    case 'advance': q.advance(); return;
    case 'skip': q.skipFailed(); return;
    case 'previous': q.previous(o.ms); return;
    case 'shuffle': return q.setShuffle(o.on, random);
    case 'repeat': return q.setRepeat(o.mode);
  }
}

/** What the list must always look like: a cursor inside it, and upNext() is exactly what follows it. */
function checkShape(q: PlayQueue<string>): void {
  expect(q.index).toBeGreaterThanOrEqual(q.length === 0 ? -1 : 0);
  expect(q.index).toBeLessThan(Math.max(1, q.length));
  const { queued, fromContext } = q.upNext();
  expect([...queued, ...fromContext]).toEqual(q.items.slice(q.index + 1));
}

describe('PlayQueue edits', () => {
  it('Play next goes first in "Next in queue", Add to queue last, both ahead of the context', () => {
    const q = new PlayQueue(tracks(4), 1, context);
    q.addToQueue(['a']);
    q.addToQueue(['b', 'c']);
    q.playNext(['x']);
    expect(q.upNext()).toEqual({ queued: ['x', 'a', 'b', 'c'], fromContext: ['t2', 't3'], context });
    expect(q.next()).toBe('x');
    expect(q.upNext().queued).toEqual(['a', 'b', 'c']);
  });

  it('adding with nothing playing makes the added items the queue', () => {
    const q = new PlayQueue<string>();
    q.addToQueue(['a', 'b']);
    expect(q.current).toBe('a');
    expect(q.upNext().queued).toEqual(['b']);
  });

  it('remove takes one row out and keeps the others in order', () => {
    fc.assert(
      fc.property(queueArb, fc.nat(40), ({ n, start }, i) => {
        const q = new PlayQueue(tracks(n), start, context);
        q.addToQueue(['u1', 'u2']);
        const before = [...q.upNext().queued, ...q.upNext().fromContext];
        const removed = q.removeUpcoming(i);
        const after = [...q.upNext().queued, ...q.upNext().fromContext];
        expect(removed).toBe(i < before.length);
        expect(after).toEqual(removed ? before.filter((_, k) => k !== i) : before);
        expect(q.current).toBe(`t${start}`);
      }),
    );
  });

  it('move puts the row at its new position; the others keep their relative order', () => {
    fc.assert(
      fc.property(queueArb, fc.nat(40), fc.nat(40), ({ n, start }, from, to) => {
        const q = new PlayQueue(tracks(n), start, context);
        q.addToQueue(['u1', 'u2', 'u3']);
        const before = [...q.upNext().queued, ...q.upNext().fromContext];
        const moved = q.moveUpcoming(from, to);
        const after = [...q.upNext().queued, ...q.upNext().fromContext];
        expect(moved).toBe(from < before.length && to < before.length);
        if (!moved) {
          expect(after).toEqual(before);
          return;
        }
        expect(after[to]).toBe(before[from]);
        expect(after.filter((_, k) => k !== to)).toEqual(before.filter((_, k) => k !== from));
      }),
    );
  });

  it('a context row moved above queued rows joins "Next in queue"; a queued row moved below leaves it', () => {
    const q = new PlayQueue(tracks(4), 0, context);
    q.addToQueue(['a', 'b']);
    q.moveUpcoming(3, 0); // t2 to the top
    expect(q.upNext().queued).toEqual(['t2', 'a', 'b']);
    q.moveUpcoming(0, 4); // t2 to the bottom
    expect(q.upNext()).toMatchObject({ queued: ['a', 'b'], fromContext: ['t1', 't3', 't2'] });
  });

  it('clear empties "Next in queue" and keeps the context', () => {
    const q = new PlayQueue(tracks(3), 0, context);
    q.addToQueue(['a', 'b']);
    q.clearQueued();
    expect(q.upNext()).toMatchObject({ queued: [], fromContext: ['t1', 't2'] });
    expect(q.current).toBe('t0');
  });
});

describe('PlayQueue shuffle', () => {
  it('Fisher–Yates returns a permutation', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), randomArb, (items, random) => {
        const out = shuffled(items, random);
        expect([...out].sort((a, b) => a - b)).toEqual([...items].sort((a, b) => a - b));
      }),
    );
  });

  it('Fisher–Yates reaches every order of three items about equally often', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 6000; i++) {
      const key = shuffled(['a', 'b', 'c']).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    for (const n of counts.values()) expect(n).toBeGreaterThan(800);
  });

  it('on keeps the current item and "Next in queue", and plays the rest of the context shuffled; off restores the order from the current item on', () => {
    fc.assert(
      fc.property(queueArb, randomArb, fc.boolean(), ({ n, start }, random, withQueued) => {
        const q = new PlayQueue(tracks(n), start, context);
        if (withQueued) q.addToQueue(['u1', 'u2']);
        const queued = q.upNext().queued;
        q.setShuffle(true, random);
        expect(q.current).toBe(`t${start}`);
        expect(q.upNext().queued).toEqual(queued);
        const rest = tracks(n).filter((t) => t !== `t${start}`);
        expect([...q.upNext().fromContext].sort()).toEqual([...rest].sort());
        q.setShuffle(false);
        expect(q.current).toBe(`t${start}`);
        expect(q.upNext()).toMatchObject({ queued, fromContext: tracks(n).slice(start + 1) });
      }),
    );
  });

  it('off after playing on in shuffled order continues the context after the current item', () => {
    fc.assert(
      fc.property(queueArb, randomArb, fc.nat(10), ({ n, start }, random, steps) => {
        const q = new PlayQueue(tracks(n), start, context);
        q.setShuffle(true, random);
        for (let i = 0; i < steps; i++) q.next();
        const current = q.current!;
        q.setShuffle(false);
        expect(q.current).toBe(current);
        expect(q.upNext().fromContext).toEqual(tracks(n).slice(Number(current.slice(1)) + 1));
      }),
    );
  });

  it('a new context with shuffle on starts at the chosen item', () => {
    const q = new PlayQueue<string>();
    q.setShuffle(true);
    q.replace(tracks(10), 4, context);
    expect(q.current).toBe('t4');
    expect(q.index).toBe(0);
    expect([...q.upNext().fromContext].sort()).toEqual(tracks(10).filter((t) => t !== 't4').sort());
  });
});

describe('PlayQueue repeat', () => {
  it('one: the end of a track plays it again; Next still moves on', () => {
    const q = new PlayQueue(tracks(3), 0, context);
    q.setRepeat('one');
    expect(q.advance()).toBe('t0');
    expect(q.peekNext()).toBe('t0');
    expect(q.next()).toBe('t1');
  });

  it('all: after the last item the context plays again from its start', () => {
    const q = new PlayQueue(tracks(3), 2, context);
    expect(q.hasNext).toBe(false);
    q.setRepeat('all');
    expect(q.hasNext).toBe(true);
    expect(q.peekNext()).toBe('t0');
    expect(q.advance()).toBe('t0');
    expect(q.advance()).toBe('t1');
    expect(q.previous(0)).toMatchObject({ kind: 'play', item: 't0' });
  });

  it('a failing track never laps or repeats: skipping ends at the end of the list', () => {
    const q = new PlayQueue(tracks(2), 1, context);
    q.setRepeat('all');
    expect(q.skipFailed()).toBeNull();
    q.setRepeat('one');
    expect(q.skipFailed()).toBeNull();
  });

  it('repeat-all laps keep the history bounded', () => {
    const q = new PlayQueue(tracks(3), 0, context);
    q.setRepeat('all');
    for (let i = 0; i < 1000; i++) q.advance();
    expect(q.length).toBeLessThan(210);
    expect(q.current).toBe(`t${1000 % 3}`);
  });
});

describe('PlayQueue snapshot', () => {
  it('any sequence of edits keeps the shape and survives a snapshot round trip (through JSON)', () => {
    fc.assert(
      fc.property(queueArb, fc.array(opArb, { maxLength: 40 }), randomArb, ({ n, start }, ops, random) => {
        const q = new PlayQueue(tracks(n), start, context);
        for (const o of ops) {
          apply(q, o, random);
          checkShape(q);
        }
        const snap = JSON.parse(JSON.stringify(q.snapshot())) as QueueSnapshot<string>;
        const back = PlayQueue.restore(snap);
        expect(back.items).toEqual(q.items);
        expect(back.index).toBe(q.index);
        expect(back.upNext()).toEqual(q.upNext());
        expect([back.shuffle, back.repeat]).toEqual([q.shuffle, q.repeat]);
        // The restored queue behaves the same from here on.
        back.setShuffle(false);
        q.setShuffle(false);
        expect(back.upNext()).toEqual(q.upNext());
        expect(back.next()).toBe(q.next());
      }),
    );
  });

  it('restore refuses records it does not understand', () => {
    const good = new PlayQueue(tracks(3), 1, context).snapshot();
    expect(() => PlayQueue.restore({ ...good, version: 2 })).toThrow(/version/);
    expect(() => PlayQueue.restore({ ...good, cursor: 3 })).toThrow(/cursor/);
    expect(() => PlayQueue.restore({ ...good, entries: [{ ctx: 7 }] , cursor: 0 })).toThrow(/out of range/);
    expect(() => PlayQueue.restore({ ...good, entries: [{ ctx: -1 }], cursor: 0 })).toThrow(/without its item/);
  });
});
