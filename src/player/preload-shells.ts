/**
 * Shaka's Player keeps every PreloadManager its `preload()` created, destroyed or not, in a list
 * it empties only in `destroyAllPreloads()` (player.js `createdPreloadManagers_`). Focus preloads
 * and the preload that starts each load would leave one shell each over a long session (a TV left
 * playing an album for a day). This mirrors that list, free of Shaka so it is unit-tested with
 * plain handles, and says when emptying it is safe:
 *
 * - when every preload in it is finished with (destroyed, or consumed by a load that settled):
 *   the sweep only drops shells;
 * - when the shells reach `cap` while some preloads are still held (a focus row rested on for an
 *   hour, the queue's next track): those are destroyed with the shells, and `onSwept` tells their
 *   owner, whose later load then fetches the manifest again instead of failing;
 * - never while a preload is inside a load: `destroyAllPreloads` would destroy it mid-load.
 */

type Phase = 'held' | 'loading' | 'done';

/** Shells allowed to wait for a sweep while preloads are held; each is a few KB of parsed manifest. */
export const DEFAULT_SHELL_CAP = 16;

export class PreloadShells<T> {
  /** Shaka's list since the last sweep, each preload with what it is doing now. */
  private readonly listed = new Map<T, Phase>();

  constructor(
    /** Shaka's `destroyAllPreloads()` (async, though its typings say void). */
    private readonly destroyAll: () => unknown,
    private readonly onSwept: (preload: T) => void,
    private readonly cap = DEFAULT_SHELL_CAP,
  ) {
    if (!Number.isInteger(cap) || cap < 1) throw new RangeError('cap must be a positive integer');
  }

  /** Preloads in the engine's list now (held, loading or shells). */
  get size(): number {
    return this.listed.size;
  }

  /** `preload()` returned it: it is in the engine's list, held by whoever asked. */
  created(preload: T): void {
    this.listed.set(preload, 'held');
  }

  /** It was handed to a load, which owns it until that load settles. */
  loading(preload: T): void {
    if (this.listed.has(preload)) this.listed.set(preload, 'loading');
  }

  /** Destroyed by its owner, or its load settled (the engine destroys a loaded preload itself). */
  done(preload: T): void {
    if (!this.listed.has(preload)) return; // swept already
    this.listed.set(preload, 'done');
    this.sweepIfDue();
  }

  private sweepIfDue(): void {
    let held = 0;
    let shells = 0;
    for (const phase of this.listed.values()) {
      if (phase === 'loading') return;
      if (phase === 'held') held += 1;
      else shells += 1;
    }
    if (held > 0 && shells < this.cap) return;
    const swept = [...this.listed].filter(([, phase]) => phase === 'held').map(([preload]) => preload);
    this.listed.clear();
    for (const preload of swept) this.onSwept(preload);
    // Called now, not in a later task: Shaka empties its list synchronously, and a preload
    // created after this call must not be in it. A stray rejection must not reach the UI.
    Promise.resolve(this.destroyAll()).catch(() => undefined);
  }
}
