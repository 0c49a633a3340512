/**
 * Storage on localforage: IndexedDB where it works, WebSQL/localStorage otherwise, which covers
 * the TV browsers we ship to. One key is one record and one IndexedDB put, so writes are atomic
 * per record. localforage resolves `setItem` once the transaction completes, so `flush` only has
 * to wait for writes still in flight. The library (~30 KB) is imported on first use, keeping it
 * out of the boot bundle: nothing reads storage before the first screen.
 */
import { settleAll } from './settle-all';
import type { StorageDriver, StorageUsage } from '../contracts/storage';
import { driverLabel, originUsage } from './storage-usage';

export class LocalforageStorage implements StorageDriver {
  private store: Promise<LocalForage> | null = null;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly name = 'encore') {}

  async get<T>(key: string): Promise<T | null> {
    return (await this.open()).getItem<T>(key);
  }

  set<T>(key: string, value: T): Promise<void> {
    return this.track(this.open().then((s) => s.setItem(key, value)).then(() => undefined));
  }

  remove(key: string): Promise<void> {
    return this.track(this.open().then((s) => s.removeItem(key)));
  }

  async flush(): Promise<void> {
    await settleAll(this.inFlight);
  }

  async usage(): Promise<StorageUsage> {
    return originUsage(driverLabel((await this.open()).driver()));
  }

  private open(): Promise<LocalForage> {
    this.store ??= import('localforage').then((m) => m.default.createInstance({ name: this.name, storeName: 'records' }));
    return this.store;
  }

  private track(write: Promise<void>): Promise<void> {
    this.inFlight.add(write);
    const done = () => this.inFlight.delete(write);
    write.then(done, done);
    return write;
  }
}
