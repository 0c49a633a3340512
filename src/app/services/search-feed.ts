/**
 * Keystrokes → search results, without flooding the BFF or drawing stale answers:
 * - a query answered recently is drawn at once from a small cache (Delete after a letter, or
 *   Back to the Search page, costs no request);
 * - at most one request is in flight; keystrokes that come meanwhile collapse into the latest
 *   query, sent when the answer arrives (the debounce: a fast typist's burst costs two requests);
 * - an answer is drawn only if it is for the query on screen now; others are cached, not drawn;
 * - the empty query is never cached: it lists the profile's recent searches, which change.
 * No Lightning and no timers, so it is tested with a fake fetch.
 */
import type { SearchResponse } from '../../protocol';

export type FetchSearch = (query: string, signal: AbortSignal) => Promise<SearchResponse>;

export class RecentResults {
  private readonly map = new Map<string, SearchResponse>();

  constructor(private readonly capacity = 40) {}

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
  private inFlight: { query: string; controller: AbortController } | null = null;
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
    if (cached) {
      this.draw(cached);
      return;
    }
    if (!this.inFlight) this.send(this.wanted);
  }

  /** The page is going away: drop what is in flight. */
  cancel(): void {
    this.inFlight?.controller.abort();
    this.inFlight = null;
  }

  private send(query: string): void {
    const controller = new AbortController();
    this.inFlight = { query, controller };
    this.sent += 1;
    this.fetchSearch(query, controller.signal).then(
      (result) => {
        if (this.inFlight?.controller !== controller) return;
        this.inFlight = null;
        if (query !== '') this.cache.set(query, result);
        if (query === this.wanted) this.draw(result);
        else this.request(this.wanted);
      },
      (error: unknown) => {
        if (this.inFlight?.controller !== controller) return;
        this.inFlight = null;
        if (query === this.wanted) this.fail(query, error);
        else this.request(this.wanted);
      },
    );
  }
}

/** Shared by every Search page instance (the Router makes a new one per visit). */
export const recentResults = new RecentResults();
