/**
 * Bookkeeping for preloaded tracks, free of Shaka so it is unit-tested with plain handles.
 *
 * A preload holds a manifest and the first segments in memory (Shaka's PreloadManager), which
 * costs SourceBuffer-sized memory on a TV, so the cache is bounded (LRU) and every entry says
 * why it is held: `focus` (the row the user rests on; dropped as soon as focus moves on) or
 * `next` (the queue's upcoming track). An entry is destroyed once no reason is left, when it is
 * evicted, or when the cache is cleared; `take()` hands ownership to the caller instead.
 */
import type { PreloadReason } from './types';

export interface Destroyable {
  destroy(): unknown;
  /** Settles true once the preload is complete (absent: complete when handed out). */
  readonly finished?: Promise<boolean>;
}

export type StartPreload<H extends Destroyable> = (key: string) => Promise<H | null>;

interface Entry<H> {
  reasons: Set<PreloadReason>;
  handle: Promise<H | null>;
  /** The start resolved with a handle: the preload is complete and Enter plays from memory. */
  ready: boolean;
}

/** Two is enough for "the row under focus" plus "the next track", and fits a 12 MB budget. */
export const DEFAULT_PRELOAD_CAPACITY = 2;

export class PreloadCache<H extends Destroyable> {
  /** Map order is the LRU order: first = least recently used. */
  private readonly entries = new Map<string, Entry<H>>();
  private focusKey: string | null = null;

  constructor(
    private readonly start: StartPreload<H>,
    private readonly capacity = DEFAULT_PRELOAD_CAPACITY,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
  }

  /** Keys held, least recently used first. */
  get keys(): string[] {
    return [...this.entries.keys()];
  }

  /** Keys whose preload has completed, least recently used first. */
  get readyKeys(): string[] {
    return [...this.entries].filter(([, e]) => e.ready).map(([key]) => key);
  }

  isReady(key: string): boolean {
    return this.entries.get(key)?.ready === true;
  }

  get size(): number {
    return this.entries.size;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  reasonsOf(key: string): PreloadReason[] {
    return [...(this.entries.get(key)?.reasons ?? [])];
  }

  /** Ask for `key` to be held for `reason`; starts it if absent and marks it most recent. */
  want(key: string, reason: PreloadReason): void {
    if (reason === 'focus' && this.focusKey !== null && this.focusKey !== key) this.release(this.focusKey, 'focus');
    if (reason === 'focus') this.focusKey = key;
    if (reason === 'next') {
      for (const [other, entry] of this.entries) if (other !== key && entry.reasons.has('next')) this.release(other, 'next');
    }

    const existing = this.entries.get(key);
    if (existing) {
      existing.reasons.add(reason);
      this.entries.delete(key);
      this.entries.set(key, existing);
      return;
    }
    const entry: Entry<H> = { reasons: new Set([reason]), handle: safeStart(this.start, key), ready: false };
    void entry.handle.then(async (h) => {
      entry.ready = h !== null && (h.finished === undefined || (await h.finished));
    });
    this.entries.set(key, entry);
    this.evictOverflow();
  }

  /** Focus left `key`: drop its preload unless it is also the queue's next track. */
  unfocus(key: string): void {
    if (this.focusKey === key) this.focusKey = null;
    this.release(key, 'focus');
  }

  /** Drop one reason; destroy the entry when none is left. */
  release(key: string, reason: PreloadReason): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    entry.reasons.delete(reason);
    if (reason === 'focus' && this.focusKey === key) this.focusKey = null;
    if (entry.reasons.size === 0) this.cancel(key);
  }

  /** Hand the preload to the caller (it will be consumed by a load); null when not held. */
  take(key: string): Promise<H | null> | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    this.entries.delete(key);
    if (this.focusKey === key) this.focusKey = null;
    return entry.handle;
  }

  cancel(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    if (this.focusKey === key) this.focusKey = null;
    destroyLater(entry.handle);
  }

  clear(): void {
    for (const key of this.keys) this.cancel(key);
  }

  private evictOverflow(): void {
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.cancel(oldest);
    }
  }
}

function safeStart<H>(start: (key: string) => Promise<H | null>, key: string): Promise<H | null> {
  try {
    // A failed preload is not an error for the user: the track just starts the slow way.
    return start(key).catch(() => null);
  } catch {
    return Promise.resolve(null);
  }
}

function destroyLater<H extends Destroyable>(handle: Promise<H | null>): void {
  void handle.then(async (h) => {
    try {
      await h?.destroy();
    } catch {
      // destroy() resolves, never rejects (STYLE §1); a stray failure must not reach the UI.
    }
  });
}
