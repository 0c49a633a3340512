/**
 * What kind of failure stopped a track, which decides what the player does about it:
 * - transient: the network failed (BFF unreachable, a 5xx, a timeout, offline). Nothing is wrong
 *   with the track; the player keeps its place and retries.
 * - track: this track cannot be played (its media is missing or undecodable, or there is no
 *   source this device plays). The player skips it.
 * Errors carry their own answer in a boolean `transient` (the engine's and the API client's
 * errors do); a bare `TypeError` is how `fetch` reports an unreachable server.
 */
export type FailureKind = 'transient' | 'track';

export function classifyFailure(e: unknown): FailureKind {
  if (typeof e === 'object' && e !== null && 'transient' in e && typeof e.transient === 'boolean') {
    return e.transient ? 'transient' : 'track';
  }
  return e instanceof TypeError ? 'transient' : 'track';
}

/** HTTP statuses worth retrying: server trouble, a timeout, throttling, or no answer at all (0). */
export function isTransientStatus(status: number): boolean {
  return status === 0 || status === 408 || status === 429 || status >= 500;
}

/** Delay before reconnect attempt `n` (0-based): short, doubling, capped so that sound is back
 * within about a second of the network (the issue asks ≤ 2 s). */
export function reconnectDelayMs(n: number, baseMs = 250, capMs = 1000): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, n));
}
