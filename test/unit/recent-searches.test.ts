/**
 * Recent searches per profile: the store against real SQLite (dedup, order, bound, fast-check
 * against a model) and the routes through inject (guest, isolation between profiles and
 * households, clearing, bad input losing nothing).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiPath, RECENT_SEARCHES_KEPT, type SearchResponse } from '../../src/protocol';
import { recentSearchKey } from '../../src/store';
import { addProfile, signInTv, signUp } from '../fixtures/auth-helpers';
import { useFixtureApp } from '../fixtures/fixture-app';

const bff = useFixtureApp();
type Bearer = { authorization: string };

async function recent(headers: Bearer | Record<string, never> = {}): Promise<string[]> {
  const res = await bff.app.inject({ url: ApiPath.search(''), headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<SearchResponse>().recent;
}

function remember(headers: Bearer | Record<string, never>, payload: unknown) {
  return bff.app.inject({ method: 'POST', url: ApiPath.recentSearches(), headers, payload: payload as object });
}

async function rememberAll(headers: Bearer, queries: string[]): Promise<void> {
  for (const query of queries) expect((await remember(headers, { query })).statusCode).toBe(204);
}

async function tv(): Promise<Bearer> {
  return (await signInTv(bff.app, await signUp(bff.app))).bearer;
}

describe('recent searches store', () => {
  it('keeps each query once (case, spacing, Unicode form folded), newest first, at most `kept`', async () => {
    const hh = await signUp(bff.app);
    const store = bff.fx.stores.recentSearches;
    const profileId = hh.phone.profile!.id;
    await store.remember(profileId, 'osk vale', 1000, 3);
    await store.remember(profileId, 'Lumen', 1000, 3); // same millisecond: still after
    await store.remember(profileId, 'OSK VALE', 900, 3); // a clock step back: still newest
    expect(await store.recent(profileId, 10)).toEqual(['OSK VALE', 'Lumen']);
    await store.remember(profileId, 'Beyonce\u0301', 2000, 3);
    await store.remember(profileId, 'beyoncé', 2001, 3); // NFC of the one before
    await store.remember(profileId, 'static', 2002, 3);
    expect(await store.recent(profileId, 10)).toEqual(['static', 'beyoncé', 'OSK VALE']);
    expect(await store.recent(profileId, 1)).toEqual(['static']);
    expect(await store.clear(profileId)).toBe(3);
    expect(await store.recent(profileId, 10)).toEqual([]);
  });

  it('matches a model for any sequence of searches (fast-check)', async () => {
    const hh = await signUp(bff.app);
    const store = bff.fx.stores.recentSearches;
    const profileId = hh.phone.profile!.id;
    const word = fc.constantFrom('osk', 'Osk', 'OSK ', 'lumen', 'lumen  drift', 'Lumen Drift', 'é', 'e\u0301', 'static', 'x', 'y', 'z');
    await fc.assert(
      fc.asyncProperty(fc.array(word, { maxLength: 30 }), fc.integer({ min: 1, max: 6 }), async (queries, kept) => {
        await store.clear(profileId);
        let model: string[] = [];
        for (const [i, raw] of queries.entries()) {
          const query = raw.trim();
          await store.remember(profileId, query, i, kept);
          model = [query, ...model.filter((q) => recentSearchKey(q) !== recentSearchKey(query))].slice(0, kept);
        }
        expect(await store.recent(profileId, 100)).toEqual(model);
      }),
      { numRuns: 40 },
    );
  });
});

describe('recent searches routes', () => {
  it('a guest gets none and cannot keep any (401), and the genres still come', async () => {
    const res = await bff.app.inject({ url: ApiPath.search('') });
    expect(res.json<SearchResponse>()).toMatchObject({ query: '', recent: [] });
    expect(res.headers['cache-control']).toContain('private');
    expect((await remember({}, { query: 'osk' })).statusCode).toBe(401);
    expect((await bff.app.inject({ method: 'DELETE', url: ApiPath.recentSearches() })).statusCode).toBe(401);
  });

  it('the empty query lists the profile’s searches newest first; a typed query lists none', async () => {
    const headers = await tv();
    const genres = (await bff.app.inject({ url: ApiPath.search('') })).json<SearchResponse>().genres;
    await rememberAll(headers, ['osk', 'lumen  drift ', 'OSK']);
    const body = (await bff.app.inject({ url: ApiPath.search(''), headers })).json<SearchResponse>();
    expect(body.recent).toEqual(['OSK', 'lumen drift']);
    expect(body.genres).toEqual(genres);
    expect((await bff.app.inject({ url: ApiPath.search('osk'), headers })).json<SearchResponse>().recent).toEqual([]);
  });

  it(`keeps the last ${RECENT_SEARCHES_KEPT}`, async () => {
    const headers = await tv();
    const queries = Array.from({ length: RECENT_SEARCHES_KEPT + 5 }, (_, i) => `query ${i}`);
    await rememberAll(headers, queries);
    expect(await recent(headers)).toEqual(queries.slice(5).reverse());
  });

  it('are per profile: another profile of the household and another household see none; clearing is per profile', async () => {
    const hh = await signUp(bff.app);
    const first = (await signInTv(bff.app, hh)).bearer;
    const second = (await signInTv(bff.app, hh, (await addProfile(bff.app, hh, 'Bo')).id)).bearer;
    const other = await tv();
    await rememberAll(first, ['osk']);
    await rememberAll(second, ['lumen']);
    await rememberAll(other, ['static']);
    expect(await recent(first)).toEqual(['osk']);
    expect(await recent(second)).toEqual(['lumen']);
    expect(await recent(other)).toEqual(['static']);
    expect(await recent()).toEqual([]);
    expect((await bff.app.inject({ method: 'DELETE', url: ApiPath.recentSearches(), headers: second })).statusCode).toBe(204);
    expect(await recent(second)).toEqual([]);
    expect(await recent(first)).toEqual(['osk']);
    expect(await recent(other)).toEqual(['static']);
  });

  it('refuses bad input with a 400 naming the field, and keeps what was there', async () => {
    const headers = await tv();
    await rememberAll(headers, ['osk']);
    const bad: unknown[] = [
      {},
      { query: '' },
      { query: '   ' },
      { query: 'a\u0000b' },
      { query: 'two\nlines' },
      { query: 'tab\there' },
      { query: 'broken \ud800' },
      { query: '\udc00 broken' },
      { query: 'x'.repeat(201) },
      { query: 42 },
      { query: 'osk', extra: true },
    ];
    for (const payload of bad) {
      const res = await remember(headers, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json<{ message: string }>().message).toMatch(/query|extra|must/);
    }
    expect(await recent(headers)).toEqual(['osk']);
    // FTS syntax and emoji are plain text here too.
    await rememberAll(headers, ['NEAR("osk" *)', 'día 🎧']);
    expect(await recent(headers)).toEqual(['día 🎧', 'NEAR("osk" *)', 'osk']);
  });
});
