/**
 * CursorPages (src/app/services/cursor-pages.ts): the Liked Songs and playlist pages' paging.
 * Against a fake BFF whose cursor names the last row sent (as the real one does), any mix of page
 * sizes and removals ends with every row not removed, in order, once; a second ask while a page
 * is on its way makes no second request. A replaced list (an edit) is never appended to by a page
 * asked for before, and a page refused as stale (409) reloads the whole list when a reload is given.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CursorPages, type CursorPage } from '../../src/app/services/cursor-pages';

/** A BFF list of `ids`, newest first, that removals on the server side shrink. */
function fakeBff(ids: number[]) {
  const server = ids.slice();
  let requests = 0;
  const page = (after: number | null, limit: number): CursorPage<number> => {
    const from = after === null ? 0 : server.findIndex((id) => id < after);
    const rows = from === -1 ? [] : server.slice(from, from + limit);
    const last = rows[rows.length - 1];
    const more = from !== -1 && from + limit < server.length;
    return { rows, total: server.length, nextCursor: more && last !== undefined ? String(last) : null };
  };
  return {
    server,
    first: (limit: number) => page(null, limit),
    fetch: async (cursor: string, limit: number) => (requests++, page(Number(cursor), limit)),
    get requests() {
      return requests;
    },
  };
}

describe('CursorPages', () => {
  it('pages through everything in order, whatever the page sizes and removals on the way', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 1, max: 10 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 10 }), fc.option(fc.nat(), { nil: null })), { maxLength: 30 }),
        async (n, firstLimit, steps) => {
          const ids = Array.from({ length: n }, (_, i) => n - i);
          const bff = fakeBff(ids);
          const pages = new CursorPages(bff.fetch, bff.first(firstLimit));
          const removed = new Set<number>();
          for (const [limit, pick] of steps) {
            // An Unlike: the row leaves here and on the server.
            if (pick !== null && pages.rows.length > 0) {
              const id = pages.rows[pick % pages.rows.length]!;
              removed.add(id);
              expect(pages.remove((r) => r === id)).toBe(1);
              bff.server.splice(bff.server.indexOf(id), 1);
            }
            await pages.next(limit);
            expect(pages.total).toBeGreaterThanOrEqual(pages.rows.length);
          }
          await pages.all(7);
          const left = ids.filter((id) => !removed.has(id));
          expect(pages.rows).toEqual(left);
          expect(pages.total).toBe(left.length);
          expect(pages.complete).toBe(true);
        },
      ),
    );
  });

  it('asks one page at a time: a second ask while one is on its way shares it', async () => {
    const bff = fakeBff([5, 4, 3, 2, 1]);
    const pages = new CursorPages(bff.fetch, bff.first(2));
    const a = pages.next(2);
    const b = pages.next(2);
    expect(b).toBe(a);
    await Promise.all([a, b]);
    expect(bff.requests).toBe(1);
    expect(pages.rows).toEqual([5, 4, 3, 2]);
  });

  it('keeps what it had when a page fails, and can ask again', async () => {
    const bff = fakeBff([3, 2, 1]);
    let fail = true;
    const pages = new CursorPages((c, l) => (fail ? Promise.reject(new Error('offline')) : bff.fetch(c, l)), bff.first(1));
    await expect(pages.next(1)).rejects.toThrow('offline');
    expect(pages.rows).toEqual([3]);
    expect(pages.total).toBe(3);
    fail = false;
    await pages.all(1);
    expect(pages.rows).toEqual([3, 2, 1]);
  });

  it('a page asked for before a replacement is dropped when it comes; nothing is left to page in', async () => {
    const bff = fakeBff([5, 4, 3, 2, 1]);
    const pages = new CursorPages(bff.fetch, bff.first(2));
    const late = pages.next(2);
    pages.replace([9, 8]);
    expect(await late).toBe('none');
    expect(pages.rows).toEqual([9, 8]);
    expect(pages.total).toBe(2);
    expect(pages.complete).toBe(true);
    expect(await pages.next(2)).toBe('none');
    expect(bff.requests).toBe(1);
  });

  it('a page refused as stale (409) reloads the whole list; without a reload the refusal is thrown', async () => {
    const stale = Object.assign(new Error('changed'), { status: 409 });
    const refuse = () => Promise.reject(stale);
    const first = { rows: [1, 2], total: 4, nextCursor: 'v1.2' };
    const reloading = new CursorPages<number>(refuse, first, async () => [1, 3, 2, 5, 6]);
    expect(await reloading.next(2)).toBe('reloaded');
    expect(reloading.rows).toEqual([1, 3, 2, 5, 6]);
    expect(reloading.total).toBe(5);
    expect(reloading.complete).toBe(true);
    await expect(new CursorPages<number>(refuse, first).next(2)).rejects.toBe(stale);
    // Another failure is not a change of version: it is thrown, with a reload or without.
    const offline = new CursorPages<number>(() => Promise.reject(new Error('offline')), first, async () => []);
    await expect(offline.next(2)).rejects.toThrow('offline');
    expect(offline.rows).toEqual([1, 2]);
  });
});
