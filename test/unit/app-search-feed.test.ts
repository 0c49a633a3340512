/**
 * SearchFeed (src/app/services/search-feed.ts): one request in flight, keystrokes collapsing into
 * the latest query, stale answers never drawn, recent answers from the cache.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SearchResponse } from '../../src/protocol';
import { RecentResults, SearchFeed } from '../../src/app/services/search-feed';

const answer = (query: string): SearchResponse => ({ query, top: null, tracks: [], albums: [], artists: [], genres: [], recent: [] });

/** A fetch whose answers the test releases one by one, in any order. */
function controlledFetch() {
  const pending: Array<{ query: string; resolve: () => void; reject: () => void; signal: AbortSignal }> = [];
  const fetch = (query: string, signal: AbortSignal) =>
    new Promise<SearchResponse>((resolve, reject) => {
      pending.push({ query, signal, resolve: () => resolve(answer(query)), reject: () => reject(new Error('down')) });
    });
  return { pending, fetch };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('SearchFeed', () => {
  it('sends the first keystroke at once and collapses the ones typed meanwhile into the latest', async () => {
    const { pending, fetch } = controlledFetch();
    const drawn: string[] = [];
    const feed = new SearchFeed(fetch, new RecentResults(), (r) => drawn.push(r.query));
    feed.request('o');
    feed.request('os');
    feed.request('osk');
    expect(pending.map((p) => p.query)).toEqual(['o']);
    pending[0]!.resolve();
    await flush();
    expect(drawn).toEqual([]); // "o" is not what the screen shows any more
    expect(pending.map((p) => p.query)).toEqual(['o', 'osk']);
    pending[1]!.resolve();
    await flush();
    expect(drawn).toEqual(['osk']);
    expect(feed.sent).toBe(2);
  });

  it('draws a recent answer at once without a request (Delete, or Back to the page)', async () => {
    const { pending, fetch } = controlledFetch();
    const cache = new RecentResults();
    const drawn: string[] = [];
    const feed = new SearchFeed(fetch, cache, (r) => drawn.push(r.query));
    feed.request('lu');
    pending[0]!.resolve();
    await flush();
    feed.request('lum');
    pending[1]!.resolve();
    await flush();
    feed.request(' lu ');
    expect(drawn).toEqual(['lu', 'lum', 'lu']);
    expect(feed.sent).toBe(2);
  });

  it('asks for the empty query every time: it lists recent searches, which change', async () => {
    const { pending, fetch } = controlledFetch();
    const drawn: string[] = [];
    const feed = new SearchFeed(fetch, new RecentResults(), (r) => drawn.push(r.query));
    feed.request('');
    pending[0]!.resolve();
    await flush();
    feed.request(' ');
    expect(pending.map((p) => p.query)).toEqual(['', '']);
    pending[1]!.resolve();
    await flush();
    expect(drawn).toEqual(['', '']);
    expect(feed.sent).toBe(2);
  });

  it('a failure is reported only for the query on screen; a stale one moves on to the latest', async () => {
    const { pending, fetch } = controlledFetch();
    const failed: string[] = [];
    const feed = new SearchFeed(fetch, new RecentResults(), () => undefined, (q) => failed.push(q));
    feed.request('a');
    feed.request('ab');
    pending[0]!.reject();
    await flush();
    expect(failed).toEqual([]);
    pending[1]!.reject();
    await flush();
    expect(failed).toEqual(['ab']);
  });

  it('any burst of keystrokes: at most one request in flight, and only the last query is ever drawn', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.stringMatching(/^[a-c]{1,3}$/), { minLength: 1, maxLength: 12 }), async (queries) => {
        const { pending, fetch } = controlledFetch();
        const drawn: string[] = [];
        const feed = new SearchFeed(fetch, new RecentResults(), (r) => drawn.push(r.query));
        for (const q of queries) feed.request(q);
        let released = 0;
        while (released < pending.length) {
          expect(pending.length - released).toBeLessThanOrEqual(1);
          pending[released++]!.resolve();
          await flush();
        }
        expect(drawn.at(-1)).toBe(queries.at(-1));
        expect(drawn.every((q) => q === queries.at(-1))).toBe(true);
      }),
    );
  });

  it('the cache keeps the most recently used answers within its capacity', () => {
    const cache = new RecentResults(2);
    cache.set('a', answer('a'));
    cache.set('b', answer('b'));
    cache.get('a');
    cache.set('c', answer('c'));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.query).toBe('a');
    expect(cache.get('c')?.query).toBe('c');
  });
});
