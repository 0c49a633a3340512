/**
 * Says when nothing has been pressed for `afterMs` (Now Playing's ambient mode). Input only
 * stamps a time (no timer work on the key path); one interval checks it. Injected clock and
 * timers, so it is tested without waiting two minutes.
 */
/**
 * The ambient delay e2e tests use instead of two minutes, set through the test hook (only test
 * builds install it); null everywhere else.
 */
export const idleDelayForTests: { ms: number | null } = { ms: null };

export interface IdleTimerDeps {
  now?: () => number;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}

export class IdleTimer {
  private last: number;
  private idle = false;
  private handle: unknown = null;
  private readonly now: () => number;
  private readonly clear: (handle: unknown) => void;

  constructor(
    private readonly afterMs: number,
    private readonly onIdle: () => void,
    deps: IdleTimerDeps = {},
    checkEveryMs = 1000,
  ) {
    this.now = deps.now ?? (() => Date.now());
    this.clear = deps.clearInterval ?? ((h) => clearInterval(h as ReturnType<typeof setInterval>));
    this.last = this.now();
    const every = deps.setInterval ?? ((fn: () => void, ms: number) => setInterval(fn, ms));
    this.handle = every(() => this.check(), checkEveryMs);
  }

  get isIdle(): boolean {
    return this.idle;
  }

  /** A key came in. Returns whether it woke the idle state (the caller then swallows it). */
  input(): boolean {
    this.last = this.now();
    const woke = this.idle;
    this.idle = false;
    return woke;
  }

  check(): void {
    if (!this.idle && this.now() - this.last >= this.afterMs) {
      this.idle = true;
      this.onIdle();
    }
  }

  destroy(): void {
    if (this.handle !== null) this.clear(this.handle);
    this.handle = null;
  }
}
