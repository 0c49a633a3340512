/**
 * Contract: storage.
 *
 * Small records (settings, the last queue, the offline outbox later) kept across launches. Every
 * call is asynchronous and may be slow (IndexedDB, or a platform file API), so never call it on
 * the key-press path. A `set` writes the whole record atomically: a reader sees the old record or
 * the new one, never a mix. Values are JSON-compatible; what a device does with anything else is
 * undefined. Quotas differ (webOS caps localStorage at 16 MB, Tizen 5 MB per domain): a write that
 * does not fit rejects, and the caller decides what to drop. `flush()` resolves once everything
 * written so far is durable; lifecycle `frozen` calls it, because a frozen app may be killed
 * without another event.
 */

export interface StorageDriver {
  get<T>(key: string): Promise<T | null>;
  set<T>(key: string, value: T): Promise<void>;
  remove(key: string): Promise<void>;
  flush(): Promise<void>;
}
