/**
 * Gives each test a fresh `window.localStorage` (a QuotaStorage), so profiles run their real
 * storage chain in node: localforage finds localStorage, our quota'd driver finds its area.
 */
import { afterEach, beforeEach, vi } from 'vitest';
import { QuotaStorage } from './quota-storage';

export function useLocalStorage(quotaBytes = 64 * 1024 * 1024): () => QuotaStorage {
  let area = new QuotaStorage(quotaBytes);
  beforeEach(() => {
    area = new QuotaStorage(quotaBytes);
    vi.stubGlobal('localStorage', area);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });
  return () => area;
}
