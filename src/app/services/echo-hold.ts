/**
 * A keystroke's echo (the query line) held back until its results are drawn, so both come in
 * one frame, and shown alone once `holdMs` has passed since the first keystroke not yet echoed.
 *
 * Why: every frame the TV draws holds the next one back (the bench's SwiftShader swaps one in
 * 35–55 ms whatever it shows), and Chromium keeps a page's tasks, the search answer included,
 * until the frame after a key press has begun (DeferRendererTasksAfterInput). The letter's own
 * frame therefore put the answer, in hand 20–40 ms after OK, into the frame after next: drawn
 * together they cost one frame. Past `holdMs` the letter shows without its results.
 * No Lightning; the timer is the only clock, so it is tested with fake timers.
 */
export class EchoHold {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly echo: () => void,
    private readonly holdMs: number,
  ) {}

  /** The query changed and its results are not drawn yet; a burst keeps the first deadline. */
  hold(): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.echo();
    }, this.holdMs);
  }

  /** Results drawn, or none coming (the request failed): echo now. */
  release(): void {
    this.cancel();
    this.echo();
  }

  /** Drop the hold without echoing (release echoes after it). */
  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
