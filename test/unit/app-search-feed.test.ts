/**
 * SearchFeed (src/app/services/search-feed.ts): one request in flight, keystrokes collapsing into
 * the latest query, stale answers never drawn, recent answers from the cache.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SearchResponse } from '../../src/protocol';
import { RecentResults, SearchFeed } from '../../src/app/services/search-feed';

const answer = (query: string): SearchResponse => ({ query, top: null, tracks: [], albums: [], artists: [], genres: [], recent: [] });

/**
 * A SearchFeed on a fetch whose answers the test releases one by one, in any order (`resolve`
 * with a given answer, or the plain one for its query), recording what the feed draws (`draw`
 * picks what to record of an answer: its query by default) and the queries it reports failed.
 */
function controlledFeed<T = string>(draw: (r: SearchResponse) => T = (r) => r.query as T) {
  const pending: Array<{ query: string; resolve: (r?: SearchResponse) => void; reject: () => void; signal: AbortSignal }> = [];
  const fetch = (query: string, signal: AbortSignal) =>
    new Promise<SearchResponse>((resolve, reject) => {
      pending.push({ query, signal, resolve: (r = answer(query)) => resolve(r), reject: () => reject(new Error('down')) });
    });
  const drawn: T[] = [];
  const failed: string[] = [];
  const feed = new SearchFeed(fetch, new RecentResults(), (r) => drawn.push(draw(r)), (q) => failed.push(q));
  return { pending, feed, drawn, failed };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('SearchFeed', () => {
  it('sends the first keystroke at once and collapses the ones typed meanwhile into the latest', async () => {
    const { pending, feed, drawn } = controlledFeed();
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
    const { pending, feed, drawn } = controlledFeed();
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

  it('draws the empty query’s last answer at once and asks again (recent searches change), drawing the fresh one', async () => {
    const { pending, feed, drawn } = controlledFeed();
    feed.request('');
    pending[0]!.resolve();
    await flush();
    expect(drawn).toEqual(['']);
    feed.request('lu');
    pending[1]!.resolve();
    await flush();
    feed.request(' ');
    // Drawn from the cache before any answer, and asked for again.
    expect(drawn).toEqual(['', 'lu', '']);
    expect(pending.map((p) => p.query)).toEqual(['', 'lu', '']);
    pending[2]!.resolve();
    await flush();
    expect(drawn).toEqual(['', 'lu', '', '']);
    expect(feed.sent).toBe(3);
  });

  it('a stale empty answer is replaced by the fresh one, and its failed refresh leaves it drawn without an error', async () => {
    const { pending, feed, drawn, failed } = controlledFeed((r) => r.recent);
    feed.request('');
    pending[0]!.resolve({ ...answer(''), recent: ['lumen'] });
    await flush();
    feed.request('o');
    pending[1]!.resolve();
    await flush();
    feed.request('');
    pending[2]!.resolve({ ...answer(''), recent: ['osk', 'lumen'] });
    await flush();
    expect(drawn).toEqual([['lumen'], [], ['lumen'], ['osk', 'lumen']]);
    feed.request('o');
    feed.request('');
    pending[3]!.reject();
    await flush();
    expect(drawn.slice(4)).toEqual([[], ['osk', 'lumen']]);
    expect(failed).toEqual([]);
    // Forgotten (recent searches cleared): nothing is drawn until the fresh answer.
    feed.request('o');
    feed.forget('');
    feed.request('');
    expect(drawn.length).toBe(7);
    pending[4]!.resolve({ ...answer(''), recent: [] });
    await flush();
    expect(drawn[7]).toEqual([]);
  });

  it('a letter typed after Clear (or on arrival) does not wait behind the empty query: it aborts it', async () => {
    const { pending, feed, drawn } = controlledFeed();
    feed.request('');
    pending[0]!.resolve();
    await flush();
    feed.request('l');
    pending[1]!.resolve();
    await flush();
    feed.request('');
    feed.request('m');
    expect(pending.map((p) => p.query)).toEqual(['', 'l', '', 'm']);
    expect(pending[2]!.signal.aborted).toBe(true);
    pending[3]!.resolve();
    await flush();
    expect(drawn).toEqual(['', 'l', '', 'm']);
    // The first visit's empty query, not answered yet, gives way too.
    const first = controlledFeed();
    first.feed.request('');
    first.feed.request('o');
    expect(first.pending.map((p) => [p.query, p.signal.aborted])).toEqual([['', true], ['o', false]]);
  });

  it('forgetting the empty query drops its refresh on the way, so an answer from before the change is never drawn', async () => {
    const { pending, feed, drawn } = controlledFeed((r) => r.recent);
    feed.request('');
    pending[0]!.resolve({ ...answer(''), recent: ['o'] });
    await flush();
    feed.request('o');
    pending[1]!.resolve();
    await flush();
    feed.request(''); // Delete: the cached list drawn, a refresh on its way
    feed.forget(''); // Clear: the list is emptied at the BFF
    feed.request('');
    expect(pending[2]!.signal.aborted).toBe(true);
    pending[2]!.resolve({ ...answer(''), recent: ['o'] });
    pending[3]!.resolve({ ...answer(''), recent: [] });
    await flush();
    expect(drawn).toEqual([['o'], [], ['o'], []]);
  });

  it('a failure is reported only for the query on screen; a stale one moves on to the latest', async () => {
    const { pending, feed, failed } = controlledFeed();
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
        const { pending, feed, drawn } = controlledFeed();
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

  it('asks ahead for the key rested on, so OK on it draws from the cache with no request', async () => {
    const { pending, feed, drawn } = controlledFeed();
    feed.request('l');
    pending[0]!.resolve();
    await flush();
    feed.prefetch('lu');
    expect(pending.map((p) => p.query)).toEqual(['l', 'lu']);
    pending[1]!.resolve();
    await flush();
    expect(drawn).toEqual(['l']); // asked ahead, not drawn: "lu" is not typed yet
    feed.request('lu');
    expect(drawn).toEqual(['l', 'lu']);
    expect(feed.sent).toBe(2);
    feed.prefetch('lu'); // cached already: nothing to ask
    expect(feed.sent).toBe(2);
  });

  it('OK on the key while its prefetch is in flight waits for that answer instead of asking again', async () => {
    const { pending, feed, drawn } = controlledFeed();
    feed.prefetch('o');
    feed.request('o');
    expect(pending.map((p) => p.query)).toEqual(['o']);
    pending[0]!.resolve();
    await flush();
    expect(drawn).toEqual(['o']);
    expect(feed.sent).toBe(1);
  });

  it('a keystroke aborts a prefetch for another query; a prefetch waits behind a keystroke', async () => {
    const { pending, feed, drawn } = controlledFeed();
    feed.prefetch('a');
    feed.request('b');
    expect(pending[0]!.signal.aborted).toBe(true);
    expect(pending.map((p) => p.query)).toEqual(['a', 'b']);
    feed.prefetch('bc');
    feed.prefetch('bd'); // only the latest key rested on is asked for
    expect(pending).toHaveLength(2);
    pending[1]!.resolve();
    await flush();
    expect(drawn).toEqual(['b']);
    expect(pending.map((p) => p.query)).toEqual(['a', 'b', 'bd']);
  });

  it('any mix of keystrokes and prefetches: one live request at most, only the last query drawn, last', async () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant<'request'>('request'), q: fc.stringMatching(/^[a-c]{1,3}$/) }),
      fc.record({ kind: fc.constant<'prefetch'>('prefetch'), q: fc.stringMatching(/^[a-c]{1,3}$/) }),
      fc.record({ kind: fc.constant<'resolve'>('resolve'), q: fc.constant('') }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 20 }), fc.stringMatching(/^[a-c]{1,3}$/), async (steps, last) => {
        const { pending, feed, drawn } = controlledFeed();
        let released = 0;
        const live = () => pending.slice(released).filter((p) => !p.signal.aborted);
        const release = async () => {
          while (released < pending.length && pending[released]!.signal.aborted) released++;
          if (released < pending.length) pending[released++]!.resolve();
          await flush();
        };
        for (const s of steps) {
          if (s.kind === 'request') feed.request(s.q);
          else if (s.kind === 'prefetch') feed.prefetch(s.q);
          else await release();
          expect(live().length).toBeLessThanOrEqual(1);
        }
        feed.request(last);
        while (live().length > 0) await release();
        expect(drawn.at(-1)).toBe(last);
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
