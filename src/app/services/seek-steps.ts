/**
 * Seeking with Left/Right on Now Playing: a tap moves 10 s; holding the key (the remote repeats
 * keydown, ~10–30 a second) speeds up in stages so a long track can be crossed in a few seconds
 * without losing the fine step for a tap.
 */
export const SEEK_TAP_MS = 10_000;

/** Step for the n-th keydown of one hold (0 = the first press). */
export function seekStepMs(pressInHold: number): number {
  if (pressInHold < 5) return SEEK_TAP_MS;
  if (pressInHold < 15) return 2 * SEEK_TAP_MS;
  return 4 * SEEK_TAP_MS;
}

/** Counts the keydowns of one hold; a keydown that is not a repeat starts a new hold. */
export class HoldCounter {
  private n = -1;

  press(repeat: boolean): number {
    this.n = repeat ? this.n + 1 : 0;
    return this.n;
  }

  release(): void {
    this.n = -1;
  }
}
