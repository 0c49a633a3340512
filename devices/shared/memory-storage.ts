/**
 * Storage that lives as long as the page: the fallback when no persistent store opens (private
 * mode, IndexedDB blocked), and the driver for unit tests. Values are copied through JSON so a
 * caller mutating an object after `set` cannot change what was stored, as with a real store.
 */
import type { StorageDriver, StorageUsage } from '../contracts/storage';
import { entryBytes } from './quota-local-storage-driver';
import { MEMORY_DRIVER_LABEL } from './storage-usage';

export class MemoryStorage implements StorageDriver {
  private readonly records = new Map<string, string>();

  async get<T>(key: string): Promise<T | null> {
    const raw = this.records.get(key);
    return raw === undefined ? null : (JSON.parse(raw) as T);
  }

  async set<T>(key: string, value: T): Promise<void> {
    this.records.set(key, JSON.stringify(value));
  }

  async remove(key: string): Promise<void> {
    this.records.delete(key);
  }

  async flush(): Promise<void> {}

  /** Counted as localStorage would count it, so the figure compares with the platform caps. */
  async usage(): Promise<StorageUsage> {
    let used = 0;
    for (const [key, value] of this.records) used += entryBytes(key, value);
    return { driver: MEMORY_DRIVER_LABEL, usedBytes: used, quotaBytes: null };
  }
}
