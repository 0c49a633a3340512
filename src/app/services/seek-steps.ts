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

/** Long-form audio (podcasts, audiobooks) skips as podcast apps do: back 15 s, forward 30 s. */
export const LONG_FORM_BACK_MS = 15_000;
export const LONG_FORM_FORWARD_MS = 30_000;

/** Signed step for the n-th keydown of one hold; held, it speeds up in the same stages as music. */
export function longFormStepMs(direction: -1 | 1, pressInHold: number): number {
  const base = direction < 0 ? LONG_FORM_BACK_MS : LONG_FORM_FORWARD_MS;
  return direction * base * (seekStepMs(pressInHold) / SEEK_TAP_MS);
}
