/**
 * `StorageDriver.usage()` answers shared by the drivers. Where a driver cannot count its own
 * bytes (IndexedDB, WebSQL), the origin's figures from `navigator.storage.estimate()` stand in
 * (Storage Standard, https://storage.spec.whatwg.org/#dom-storagemanager-estimate); engines
 * without the Storage API (webOS 3–4, Tizen 2–4) answer null rather than a guess.
 */
import type { StorageUsage } from '../contracts/storage';

/** localforage's driver names (and ours) as people call them. */
const DRIVER_LABELS: Readonly<Record<string, string>> = {
  asyncStorage: 'IndexedDB',
  webSQLStorage: 'WebSQL',
  localStorageWrapper: 'localStorage',
  encoreQuotaLocalStorage: 'localStorage',
};

export const MEMORY_DRIVER_LABEL = 'memory (this session only)';

export function driverLabel(name: string): string {
  return DRIVER_LABELS[name] ?? name;
}

export async function originUsage(driver: string): Promise<StorageUsage> {
  try {
    const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
    const estimate = typeof storage?.estimate === 'function' ? await storage.estimate() : undefined;
    return { driver, usedBytes: estimate?.usage ?? null, quotaBytes: estimate?.quota ?? null };
  } catch {
    // estimate() rejects in some opaque-origin and private contexts.
    return { driver, usedBytes: null, quotaBytes: null };
  }
}
