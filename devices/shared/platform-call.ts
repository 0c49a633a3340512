/**
 * Calls a method on a platform global (`webOS.platformBack()`, `VIZIO.exitApplication()`) with
 * its owner as `this`, because injected platform objects often check their receiver. Answers
 * whether a call was made, so a profile can fall back when the platform library is absent
 * (webOSTV.js not loaded, an old firmware). A throwing platform call is logged, not rethrown:
 * the caller is usually exiting and has nothing better to do.
 */
import type { DeviceHost } from '../contracts/device';

export function callPlatform(host: DeviceHost, path: readonly string[], ...args: unknown[]): boolean {
  const [root, ...rest] = path;
  if (!root || rest.length === 0) return false;
  let owner: unknown = host.global(root);
  for (let i = 0; i < rest.length - 1; i++) {
    if (owner === null || typeof owner !== 'object') return false;
    owner = (owner as Record<string, unknown>)[rest[i] as string];
  }
  if (owner === null || (typeof owner !== 'object' && typeof owner !== 'function')) return false;
  const method = (owner as Record<string, unknown>)[rest[rest.length - 1] as string];
  if (typeof method !== 'function') return false;
  try {
    (method as (...a: unknown[]) => unknown).apply(owner, args);
  } catch (e) {
    console.warn(`[device] ${path.join('.')}() failed`, e);
  }
  return true;
}
