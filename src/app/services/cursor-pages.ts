/**
 * A long list read from the BFF a cursor page at a time (liked tracks, playlist entries): the
 * rows loaded so far in order, the total the BFF reported, and the cursor of the next page. One
 * request at a time: asking again while a page is on its way gets the same promise. Rows taken
 * out here (an Unlike) leave the cursor alone: the BFF's cursor names the last row it sent, not a
 * position, so the next page neither skips nor repeats. No Lightning.
 */
export interface CursorPage<T> {
  rows: T[];
  total: number;
  nextCursor: string | null;
}

export type FetchPage<T> = (cursor: string, limit: number) => Promise<CursorPage<T>>;

export class CursorPages<T> {
  private loaded: T[];
  private count: number;
  private cursor: string | null;
  private pending: Promise<void> | null = null;

  constructor(
    private readonly fetchPage: FetchPage<T>,
    first: CursorPage<T>,
  ) {
    this.loaded = first.rows.slice();
    this.count = Math.max(first.total, first.rows.length);
    this.cursor = first.nextCursor;
  }

  get rows(): readonly T[] {
    return this.loaded;
  }

  /** Rows there are in all (at least those loaded). */
  get total(): number {
    return this.count;
  }

  get complete(): boolean {
    return this.cursor === null;
  }

  /** The next page, appended; nothing when every page is in. */
  next(limit: number): Promise<void> {
    if (this.pending) return this.pending;
    const cursor = this.cursor;
    if (cursor === null) return Promise.resolve();
    this.pending = this.fetchPage(cursor, limit)
      .then((page) => {
        this.loaded.push(...page.rows);
        this.cursor = page.nextCursor;
        // The BFF's count is newer than ours, but never below what is loaded.
        this.count = this.cursor === null ? this.loaded.length : Math.max(page.total, this.loaded.length);
      })
      .finally(() => {
        this.pending = null;
      });
    return this.pending;
  }

  /** Every page not loaded yet (before playing the whole list, say). */
  async all(limit: number): Promise<void> {
    while (this.cursor !== null) await this.next(limit);
  }

  /** Takes out the loaded rows `drop` picks; returns how many went. */
  remove(drop: (row: T) => boolean): number {
    const before = this.loaded.length;
    this.loaded = this.loaded.filter((r) => !drop(r));
    const gone = before - this.loaded.length;
    this.count = Math.max(this.loaded.length, this.count - gone);
    return gone;
  }
}
