import { afterEach, describe, expect, it, vi } from 'vitest';
import { DriverChainStorage, INDEXEDDB } from '../../devices/shared/driver-chain-storage';
import { entryBytes, QUOTA_LOCAL_STORAGE } from '../../devices/shared/quota-local-storage-driver';
import { StorageQuotaError } from '../../devices/shared/storage-quota-error';
import { QuotaStorage } from './support/quota-storage';

/** A store on the quota'd localStorage driver over `area`, with our own budget. */
function quotaStore(area: Storage, quotaBytes: number, name = 'encore') {
  return new DriverChainStorage({ drivers: [QUOTA_LOCAL_STORAGE], quotaBytes, storageArea: area, name });
}

async function rejection(write: Promise<unknown>): Promise<StorageQuotaError> {
  const error = await write.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StorageQuotaError);
  return error as StorageQuotaError;
}

describe('quota’d localStorage driver', () => {
  afterEach(() => vi.restoreAllMocks());

  it('opens as the chosen localforage driver and round-trips records', async () => {
    const store = quotaStore(new QuotaStorage(1 << 20), 4096);
    expect(await store.driverName()).toBe(QUOTA_LOCAL_STORAGE);
    await store.set('settings', { volume: 0.5, shuffle: true, recent: ['al_0123456789ab'] });
    expect(await store.get('settings')).toEqual({ volume: 0.5, shuffle: true, recent: ['al_0123456789ab'] });
    await store.remove('settings');
    expect(await store.get('settings')).toBeNull();
    expect(await store.get('never-written')).toBeNull();
  });

  it('rejects a write past its budget with a StorageQuotaError naming key, bytes needed and bytes left', async () => {
    const area = new QuotaStorage(1 << 20);
    const store = quotaStore(area, 1000);
    await store.set('a', 'x'.repeat(100));
    await store.set('b', 'y'.repeat(100));
    const used = area.usedBytes();
    const error = await rejection(store.set('c', 'z'.repeat(400)));
    expect(error.key).toBe('c');
    expect(error.quotaBytes).toBe(1000);
    expect(error.bytesLeft).toBe(1000 - used);
    expect(error.bytesNeeded).toBe(entryBytes('encore/records/c', JSON.stringify('z'.repeat(400))));
    expect(error.bytesNeeded).toBeGreaterThan(error.bytesLeft);
    expect(error.message).toMatch(/"c" needs \d+ bytes but only \d+ of 1000 are left/);
  });

  it('keeps every earlier record when a write does not fit', async () => {
    const area = new QuotaStorage(1 << 20);
    const store = quotaStore(area, 1000);
    await store.set('a', 'x'.repeat(100));
    await store.set('b', 'y'.repeat(100));
    const before = area.usedBytes();
    await rejection(store.set('c', 'z'.repeat(400)));
    expect(await store.get('a')).toBe('x'.repeat(100));
    expect(await store.get('b')).toBe('y'.repeat(100));
    expect(await store.get('c')).toBeNull();
    expect(area.usedBytes()).toBe(before);
  });

  it('keeps the old record when its replacement does not fit, and counts the old bytes as free', async () => {
    const store = quotaStore(new QuotaStorage(1 << 20), 1000);
    await store.set('queue', 'q'.repeat(300));
    await store.set('queue', 'r'.repeat(400)); // replacing frees the 300 first: fits
    expect(await store.get('queue')).toBe('r'.repeat(400));
    await rejection(store.set('queue', 's'.repeat(600)));
    expect(await store.get('queue')).toBe('r'.repeat(400));
  });

  it('counts the whole origin, not just its own records (the platform cap is per origin)', async () => {
    const area = new QuotaStorage(1 << 20);
    area.setItem('someone-else', 'w'.repeat(300));
    const store = quotaStore(area, 1000);
    const error = await rejection(store.set('mine', 'm'.repeat(200))); // would fit in an empty area
    expect(error.bytesLeft).toBe(1000 - entryBytes('someone-else', 'w'.repeat(300)));
    expect(area.getItem('someone-else')).toBe('w'.repeat(300));
  });

  it('turns the engine’s own QuotaExceededError into a StorageQuotaError and loses nothing', async () => {
    const area = new QuotaStorage(600); // the engine's real cap is lower than our budget
    const store = quotaStore(area, 10_000);
    await store.set('small', 'ok');
    const error = await rejection(store.set('big', 'b'.repeat(400)));
    expect(error.key).toBe('big');
    expect(error.bytesLeft).toBeLessThan(error.bytesNeeded);
    expect(await store.get('small')).toBe('ok');
    expect(await store.get('big')).toBeNull();
  });

  it('flush() resolves only once the writes in flight have finished', async () => {
    const area = new QuotaStorage(1 << 20);
    const store = quotaStore(area, 4096);
    const finished: string[] = [];
    void store.set('one', 1).then(() => finished.push('one'));
    void store.set('two', 2).then(() => finished.push('two'));
    expect(finished).toEqual([]);
    await store.flush();
    // Nothing awaited the writes themselves: only flush() can have waited for them.
    expect(finished.sort()).toEqual(['one', 'two']);
    expect(area.length).toBe(2);
  });

  it('flush() waits for a failing write too, and does not reject for it', async () => {
    const store = quotaStore(new QuotaStorage(1 << 20), 100);
    let settled = false;
    void store.set('big', 'b'.repeat(400)).catch(() => {
      settled = true;
    });
    await expect(store.flush()).resolves.toBeUndefined();
    expect(settled).toBe(true);
  });

  it('keeps two stores with different names apart', async () => {
    const area = new QuotaStorage(1 << 20);
    await quotaStore(area, 4096, 'first').set('k', 'first');
    await quotaStore(area, 4096, 'second').set('k', 'second');
    expect(await quotaStore(area, 4096, 'first').get('k')).toBe('first');
  });

  it('falls back to memory for the run when no driver opens, and says so', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const store = new DriverChainStorage({ drivers: [QUOTA_LOCAL_STORAGE, INDEXEDDB] }); // node: no localStorage, no IndexedDB
    expect(await store.driverName()).toBe('memory');
    await store.set('k', { v: 1 });
    expect(await store.get('k')).toEqual({ v: 1 });
    expect(warn).toHaveBeenCalled();
  });
});
