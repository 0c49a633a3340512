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
 * without another event. `usage()` says which store opened and how full it is, for the settings
 * screen and support; it is as slow as a read and, like every call here, off the key-press path.
 */

/** Which store holds the records and how full it is; null where the engine does not say. */
export interface StorageUsage {
  /** A name for people: 'IndexedDB', 'localStorage', 'memory (this session only)'. */
  readonly driver: string;
  /**
   * Bytes in use: our records on a driver that counts them (localStorage, memory), else the
   * origin's usage from `navigator.storage.estimate()`.
   */
  readonly usedBytes: number | null;
  /** The budget writes must fit: a platform's documented cap, else the browser's quota. */
  readonly quotaBytes: number | null;
}

export interface StorageDriver {
  get<T>(key: string): Promise<T | null>;
  set<T>(key: string, value: T): Promise<void>;
  remove(key: string): Promise<void>;
  flush(): Promise<void>;
  usage(): Promise<StorageUsage>;
}
