/**
 * Storage on localforage: IndexedDB where it works, WebSQL/localStorage otherwise, which covers
 * the TV browsers we ship to. One key is one record and one IndexedDB put, so writes are atomic
 * per record. localforage resolves `setItem` once the transaction completes, so `flush` only has
 * to wait for writes still in flight.
 */
import localforage from 'localforage';
import type { StorageDriver } from '../contracts/storage';

export class LocalforageStorage implements StorageDriver {
  private readonly store: LocalForage;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(name = 'encore') {
    this.store = localforage.createInstance({ name, storeName: 'records' });
  }

  get<T>(key: string): Promise<T | null> {
    return this.store.getItem<T>(key);
  }

  set<T>(key: string, value: T): Promise<void> {
    return this.track(this.store.setItem(key, value).then(() => undefined));
  }

  remove(key: string): Promise<void> {
    return this.track(this.store.removeItem(key));
  }

  async flush(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private track(write: Promise<void>): Promise<void> {
    this.inFlight.add(write);
    const done = () => this.inFlight.delete(write);
    write.then(done, done);
    return write;
  }
}
