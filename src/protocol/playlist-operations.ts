/**
 * Playlist edits as operations, shared by the BFF (which applies them) and the TV (which applies
 * them optimistically and rebases them after a 409). Pure functions over any list of entries that
 * carry their own ids, so the same track can appear twice and still be told apart.
 *
 * Positions are 0-based. `insert at` puts the tracks before the entry now at `at` (`at` = length
 * appends); `move from → to` takes the entry out, then puts it back so it ends up at index `to`;
 * `remove at` drops one entry; `rename` changes only the name.
 *
 * Rebase: an operation made against version `base` is turned into its intent in entry ids ("put
 * these after entry X", "remove entry Y"), then resolved against the current list. An insert or a
 * move lands after the nearest entry that preceded its slot in `base` and still exists; a move or
 * remove of an entry someone else removed is a conflict the client shows, never a silent guess.
 */

export type PlaylistOperation =
  | { op: 'insert'; at: number; trackIds: string[] }
  | { op: 'move'; from: number; to: number }
  | { op: 'remove'; at: number }
  | { op: 'rename'; name: string };

export interface EntryLike {
  id: string;
}

/** Why an operation cannot apply to a list of `length` entries; null when it can. */
export function operationProblem(op: PlaylistOperation, length: number, maxEntries: number): string | null {
  switch (op.op) {
    case 'insert':
      if (op.at > length) return `operation.at: must be between 0 and ${length} (the playlist has ${length} entries)`;
      if (length + op.trackIds.length > maxEntries) {
        return `operation.trackIds: the playlist would have ${length + op.trackIds.length} entries; at most ${maxEntries}`;
      }
      return null;
    case 'move':
      if (op.from >= length) return `operation.from: must be below ${length} (the playlist has ${length} entries)`;
      if (op.to >= length) return `operation.to: must be below ${length} (the playlist has ${length} entries)`;
      return null;
    case 'remove':
      if (op.at >= length) return `operation.at: must be below ${length} (the playlist has ${length} entries)`;
      return null;
    case 'rename':
      return null;
  }
}

/**
 * The list after `op` (a new array; `inserted` are the new entries of an insert, in order). The
 * caller has checked `operationProblem`.
 */
export function applyOperation<E extends EntryLike>(
  entries: readonly E[],
  op: PlaylistOperation,
  inserted: readonly E[] = [],
): E[] {
  const next = entries.slice();
  switch (op.op) {
    case 'insert':
      next.splice(op.at, 0, ...inserted);
      break;
    case 'move': {
      const [moved] = next.splice(op.from, 1);
      next.splice(op.to, 0, moved!);
      break;
    }
    case 'remove':
      next.splice(op.at, 1);
      break;
    case 'rename':
      break;
  }
  return next;
}

export type Rebased =
  | { ok: true; op: PlaylistOperation }
  | { ok: false; problem: 'entry_removed'; entryId: string };

/** Index just after the nearest of `candidates` (checked last to first) still in `current`; 0 when none is. */
function slotAfterSurvivor(candidates: readonly string[], current: readonly string[]): number {
  for (let i = candidates.length - 1; i >= 0; i--) {
    const at = current.indexOf(candidates[i]!);
    if (at !== -1) return at + 1;
  }
  return 0;
}

/**
 * `op` was made against `base`; the server now holds `current`. Returns the operation that carries
 * the same intent on `current`, or the conflict.
 */
export function rebaseOperation(
  op: PlaylistOperation,
  base: readonly EntryLike[],
  current: readonly EntryLike[],
): Rebased {
  const baseIds = base.map((e) => e.id);
  const currentIds = current.map((e) => e.id);
  switch (op.op) {
    case 'rename':
      return { ok: true, op };
    case 'insert':
      return { ok: true, op: { ...op, at: slotAfterSurvivor(baseIds.slice(0, op.at), currentIds) } };
    case 'remove': {
      const entryId = baseIds[op.at]!;
      const at = currentIds.indexOf(entryId);
      return at === -1 ? { ok: false, problem: 'entry_removed', entryId } : { ok: true, op: { op: 'remove', at } };
    }
    case 'move': {
      const entryId = baseIds[op.from]!;
      const from = currentIds.indexOf(entryId);
      if (from === -1) return { ok: false, problem: 'entry_removed', entryId };
      const baseWithout = baseIds.filter((id) => id !== entryId);
      const currentWithout = currentIds.filter((id) => id !== entryId);
      return { ok: true, op: { op: 'move', from, to: slotAfterSurvivor(baseWithout.slice(0, op.to), currentWithout) } };
    }
  }
}
