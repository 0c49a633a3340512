/**
 * The phone pages' track titles: the unknown tracks one draw names are fetched together, at most
 * PLAYBACK_BATCH_MAX per call, with one redraw per answer; a failed call is asked again by the
 * next draw, a track the BFF did not know after a while; tracks seen while browsing are never fetched.
 */
import { describe, expect, it } from 'vitest';
import { PLAYBACK_BATCH_MAX, type PlaybackResponse } from '../../src/protocol';
import { TrackInfoCache } from '../../src/remote/track-info-cache';

const T = (n: number) => `tr_${n.toString(16).padStart(12, '0')}`;
const info = (trackId: string) => ({ trackId, title: `Title ${trackId}`, artist: { id: 'ar_000000000001', name: 'Ósk Vale' }, artwork: null, durationMs: 180_000 }) as unknown as PlaybackResponse;
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('TrackInfoCache', () => {
  it('fetches the unknown tracks of one draw in batches, redraws once per answer, and remembers them', async () => {
    const calls: string[][] = [];
    let redraws = 0;
    const cache = new TrackInfoCache(async (ids) => (calls.push(ids), ids.filter((id) => id !== T(7)).map(info)), () => redraws++, 50);
    cache.remember({ id: T(1000), title: 'Seen', artist: { id: 'ar_000000000001', name: 'A' }, durationMs: 1000 } as never, null);
    const ids = Array.from({ length: 2 * PLAYBACK_BATCH_MAX + 50 }, (_, n) => T(n));
    for (const id of [...ids, ...ids, T(1000)]) cache.info(id);
    expect(calls).toEqual([]);
    await tick();
    await tick();
    expect(calls.map((c) => c.length)).toEqual([PLAYBACK_BATCH_MAX, PLAYBACK_BATCH_MAX, 50]);
    expect(new Set(calls.flat()).size).toBe(ids.length);
    expect(redraws).toBe(3);
    expect(cache.info(T(3))?.title).toBe(`Title ${T(3)}`);
    // Unknown to the BFF: not asked again on every draw, but again after a while (an ingest may add it).
    expect(cache.info(T(7))).toBeNull();
    await tick();
    expect(calls).toHaveLength(3);
    await new Promise((r) => setTimeout(r, 80));
    expect(cache.info(T(7))).toBeNull();
    await tick();
    expect(calls[3]).toEqual([T(7)]);
  });

  it('asks again after a failed call', async () => {
    let fail = true;
    const calls: string[][] = [];
    const cache = new TrackInfoCache(async (ids) => {
      calls.push(ids);
      if (fail) throw new Error('offline');
      return ids.map(info);
    }, () => {});
    cache.info(T(1));
    await tick();
    await tick();
    fail = false;
    expect(cache.info(T(1))).toBeNull();
    await tick();
    await tick();
    expect(calls).toEqual([[T(1)], [T(1)]]);
    expect(cache.info(T(1))?.title).toBe(`Title ${T(1)}`);
  });
});
