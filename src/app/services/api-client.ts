/**
 * The BFF client. Screens load through `screen()`: at most one screen request is in flight, a new
 * one aborts the previous (the user moved on, so its answer is stale and must not be drawn).
 * Aborted requests reject with `ApiAbortError`, which data providers treat as "nothing to show"
 * rather than as an error. Player requests (playback info, plays) are separate and never abort
 * a screen. Every response is checked against its protocol schema on entry (STYLE rule 4), so a
 * BFF/app version skew shows as an error page, not as a half-drawn screen.
 *
 * The client owns the BFF's base (src/app/server-base.ts): every BFF URL the app needs, artwork
 * and the player's media included, comes from `urlFor`.
 */
import type { Static, TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import {
  AlbumResponse,
  ApiPath,
  ArtistResponse,
  HomeResponse,
  PlaybackResponse,
  SearchResponse,
  type ErrorBody,
  type PlayRequest,
} from '../../protocol';
import { serverUrl } from '../server-base';

/** A screen that takes longer than this is shown as an error with Retry, not as a spinner forever. */
const SCREEN_TIMEOUT_MS = 10_000;

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export class ApiAbortError extends Error {
  constructor() {
    super('request superseded');
    this.name = 'ApiAbortError';
  }
}

export class ApiClient {
  private screenRequest: AbortController | null = null;

  /** `base`: '' for the BFF that served the app, else its URL (see readServerBase). */
  constructor(
    private readonly base = '',
    private readonly fetchFn: typeof fetch = (...args) => fetch(...args),
  ) {}

  home(): Promise<HomeResponse> {
    return this.screen(ApiPath.home(), HomeResponse);
  }

  album(id: string): Promise<AlbumResponse> {
    return this.screen(ApiPath.album(id), AlbumResponse);
  }

  artist(id: string): Promise<ArtistResponse> {
    return this.screen(ApiPath.artist(id), ArtistResponse);
  }

  /**
   * Album and artist data for an action (the context menu's Play next), not for a screen: it
   * never aborts the screen that is loading.
   */
  albumData(id: string, signal?: AbortSignal): Promise<AlbumResponse> {
    return this.checkedGet(ApiPath.album(id), AlbumResponse, signal);
  }

  artistData(id: string, signal?: AbortSignal): Promise<ArtistResponse> {
    return this.checkedGet(ApiPath.artist(id), ArtistResponse, signal);
  }

  /** One keystroke's results; the Search page aborts the ones it no longer wants. */
  search(query: string, signal?: AbortSignal): Promise<SearchResponse> {
    return this.checkedGet(ApiPath.search(query), SearchResponse, signal);
  }

  private async checkedGet<S extends TSchema>(path: string, schema: S, signal?: AbortSignal): Promise<Static<S>> {
    return checked(schema, await this.request<unknown>(path, signal ? { signal } : {}));
  }

  /** Media URLs come back absolute: the player fetches them as they are, from any page origin. */
  async playback(trackId: string, signal?: AbortSignal): Promise<PlaybackResponse> {
    const info = checked(PlaybackResponse, await this.request<unknown>(ApiPath.playback(trackId), { signal }));
    return { ...info, manifestUrl: this.urlFor(info.manifestUrl), progressiveUrl: this.urlFor(info.progressiveUrl) };
  }

  async postPlay(body: PlayRequest): Promise<void> {
    await this.request<unknown>(ApiPath.plays(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      keepalive: true,
    });
  }

  /** The absolute URL of a path on the BFF (`/media/art/…`). */
  urlFor(path: string): string {
    return serverUrl(this.base, path);
  }

  /** Abort whatever screen is loading (the user pressed Back before it arrived). */
  cancelScreen(): void {
    this.screenRequest?.abort();
    this.screenRequest = null;
  }

  private async screen<S extends TSchema>(path: string, schema: S): Promise<Static<S>> {
    this.cancelScreen();
    const controller = new AbortController();
    this.screenRequest = controller;
    const timer = setTimeout(() => controller.abort(new ApiError('The server took too long to answer.', 0, 'TIMEOUT')), SCREEN_TIMEOUT_MS);
    try {
      return checked(schema, await this.request<unknown>(path, { signal: controller.signal }));
    } catch (e) {
      if (controller.signal.aborted) {
        const reason: unknown = controller.signal.reason;
        throw reason instanceof ApiError ? reason : new ApiAbortError();
      }
      throw e;
    } finally {
      clearTimeout(timer);
      if (this.screenRequest === controller) this.screenRequest = null;
    }
  }

  private async request<T>(path: string, init: RequestInit): Promise<T> {
    let res: Response;
    try {
      res = await this.fetchFn(this.urlFor(path), { ...init, headers: { accept: 'application/json', ...init.headers } });
    } catch (e) {
      if (init.signal?.aborted) throw e;
      throw new ApiError('Encore can’t reach the server.', 0, 'NETWORK');
    }
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as Partial<ErrorBody> | null;
      throw new ApiError(body?.message ?? `HTTP ${res.status}`, res.status, body?.error ?? `HTTP_${res.status}`);
    }
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  }
}

function checked<S extends TSchema>(schema: S, data: unknown): Static<S> {
  if (Value.Check(schema, data)) return data;
  const first = Value.Errors(schema, data).First();
  console.error('[api] response does not match the protocol', first?.path, first?.message);
  throw new ApiError('Encore got an answer it doesn’t understand. An update may be needed.', 0, 'BAD_RESPONSE');
}
