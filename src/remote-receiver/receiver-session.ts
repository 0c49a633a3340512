/**
 * The receiver half of the remote protocol (protocol/remote.ts), UI-free: it checks each request
 * itself (it trusts nothing it did not check), keeps the Cast queue (cast-queue.ts), drives a
 * `RemotePlayer` and answers with MEDIA_STATUS or an error. The TV wires it to its QueuePlayer
 * through an adapter; the TV's own key presses go to the same player, whose change events make
 * the same MEDIA_STATUS broadcasts, so phones and TV never disagree.
 *
 * Answers follow Cast: a request that changed something is answered by a MEDIA_STATUS broadcast
 * to every controller carrying its requestId (0 for unprompted ones, e.g. a track ending); a
 * refused request is answered with an error to its sender only. While playing, a status goes out
 * at least every `statusIntervalMs` (5 s) so phones' progress bars stay honest.
 */
import { checkRemoteRequest } from '../protocol/remote-check';
import {
  GUEST_REQUESTS,
  SEQUENCED_REQUESTS,
  type CastQueueItem,
  type IdleReason,
  type LoadContext,
  type MediaStatus,
  type PlayerState,
  type QueueItemInput,
  type ReceiverMessage,
  type RemoteErrorReason,
  type RemoteErrorType,
  type RemoteRequest,
  type RemoteSender,
  type RepeatMode,
} from '../protocol/remote';
import { CastQueue, type NewItem, type QueueRefusal } from './cast-queue';
import { itemRange, statusWindow } from './status-window';

/**
 * The queue the session edits with Cast's operations (cast-queue.ts states them). CastQueue is
 * the reference model; the TV's QueuePlayerReceiver keeps the same rules on the TV's own play
 * queue, so the D-pad and the phones edit one queue.
 */
export interface ReceiverQueue {
  /** All of it, in play order (a status names a window of it: status-window.ts). */
  readonly items: readonly CastQueueItem[];
  readonly sequenceNumber: number;
  readonly currentItemId: number | null;
  readonly currentItem: CastQueueItem | null;
  readonly repeatMode: RepeatMode;
  readonly shuffle: boolean;
  /**
   * Gets what the named tracks need before the synchronous edits below take them (the TV
   * describes each for its screens); rejects naming a track it cannot find.
   */
  prepare?(contentIds: readonly string[]): Promise<void>;
  load(items: readonly NewItem[], startIndex?: number, repeatMode?: RepeatMode): QueueRefusal | null;
  clear(): void;
  insert(items: readonly NewItem[], insertBefore?: number, currentItemIndex?: number): QueueRefusal | null;
  insertFair(items: readonly NewItem[], maxPending: number): QueueRefusal | null;
  /** `finished`: the current item went and nothing follows it (Cast: IDLE, FINISHED). */
  remove(itemIds: readonly number[]): { removed: number; currentChanged: boolean; finished?: boolean };
  reorder(itemIds: readonly number[], insertBefore?: number): QueueRefusal | null;
  setCurrent(itemId: number): QueueRefusal | null;
  jump(n: number, mode?: RepeatMode): QueueRefusal | null;
  /** The current item ended: the next one's id, or null (a player that advances by itself answers null). */
  advance(): number | null;
  setShuffle(on: boolean): void;
  setRepeat(mode: RepeatMode): void;
}

/** What the session needs from a player; the TV's adapter maps its QueuePlayer onto it. */
export interface RemotePlayer {
  /** Loads a track at `startTime` seconds; resolves once it can play, rejects when it cannot. */
  load(contentId: string, startTime: number, autoplay: boolean): Promise<void>;
  play(): void;
  pause(): void;
  stop(): void;
  seek(seconds: number): void;
  setVolume(level: number, muted: boolean): void;
  snapshot(): PlayerSnapshot;
  /** 'state': playing/paused/buffering/position jumped; 'ended': the track finished; 'error': it cannot go on. */
  onEvent(listener: (event: 'state' | 'ended' | 'error') => void): () => void;
}

export interface PlayerSnapshot {
  playerState: Exclude<PlayerState, 'LOADING'>;
  currentTime: number;
  volume: { level: number; muted: boolean };
}

export interface ReceiverSessionOptions {
  player: RemotePlayer;
  /** The queue to edit; a CastQueue of its own when absent. */
  queue?: ReceiverQueue;
  /** Track ids of an album or artist; undefined when it does not exist. */
  resolveContext: (context: LoadContext) => Promise<string[] | undefined>;
  /** `to` is the sender's device id, or null for every controller. */
  send: (message: ReceiverMessage, to: string | null) => void;
  random?: () => number;
  statusIntervalMs?: number;
  /**
   * handle() resolves once a load has begun rather than once it plays: for a receiver that runs
   * requests in order, where a PAUSE right after a LOAD must not wait for the audio.
   */
  detachLoads?: boolean;
  /** Party: how many of one guest's tracks may wait in the queue (the host's setting). */
  guestMaxPending?: number;
}

class Refused extends Error {
  constructor(
    readonly type: RemoteErrorType,
    readonly reason: RemoteErrorReason,
    message: string,
  ) {
    super(message);
  }
}

const refuse = (r: QueueRefusal | null, type: RemoteErrorType = 'INVALID_REQUEST'): void => {
  if (r) throw new Refused(type, r.reason, r.message);
};

export class ReceiverSession {
  readonly queue: ReceiverQueue;
  private idleReason: IdleReason | null = null;
  /** Grows with each load; a load that finds it moved on was cancelled by a newer one. */
  private loadToken = 0;
  private loadingFor: { requestId: number; to: string | null } | null = null;
  private ticker: ReturnType<typeof setInterval> | null = null;
  private readonly unsubscribe: () => void;

  /** Party: the host's "tracks per guest", changed while the party runs. */
  private guestMaxPending: number;

  constructor(private readonly opts: ReceiverSessionOptions) {
    this.queue = opts.queue ?? new CastQueue(opts.random);
    this.guestMaxPending = opts.guestMaxPending ?? 3;
    this.unsubscribe = opts.player.onEvent((e) => this.onPlayerEvent(e));
  }

  destroy(): void {
    this.unsubscribe();
    this.stopTicker();
  }

  setGuestMaxPending(n: number): void {
    this.guestMaxPending = n;
  }

  /** One request from a sender the hub vouched for. Never throws: every request gets an answer. */
  async handle(from: RemoteSender, raw: unknown): Promise<void> {
    const checked = checkRemoteRequest(raw);
    if (!checked.ok) return this.opts.send(checked.error, from.deviceId);
    const req = checked.request;
    try {
      if (from.guest && !GUEST_REQUESTS.includes(req.type)) {
        throw new Refused('INVALID_REQUEST', 'NOT_ALLOWED', `a party guest cannot send ${req.type}`);
      }
      const resolved = await this.prepare(req);
      // After the wait above, so the check and the edit run in one task: no other edit between them.
      // A guest's add is placed by the receiver (fair interleaving), never by position: no conflict to detect.
      if (SEQUENCED_REQUESTS.includes(req.type) && !from.guest) this.checkSequence(req as RemoteRequest & { sequenceNumber: number });
      await this.run(from, req, resolved);
    } catch (err) {
      if (!(err instanceof Refused)) {
        // A fault of ours (or the context lookup failing): still an answer, never silence.
        const message = `the receiver could not handle ${req.type}`;
        return this.opts.send({ type: req.type === 'LOAD' ? 'LOAD_FAILED' : 'INVALID_REQUEST', requestId: req.requestId, reason: 'INVALID_COMMAND', message }, from.deviceId);
      }
      this.opts.send({ type: err.type, requestId: req.requestId, reason: err.reason, message: err.message }, from.deviceId);
      // A stale sender gets the queue it has not seen, to re-apply its intent against.
      if (err.reason === 'STALE_SEQUENCE_NUMBER') this.opts.send(this.status(req.requestId), from.deviceId);
    }
  }

  status(requestId = 0): MediaStatus {
    const p = this.opts.player.snapshot();
    // The TV's queue builds its item list on each read: once here.
    const items = this.queue.items;
    const window = statusWindow(items, this.queue.currentItemId);
    const playerState: PlayerState = this.loadingFor ? 'LOADING' : this.idleReason ? 'IDLE' : p.playerState;
    return {
      type: 'MEDIA_STATUS',
      requestId,
      playerState,
      ...(playerState === 'IDLE' && this.idleReason ? { idleReason: this.idleReason } : {}),
      currentTime: Math.max(0, Math.min(24 * 3600, p.currentTime)),
      currentItemId: this.queue.currentItemId,
      items: window.items,
      volume: p.volume,
      repeatMode: this.queue.repeatMode,
      shuffle: this.queue.shuffle,
      sequenceNumber: this.queue.sequenceNumber,
      itemCount: items.length,
      firstItemIndex: window.firstItemIndex,
    };
  }

  /** To every controller: after a change, and every few seconds while playing. */
  broadcast(requestId = 0): void {
    const s = this.status(requestId);
    this.opts.send(s, null);
    if (s.playerState === 'PLAYING') this.startTicker();
    else this.stopTicker();
  }

  private checkSequence(req: { sequenceNumber: number }): void {
    if (req.sequenceNumber !== this.queue.sequenceNumber) {
      throw new Refused(
        'INVALID_REQUEST',
        'STALE_SEQUENCE_NUMBER',
        `sequenceNumber ${req.sequenceNumber} is not the queue's ${this.queue.sequenceNumber}`,
      );
    }
  }

  /**
   * What a request needs fetched before it edits: a LOAD's context as track ids, and the tracks
   * the queue must describe. Everything that waits happens here, before the sequence check.
   */
  private async prepare(req: RemoteRequest): Promise<string[] | undefined> {
    let ids: string[] | undefined;
    if (req.type === 'LOAD') {
      if ((req.context === undefined) === (req.items === undefined)) {
        throw new Refused('INVALID_REQUEST', 'INVALID_PARAMS', 'LOAD names exactly one of context or items');
      }
      ids = req.context ? await this.opts.resolveContext(req.context) : req.items!.map((i) => i.media.contentId);
      if (!ids || ids.length === 0) throw new Refused('LOAD_FAILED', 'NOT_FOUND', `${req.context?.kind ?? 'context'} not found or empty`);
    } else if (req.type === 'QUEUE_LOAD' || req.type === 'QUEUE_INSERT') {
      ids = req.items.map((i) => i.media.contentId);
    }
    if (ids && this.queue.prepare) {
      try {
        await this.queue.prepare(ids);
      } catch (err) {
        throw new Refused(req.type === 'LOAD' ? 'LOAD_FAILED' : 'INVALID_REQUEST', 'NOT_FOUND', String((err as Error)?.message ?? err).slice(0, 200));
      }
    }
    return ids;
  }

  private async run(from: RemoteSender, req: RemoteRequest, resolved: string[] | undefined): Promise<void> {
    const player = this.opts.player;
    switch (req.type) {
      case 'GET_STATUS':
        return this.opts.send(this.status(req.requestId), from.deviceId);
      case 'QUEUE_GET_ITEM_RANGE': {
        const items = this.queue.items;
        const at = items.findIndex((i) => i.itemId === req.itemId);
        if (at < 0) throw new Refused('INVALID_REQUEST', 'INVALID_PARAMS', `itemId: ${req.itemId} is not in the queue`);
        const range = itemRange(items, at, req.prevCount, req.nextCount);
        return this.opts.send({ type: 'QUEUE_ITEMS', requestId: req.requestId, sequenceNumber: this.queue.sequenceNumber, ...range }, from.deviceId);
      }
      case 'LOAD': {
        const ids = resolved!;
        refuse(this.queue.load(ids.map((contentId) => ({ contentId, addedBy: from })), req.startIndex ?? 0));
        return this.loadCurrent(req.requestId, from.deviceId, req.currentTime ?? 0, req.autoplay ?? true);
      }
      case 'QUEUE_LOAD':
        refuse(this.queue.load(this.newItems(req.items, from), req.startIndex ?? 0, req.repeatMode));
        return this.loadCurrent(req.requestId, from.deviceId, req.currentTime ?? 0, true);
      case 'QUEUE_INSERT': {
        if (from.guest) {
          const wasIdle = this.queue.currentItemId === null;
          refuse(this.queue.insertFair(this.newItems(req.items, from), this.guestMaxPending));
          if (wasIdle) return this.loadCurrent(req.requestId, from.deviceId, 0, true);
          return this.broadcast(req.requestId);
        }
        const wasEmpty = this.queue.currentItemId === null;
        refuse(this.queue.insert(this.newItems(req.items, from), req.insertBefore, req.currentItemIndex));
        if (req.currentItemIndex !== undefined || wasEmpty) return this.loadCurrent(req.requestId, from.deviceId, 0, true);
        return this.broadcast(req.requestId);
      }
      case 'QUEUE_REMOVE': {
        const { currentChanged, finished } = this.queue.remove(req.itemIds);
        if (!currentChanged) return this.broadcast(req.requestId);
        if (finished || this.queue.currentItemId === null) {
          // The removed item must not play on under an IDLE status.
          player.stop();
          return this.finish('FINISHED', req.requestId);
        }
        return this.loadCurrent(req.requestId, from.deviceId, 0, this.isPlaying());
      }
      case 'QUEUE_REORDER':
        refuse(this.queue.reorder(req.itemIds, req.insertBefore));
        return this.broadcast(req.requestId);
      case 'QUEUE_UPDATE':
        return this.update(from, req);
      case 'PLAY':
        if (this.queue.currentItemId === null) throw new Refused('INVALID_PLAYER_STATE', 'INVALID_COMMAND', 'nothing is loaded');
        if (this.idleReason) return this.loadCurrent(req.requestId, from.deviceId, 0, true);
        player.play();
        return this.broadcast(req.requestId);
      case 'PAUSE':
        this.requireMedia();
        player.pause();
        return this.broadcast(req.requestId);
      case 'SEEK':
        this.requireMedia();
        player.seek(req.currentTime);
        if (req.resumeState === 'PLAYBACK_START') player.play();
        if (req.resumeState === 'PLAYBACK_PAUSE') player.pause();
        return this.broadcast(req.requestId);
      case 'STOP':
        // Cast: STOP unloads the media session, queue included.
        this.requireMedia();
        this.loadToken++;
        this.cancelPendingLoad();
        player.stop();
        this.queue.clear();
        return this.finish('CANCELLED', req.requestId);
      case 'SET_VOLUME': {
        const v = player.snapshot().volume;
        player.setVolume(req.volume.level ?? v.level, req.volume.muted ?? v.muted);
        return this.broadcast(req.requestId);
      }
    }
  }

  private async update(from: RemoteSender, req: Extract<RemoteRequest, { type: 'QUEUE_UPDATE' }>): Promise<void> {
    if (req.jump !== undefined && req.currentItemId !== undefined) {
      throw new Refused('INVALID_REQUEST', 'INVALID_PARAMS', 'QUEUE_UPDATE names jump or currentItemId, not both');
    }
    // Validate before changing anything: a refused update leaves the queue as it was.
    if (req.currentItemId !== undefined && !this.queue.items.some((i) => i.itemId === req.currentItemId)) {
      throw new Refused('INVALID_REQUEST', 'INVALID_PARAMS', `currentItemId: ${req.currentItemId} is not in the queue`);
    }
    const before = this.queue.currentItemId;
    if (req.jump !== undefined && req.jump !== 0) refuse(this.queue.jump(req.jump, req.repeatMode));
    if (req.repeatMode !== undefined) this.queue.setRepeat(req.repeatMode);
    if (req.shuffle !== undefined) this.queue.setShuffle(req.shuffle);
    if (req.currentItemId !== undefined) refuse(this.queue.setCurrent(req.currentItemId));
    const moved = this.queue.currentItemId !== before || (req.jump === 0 && before !== null);
    // Next/previous while paused stays paused; otherwise the new item plays.
    if (moved) return this.loadCurrent(req.requestId, from.deviceId, req.currentTime ?? 0, this.opts.player.snapshot().playerState !== 'PAUSED');
    if (req.currentTime !== undefined && this.queue.currentItemId !== null) this.opts.player.seek(req.currentTime);
    return this.broadcast(req.requestId);
  }

  /** Loads the queue's current item; a newer load cancels this one (LOAD_CANCELLED to its sender). */
  private async loadCurrent(requestId: number, to: string | null, startTime: number, autoplay: boolean): Promise<void> {
    const item = this.queue.currentItem;
    if (!item) return this.finish('FINISHED', requestId);
    const token = ++this.loadToken;
    this.cancelPendingLoad();
    this.loadingFor = { requestId, to };
    this.idleReason = null;
    this.broadcast(requestId);
    const settled = this.settleLoad(token, requestId, to, this.opts.player.load(item.media.contentId, startTime, autoplay));
    if (!this.opts.detachLoads) await settled;
  }

  private async settleLoad(token: number, requestId: number, to: string | null, loading: Promise<void>): Promise<void> {
    try {
      await loading;
    } catch (err) {
      if (token !== this.loadToken) return;
      this.loadingFor = null;
      this.idleReason = 'ERROR';
      this.opts.send(
        { type: 'LOAD_FAILED', requestId, reason: 'PLAYBACK_ERROR', message: String((err as Error)?.message ?? err).slice(0, 200) },
        to,
      );
      return this.broadcast(requestId);
    }
    if (token !== this.loadToken) return;
    this.loadingFor = null;
    this.broadcast(requestId);
  }

  private cancelPendingLoad(): void {
    const pending = this.loadingFor;
    if (!pending) return;
    this.loadingFor = null;
    this.opts.send({ type: 'LOAD_CANCELLED', requestId: pending.requestId, reason: 'INVALID_COMMAND', message: 'a newer request replaced this load' }, pending.to);
  }

  private finish(reason: IdleReason, requestId: number): void {
    this.idleReason = reason;
    this.broadcast(requestId);
  }

  private onPlayerEvent(event: 'state' | 'ended' | 'error'): void {
    if (this.loadingFor) return; // the load's own outcome is reported when it settles
    if (event === 'error') return this.finish('ERROR', 0);
    if (event === 'ended') {
      const next = this.queue.advance();
      if (next === null) return this.finish('FINISHED', 0);
      // Nobody asked for an automatic advance: its failure, if any, goes to every controller.
      void this.loadCurrent(0, null, 0, true);
      return;
    }
    // A player that plays again (the TV's own Play key) leaves IDLE.
    if (this.opts.player.snapshot().playerState !== 'IDLE') this.idleReason = null;
    this.broadcast(0);
  }

  private newItems(items: readonly QueueItemInput[], from: RemoteSender) {
    return items.map((i) => ({ contentId: i.media.contentId, addedBy: from }));
  }

  private requireMedia(): void {
    if (this.queue.currentItemId === null || this.idleReason !== null) {
      throw new Refused('INVALID_PLAYER_STATE', 'INVALID_COMMAND', 'nothing is playing');
    }
  }

  private isPlaying(): boolean {
    return this.opts.player.snapshot().playerState === 'PLAYING';
  }

  private startTicker(): void {
    if (this.ticker) return;
    const ms = this.opts.statusIntervalMs ?? 5000;
    this.ticker = setInterval(() => this.broadcast(0), ms);
    (this.ticker as { unref?: () => void }).unref?.();
  }

  private stopTicker(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
  }
}
