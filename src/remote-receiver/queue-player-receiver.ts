/**
 * The TV as a remote receiver: the receiver session's queue AND player, both kept by the one
 * QueuePlayer the D-pad drives. There is no second queue: the session's Cast-shaped edits become
 * edits of the TV's PlayQueue (entry ids are the protocol's itemIds, "added by" rides on the
 * entries' items), remote PLAY/PAUSE/SEEK call the same player methods the keys call, and the
 * player advances by itself at a track's end as it does for the D-pad. Every queue or track
 * change, state change and position jump of the player, whoever caused it, becomes a
 * MEDIA_STATUS broadcast through the session.
 *
 * Rules kept from Cast (cast-queue.ts is the reference model and its tests the contract):
 * inserts go before `insertBefore` (appended without it), removals ignore unknown ids and move on
 * from a removed current item, reorders move `itemIds` in that order, jumps past either end wrap
 * only when repeating. Where the TV's queue has rules of its own they win, so a phone and the TV
 * never disagree: a LOAD keeps shuffle as set, repeat-all plays the context again (reshuffled when
 * shuffled, which is Cast's REPEAT_ALL_AND_SHUFFLE), Previous goes to the item before.
 */
import { HISTORY_LIMIT, type PlayQueue, type QueueContext } from '../player/play-queue';
import type { StartOptions } from '../player/queue-player';
import type { AudioPlayer, PlaybackItem, PlayerState } from '../player/types';
import {
  REMOTE_MAX_QUEUE,
  type AddedBy,
  type CastQueueItem,
  type LoadContext,
  type PlayerState as RemotePlayerState,
  type RepeatMode,
} from '../protocol/remote';
import { fairSlot, guestPending, placeBefore, type NewItem, type QueueRefusal } from './cast-queue';
import type { PlayerSnapshot, ReceiverQueue, RemotePlayer } from './receiver-session';

/** The QueuePlayer surface the receiver uses (its public API; tests pass a real QueuePlayer). */
export interface ReceivablePlayer extends AudioPlayer {
  readonly queueEntries: readonly { id: number; item: PlaybackItem }[];
  editQueue(edit: (queue: PlayQueue<PlaybackItem>) => void): void;
  startCurrent(start?: StartOptions): Promise<void>;
}

export interface QueuePlayerReceiverOptions {
  player: ReceivablePlayer;
  /** Tracks as the TV's screens show them (title, artist, artwork); rejects for an unknown id. */
  describe: (trackIds: readonly string[]) => Promise<PlaybackItem[]>;
  /** An album's or artist's tracks with the queue's "Next from" name; undefined when it does not exist. */
  fetchContext: (context: LoadContext) => Promise<{ items: PlaybackItem[]; context: QueueContext } | undefined>;
  /** This TV, named as the adder of what was queued on it with the D-pad. */
  self: () => AddedBy;
  /** Remote volume: the player's element volume carries loudness gain, so the app applies it. */
  applyVolume?: (level: number, muted: boolean) => void;
}

const queueFull = (): QueueRefusal => ({ reason: 'QUEUE_FULL', message: `a queue holds at most ${REMOTE_MAX_QUEUE} items still to play` });

const STATES: Record<PlayerState, Exclude<RemotePlayerState, 'LOADING'>> = {
  idle: 'IDLE',
  loading: 'BUFFERING',
  handingOver: 'BUFFERING',
  buffering: 'BUFFERING',
  // Cast has no "reconnecting": the media is waiting for data, which is BUFFERING to a sender.
  reconnecting: 'BUFFERING',
  playing: 'PLAYING',
  crossfading: 'PLAYING',
  paused: 'PAUSED',
  ended: 'IDLE',
  failed: 'IDLE',
};

const TO_CAST: Record<string, RepeatMode> = { off: 'REPEAT_OFF', all: 'REPEAT_ALL', one: 'REPEAT_SINGLE' };

/** Described tracks kept for the queue's edits: a few albums' worth. */
const DESCRIBED_LIMIT = 2000;
/** A position this far from where playing would have taken it is a seek, worth a status. */
const JUMP_S = 1.5;

export class QueuePlayerReceiver implements ReceiverQueue {
  private seq = 0;
  private readonly described = new Map<string, PlaybackItem>();
  /** The context a LOAD resolved last, named on the queue it loads ("Next from <album>"). */
  private resolved: { ids: string[]; context: QueueContext } | null = null;
  private readonly unsubscribe: Array<() => void>;
  /** What the session drives: the same QueuePlayer's transport. */
  readonly player: RemotePlayer;

  constructor(private readonly opts: QueuePlayerReceiverOptions) {
    const p = opts.player;
    this.player = new QueuePlayerRemote(p, opts.applyVolume);
    const bump = () => void this.seq++;
    this.unsubscribe = [p.on('queue', bump), p.on('track', bump)];
  }

  destroy(): void {
    for (const u of this.unsubscribe) u();
  }

  // ReceiverQueue

  get items(): readonly CastQueueItem[] {
    return this.allItems();
  }

  get sequenceNumber(): number {
    return this.seq;
  }

  get currentItemId(): number | null {
    return this.opts.player.queueEntries[this.opts.player.queueIndex]?.id ?? null;
  }

  get currentItem(): CastQueueItem | null {
    return this.allItems()[this.opts.player.queueIndex] ?? null;
  }

  get repeatMode(): RepeatMode {
    return TO_CAST[this.opts.player.upNext.repeat] ?? 'REPEAT_OFF';
  }

  get shuffle(): boolean {
    return this.opts.player.upNext.shuffle;
  }

  /** The session's resolveContext: the tracks are described here, the context's name kept for load(). */
  async resolveContext(context: LoadContext): Promise<string[] | undefined> {
    const found = await this.opts.fetchContext(context);
    if (!found || found.items.length === 0) return undefined;
    this.remember(found.items);
    const ids = found.items.map((i) => i.trackId);
    this.resolved = { ids, context: found.context };
    return ids;
  }

  async prepare(contentIds: readonly string[]): Promise<void> {
    const missing = [...new Set(contentIds.filter((id) => !this.described.has(id)))];
    if (missing.length > 0) this.remember(await this.opts.describe(missing));
    const unknown = contentIds.find((id) => !this.described.has(id));
    if (unknown !== undefined) throw new Error(`track ${unknown} not found`);
  }

  load(items: readonly NewItem[], startIndex = 0, repeatMode?: RepeatMode): QueueRefusal | null {
    if (items.length > REMOTE_MAX_QUEUE) return queueFull();
    if (startIndex >= items.length) return { reason: 'INVALID_PARAMS', message: `startIndex: ${startIndex} is past the ${items.length} items` };
    const ids = items.map((i) => i.contentId);
    const r = this.resolved;
    const context = r && r.ids.length === ids.length && r.ids.every((id, i) => id === ids[i]) ? r.context : null;
    this.resolved = null;
    const made = this.make(items);
    this.opts.player.editQueue((q) => q.replace(made, startIndex, context));
    if (repeatMode) this.setRepeat(repeatMode);
    return null;
  }

  /** Cast's STOP: the queue empties and the track unloads (the TV's bar shows nothing playing). */
  clear(): void {
    this.opts.player.editQueue((q) => q.arrange([], null));
    void this.opts.player.startCurrent();
  }

  insert(items: readonly NewItem[], insertBefore?: number, currentItemIndex?: number): QueueRefusal | null {
    const entries = this.opts.player.queueEntries;
    if (this.overflows(items.length)) return queueFull();
    if (currentItemIndex !== undefined && currentItemIndex >= items.length) {
      return { reason: 'INVALID_PARAMS', message: `currentItemIndex: ${currentItemIndex} is past the ${items.length} items` };
    }
    const before = insertBefore === undefined ? -1 : entries.findIndex((e) => e.id === insertBefore);
    const made = this.make(items);
    this.opts.player.editQueue((q) => {
      const ids = q.insertAt(before < 0 ? entries.length : before, made);
      if (currentItemIndex !== undefined) q.jump(q.entries.findIndex((e) => e.id === ids[currentItemIndex]));
    });
    return null;
  }

  insertFair(items: readonly NewItem[], maxPending: number): QueueRefusal | null {
    const order = this.allItems();
    const cur = this.opts.player.queueIndex;
    const mine = guestPending(order, cur, items[0]?.addedBy.deviceId);
    if (mine + items.length > maxPending) {
      return { reason: 'QUEUE_FULL', message: `at most ${maxPending} of your tracks can wait; ${mine} are waiting` };
    }
    if (this.overflows(items.length)) return queueFull();
    const made = this.make(items);
    this.opts.player.editQueue((q) => {
      for (const [n, item] of made.entries()) q.insertAt(fairSlot(this.allItems(), q.index, mine + n + 1), [item]);
    });
    return null;
  }

  remove(itemIds: readonly number[]): { removed: number; currentChanged: boolean; finished?: boolean } {
    const gone = new Set(itemIds);
    const entries = this.opts.player.queueEntries;
    const removed = entries.filter((e) => gone.has(e.id)).length;
    if (removed === 0) return { removed, currentChanged: false };
    const kept = entries.filter((e) => !gone.has(e.id)).map((e) => e.id);
    const cur = this.opts.player.queueIndex;
    const currentId = entries[cur]?.id ?? null;
    if (currentId === null || !gone.has(currentId)) {
      this.opts.player.editQueue((q) => q.arrange(kept, currentId));
      return { removed, currentChanged: false };
    }
    const after = entries.slice(cur + 1).find((e) => !gone.has(e.id));
    const wrapped = this.repeatMode !== 'REPEAT_OFF' ? entries.find((e) => !gone.has(e.id)) : undefined;
    const next = (after ?? wrapped)?.id;
    // Nothing follows: the last item that is left stays current (PLAY starts it), as at a queue's end.
    this.opts.player.editQueue((q) => q.arrange(kept, next ?? kept[kept.length - 1] ?? null));
    return { removed, currentChanged: true, finished: next === undefined };
  }

  reorder(itemIds: readonly number[], insertBefore?: number): QueueRefusal | null {
    const entries = this.opts.player.queueEntries;
    const ids = entries.map((e) => ({ itemId: e.id }));
    const unknown = itemIds.find((id) => !ids.some((e) => e.itemId === id));
    if (unknown !== undefined) return { reason: 'INVALID_PARAMS', message: `itemIds: ${unknown} is not in the queue` };
    if (insertBefore !== undefined && itemIds.includes(insertBefore)) {
      return { reason: 'INVALID_PARAMS', message: 'insertBefore: cannot be one of the items moved' };
    }
    const set = new Set(itemIds);
    const order = placeBefore(ids.filter((e) => !set.has(e.itemId)), itemIds.map((itemId) => ({ itemId })), insertBefore);
    const currentId = this.currentItemId;
    this.opts.player.editQueue((q) => q.arrange(order.map((e) => e.itemId), currentId));
    return null;
  }

  setCurrent(itemId: number): QueueRefusal | null {
    const at = this.opts.player.queueEntries.findIndex((e) => e.id === itemId);
    if (at < 0) return { reason: 'INVALID_PARAMS', message: `currentItemId: ${itemId} is not in the queue` };
    this.opts.player.editQueue((q) => q.jump(at));
    return null;
  }

  jump(n: number, mode: RepeatMode = this.repeatMode): QueueRefusal | null {
    const len = this.opts.player.queueEntries.length;
    const cur = this.opts.player.queueIndex;
    if (cur < 0 || len === 0) return { reason: 'END_OF_QUEUE', message: 'the queue is empty' };
    const target = cur + n;
    if (target >= 0 && target < len) {
      this.opts.player.editQueue((q) => q.jump(target));
      return null;
    }
    if (mode === 'REPEAT_OFF') return { reason: 'END_OF_QUEUE', message: n > 0 ? 'this is the last item' : 'this is the first item' };
    const lapping = target >= len && this.opts.player.upNext.repeat === 'all';
    // Repeat all: the TV's own next lap (the context again, reshuffled when shuffled); else wrap.
    this.opts.player.editQueue((q) => {
      if (lapping) for (let i = 0; i < n; i++) q.next();
      else q.jump(((target % len) + len) % len);
    });
    return null;
  }

  /** The QueuePlayer moves on by itself at a track's end; 'ended' reaches the session only at the queue's. */
  advance(): number | null {
    return null;
  }

  setShuffle(on: boolean): void {
    this.opts.player.setShuffle(on);
  }

  setRepeat(mode: RepeatMode): void {
    const p = this.opts.player;
    p.setRepeat(mode === 'REPEAT_SINGLE' ? 'one' : mode === 'REPEAT_OFF' ? 'off' : 'all');
    if (mode === 'REPEAT_ALL_AND_SHUFFLE') p.setShuffle(true);
  }

  /** The current item and what comes after it: what played (history) takes no room in the cap. */
  /**
   * Whether `n` more items pass the cap: it counts what is still to play, and the whole list too,
   * since an insert before the current item goes into history, which only a track change trims.
   */
  private overflows(n: number): boolean {
    const p = this.opts.player;
    const upcoming = p.queueEntries.length - Math.max(0, p.queueIndex);
    return upcoming + n > REMOTE_MAX_QUEUE || p.queueEntries.length + n > REMOTE_MAX_QUEUE + HISTORY_LIMIT;
  }

  /** The whole queue as Cast items, in play order. */
  private allItems(): CastQueueItem[] {
    const self = this.opts.self();
    return this.opts.player.queueEntries.map((e) => ({ itemId: e.id, media: { contentId: e.item.trackId }, addedBy: e.item.addedBy ?? self }));
  }

  private make(items: readonly NewItem[]): PlaybackItem[] {
    return items.map((i) => {
      const known = this.described.get(i.contentId);
      if (!known) throw new Error(`track ${i.contentId} was not prepared`);
      return { ...known, addedBy: i.addedBy };
    });
  }

  private remember(items: readonly PlaybackItem[]): void {
    for (const it of items) {
      this.described.delete(it.trackId);
      this.described.set(it.trackId, it);
    }
    while (this.described.size > DESCRIBED_LIMIT) this.described.delete(this.described.keys().next().value as string);
  }
}

/** The session's player side, on the same QueuePlayer (a class apart: both sides have a `load`). */
class QueuePlayerRemote implements RemotePlayer {
  private volume = { level: 1, muted: false };

  constructor(
    private readonly player: ReceivablePlayer,
    private readonly applyVolume?: (level: number, muted: boolean) => void,
  ) {}

  /** Starts the queue's current item (the session made it current): position and autoplay before it plays. */
  async load(_contentId: string, startTime: number, autoplay: boolean): Promise<void> {
    const p = this.player;
    const trackId = p.current?.trackId;
    let failed: string | null = null;
    const off = p.on('error', (e) => {
      if (e.trackId === trackId) failed = e.message;
    });
    try {
      await p.startCurrent({ positionMs: Math.round(startTime * 1000), play: autoplay });
    } finally {
      off();
    }
    if (failed !== null) throw new Error(failed);
  }

  play(): void {
    void this.player.play();
  }

  pause(): void {
    this.player.pause();
  }

  /** Silence, keeping the queue (the current item removed with nothing after it); clear() unloads. */
  stop(): void {
    const p = this.player;
    p.pause();
    p.seek(0);
  }

  seek(seconds: number): void {
    this.player.seek(seconds * 1000);
  }

  setVolume(level: number, muted: boolean): void {
    this.volume = { level, muted };
    this.applyVolume?.(level, muted);
  }

  snapshot(): PlayerSnapshot {
    const p = this.player;
    return { playerState: STATES[p.state], currentTime: p.time.positionMs / 1000, volume: this.volume };
  }

  onEvent(listener: (event: 'state' | 'ended' | 'error') => void): () => void {
    const p = this.player;
    // A crossfade moves on like playing: its position is the incoming track's.
    const moving = (s: string) => s === 'playing' || s === 'crossfading';
    let last = { at: Date.now(), s: p.time.positionMs / 1000, playing: moving(p.state) };
    const offs = [
      p.on('state', (s) => {
        last = { at: Date.now(), s: p.time.positionMs / 1000, playing: moving(s) };
        listener(s === 'ended' ? 'ended' : s === 'failed' ? 'error' : 'state');
      }),
      p.on('track', () => listener('state')),
      p.on('queue', () => listener('state')),
      // A seek (the D-pad's, or a track restarting) moves the position off its course: phones' bars must follow.
      p.on('time', (t) => {
        const now = Date.now();
        const expected = last.s + (last.playing ? (now - last.at) / 1000 : 0);
        const s = t.positionMs / 1000;
        last = { at: now, s, playing: moving(p.state) };
        if (Math.abs(s - expected) > JUMP_S) listener('state');
      }),
    ];
    return () => offs.forEach((off) => off());
  }
}
