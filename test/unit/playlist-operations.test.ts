import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyOperation,
  operationProblem,
  rebaseOperation,
  type EntryLike,
  type PlaylistOperation,
} from '../../src/protocol';

const BIG = 1_000_000;
const ids = (list: readonly EntryLike[]) => list.map((e) => e.id);
const entries = (names: readonly string[]): EntryLike[] => names.map((id) => ({ id }));

/** A base list of distinct entry ids. */
const baseList = fc.integer({ min: 0, max: 12 }).map((n) => entries(Array.from({ length: n }, (_, i) => `b${i}`)));

/** A valid operation on a list of `n` entries, plus the entries an insert makes (ids `prefix…`). */
function operationOn(n: number, prefix: string): fc.Arbitrary<{ op: PlaylistOperation; inserted: EntryLike[] }> {
  const insert = fc
    .record({ at: fc.integer({ min: 0, max: n }), k: fc.integer({ min: 1, max: 3 }) })
    .map(({ at, k }) => {
      const inserted = entries(Array.from({ length: k }, (_, i) => `${prefix}${i}`));
      return { op: { op: 'insert', at, trackIds: inserted.map((e) => `t-${e.id}`) } as PlaylistOperation, inserted };
    });
  const rename = fc.string({ minLength: 1, maxLength: 5 }).map((name) => ({ op: { op: 'rename', name } as PlaylistOperation, inserted: [] }));
  if (n === 0) return fc.oneof(insert, rename);
  const index = fc.integer({ min: 0, max: n - 1 });
  const move = fc.record({ from: index, to: index }).map(({ from, to }) => ({ op: { op: 'move', from, to } as PlaylistOperation, inserted: [] }));
  const remove = index.map((at) => ({ op: { op: 'remove', at } as PlaylistOperation, inserted: [] }));
  return fc.oneof(insert, move, remove, rename);
}

/** Base list, "their" operation (already on the server) and "mine" (made against the same base). */
const concurrentEdits = baseList.chain((base) =>
  fc.record({
    base: fc.constant(base),
    theirs: operationOn(base.length, 'a'),
    mine: operationOn(base.length, 'm'),
  }),
);

/** The entry before index `i` in `list`, or null at the start. */
const before = (list: readonly string[], i: number) => (i === 0 ? null : list[i - 1]!);

describe('playlist operations', () => {
  it('apply: insert/move/remove/rename do what they say, and the same track may appear twice', () => {
    const list = entries(['x', 'y', 'z']);
    expect(ids(applyOperation(list, { op: 'insert', at: 1, trackIds: ['t', 't'] }, entries(['n1', 'n2'])))).toEqual(['x', 'n1', 'n2', 'y', 'z']);
    expect(ids(applyOperation(list, { op: 'insert', at: 3, trackIds: ['t'] }, entries(['n'])))).toEqual(['x', 'y', 'z', 'n']);
    expect(ids(applyOperation(list, { op: 'move', from: 0, to: 2 }))).toEqual(['y', 'z', 'x']);
    expect(ids(applyOperation(list, { op: 'move', from: 2, to: 0 }))).toEqual(['z', 'x', 'y']);
    expect(ids(applyOperation(list, { op: 'remove', at: 1 }))).toEqual(['x', 'z']);
    expect(ids(applyOperation(list, { op: 'rename', name: 'n' }))).toEqual(['x', 'y', 'z']);
    expect(ids(list)).toEqual(['x', 'y', 'z']);
  });

  it('problems name the field and the bound', () => {
    expect(operationProblem({ op: 'insert', at: 4, trackIds: ['t'] }, 3, 10)).toBe('operation.at: must be between 0 and 3 (the playlist has 3 entries)');
    expect(operationProblem({ op: 'insert', at: 0, trackIds: ['t', 't'] }, 9, 10)).toMatch(/^operation.trackIds: the playlist would have 11 entries; at most 10$/);
    expect(operationProblem({ op: 'move', from: 3, to: 0 }, 3, 10)).toMatch(/^operation.from: must be below 3/);
    expect(operationProblem({ op: 'move', from: 0, to: 3 }, 3, 10)).toMatch(/^operation.to: must be below 3/);
    expect(operationProblem({ op: 'remove', at: 0 }, 0, 10)).toMatch(/^operation.at: must be below 0/);
    expect(operationProblem({ op: 'move', from: 2, to: 0 }, 3, 10)).toBeNull();
  });

  it('rebasing onto an unchanged list gives the operation back', () => {
    fc.assert(
      fc.property(baseList.chain((base) => fc.record({ base: fc.constant(base), mine: operationOn(base.length, 'm') })), ({ base, mine }) => {
        expect(rebaseOperation(mine.op, base, base)).toEqual({ ok: true, op: mine.op });
      }),
      { numRuns: 500 },
    );
  });

  it('after a concurrent edit, the rebased operation carries both intents, or reports the conflict', () => {
    fc.assert(
      fc.property(concurrentEdits, ({ base, theirs, mine }) => {
        const baseIds = ids(base);
        const current = applyOperation(base, theirs.op, theirs.inserted);
        const currentIds = ids(current);
        const rebased = rebaseOperation(mine.op, base, current);

        if (!rebased.ok) {
          // Only a move or remove of an entry they removed conflicts.
          expect(mine.op.op === 'move' || mine.op.op === 'remove').toBe(true);
          const target = mine.op.op === 'move' ? mine.op.from : mine.op.op === 'remove' ? mine.op.at : -1;
          expect(rebased.entryId).toBe(baseIds[target]);
          expect(currentIds).not.toContain(rebased.entryId);
          expect(theirs.op).toEqual({ op: 'remove', at: target });
          return;
        }
        expect(operationProblem(rebased.op, current.length, BIG)).toBeNull();
        const final = ids(applyOperation(current, rebased.op, mine.inserted));
        const mineTouched = new Set(ids(mine.inserted));
        if (mine.op.op === 'move' || mine.op.op === 'remove') {
          mineTouched.add(baseIds[mine.op.op === 'move' ? mine.op.from : mine.op.at]!);
        }
        // Their edit survives: everything I did not touch keeps the order it has on the server.
        expect(final.filter((id) => !mineTouched.has(id))).toEqual(currentIds.filter((id) => !mineTouched.has(id)));

        // My intent, in entry ids: what precedes my slot in base (nearest survivor) precedes it now.
        const nearestSurvivor = (candidates: readonly string[]) =>
          [...candidates].reverse().find((id) => currentIds.includes(id)) ?? null;
        switch (mine.op.op) {
          case 'rename':
            expect(final).toEqual(currentIds);
            break;
          case 'remove': {
            const gone = baseIds[mine.op.at]!;
            expect(final).not.toContain(gone);
            expect(final).toHaveLength(current.length - 1);
            break;
          }
          case 'insert': {
            const block = ids(mine.inserted);
            const at = final.indexOf(block[0]!);
            expect(final.slice(at, at + block.length)).toEqual(block);
            expect(before(final, at)).toBe(nearestSurvivor(baseIds.slice(0, mine.op.at)));
            break;
          }
          case 'move': {
            const moved = baseIds[mine.op.from]!;
            const intended = ids(applyOperation(base, mine.op));
            const at = final.indexOf(moved);
            expect(final.filter((id) => id === moved)).toHaveLength(1);
            const predecessors = intended.slice(0, intended.indexOf(moved));
            expect(before(final, at)).toBe(nearestSurvivor(predecessors.filter((id) => id !== moved)));
            break;
          }
        }
      }),
      { numRuns: 3000 },
    );
  });
});
