/** `StorageDriver.usage()`: which store opened and how full it is, as the settings screen shows it. */
import { describe, expect, it } from 'vitest';
import { DriverChainStorage } from '../../devices/shared/driver-chain-storage';
import { MemoryStorage } from '../../devices/shared/memory-storage';
import { entryBytes, QUOTA_LOCAL_STORAGE } from '../../devices/shared/quota-local-storage-driver';
import { MEMORY_DRIVER_LABEL } from '../../devices/shared/storage-usage';
import { QuotaStorage } from './support/quota-storage';

describe('storage usage', () => {
  it('quota’d localStorage: the origin’s bytes against our budget, as writes are checked', async () => {
    const area = new QuotaStorage(1 << 20);
    area.setItem('someone-else', 'x'.repeat(10));
    const store = new DriverChainStorage({ drivers: [QUOTA_LOCAL_STORAGE], quotaBytes: 4096, storageArea: area });
    await store.set('settings', { volume: 0.5 });
    expect(await store.usage()).toEqual({ driver: 'localStorage', usedBytes: area.usedBytes(), quotaBytes: 4096 });
    expect(area.usedBytes()).toBe(entryBytes('someone-else', 'x'.repeat(10)) + entryBytes('encore/records/settings', '{"volume":0.5}'));
  });

  it('memory: counts its records the same way and has no quota', async () => {
    const store = new MemoryStorage();
    expect(await store.usage()).toEqual({ driver: MEMORY_DRIVER_LABEL, usedBytes: 0, quotaBytes: null });
    await store.set('a', 'bc');
    expect(await store.usage()).toEqual({ driver: MEMORY_DRIVER_LABEL, usedBytes: entryBytes('a', '"bc"'), quotaBytes: null });
  });

  it('a chain whose drivers all fail to open reports memory', async () => {
    const store = new DriverChainStorage({ drivers: ['noSuchDriver'] });
    expect((await store.usage()).driver).toBe(MEMORY_DRIVER_LABEL);
  });
});
