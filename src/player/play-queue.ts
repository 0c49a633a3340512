/**
 * Queue rules, kept pure so they are tested without a media element:
 * - the queue is one list: what played (history), the current item, then what comes next. What
 *   comes next is "Next in queue" (items the user added, in the order added) and then "Next from
 *   <context>" (the rest of the album, artist or search the play started from);
 * - Play next puts items first in "Next in queue"; Add to queue puts them last there;
 * - the end of a track advances to the next; at the end of the queue playback ends, unless repeat
 *   is 'all' (the context plays again) or 'one' (the track plays again);
 * - Next on the last item does nothing (unless repeat 'all'); Next with repeat 'one' still moves on;
 * - Previous restarts the current track once it has played more than RESTART_THRESHOLD_MS
 *   (the convention of every major player), and on the first item it always restarts;
 * - a track that fails is skipped to the next one, so one broken file never stops an album;
 * - shuffle keeps the current item and plays the rest of the context in a random order
 *   (Fisher–Yates); "Next in queue" keeps the user's order. Turning shuffle off plays the context
 *   in its own order again from where the current (or last context) item sits in it.
 *
 * `snapshot()` / `PlayQueue.restore()` turn the queue into a plain record (device storage now, the
 * hub per profile later); restore refuses a record it does not understand instead of guessing.
 */

/** Past this point Previous means "from the top" rather than "the one before". */
export const RESTART_THRESHOLD_MS = 3_000;

/** History kept behind the current item: enough for Previous, bounded for repeat-all laps. */
export const HISTORY_LIMIT = 200;

export const QUEUE_SNAPSHOT_VERSION = 1;

export type PreviousAction<T> = { kind: 'restart'; item: T } | { kind: 'play'; item: T; index: number };

export type RepeatMode = 'off' | 'all' | 'one';

/** Where the queue's context came from: "Next from <title>". */
export interface QueueContext {
  kind: string;
  id: string | null;
  title: string;
}

/** A user-added entry has no context position; a context entry knows its place in the context. */
interface Entry<T> {
  item: T;
  /** Index in the context's original order, or -1 for an entry the user added. */
  ctx: number;
  /** Unique for this queue's life (the remote protocol's itemId); a new lap's entries get new ones. */
  id: number;
}

/** One row of the whole list (history, current, what comes next) with its id. */
export interface QueueEntry<T> {
  readonly id: number;
  readonly item: T;
}

/** What the Queue page draws: a row key is its index in `upNext` order (queued, then context). */
export interface UpNext<T> {
  queued: readonly T[];
  fromContext: readonly T[];
  context: QueueContext | null;
}

export interface QueueSnapshot<T> {
  version: number;
  context: QueueContext | null;
  contextItems: T[];
  /** The whole list: `ctx` ≥ 0 points into contextItems, -1 carries its own item. */
  entries: Array<{ ctx: number; item?: T }>;
  cursor: number;
  shuffle: boolean;
  repeat: RepeatMode;
}

export type Random = () => number;

export class PlayQueue<T> {
  private list: Entry<T>[] = [];
  private cursor = -1;
  private contextItems: T[] = [];
  private contextInfo: QueueContext | null = null;
  private shuffled = false;
  private repeatMode: RepeatMode = 'off';
  /** Context position of the last context entry that was current (where un-shuffle resumes). */
  private contextAt = -1;
  private nextId = 1;

  constructor(items: readonly T[] = [], startIndex = 0, context: QueueContext | null = null) {
    this.replace(items, startIndex, context);
  }

  get items(): readonly T[] {
    return this.list.map((e) => e.item);
  }

  get index(): number {
    return this.cursor;
  }

  get length(): number {
    return this.list.length;
  }

  get current(): T | null {
    return this.list[this.cursor]?.item ?? null;
  }

  get hasNext(): boolean {
    if (this.cursor < 0) return false;
    return this.cursor < this.list.length - 1 || (this.repeatMode === 'all' && this.contextItems.length > 0);
  }

  get hasPrevious(): boolean {
    return this.cursor > 0;
  }

  get shuffle(): boolean {
    return this.shuffled;
  }

  get repeat(): RepeatMode {
    return this.repeatMode;
  }

  get context(): QueueContext | null {
    return this.contextInfo;
  }

  /** The item after the current one, without moving (what to preload). */
  peekNext(): T | null {
    if (this.repeatMode === 'one') return this.current;
    const next = this.list[this.cursor + 1];
    if (next) return next.item;
    return this.hasNext ? (this.lap()[0]?.item ?? null) : null;
  }

  /** What plays after the current item, split as the Queue page shows it. */
  upNext(): UpNext<T> {
    const upcoming = this.upcoming();
    const split = this.queuedCount();
    return {
      queued: upcoming.slice(0, split).map((e) => e.item),
      fromContext: upcoming.slice(split).map((e) => e.item),
      context: this.contextInfo,
    };
  }

  /**
   * New queue from a context; an out-of-range start index is clamped rather than refused.
   * Shuffle and repeat stay as the user set them: with shuffle on, the start item plays first
   * and the rest follows shuffled.
   */
  replace(items: readonly T[], startIndex = 0, context: QueueContext | null = null, random: Random = Math.random): T | null {
    this.contextItems = [...items];
    this.contextInfo = context;
    this.list = this.contextItems.map((item, ctx) => this.entry(item, ctx));
    this.cursor = this.list.length === 0 ? -1 : Math.min(Math.max(0, Math.trunc(startIndex)), this.list.length - 1);
    this.noteContextPosition();
    if (this.shuffled && this.cursor >= 0) {
      const current = this.list[this.cursor]!;
      this.list = [current, ...shuffled(this.list.filter((e) => e !== current), random)];
      this.cursor = 0;
    }
    return this.current;
  }

  /** The current track ended: the next item (itself under repeat one), or null when done. */
  advance(): T | null {
    if (this.repeatMode === 'one' && this.cursor >= 0) return this.current;
    return this.step();
  }

  /** User pressed Next: moves on even under repeat one; null (and no move) on the last item. */
  next(): T | null {
    return this.step();
  }

  /** User pressed Previous, `positionMs` into the current track. */
  previous(positionMs: number): PreviousAction<T> | null {
    const current = this.current;
    if (current === null) return null;
    if (positionMs > RESTART_THRESHOLD_MS || !this.hasPrevious) return { kind: 'restart', item: current };
    this.cursor -= 1;
    this.noteContextPosition();
    return { kind: 'play', item: this.current as T, index: this.cursor };
  }

  /** The current track failed: move past it, or null when nothing is left to try. */
  skipFailed(): T | null {
    // Repeat one must not retry a broken track forever, and repeat all must not lap a queue of
    // broken tracks forever: a failure only ever moves forward within the list.
    if (this.cursor >= this.list.length - 1) return null;
    return this.step();
  }

  /** Jump to an index in the same queue (a row of the list that is already playing). */
  jump(index: number): T | null {
    if (index < 0 || index >= this.list.length) return null;
    this.cursor = index;
    this.noteContextPosition();
    return this.current;
  }

  /** Jump to a row of `upNext()` (queued rows first, then context rows). */
  jumpUpcoming(index: number): T | null {
    return this.jump(this.cursor + 1 + index);
  }

  /** Put items first in "Next in queue", in the given order. */
  playNext(items: readonly T[]): void {
    this.insertQueued(0, items);
  }

  /** Put items last in "Next in queue", in the given order. */
  addToQueue(items: readonly T[]): void {
    this.insertQueued(this.queuedCount(), items);
  }

  /** Remove a row of `upNext()`; false when there is no such row. */
  removeUpcoming(index: number): boolean {
    const at = this.upcomingIndex(index);
    if (at < 0) return false;
    this.list.splice(at, 1);
    return true;
  }

  /**
   * Move a row of `upNext()` to another row position. A row dropped among the queued rows
   * becomes queued and one dropped among the context rows becomes part of the context, so
   * "Next in queue" always stays ahead of "Next from"; on the boundary it keeps its kind.
   */
  moveUpcoming(from: number, to: number): boolean {
    const at = this.upcomingIndex(from);
    const count = this.list.length - this.cursor - 1;
    if (at < 0 || !Number.isInteger(to) || to < 0 || to >= count) return false;
    const [entry] = this.list.splice(at, 1) as [Entry<T>];
    const queued = this.queuedCount();
    if (to < queued) entry.ctx = -1;
    else if (to > queued && entry.ctx < 0) entry.ctx = this.adoptIntoContext(entry.item);
    this.list.splice(this.cursor + 1 + to, 0, entry);
    return true;
  }

  /** Empty "Next in queue"; what comes from the context stays. */
  clearQueued(): void {
    const split = this.cursor + 1;
    this.list = [...this.list.slice(0, split), ...this.list.slice(split).filter((e) => e.ctx >= 0)];
  }

  /** Shuffle on: the rest of the context in a random order. Off: the context's own order again. */
  setShuffle(on: boolean, random: Random = Math.random): void {
    if (on === this.shuffled) return;
    this.shuffled = on;
    if (this.cursor < 0) return;
    const split = this.cursor + 1;
    const queued = this.list.slice(split, split + this.queuedCount());
    const current = this.list[this.cursor]!;
    // Context rows already waiting keep their entries (and ids): a remote's item ids survive shuffle.
    const waiting = new Map(this.list.slice(split).filter((e) => e.ctx >= 0).map((e) => [e.ctx, e] as const));
    const context = this.contextItems.map((item, ctx) => waiting.get(ctx) ?? this.entry(item, ctx));
    const rest = on ? shuffled(context.filter((e) => e.ctx !== current.ctx), random) : context.slice(this.contextAt + 1);
    this.list = [...this.list.slice(0, split), ...queued, ...rest];
  }

  setRepeat(mode: RepeatMode): void {
    this.repeatMode = mode;
  }

  snapshot(): QueueSnapshot<T> {
    return {
      version: QUEUE_SNAPSHOT_VERSION,
      context: this.contextInfo,
      contextItems: [...this.contextItems],
      entries: this.list.map((e) => (e.ctx >= 0 ? { ctx: e.ctx } : { ctx: -1, item: e.item })),
      cursor: this.cursor,
      shuffle: this.shuffled,
      repeat: this.repeatMode,
    };
  }

  /** The queue a snapshot describes; throws on a record this build does not understand. */
  static restore<T>(snap: QueueSnapshot<T>): PlayQueue<T> {
    if (snap.version !== QUEUE_SNAPSHOT_VERSION) throw new Error(`queue snapshot version ${snap.version} is not ${QUEUE_SNAPSHOT_VERSION}`);
    const entries = snap.entries.map((e): Entry<T> => {
      if (e.ctx >= 0) {
        if (!Number.isInteger(e.ctx) || e.ctx >= snap.contextItems.length) throw new Error(`queue snapshot: context index ${e.ctx} out of range`);
        return { item: snap.contextItems[e.ctx]!, ctx: e.ctx, id: 0 };
      }
      if (e.item === undefined) throw new Error('queue snapshot: a queued entry without its item');
      return { item: e.item, ctx: -1, id: 0 };
    });
    const validCursor = entries.length === 0 ? snap.cursor === -1 : Number.isInteger(snap.cursor) && snap.cursor >= 0 && snap.cursor < entries.length;
    if (!validCursor) throw new Error(`queue snapshot: cursor ${snap.cursor} out of range`);
    const q = new PlayQueue<T>();
    for (const e of entries) e.id = q.nextId++;
    q.contextItems = [...snap.contextItems];
    q.contextInfo = snap.context;
    q.list = entries;
    q.cursor = snap.cursor;
    q.shuffled = snap.shuffle;
    q.repeatMode = snap.repeat;
    q.contextAt = -1;
    for (let i = 0; i <= q.cursor; i++) if (entries[i]!.ctx >= 0) q.contextAt = entries[i]!.ctx;
    return q;
  }

  /** Become the queue a snapshot describes (the player keeps one queue object); throws like restore. */
  adopt(snap: QueueSnapshot<T>): void {
    const restored = PlayQueue.restore(snap);
    // Ids stay unique across the adoption: a remote may still name ids from before it.
    for (const e of restored.list) e.id = this.nextId++;
    Object.assign(this, { ...restored, nextId: this.nextId });
  }

  /** The whole list by entry: what played, the current entry, then what comes next. */
  get entries(): readonly QueueEntry<T>[] {
    return this.list.map((e) => ({ id: e.id, item: e.item }));
  }

  /**
   * Put `items` at `index` of the whole list (clamped) as user-added entries and return their ids
   * (the remote's QUEUE_INSERT). Into an empty queue they become the queue, starting at the first;
   * placed among the context's upcoming rows they join the context, so un-shuffle keeps them.
   */
  insertAt(index: number, items: readonly T[]): number[] {
    if (items.length === 0) return [];
    const entries = items.map((item) => this.entry(item, -1));
    if (this.cursor < 0) {
      this.list = entries;
      this.cursor = 0;
      return entries.map((e) => e.id);
    }
    const at = Math.min(Math.max(0, Math.trunc(index)), this.list.length);
    this.list.splice(at, 0, ...entries);
    if (at <= this.cursor) this.cursor += entries.length;
    this.settleKinds();
    return entries.map((e) => e.id);
  }

  /**
   * Make the list the entries `order` names, in that order, with `currentId` current: entries not
   * named are removed (the remote's QUEUE_REMOVE and QUEUE_REORDER, and its jumps). Refused (false,
   * nothing changed) when an id is unknown or named twice, or `currentId` is not among them; an
   * empty `order` with a null `currentId` empties the queue.
   */
  arrange(order: readonly number[], currentId: number | null): boolean {
    const byId = new Map(this.list.map((e) => [e.id, e] as const));
    const next = order.map((id) => byId.get(id));
    if (next.some((e) => e === undefined) || new Set(order).size !== order.length) return false;
    const cursor = currentId === null ? -1 : order.indexOf(currentId);
    if (cursor < 0 && (currentId !== null || order.length > 0)) return false;
    this.list = next as Entry<T>[];
    this.cursor = cursor;
    this.noteContextPosition();
    this.settleKinds();
    return true;
  }

  /** Name the context of the current list ("Next from <title>") without changing the list. */
  setContext(context: QueueContext | null): void {
    this.contextInfo = context;
  }

  private step(): T | null {
    if (this.cursor < 0) return null;
    if (this.cursor >= this.list.length - 1) {
      if (!this.hasNext) return null;
      this.list.push(...this.lap());
    }
    this.cursor += 1;
    this.trimHistory();
    this.noteContextPosition();
    return this.current;
  }

  /** Repeat all: the context once more (shuffled afresh when shuffle is on). */
  private lap(random: Random = Math.random): Entry<T>[] {
    const entries = this.contextEntries();
    return this.shuffled ? shuffled(entries, random) : entries;
  }

  private trimHistory(): void {
    const extra = this.cursor - HISTORY_LIMIT;
    if (extra <= 0) return;
    this.list.splice(0, extra);
    this.cursor -= extra;
  }

  private contextEntries(): Entry<T>[] {
    return this.contextItems.map((item, ctx) => this.entry(item, ctx));
  }

  private entry(item: T, ctx: number): Entry<T> {
    return { item, ctx, id: this.nextId++ };
  }

  private noteContextPosition(): void {
    const ctx = this.list[this.cursor]?.ctx ?? -1;
    if (ctx >= 0) this.contextAt = ctx;
  }

  /** Keeps "Next in queue" ahead of "Next from": a user entry after an upcoming context row joins the context. */
  private settleKinds(): void {
    let context = false;
    for (let i = this.cursor + 1; i < this.list.length; i++) {
      const e = this.list[i]!;
      if (e.ctx >= 0) context = true;
      else if (context) e.ctx = this.adoptIntoContext(e.item);
    }
  }

  /** A user entry dropped among the context rows joins the context (un-shuffle keeps it). */
  private adoptIntoContext(item: T): number {
    this.contextItems.push(item);
    return this.contextItems.length - 1;
  }

  private insertQueued(at: number, items: readonly T[]): void {
    if (items.length === 0) return;
    const entries = items.map((item) => this.entry(item, -1));
    if (this.cursor < 0) {
      // Nothing playing: the added items become the queue, starting at the first.
      this.list = entries;
      this.cursor = 0;
      return;
    }
    this.list.splice(this.cursor + 1 + at, 0, ...entries);
  }

  private upcoming(): Entry<T>[] {
    return this.cursor < 0 ? [] : this.list.slice(this.cursor + 1);
  }

  /** User entries ahead of the first context entry after the cursor. */
  private queuedCount(): number {
    const upcoming = this.upcoming();
    const first = upcoming.findIndex((e) => e.ctx >= 0);
    return first < 0 ? upcoming.length : first;
  }

  private upcomingIndex(index: number): number {
    if (!Number.isInteger(index) || index < 0 || this.cursor < 0) return -1;
    const at = this.cursor + 1 + index;
    return at < this.list.length ? at : -1;
  }
}

/** Fisher–Yates on a copy. `random` returns [0, 1) like Math.random. */
export function shuffled<E>(items: readonly E[], random: Random = Math.random): E[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.min(i, Math.floor(random() * (i + 1)));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
