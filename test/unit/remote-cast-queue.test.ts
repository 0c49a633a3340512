/**
 * The receiver's queue against Cast's semantics: insert, remove, reorder (the example),
 * jump under each repeat mode, shuffle/un-shuffle keeping the current item, sequence numbers.
 * Items are labelled by letter through their contentId so failures read like the spec.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REMOTE_MAX_QUEUE } from '../../src/protocol/remote';
import { CastQueue } from '../../src/remote-receiver/cast-queue';

const by = { deviceId: 'phone-1', name: 'Ada’s phone', guest: false };
const track = (label: string) => `tr_${label.charCodeAt(0).toString(16).padStart(12, '0')}`;
const labelOf = (contentId: string) => String.fromCharCode(parseInt(contentId.slice(3), 16));

function queueOf(labels: string, start = 0, random?: () => number) {
  const q = new CastQueue(random);
  expect(q.load([...labels].map((l) => ({ contentId: track(l), addedBy: by })), start)).toBeNull();
  return q;
}
const labels = (q: CastQueue) => q.items.map((i) => labelOf(i.media.contentId)).join('');
const idOf = (q: CastQueue, label: string) => q.items.find((i) => labelOf(i.media.contentId) === label)!.itemId;
const current = (q: CastQueue) => (q.currentItem ? labelOf(q.currentItem.media.contentId) : null);

describe('CastQueue', () => {
  it('reorders [D, H, B] before G in A D G H B E into A D H B G E (the issue\'s example)', () => {
    const q = queueOf('ADGHBE');
    expect(q.reorder([idOf(q, 'D'), idOf(q, 'H'), idOf(q, 'B')], idOf(q, 'G'))).toBeNull();
    expect(labels(q)).toBe('ADHBGE');
  });

  it('reorder without insertBefore moves to the end; an unknown id or insertBefore among the moved is refused, nothing changed', () => {
    const q = queueOf('ABCD');
    q.reorder([idOf(q, 'B')]);
    expect(labels(q)).toBe('ACDB');
    const seq = q.sequenceNumber;
    expect(q.reorder([999])).toMatchObject({ reason: 'INVALID_PARAMS' });
    expect(q.reorder([idOf(q, 'A')], idOf(q, 'A'))).toMatchObject({ reason: 'INVALID_PARAMS' });
    expect(labels(q)).toBe('ACDB');
    expect(q.sequenceNumber).toBe(seq);
  });

  it('inserts before an item, appends without one or with an unknown one, and makes currentItemIndex current', () => {
    const q = queueOf('ABC');
    const mk = (s: string) => [...s].map((l) => ({ contentId: track(l), addedBy: by }));
    q.insert(mk('XY'), idOf(q, 'B'));
    expect(labels(q)).toBe('AXYBC');
    q.insert(mk('Z'));
    q.insert(mk('W'), 12345);
    expect(labels(q)).toBe('AXYBCZW');
    expect(current(q)).toBe('A');
    q.insert(mk('PQ'), idOf(q, 'C'), 1);
    expect(labels(q)).toBe('AXYBPQCZW');
    expect(current(q)).toBe('Q');
    expect(q.insert(mk('R'), undefined, 1)).toMatchObject({ reason: 'INVALID_PARAMS' });
  });

  it('never reuses an itemId, even after removal', () => {
    const q = queueOf('AB');
    const first = q.ids();
    q.remove(first);
    q.insert([{ contentId: track('C'), addedBy: by }]);
    expect(first).not.toContain(q.ids()[0]);
  });

  it('removes ignoring unknown ids; removing the current item makes the next current, at the end wraps only when repeating', () => {
    const q = queueOf('ABCD', 1);
    expect(q.remove([idOf(q, 'B'), 4242])).toEqual({ removed: 1, currentChanged: true });
    expect(labels(q)).toBe('ACD');
    expect(current(q)).toBe('C');
    expect(q.remove([4242])).toEqual({ removed: 0, currentChanged: false });
    q.setCurrent(idOf(q, 'D'));
    q.remove([idOf(q, 'D')]);
    expect(q.currentItemId).toBeNull();

    const r = queueOf('ABC', 2);
    r.setRepeat('REPEAT_ALL');
    r.remove([idOf(r, 'C')]);
    expect(current(r)).toBe('A');
  });

  it('jumps: REPEAT_OFF refuses past either end, REPEAT_ALL and REPEAT_SINGLE wrap, ALL_AND_SHUFFLE reshuffles on wrapping', () => {
    const off = queueOf('ABC', 2);
    expect(off.jump(1)).toMatchObject({ reason: 'END_OF_QUEUE' });
    expect(off.jump(-3)).toMatchObject({ reason: 'END_OF_QUEUE' });
    expect(current(off)).toBe('C');
    expect(off.jump(-2)).toBeNull();
    expect(current(off)).toBe('A');

    for (const mode of ['REPEAT_ALL', 'REPEAT_SINGLE'] as const) {
      const q = queueOf('ABC', 2);
      q.setRepeat(mode);
      q.jump(1);
      expect(current(q), mode).toBe('A');
      q.jump(-1);
      expect(current(q), mode).toBe('C');
      q.jump(7);
      expect(current(q), mode).toBe('A');
    }

    const q = queueOf('ABCDEFGH', 7, () => 0.3);
    q.setRepeat('REPEAT_ALL_AND_SHUFFLE');
    q.jump(1);
    expect(q.shuffle).toBe(true);
    expect(labels(q)).not.toBe('ABCDEFGH');
    expect(current(q)).toBe(labels(q)[0]);
  });

  it('advances after an item ends by the repeat mode', () => {
    const q = queueOf('AB', 1);
    expect(q.advance()).toBeNull();
    expect(current(q)).toBe('B');
    q.setRepeat('REPEAT_SINGLE');
    expect(q.advance()).toBe(idOf(q, 'B'));
    q.setRepeat('REPEAT_ALL');
    expect(q.advance()).toBe(idOf(q, 'A'));
  });

  it('shuffles keeping the current item current and first; un-shuffles to the added order, current unchanged', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 26 }), fc.nat(), fc.double({ min: 0, max: 0.999, noNaN: true }), (n, s, r) => {
        const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.slice(0, n);
        const start = s % n;
        let seed = r;
        const q = queueOf(letters, start, () => (seed = (seed * 9301 + 0.49297) % 1));
        const cur = q.currentItemId;
        q.setShuffle(true);
        expect(q.currentItemId).toBe(cur);
        expect(q.items[0]!.itemId).toBe(cur);
        expect([...labels(q)].sort().join('')).toBe(letters);
        q.jump(1 % n);
        const now = q.currentItemId;
        q.setShuffle(false);
        expect(labels(q)).toBe(letters);
        expect(q.currentItemId).toBe(now);
      }),
    );
  });

  it('bumps the sequence number on every change and never on a no-op', () => {
    const q = queueOf('ABC');
    const s0 = q.sequenceNumber;
    q.setShuffle(false);
    q.setRepeat('REPEAT_OFF');
    q.remove([999]);
    expect(q.sequenceNumber).toBe(s0);
    q.jump(1);
    q.setRepeat('REPEAT_ALL');
    q.setShuffle(true);
    expect(q.sequenceNumber).toBe(s0 + 3);
  });

  it('refuses a load past its items and a queue past the cap', () => {
    const q = new CastQueue();
    expect(q.load([{ contentId: track('A'), addedBy: by }], 1)).toMatchObject({ reason: 'INVALID_PARAMS' });
    const many = Array.from({ length: REMOTE_MAX_QUEUE }, () => ({ contentId: track('A'), addedBy: by }));
    expect(q.load(many)).toBeNull();
    expect(q.insert([{ contentId: track('B'), addedBy: by }])).toMatchObject({ reason: 'QUEUE_FULL' });
    expect(q.items.length).toBe(REMOTE_MAX_QUEUE);
  });
});

describe('CastQueue party adds', () => {
  const guestOf = (id: string) => ({ deviceId: `guest-${id}`, name: id, guest: true });
  const add = (q: CastQueue, guest: string, label: string, max = 3) => q.insertFair([{ contentId: track(label), addedBy: guestOf(guest) }], max);

  it('interleaves guests round-robin after the current item, ahead of the household\'s queue', () => {
    const q = queueOf('XYZ'); // the household's album, X playing
    for (const [g, l] of [['A', 'a'], ['A', 'b'], ['B', 'c'], ['C', 'd'], ['B', 'e'], ['A', 'f']] as const) expect(add(q, g, l)).toBeNull();
    // a(A1) c(B1) d(C1) b(A2) e(B2) f(A3), then the household's Y Z.
    expect(labels(q)).toBe('XacdbefYZ');
  });

  it('refuses a guest past N waiting tracks, and counts only tracks still waiting', () => {
    const q = queueOf('X');
    expect(add(q, 'A', 'a', 2)).toBeNull();
    expect(add(q, 'A', 'b', 2)).toBeNull();
    expect(add(q, 'A', 'c', 2)).toMatchObject({ reason: 'QUEUE_FULL' });
    expect(labels(q)).toBe('Xab');
    q.jump(1); // a is playing now, no longer waiting
    expect(add(q, 'A', 'c', 2)).toBeNull();
    expect(labels(q)).toBe('Xabc');
  });

  it('keeps every guest within one track of every other among waiting tracks (fuzzed)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('A', 'B', 'C', 'D'), { minLength: 1, maxLength: 40 }), (guests) => {
        const q = queueOf('X');
        for (const g of guests) add(q, g, 'g', 100);
        // Walking the waiting guest items, a guest's k-th item never comes before another's (k-1)-th.
        const seen = new Map<string, number>();
        let lastRound = 0;
        for (const item of q.items.slice(1)) {
          const r = (seen.get(item.addedBy.deviceId) ?? 0) + 1;
          seen.set(item.addedBy.deviceId, r);
          expect(r).toBeGreaterThanOrEqual(lastRound);
          lastRound = r;
        }
      }),
    );
  });
});
