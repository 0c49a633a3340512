/**
 * The queue and where the current track was survive an app reload: written to device storage as
 * one `QueueRecord` (src/protocol/queue.ts; the hub will hold the same record per profile).
 *
 * Crash safety: each write replaces the whole record under one key (drivers write a record
 * atomically, devices/contracts/storage.ts), so a kill mid-write leaves the previous queue, never
 * half of one. Writes are deferred off the key path (SAVE_DELAY_MS after a change, and at most
 * every POSITION_EVERY_MS for the position while playing) and flushed with storage on close.
 *
 * Restore: a record that fails the schema, or that PlayQueue refuses, is dropped (logged), never
 * half-applied. The queue comes back paused, the saved position handed to the player as a seek
 * with nothing loaded: the current track's next start starts there. A later seek before it (a
 * phone's "Play on TV" with its own position) replaces it; a list chosen meanwhile starts where
 * it was asked to (the player drops the seek when another entry starts).
 */
import { Errors } from '@sinclair/typebox/errors';
import { Check } from '@sinclair/typebox/value';
import { QueueRecord } from '../../protocol';
import type { AudioPlayer, PlaybackItem, QueueSnapshot } from '../../player/types';

export const QUEUE_KEY = 'queue';
const SAVE_DELAY_MS = 500;
const POSITION_EVERY_MS = 10_000;

export interface QueueStore {
  get<T>(key: string): Promise<T | null>;
  set<T>(key: string, value: T): Promise<void>;
}

type Player = Pick<AudioPlayer, 'on' | 'queueSnapshot' | 'restoreQueue' | 'time' | 'current' | 'seek'>;

export class QueuePersistence {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastPositionSave = 0;
  private readonly offs: Array<() => void> = [];

  constructor(
    private readonly player: Player,
    private readonly store: QueueStore,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Puts the stored queue back; false when there was none or it was refused. */
  async restore(): Promise<boolean> {
    let record: unknown;
    try {
      record = await this.store.get<unknown>(QUEUE_KEY);
    } catch (e) {
      console.warn('[queue] could not read the stored queue', e);
      return false;
    }
    if (record === null || record === undefined) return false;
    if (!Check(QueueRecord, record)) {
      console.warn('[queue] stored queue does not match the schema; dropped', Errors(QueueRecord, record).First()?.path);
      return false;
    }
    const { positionMs, savedAt: _savedAt, ...snapshot } = record;
    // Storage can be slow on a TV: if something already plays by now, it wins over the saved queue.
    if (this.player.current) return false;
    try {
      this.player.restoreQueue(snapshot as QueueSnapshot<PlaybackItem>);
    } catch (e) {
      console.warn('[queue] stored queue refused', e);
      return false;
    }
    // Read again: restoreQueue changed it (TypeScript keeps the narrowing from the guard above).
    if ((this.player.current as PlaybackItem | null) && positionMs > 0) this.player.seek(positionMs);
    return true;
  }

  /** Starts saving on changes. */
  start(): void {
    this.offs.push(
      this.player.on('queue', () => this.schedule()),
      this.player.on('track', () => this.schedule()),
      // A pause is where people leave: keep the position it stopped at.
      this.player.on('state', (state) => {
        if (state === 'paused') this.schedule();
      }),
      this.player.on('time', () => {
        if (this.now() - this.lastPositionSave >= POSITION_EVERY_MS) this.schedule();
      }),
    );
  }

  /** Writes now (the app is closing or freezing). */
  async save(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.lastPositionSave = this.now();
    const snapshot = this.player.queueSnapshot();
    // Inlined starts (a manifest each) are not kept: storage is small on a TV (5 MB on Tizen), and
    // a restored track starts with a playback-info call instead.
    const entries = snapshot.entries.map((e) => (e.item?.playback ? { ...e, item: withoutStart(e.item) } : e));
    const record: QueueRecord = {
      ...(snapshot as Omit<QueueRecord, 'positionMs' | 'savedAt'>),
      entries: entries as QueueRecord['entries'],
      // A track waiting to start shows the position it is to start at.
      positionMs: Math.max(0, Math.round(this.player.time.positionMs)),
      savedAt: Math.round(this.now()),
    };
    try {
      await this.store.set(QUEUE_KEY, record);
    } catch (e) {
      console.warn('[queue] could not store the queue', e);
    }
  }

  destroy(): void {
    for (const off of this.offs.splice(0)) off();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => void this.save(), SAVE_DELAY_MS);
  }
}

function withoutStart(item: PlaybackItem): PlaybackItem {
  const { playback: _start, ...rest } = item;
  return rest;
}
