/**
 * A long list read from the BFF a cursor page at a time (liked tracks, playlist entries): the
 * rows loaded so far in order, the total the BFF reported, and the cursor of the next page. One
 * request at a time: asking again while a page is on its way gets the same promise. Rows taken
 * out here (an Unlike) leave the cursor alone: the BFF's cursor names the last row it sent, not a
 * position, so the next page neither skips nor repeats.
 *
 * A list edited as a whole (a playlist) is replaced here: by the page after its own edit
 * (`replace`), or, when the BFF refuses a page because the list changed since the first one (409:
 * a playlist's cursors name its version), by `reload` reading the whole list again. A page asked
 * for before a replacement is dropped when it comes, so it never lands on the new rows. No Lightning.
 */
export interface CursorPage<T> {
  rows: T[];
  total: number;
  nextCursor: string | null;
}

export type FetchPage<T> = (cursor: string, limit: number) => Promise<CursorPage<T>>;

/** What a `next` did: rows appended, every row replaced by a reload, or nothing (no page left, or superseded). */
export type PageResult = 'appended' | 'reloaded' | 'none';

/** A page asked for at another version of the list is refused with this status. */
const STALE = 409;

export class CursorPages<T> {
  private loaded: T[];
  private count: number;
  private cursor: string | null;
  private pending: Promise<PageResult> | null = null;
  /** Bumped by every replacement: a page asked for under an older one is dropped. */
  private generation = 0;

  /** `reload`: the whole list again, for when a page is refused as stale; without it the refusal is thrown. */
  constructor(
    private readonly fetchPage: FetchPage<T>,
    first: CursorPage<T>,
    private readonly reload?: () => Promise<readonly T[]>,
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
  next(limit: number): Promise<PageResult> {
    if (this.pending) return this.pending;
    const cursor = this.cursor;
    if (cursor === null) return Promise.resolve('none');
    const generation = this.generation;
    this.pending = this.fetchPage(cursor, limit)
      .then(
        (page): PageResult => {
          if (generation !== this.generation) return 'none';
          this.loaded.push(...page.rows);
          this.cursor = page.nextCursor;
          // The BFF's count is newer than ours, but never below what is loaded.
          this.count = this.cursor === null ? this.loaded.length : Math.max(page.total, this.loaded.length);
          return 'appended';
        },
        async (e: unknown): Promise<PageResult> => {
          if (!this.reload || (e as { status?: number }).status !== STALE) throw e;
          const rows = await this.reload();
          if (generation !== this.generation) return 'none';
          this.replace(rows);
          return 'reloaded';
        },
      )
      .finally(() => {
        this.pending = null;
      });
    return this.pending;
  }

  /** Every page not loaded yet (before playing the whole list, say). */
  async all(limit: number): Promise<void> {
    while (this.cursor !== null) await this.next(limit);
  }

  /** Every row of the list, known whole (after an edit, say): nothing is left to page in. */
  replace(rows: readonly T[]): void {
    this.generation++;
    this.loaded = rows.slice();
    this.count = rows.length;
    this.cursor = null;
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
