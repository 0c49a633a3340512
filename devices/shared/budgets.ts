/**
 * Memory class and the budgets that follow from it, in one table so every profile sizes the UI
 * the same way. `navigator.deviceMemory` is rounded down to a power of two and capped at 8
 * (https://www.w3.org/TR/device-memory/#sec-device-memory-js-api), so 1 means "under 2 GiB":
 * a 2016-2018 TV, whose ~1.5 GB is shared with video decoding. Where the engine does not
 * report memory, the profile's default class stands.
 *
 * memoryPressure is in texture pixels (Lightning's Stage sums w × h; its default is 24e6, about
 * 96 MB of RGBA). Artwork sizes are the ingest's variants (src/protocol ARTWORK_SIZES).
 */
import type { Budgets, MemoryClass } from '../contracts/system';

export const MEMORY_BUDGETS: Readonly<Record<MemoryClass, Budgets>> = Object.freeze({
  low: Object.freeze({ memoryPressure: 8e6, artworkMaxPx: 240, railLength: 12 }),
  mid: Object.freeze({ memoryPressure: 16e6, artworkMaxPx: 480, railLength: 20 }),
  high: Object.freeze({ memoryPressure: 24e6, artworkMaxPx: 960, railLength: 40 }),
});

export function memoryClassFor(deviceMemoryGiB: number | undefined, fallback: MemoryClass): MemoryClass {
  if (deviceMemoryGiB === undefined) return fallback;
  if (deviceMemoryGiB < 2) return 'low';
  if (deviceMemoryGiB < 4) return 'mid';
  return 'high';
}
