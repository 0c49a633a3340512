/**
 * A localforage driver on `localStorage` that keeps to a byte budget of our own, for packaged TV
 * apps whose platform documents a localStorage cap (webOS 16 MB, Tizen 5 MB per domain; PRODUCT.md
 * "TV constraints"). localforage's own localStorage driver lets the engine throw wherever the
 * cap happens to fall; this one checks before writing and rejects with a `StorageQuotaError`
 * naming the key, the bytes needed and the bytes left.
 *
 * Atomicity: one record is one `localStorage.setItem` of one string. The engine replaces the whole
 * value or, when it cannot, throws and keeps the old one (HTML Standard, Storage `setItem`: "If
 * it couldn't set the new value, … throw a QuotaExceededError"), so a reader never sees half a
 * record, and a rejected write removes nothing.
 *
 * Accounting: an entry costs (key length + value length) × 2 bytes, UTF-16 code units as WebKit
 * and Chromium store them. The cap is per origin, so every entry of the origin counts, ours or
 * not. The budget comes from the instance's config (`quotaBytes`), so one driver definition
 * serves every platform; `storageArea` lets tests hand in a Storage of their own.
 */
import { StorageQuotaError } from './storage-quota-error';

export const QUOTA_LOCAL_STORAGE = 'encoreQuotaLocalStorage';

/** Used when an instance names no budget: the smallest cap among our platforms (Tizen). */
export const DEFAULT_QUOTA_BYTES = 5 * 1024 * 1024;

/** localforage config keys this driver reads, on top of localforage's own. */
export interface QuotaLocalStorageConfig extends LocalForageOptions {
  quotaBytes?: number;
  storageArea?: Storage;
}

interface DbInfo {
  area: Storage;
  prefix: string;
  quotaBytes: number;
}

/** `this` inside driver methods: the localforage instance the driver was mixed into. */
interface DriverThis {
  _dbInfo: DbInfo;
  ready(): Promise<void>;
}

type Callback<T> = ((err: unknown, value?: T) => void) | undefined;

function settle<T>(promise: Promise<T>, callback: Callback<T>): Promise<T> {
  if (typeof callback === 'function') promise.then((v) => callback(null, v), (e: unknown) => callback(e));
  return promise;
}

export function entryBytes(key: string, value: string): number {
  return (key.length + value.length) * 2;
}

/** Every entry of the origin, ours or not: the platform cap is per origin. */
export function usedBytes(area: Storage): number {
  let total = 0;
  for (let i = 0; i < area.length; i++) {
    const key = area.key(i);
    if (key !== null) total += entryBytes(key, area.getItem(key) ?? '');
  }
  return total;
}

function isQuotaExceeded(e: unknown): boolean {
  const err = e as { name?: string; code?: number } | null;
  // 22: QUOTA_EXCEEDED_ERR (WebKit, Chromium); 1014 + NS_ERROR_DOM_QUOTA_REACHED: old Gecko.
  return !!err && (err.name === 'QuotaExceededError' || err.name === 'NS_ERROR_DOM_QUOTA_REACHED' || err.code === 22 || err.code === 1014);
}

function ourKeys(info: DbInfo): string[] {
  const keys: string[] = [];
  for (let i = 0; i < info.area.length; i++) {
    const key = info.area.key(i);
    if (key !== null && key.startsWith(info.prefix)) keys.push(key.slice(info.prefix.length));
  }
  return keys;
}

function parse<T>(raw: string | null): T | null {
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as T;
  } catch {
    // Not written by us (or cut by a crash on an engine without atomic writes): unreadable.
    return null;
  }
}

const driver = {
  _driver: QUOTA_LOCAL_STORAGE,
  // The real check is per instance in _initStorage (the area comes from the instance's config).
  _support: true,

  _initStorage(this: DriverThis, options: QuotaLocalStorageConfig): Promise<void> {
    let area: Storage | undefined;
    try {
      area = options.storageArea ?? (globalThis as { localStorage?: Storage }).localStorage;
    } catch {
      area = undefined; // reading window.localStorage throws where storage is disabled
    }
    if (!area || typeof area.setItem !== 'function') return Promise.reject(new Error('localStorage unavailable'));
    this._dbInfo = {
      area,
      prefix: `${options.name ?? 'localforage'}/${options.storeName ?? 'keyvaluepairs'}/`,
      quotaBytes: options.quotaBytes ?? DEFAULT_QUOTA_BYTES,
    };
    return Promise.resolve();
  },

  getItem<T>(this: DriverThis, key: string, callback?: Callback<T | null>): Promise<T | null> {
    return settle(
      this.ready().then(() => parse<T>(this._dbInfo.area.getItem(this._dbInfo.prefix + String(key)))),
      callback,
    );
  },

  setItem<T>(this: DriverThis, key: string, value: T, callback?: Callback<T>): Promise<T> {
    return settle(
      this.ready().then(() => {
        const info = this._dbInfo;
        const fullKey = info.prefix + String(key);
        const serialized = JSON.stringify(value === undefined ? null : value);
        const previous = info.area.getItem(fullKey);
        const needed = entryBytes(fullKey, serialized);
        // Replacing a record frees its old bytes first.
        const left = info.quotaBytes - (usedBytes(info.area) - (previous === null ? 0 : entryBytes(fullKey, previous)));
        if (needed > left) throw new StorageQuotaError(String(key), needed, left, info.quotaBytes);
        try {
          info.area.setItem(fullKey, serialized);
        } catch (e) {
          // The engine's own cap was lower than ours and its failed setItem kept the old value.
          // All we know of what is left is that it was less than needed.
          if (isQuotaExceeded(e)) throw new StorageQuotaError(String(key), needed, Math.min(left, needed - 1), info.quotaBytes);
          throw e;
        }
        return value;
      }),
      callback,
    );
  },

  removeItem(this: DriverThis, key: string, callback?: Callback<void>): Promise<void> {
    return settle(
      this.ready().then(() => this._dbInfo.area.removeItem(this._dbInfo.prefix + String(key))),
      callback,
    );
  },

  clear(this: DriverThis, callback?: Callback<void>): Promise<void> {
    return settle(
      this.ready().then(() => {
        for (const key of ourKeys(this._dbInfo)) this._dbInfo.area.removeItem(this._dbInfo.prefix + key);
      }),
      callback,
    );
  },

  length(this: DriverThis, callback?: Callback<number>): Promise<number> {
    return settle(
      this.ready().then(() => ourKeys(this._dbInfo).length),
      callback,
    );
  },

  key(this: DriverThis, n: number, callback?: Callback<string>): Promise<string> {
    return settle(
      this.ready().then(() => ourKeys(this._dbInfo)[n] as string),
      callback,
    );
  },

  keys(this: DriverThis, callback?: Callback<string[]>): Promise<string[]> {
    return settle(
      this.ready().then(() => ourKeys(this._dbInfo)),
      callback,
    );
  },

  iterate<T, U>(
    this: DriverThis,
    iteratee: (value: T, key: string, iterationNumber: number) => U,
    callback?: Callback<U>,
  ): Promise<U> {
    return settle(
      this.ready().then(() => {
        const keys = ourKeys(this._dbInfo);
        for (let i = 0; i < keys.length; i++) {
          const key = keys[i] as string;
          const result = iteratee(parse<T>(this._dbInfo.area.getItem(this._dbInfo.prefix + key)) as T, key, i + 1);
          if (result !== undefined) return result;
        }
        return undefined as U;
      }),
      callback,
    );
  },
};

const defined = new WeakSet<object>();

/** Defines the driver on a localforage module once; later calls resolve at once. */
export async function defineQuotaLocalStorage(localforage: LocalForage): Promise<void> {
  if (defined.has(localforage)) return;
  await localforage.defineDriver(driver as unknown as LocalForageDriver);
  defined.add(localforage);
}
