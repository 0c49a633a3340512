/**
 * Keystrokes → search results, without flooding the BFF or drawing stale answers:
 * - a query answered recently is drawn at once from a small cache (Delete after a letter, or
 *   Back to the Search page, costs no request);
 * - at most one request is in flight; keystrokes that come meanwhile collapse into the latest
 *   query, sent when the answer arrives (the debounce: a fast typist's burst costs two requests);
 * - an answer is drawn only if it is for the query on screen now; others are cached, not drawn;
 * - the empty query (Clear) lists the profile's recent searches, which change: its last answer
 *   is drawn at once and asked for again, and the fresh one drawn over it if still wanted; a
 *   request for it gives way to a keystroke, as a prefetch does;
 * - `prefetch` asks ahead for the query one key would make (the key the user rests on), only
 *   when nothing else is in flight, and a real keystroke aborts it unless it asks the same: so
 *   OK on that key draws from the cache at once, and a prefetch never delays typing.
 * No Lightning and no timers, so it is tested with a fake fetch.
 */
import type { SearchResponse } from '../../protocol';

export type FetchSearch = (query: string, signal: AbortSignal) => Promise<SearchResponse>;

export class RecentResults {
  private readonly map = new Map<string, SearchResponse>();

  constructor(private readonly capacity = 40) {}

  /** Whether it is cached, without counting as a use. */
  has(query: string): boolean {
    return this.map.has(query);
  }

  delete(query: string): void {
    this.map.delete(query);
  }

  get(query: string): SearchResponse | undefined {
    const hit = this.map.get(query);
    if (hit) {
      // Least recently used goes first.
      this.map.delete(query);
      this.map.set(query, hit);
    }
    return hit;
  }

  set(query: string, result: SearchResponse): void {
    this.map.delete(query);
    this.map.set(query, result);
    while (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as string);
  }
}

/** The query as the BFF will see it: what the cache is keyed by. */
export function searchKey(query: string): string {
  return query.trim();
}

export class SearchFeed {
  private wanted = '';
  /** The query whose answer is on screen (before the first request: nothing is wanted yet). */
  private drawn: string | null = '';
  /** The query to ask ahead for once nothing is in flight. */
  private ahead: string | null = null;
  private inFlight: { query: string; controller: AbortController; prefetch: boolean } | null = null;
  /** What is drawn for the wanted query came from the cache and is asked for again (the empty query). */
  private stale = false;
  /** How many requests went out (tests and the bench). */
  sent = 0;

  constructor(
    private readonly fetchSearch: FetchSearch,
    private readonly cache: RecentResults,
    private readonly draw: (result: SearchResponse) => void,
    private readonly fail: (query: string, error: unknown) => void = () => undefined,
  ) {}

  /** The query on screen changed. */
  request(query: string): void {
    this.wanted = searchKey(query);
    const cached = this.cache.get(this.wanted);
    this.stale = false;
    if (cached) {
      this.drawn = this.wanted;
      this.draw(cached);
      if (this.wanted !== '') return;
      this.stale = true;
    }
    if (this.inFlight?.prefetch && this.inFlight.query !== this.wanted) this.cancel();
    // The empty query (browse, or a refresh of an answer already drawn) gives way to the next
    // keystroke like a prefetch: once a letter is typed it is of no use.
    if (!this.inFlight) this.send(this.wanted, this.stale || this.wanted === '');
    else if (!this.stale && this.wanted !== '') this.inFlight.prefetch = false;
  }

  /** The query may soon be `query` (the focused key's letter typed): fetch it into the cache. */
  prefetch(query: string): void {
    const key = searchKey(query);
    if (key === '' || key === this.wanted || this.cache.has(key)) {
      this.ahead = null;
      return;
    }
    this.ahead = key;
    if (!this.inFlight) this.next();
  }

  /**
   * The answer for `query` is out of date (recent searches cleared): the next request asks again,
   * and one already on its way (asked before the change) is dropped rather than drawn.
   */
  forget(query: string): void {
    const key = searchKey(query);
    this.cache.delete(key);
    if (this.inFlight?.query === key) this.cancel();
  }

  /** The page is going away: drop what is in flight. */
  cancel(): void {
    this.inFlight?.controller.abort();
    this.inFlight = null;
  }

  private send(query: string, prefetch: boolean): void {
    const controller = new AbortController();
    this.inFlight = { query, controller, prefetch };
    this.sent += 1;
    this.fetchSearch(query, controller.signal).then(
      (result) => {
        if (this.inFlight?.controller !== controller) return;
        this.inFlight = null;
        this.cache.set(query, result);
        if (query === this.wanted) {
          this.drawn = query;
          this.stale = false;
          this.draw(result);
        }
        this.next();
      },
      (error: unknown) => {
        if (this.inFlight?.controller !== controller) return;
        this.inFlight = null;
        // The query on screen failed: say so (unless its last answer is drawn), and ask again
        // only when it changes.
        if (query !== this.wanted) this.next();
        else if (this.stale) this.stale = false;
        else this.fail(query, error);
      },
    );
  }

  /** Nothing in flight: the query on screen if it is not drawn yet (or drawn stale), else the one asked ahead for. */
  private next(): void {
    if (this.drawn !== this.wanted) {
      this.request(this.wanted);
      return;
    }
    if (this.stale) {
      this.send(this.wanted, true);
      return;
    }
    const ahead = this.ahead;
    this.ahead = null;
    if (ahead !== null && ahead !== this.wanted && !this.cache.has(ahead)) this.send(ahead, true);
  }
}

/** Shared by every Search page instance (the Router makes a new one per visit). */
export const recentResults = new RecentResults();
