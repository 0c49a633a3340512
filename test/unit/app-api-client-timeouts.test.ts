/**
 * ApiClient's timeout and abort paths, through its front door with a fetch that behaves like the
 * platform's: it rejects with an AbortError when its signal aborts, and otherwise answers when told.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiAbortError, ApiClient, ApiError } from '../../src/app/services/api-client';

interface PendingRequest {
  url: string;
  signal: AbortSignal | undefined;
  answer(body: unknown, status?: number): void;
  fail(error: Error): void;
}

/** A fetch whose requests stay open until the test answers them, and abort like the real one. */
function controllableFetch() {
  const requests: PendingRequest[] = [];
  const fetchFn = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> =>
    new Promise<Response>((resolve, reject) => {
      const signal = init?.signal ?? undefined;
      if (signal?.aborted) return reject(new DOMException('The operation was aborted.', 'AbortError'));
      signal?.addEventListener('abort', () => reject(new DOMException('The operation was aborted.', 'AbortError')));
      requests.push({
        url: String(input),
        signal,
        answer: (body, status = 200) => resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })),
        fail: reject,
      });
    });
  return { fetchFn: fetchFn as typeof fetch, requests };
}

const HOME = { rails: [] };

describe('ApiClient timeouts and aborts', () => {
  beforeEach(() => {
    vi.stubGlobal('document', { baseURI: 'http://tv.local/' });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('answers a screen and leaves no timer behind', async () => {
    vi.useFakeTimers();
    const { fetchFn, requests } = controllableFetch();
    const api = new ApiClient('', fetchFn);
    const home = api.home();
    expect(requests).toHaveLength(1);
    expect(requests[0]!.url).toBe('http://tv.local/api/v1/home');
    requests[0]!.answer(HOME);
    await expect(home).resolves.toEqual(HOME);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('gives up on a screen after 10 s with a TIMEOUT error, and aborts the request', async () => {
    vi.useFakeTimers();
    const { fetchFn, requests } = controllableFetch();
    const home = new ApiClient('', fetchFn).home();
    const outcome = home.catch((e: unknown) => e);
    expect(requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(9_999);
    expect(requests[0]!.signal!.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'TIMEOUT', status: 0 });
    expect(requests[0]!.signal!.aborted).toBe(true);
  });

  it('a new screen aborts the one still loading, which rejects as superseded (not as an error)', async () => {
    const { fetchFn, requests } = controllableFetch();
    const api = new ApiClient('', fetchFn);
    const first = api.home().catch((e: unknown) => e);
    expect(requests).toHaveLength(1);
    const second = api.album('al_1');
    expect(requests).toHaveLength(2);
    expect(requests[0]!.signal!.aborted).toBe(true);
    expect(await first).toBeInstanceOf(ApiAbortError);
    requests[1]!.answer({ bogus: true });
    await expect(second).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });

  it('cancelScreen() aborts the screen in flight, and player requests are never aborted by screens', async () => {
    const { fetchFn, requests } = controllableFetch();
    const api = new ApiClient('', fetchFn);
    const screen = api.home().catch((e: unknown) => e);
    const playback = api.playback('tr_1').catch((e: unknown) => e);
    expect(requests).toHaveLength(2);
    api.cancelScreen();
    expect(await screen).toBeInstanceOf(ApiAbortError);
    const playbackRequest = requests.find((r) => r.url.includes('/tracks/'))!;
    expect(playbackRequest.signal?.aborted ?? false).toBe(false);
    void api.home().catch(() => undefined);
    expect(playbackRequest.signal?.aborted ?? false).toBe(false);
    playbackRequest.fail(new TypeError('Failed to fetch'));
    expect(await playback).toMatchObject({ code: 'NETWORK' });
  });

  it('a caller’s own signal aborts a playback request with the abort, not a network error', async () => {
    const { fetchFn, requests } = controllableFetch();
    const controller = new AbortController();
    const playback = new ApiClient('', fetchFn).playback('tr_1', controller.signal).catch((e: unknown) => e);
    expect(requests).toHaveLength(1);
    controller.abort();
    const error = await playback;
    // The player tells a superseded start from a failure by this type (failure.ts).
    expect(error).toBeInstanceOf(ApiAbortError);
  });

  it('an HTTP error carries the BFF’s error code and message', async () => {
    const { fetchFn, requests } = controllableFetch();
    const home = new ApiClient('', fetchFn).home();
    expect(requests).toHaveLength(1);
    requests[0]!.answer({ error: 'ENCORE_ERR_INTERNAL', message: 'boom', statusCode: 500 }, 500);
    await expect(home).rejects.toMatchObject({ code: 'ENCORE_ERR_INTERNAL', status: 500, message: 'boom' });
  });
});
