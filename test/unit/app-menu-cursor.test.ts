/**
 * MenuCursor (src/app/components/menu-cursor.ts): the focus and scrolling the side menu and the
 * context menu share through MenuList. Any mix of lengths, starts and Up/Down presses keeps focus
 * on an entry and on screen with the entry below it, never scrolls past the end, stops at the
 * ends unless the list wraps, and a wrapping list comes back round.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MenuCursor } from '../../src/app/components/menu-cursor';

const presses = fc.array(fc.constantFrom<-1 | 1>(-1, 1), { maxLength: 60 });

describe('MenuCursor', () => {
  it('keeps focus on an entry, shown with the next one below it, whatever the presses', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: -5, max: 40 }), fc.integer({ min: 1, max: 10 }), fc.boolean(), presses, (count, start, visible, wraps, keys) => {
        const c = new MenuCursor(wraps, visible);
        c.reset(count, start);
        for (const step of [0, ...keys]) {
          if (step !== 0) c.move(step as -1 | 1);
          expect(c.index).toBeGreaterThanOrEqual(0);
          expect(c.index).toBeLessThan(count);
          const first = c.firstVisible;
          expect(first).toBeGreaterThanOrEqual(0);
          expect(first + c.shownRows).toBeLessThanOrEqual(count);
          expect(c.index).toBeGreaterThanOrEqual(first);
          expect(c.index).toBeLessThan(first + c.shownRows);
          if (visible > 1) expect(Math.min(c.index + 1, count - 1)).toBeLessThan(first + c.shownRows);
        }
      }),
    );
  });

  it('stops at the ends of a list that does not wrap, and says so', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), presses, (count, keys) => {
        const c = new MenuCursor(false);
        c.reset(count);
        let expected = 0;
        for (const step of keys) {
          const to = Math.min(Math.max(0, expected + step), count - 1);
          expect(c.move(step)).toBe(to !== expected);
          expected = to;
          expect(c.index).toBe(expected);
        }
      }),
    );
  });

  it('goes round a wrapping list: count presses either way come back to the start', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 30 }), fc.nat(), fc.constantFrom<-1 | 1>(-1, 1), (count, startSeed, step) => {
        const c = new MenuCursor(true, 5);
        c.reset(count, startSeed % count);
        const start = c.index;
        for (let i = 0; i < count; i++) {
          expect(c.move(step)).toBe(true);
          if (i < count - 1) expect(c.index).not.toBe(start);
        }
        expect(c.index).toBe(start);
      }),
    );
  });

  it('scrolls as the context menu always has: one row below the focus, the last rows at the bottom', () => {
    const c = new MenuCursor(false, 8);
    c.reset(12);
    const firsts: number[] = [];
    for (let i = 0; i < 11; i++) (c.move(1), firsts.push(c.firstVisible));
    expect(firsts).toEqual([0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 4]);
    c.reset(5, 4);
    expect([c.firstVisible, c.shownRows]).toEqual([0, 5]);
  });

  it('an empty list has nothing to move to', () => {
    const c = new MenuCursor(true, 8);
    c.reset(0, 3);
    expect([c.move(1), c.move(-1), c.index, c.firstVisible, c.shownRows]).toEqual([false, false, 0, 0, 0]);
  });
});
