/**
 * Where focus is in a vertical menu of `count` entries and which rows show: Up/Down move it one
 * entry (stopping at the ends, or wrapping round when asked), and a list longer than `visibleRows`
 * scrolls so the focused entry shows with the next one below it (room allowing) (the last rows never scroll past
 * the bottom). The side menu and the context menu draw it through MenuList; no Lightning here,
 * so it is tested on its own.
 */
export class MenuCursor {
  private at = 0;
  private size = 0;

  constructor(
    private readonly wrap: boolean,
    readonly visibleRows = Number.POSITIVE_INFINITY,
  ) {}

  get index(): number {
    return this.at;
  }

  get count(): number {
    return this.size;
  }

  /** New entries, focus on `index` (kept inside them). */
  reset(count: number, index = 0): void {
    this.size = Math.max(0, Math.floor(count));
    this.at = this.size === 0 ? 0 : Math.min(Math.max(0, Math.floor(index)), this.size - 1);
  }

  /** One entry up (-1) or down (+1); false when focus did not move (an end, without wrap). */
  move(step: -1 | 1): boolean {
    if (this.size === 0) return false;
    const to = this.at + step;
    const next = this.wrap ? (to + this.size) % this.size : Math.min(Math.max(0, to), this.size - 1);
    if (next === this.at) return false;
    this.at = next;
    return true;
  }

  /** The first row on screen. */
  get firstVisible(): number {
    if (this.size <= this.visibleRows) return 0;
    // The entry below the focus shows too, when the viewport holds more than one row.
    const below = this.visibleRows > 1 ? 1 : 0;
    return Math.max(0, Math.min(this.at + below - this.visibleRows + 1, this.size - this.visibleRows));
  }

  /** How many rows the viewport shows. */
  get shownRows(): number {
    return Math.min(this.size, this.visibleRows);
  }
}
