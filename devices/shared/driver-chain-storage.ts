/**
 * Storage on localforage with the driver order a profile chooses, e.g. the quota'd localStorage
 * driver first on webOS and Tizen packaged apps, localforage's own order (IndexedDB, WebSQL,
 * localStorage) elsewhere (BaseDevice). The first driver that opens wins for the run; if none opens
 * (storage disabled), records live in memory for the session and a warning says so. The library
 * (~30 KB) is imported on first use, keeping it out of the boot bundle, and `flush` waits for the
 * writes in flight, each of which is one whole record (one key, one IndexedDB put).
 */
import { settleAll } from './settle-all';
import type { StorageDriver, StorageUsage } from '../contracts/storage';
import { MemoryStorage } from './memory-storage';
import {
  DEFAULT_QUOTA_BYTES,
  defineQuotaLocalStorage,
  QUOTA_LOCAL_STORAGE,
  usedBytes,
  type QuotaLocalStorageConfig,
} from './quota-local-storage-driver';
import { driverLabel, originUsage } from './storage-usage';

/** localforage's names for its built-in drivers, so profiles need not import the library. */
export const INDEXEDDB = 'asyncStorage';
export const WEBSQL = 'webSQLStorage';
export const LOCALSTORAGE = 'localStorageWrapper';

export interface DriverChainOptions {
  drivers: readonly string[];
  /** Budget for the quota'd localStorage driver, in bytes. */
  quotaBytes?: number;
  /** Database name; one name is one set of records. */
  name?: string;
  /** A Storage to use instead of `window.localStorage` (tests). */
  storageArea?: Storage;
}

type Store = Pick<StorageDriver, 'get' | 'set' | 'remove'>;

export class DriverChainStorage implements StorageDriver {
  private store: Promise<Store> | null = null;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly options: DriverChainOptions) {}

  async get<T>(key: string): Promise<T | null> {
    return (await this.open()).get<T>(key);
  }

  set<T>(key: string, value: T): Promise<void> {
    return this.track(this.open().then((s) => s.set(key, value)));
  }

  remove(key: string): Promise<void> {
    return this.track(this.open().then((s) => s.remove(key)));
  }

  async flush(): Promise<void> {
    await settleAll(this.inFlight);
  }

  /** Which driver opened ('memory' when none did); for logs and tests. */
  async driverName(): Promise<string> {
    const store = await this.open();
    return store instanceof MemoryStorage ? 'memory' : ((store as { driver?: string }).driver ?? 'unknown');
  }

  /** On the quota'd driver: the origin's localStorage bytes against our budget, as writes are checked. */
  async usage(): Promise<StorageUsage> {
    const store = await this.open();
    if (store instanceof MemoryStorage) return store.usage();
    const driver = await this.driverName();
    if (driver !== QUOTA_LOCAL_STORAGE) return originUsage(driverLabel(driver));
    const area = this.options.storageArea ?? localStorageArea();
    return {
      driver: driverLabel(driver),
      usedBytes: area ? usedBytes(area) : null,
      quotaBytes: this.options.quotaBytes ?? DEFAULT_QUOTA_BYTES,
    };
  }

  private open(): Promise<Store> {
    this.store ??= this.openChain();
    return this.store;
  }

  private async openChain(): Promise<Store> {
    try {
      const localforage = (await import('localforage')).default;
      await defineQuotaLocalStorage(localforage);
      const config: QuotaLocalStorageConfig = {
        name: this.options.name ?? 'encore',
        storeName: 'records',
        driver: [...this.options.drivers],
      };
      if (this.options.quotaBytes !== undefined) config.quotaBytes = this.options.quotaBytes;
      if (this.options.storageArea) config.storageArea = this.options.storageArea;
      const instance = localforage.createInstance(config);
      await instance.ready();
      return {
        driver: instance.driver(),
        get: <T>(key: string) => instance.getItem<T>(key),
        set: async <T>(key: string, value: T) => {
          await instance.setItem(key, value);
        },
        remove: (key: string) => instance.removeItem(key),
      } as Store & { driver: string };
    } catch (e) {
      console.warn('[storage] no persistent driver opened; keeping records in memory for this run', e);
      return new MemoryStorage();
    }
  }

  private track(write: Promise<void>): Promise<void> {
    this.inFlight.add(write);
    const done = () => this.inFlight.delete(write);
    write.then(done, done);
    return write;
  }
}

function localStorageArea(): Storage | null {
  try {
    return (globalThis as { localStorage?: Storage }).localStorage ?? null;
  } catch {
    return null; // reading window.localStorage throws where storage is disabled
  }
}
