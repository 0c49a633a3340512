/**
 * The receiver's queue, with Google Cast's queue semantics (CAF QueueManager and the
 * Queue*RequestData reference pages):
 * - itemIds are assigned here, unique for the session (never reused, even after removal);
 * - QUEUE_INSERT puts items before `insertBefore`, appending when it is absent or not found;
 * - QUEUE_REMOVE ignores ids not in the queue; removing the current item makes the next one current;
 * - QUEUE_REORDER moves `itemIds`, in that order, before `insertBefore` (to the end without it):
 *   `[D, H, B]` before `G` in `A D G H B E` gives `A D H B G E`;
 * - a jump past either end wraps when a repeat mode is on and is refused (END_OF_QUEUE) without;
 * - shuffling keeps the current item current (it moves to the front, the rest are shuffled) and
 *   un-shuffling restores the order items were added in, current item still current;
 * - REPEAT_ALL_AND_SHUFFLE reshuffles each time the queue wraps.
 * Every change bumps `sequenceNumber`, the version senders quote back on edits.
 * Pure and synchronous: no player, no timers, so every operation is unit-testable.
 */
import { REMOTE_MAX_QUEUE, type AddedBy, type CastQueueItem, type RemoteErrorReason, type RepeatMode } from '../protocol/remote';

export interface QueueRefusal {
  reason: RemoteErrorReason;
  message: string;
}
export interface NewItem {
  contentId: string;
  addedBy: AddedBy;
}

export class CastQueue {
  /** Play order. */
  private order: CastQueueItem[] = [];
  /** The order items were added in, restored by un-shuffling. */
  private added: CastQueueItem[] = [];
  private current: number | null = null;
  private nextItemId = 1;
  private seq = 0;
  repeatMode: RepeatMode = 'REPEAT_OFF';
  shuffle = false;

  constructor(private readonly random: () => number = Math.random) {}

  get items(): readonly CastQueueItem[] {
    return this.order;
  }
  get sequenceNumber(): number {
    return this.seq;
  }
  get currentItemId(): number | null {
    return this.current;
  }
  get currentItem(): CastQueueItem | null {
    return this.current === null ? null : (this.order.find((i) => i.itemId === this.current) ?? null);
  }
  /** Item ids in play order, for tests and logs. */
  ids(): number[] {
    return this.order.map((i) => i.itemId);
  }

  /** Replaces the queue (LOAD, QUEUE_LOAD); `startIndex` past the end is refused. */
  load(items: readonly NewItem[], startIndex = 0, repeatMode?: RepeatMode): QueueRefusal | null {
    if (items.length > REMOTE_MAX_QUEUE) return { reason: 'QUEUE_FULL', message: `a queue holds at most ${REMOTE_MAX_QUEUE} items` };
    if (startIndex >= items.length) return { reason: 'INVALID_PARAMS', message: `startIndex: ${startIndex} is past the ${items.length} items` };
    this.order = items.map((i) => this.make(i));
    this.added = [...this.order];
    this.shuffle = false;
    if (repeatMode) this.repeatMode = repeatMode;
    this.current = this.order[startIndex]!.itemId;
    this.bump();
    return null;
  }

  clear(): void {
    this.order = [];
    this.added = [];
    this.current = null;
    this.shuffle = false;
    this.bump();
  }

  insert(items: readonly NewItem[], insertBefore?: number, currentItemIndex?: number): QueueRefusal | null {
    if (this.order.length + items.length > REMOTE_MAX_QUEUE) {
      return { reason: 'QUEUE_FULL', message: `a queue holds at most ${REMOTE_MAX_QUEUE} items` };
    }
    if (currentItemIndex !== undefined && currentItemIndex >= items.length) {
      return { reason: 'INVALID_PARAMS', message: `currentItemIndex: ${currentItemIndex} is past the ${items.length} items` };
    }
    const made = items.map((i) => this.make(i));
    this.order = placeBefore(this.order, made, insertBefore);
    this.added = placeBefore(this.added, made, insertBefore);
    if (currentItemIndex !== undefined) this.current = made[currentItemIndex]!.itemId;
    else if (this.current === null) this.current = made[0]!.itemId;
    this.bump();
    return null;
  }

  /**
   * A party guest's add: placed by fairness, not by the guest. Guests' items waiting after the
   * current one are interleaved round-robin (a guest's k-th waiting item goes after every other
   * guest's k-th), ahead of the household's own queue, and a guest may have at most `maxPending`
   * waiting. E.g. A adds a1 a2, B adds b1, C adds c1, B adds b2 → a1 b1 c1 a2 b2.
   */
  insertFair(items: readonly NewItem[], maxPending: number): QueueRefusal | null {
    const mine = guestPending(this.order, this.current === null ? -1 : this.indexOf(this.current), items[0]?.addedBy.deviceId);
    if (mine + items.length > maxPending) {
      return { reason: 'QUEUE_FULL', message: `at most ${maxPending} of your tracks can wait; ${mine} are waiting` };
    }
    if (this.order.length + items.length > REMOTE_MAX_QUEUE) return { reason: 'QUEUE_FULL', message: `a queue holds at most ${REMOTE_MAX_QUEUE} items` };
    for (const [n, item] of items.entries()) {
      const cur = this.current === null ? -1 : this.indexOf(this.current);
      const made = this.make(item);
      this.order.splice(fairSlot(this.order, cur, mine + n + 1), 0, made);
      this.added.push(made);
      if (this.current === null) this.current = made.itemId;
    }
    this.bump();
    return null;
  }

  /** Removes what is there; says whether the current item went (the caller then loads the new one). */
  remove(itemIds: readonly number[]): { removed: number; currentChanged: boolean } {
    const gone = new Set(itemIds);
    const removed = this.order.filter((i) => gone.has(i.itemId)).length;
    if (removed === 0) return { removed, currentChanged: false };
    let currentChanged = false;
    if (this.current !== null && gone.has(this.current)) {
      currentChanged = true;
      const at = this.indexOf(this.current);
      const after = this.order.slice(at + 1).find((i) => !gone.has(i.itemId));
      const wrapped = this.repeats() ? this.order.find((i) => !gone.has(i.itemId)) : undefined;
      this.current = (after ?? wrapped)?.itemId ?? null;
    }
    this.order = this.order.filter((i) => !gone.has(i.itemId));
    this.added = this.added.filter((i) => !gone.has(i.itemId));
    this.bump();
    return { removed, currentChanged };
  }

  reorder(itemIds: readonly number[], insertBefore?: number): QueueRefusal | null {
    const unknown = itemIds.find((id) => this.indexOf(id) < 0);
    if (unknown !== undefined) return { reason: 'INVALID_PARAMS', message: `itemIds: ${unknown} is not in the queue` };
    if (insertBefore !== undefined && itemIds.includes(insertBefore)) {
      return { reason: 'INVALID_PARAMS', message: 'insertBefore: cannot be one of the items moved' };
    }
    const moved = itemIds.map((id) => this.order[this.indexOf(id)]!);
    const set = new Set(itemIds);
    this.order = placeBefore(this.order.filter((i) => !set.has(i.itemId)), moved, insertBefore);
    if (!this.shuffle) this.added = [...this.order];
    this.bump();
    return null;
  }

  /** Makes an item current (QUEUE_UPDATE currentItemId); an unknown id is refused. */
  setCurrent(itemId: number): QueueRefusal | null {
    if (this.indexOf(itemId) < 0) return { reason: 'INVALID_PARAMS', message: `currentItemId: ${itemId} is not in the queue` };
    this.current = itemId;
    this.bump();
    return null;
  }

  /** Moves the current item by `n` (next = 1, previous = -1), wrapping by `mode` (a QUEUE_UPDATE may set both). */
  jump(n: number, mode: RepeatMode = this.repeatMode): QueueRefusal | null {
    if (this.current === null || this.order.length === 0) return { reason: 'END_OF_QUEUE', message: 'the queue is empty' };
    const len = this.order.length;
    let target = this.indexOf(this.current) + n;
    if (target < 0 || target >= len) {
      if (mode === 'REPEAT_OFF') return { reason: 'END_OF_QUEUE', message: n > 0 ? 'this is the last item' : 'this is the first item' };
      if (target >= len && mode === 'REPEAT_ALL_AND_SHUFFLE') this.reshuffleAll();
      target = ((target % len) + len) % len;
    }
    this.current = this.order[target]!.itemId;
    this.bump();
    return null;
  }

  /**
   * The current item ended: what plays next by the repeat mode, or null at the end of the queue
   * (the last item stays current, so PLAY starts it again).
   */
  advance(): number | null {
    if (this.current === null) return null;
    if (this.repeatMode === 'REPEAT_SINGLE') return this.current;
    if (this.jump(1)) return null;
    return this.current;
  }

  setShuffle(on: boolean): void {
    if (on === this.shuffle) return;
    this.shuffle = on;
    if (on) {
      const cur = this.currentItem;
      const rest = shuffled(this.order.filter((i) => i !== cur), this.random);
      this.order = cur ? [cur, ...rest] : rest;
    } else {
      this.order = [...this.added];
    }
    this.bump();
  }

  setRepeat(mode: RepeatMode): void {
    if (mode === this.repeatMode) return;
    this.repeatMode = mode;
    this.bump();
  }

  private repeats(): boolean {
    return this.repeatMode !== 'REPEAT_OFF';
  }

  private reshuffleAll(): void {
    this.order = shuffled(this.order, this.random);
    this.shuffle = true;
  }

  private indexOf(itemId: number): number {
    return this.order.findIndex((i) => i.itemId === itemId);
  }

  private make(i: NewItem): CastQueueItem {
    return { itemId: this.nextItemId++, media: { contentId: i.contentId }, addedBy: i.addedBy };
  }

  private bump(): void {
    this.seq++;
  }
}

/**
 * Where a guest's `round`-th waiting item goes in `order` (current at `cur`, -1 for none): after
 * every guest item of the same or an earlier round, ahead of the household's queue. Rounds of the
 * guest items waiting, in order: each guest's 1st, 2nd, … waiting item.
 */
export function fairSlot(order: readonly { addedBy: AddedBy }[], cur: number, round: number): number {
  const seen = new Map<string, number>();
  let after = cur;
  for (let i = cur + 1; i < order.length; i++) {
    const by = order[i]!.addedBy;
    if (!by.guest) continue;
    const r = (seen.get(by.deviceId) ?? 0) + 1;
    seen.set(by.deviceId, r);
    if (r <= round) after = i;
  }
  return after + 1;
}

/** How many of `guest`'s items wait after the current one (at `cur`). */
export function guestPending(order: readonly { addedBy: AddedBy }[], cur: number, guest: string | undefined): number {
  return order.slice(cur + 1).filter((i) => i.addedBy.guest && i.addedBy.deviceId === guest).length;
}

/** `list` with `items` placed before the item `before` (appended when absent or not found, as Cast does). */
export function placeBefore<I extends { itemId: number }>(list: readonly I[], items: readonly I[], before: number | undefined): I[] {
  const at = before === undefined ? -1 : list.findIndex((i) => i.itemId === before);
  return at < 0 ? [...list, ...items] : [...list.slice(0, at), ...items, ...list.slice(at)];
}

/** Fisher–Yates. */
function shuffled<T>(list: readonly T[], random: () => number): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
