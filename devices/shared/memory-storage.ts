/**
 * Storage that lives as long as the page: the fallback when no persistent store opens (private
 * mode, IndexedDB blocked), and the driver for unit tests. Values are copied through JSON so a
 * caller mutating an object after `set` cannot change what was stored, as with a real store.
 */
import type { StorageDriver } from '../contracts/storage';

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
}
