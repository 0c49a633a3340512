/**
 * ApiClient's playback-info call as the player sees it: a timeout, a 5xx or an unreachable
 * server are transient (the player reconnects), a 404 or a malformed answer are not (it skips),
 * and a superseded call is aborted.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiAbortError, ApiClient, ApiError } from '../../src/app/services/api-client';
import { classifyFailure } from '../../src/player/failure';

const TRACK = 'tr_000000000001';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A fetch that never answers unless its signal aborts (a stalled server). */
const hanging: typeof fetch = (_url, init) =>
  new Promise((_resolve, reject) => {
    init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
  });

// URLs resolve against the page (server-base.ts); Node has no document.
beforeEach(() => {
  vi.stubGlobal('document', { baseURI: 'http://tv.test/' });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('ApiClient.playback failures', () => {
  it('a server that does not answer times out as a transient TIMEOUT', async () => {
    vi.useFakeTimers();
    const api = new ApiClient('', hanging);
    const result = api.playback(TRACK).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(5_000);
    const e = await result;
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).code).toBe('TIMEOUT');
    expect(classifyFailure(e)).toBe('transient');
  });

  it('unreachable and 5xx are transient; 404 and an answer out of contract are the track', async () => {
    const failing = (res: () => Promise<Response>) => new ApiClient('', () => res()).playback(TRACK).catch((e: unknown) => e);
    expect(classifyFailure(await failing(() => Promise.reject(new TypeError('Failed to fetch'))))).toBe('transient');
    expect(classifyFailure(await failing(async () => json(503, { error: 'X', message: 'down', statusCode: 503 })))).toBe('transient');
    expect(classifyFailure(await failing(async () => json(404, { error: 'ENCORE_ERR_NOT_FOUND', message: 'gone', statusCode: 404 })))).toBe('track');
    const odd = await failing(async () => json(200, { nope: true }));
    expect((odd as ApiError).code).toBe('BAD_RESPONSE');
    expect(classifyFailure(odd)).toBe('track');
  });

  it('a superseded call is aborted on the wire and rejects as ApiAbortError', async () => {
    let wireSignal: AbortSignal | undefined;
    const api = new ApiClient('', (url, init) => {
      wireSignal = init?.signal ?? undefined;
      return hanging(url, init);
    });
    const controller = new AbortController();
    const result = api.playback(TRACK, controller.signal).catch((e: unknown) => e);
    controller.abort();
    expect(await result).toBeInstanceOf(ApiAbortError);
    expect(wireSignal?.aborted).toBe(true);
  });
});
