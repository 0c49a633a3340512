/**
 * The real surroundings of a profile: the page's window, navigator and MSE. Every read is
 * guarded, because a TV engine may lack any of them (no `MediaSource` on Tizen 2.3's WebKit, no
 * `navigator.deviceMemory` outside Chromium) and a missing global must give the base answer,
 * not a crash at boot.
 */
import type { DeviceHost } from '../contracts/device';

/**
 * Chromium and WPE encode what they decode; Safari decodes WebP without encoding it, so it gets
 * JPEG (a few KB more per cover, never a broken image).
 */
function canEncodeWebp(): boolean {
  try {
    if (typeof document === 'undefined') return false;
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 1;
    return canvas.toDataURL('image/webp').startsWith('data:image/webp');
  } catch {
    return false;
  }
}

export function createBrowserHost(): DeviceHost {
  const g = globalThis as Record<string, unknown>;
  const nav = typeof navigator === 'undefined' ? undefined : navigator;
  const memory = (nav as (Navigator & { deviceMemory?: unknown }) | undefined)?.deviceMemory;
  const speech = g.speechSynthesis as { speak?: unknown } | undefined;
  return {
    userAgent: nav?.userAgent ?? '',
    hasGlobal: (name) => name in globalThis && g[name] !== undefined && g[name] !== null,
    global: (name) => g[name],
    isTypeSupported: (type) => {
      try {
        return typeof MediaSource !== 'undefined' && MediaSource.isTypeSupported(type);
      } catch {
        return false;
      }
    },
    deviceMemoryGiB: typeof memory === 'number' && memory > 0 ? memory : undefined,
    speechSynthesis: typeof speech?.speak === 'function',
    webpImages: canEncodeWebp(),
    document: typeof document === 'undefined' ? null : document,
  };
}
