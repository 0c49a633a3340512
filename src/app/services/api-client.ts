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
 *
 * Sign-in: the entry passes `session.fetch` (src/app/services/session.ts) as `fetchFn`, so every
 * request here carries the bearer token and the refresh-once rule without knowing about either.
 */
import type { Static, TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import {
  AlbumResponse,
  ApiPath,
  ArtistResponse,
  AuthPath,
  HomeResponse,
  LibraryPath,
  MeResponse,
  PositionResponse,
  ShowResponse,
  PlaybackResponse,
  TokenResponse,
  SearchResponse,
  type ErrorBody,
  type PlaybackStart,
  type TrackSummary,
  type PlayRequest,
} from '../../protocol';
import { isTransientStatus } from '../../player/failure';
import { serverUrl } from '../server-base';

/** A screen that takes longer than this is shown as an error with Retry, not as a spinner forever. */
const SCREEN_TIMEOUT_MS = 10_000;
/** Playback info is small; past this the player treats the server as unreachable and retries. */
const PLAYBACK_TIMEOUT_MS = 5_000;

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The network or the server failed, not the request: worth retrying (the player reconnects). */
  get transient(): boolean {
    return this.code !== 'BAD_RESPONSE' && isTransientStatus(this.status);
  }
}

export class ApiAbortError extends Error {
  /** Nothing is wrong with what was asked for: a caller that still wants it may ask again. */
  readonly transient = true;

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

  async album(id: string): Promise<AlbumResponse> {
    const res = await this.screen(ApiPath.album(id), AlbumResponse);
    return { ...res, tracks: res.tracks.map((t) => this.playable(t)) };
  }

  async artist(id: string): Promise<ArtistResponse> {
    const res = await this.screen(ApiPath.artist(id), ArtistResponse);
    return { ...res, topTracks: res.topTracks.map((t) => this.playable(t)) };
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
    const info = checked(PlaybackResponse, await this.withTimeout(PLAYBACK_TIMEOUT_MS, signal, (own) => this.request<unknown>(ApiPath.playback(trackId), { signal: own })));
    return this.absoluteMedia(info);
  }

  async postPlay(body: PlayRequest): Promise<void> {
    await this.request<unknown>(ApiPath.plays(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      keepalive: true,
    });
  }

  /** Who this TV is signed in as, with the household's profiles ("Who's listening?"). */
  me(): Promise<MeResponse> {
    return this.screen(AuthPath.me(), MeResponse);
  }

  /** This TV now listens as that profile: a new access token for it, same sign-in. */
  async selectProfile(profileId: string): Promise<TokenResponse> {
    return checked(
      TokenResponse,
      await this.request<unknown>(AuthPath.meProfile(), {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ profileId }),
      }),
    );
  }

  /** A show (podcast, audiobook) with its episodes newest first and the profile's marks. */
  async show(id: string): Promise<ShowResponse> {
    const res = await this.screen(LibraryPath.show(id), ShowResponse);
    return { ...res, episodes: res.episodes.map((e) => ({ ...e, track: this.playable(e.track) })) };
  }

  /**
   * Where the profile is in a long-form track (position-reporter.ts). Keepalive: the last save
   * goes out while the page is being hidden or unloaded.
   */
  async savePosition(trackId: string, positionMs: number): Promise<PositionResponse> {
    return checked(
      PositionResponse,
      await this.request<unknown>(LibraryPath.position(trackId), {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ positionMs: Math.max(0, Math.round(positionMs)) }),
        keepalive: true,
      }),
    );
  }

  /** A start's media paths as absolute URLs (the player fetches them from any page origin). */
  private absoluteMedia<T extends PlaybackStart>(start: T): T {
    return { ...start, manifestUrl: this.urlFor(start.manifestUrl), progressiveUrl: this.urlFor(start.progressiveUrl) };
  }

  private playable(track: TrackSummary): TrackSummary {
    return track.playback ? { ...track, playback: this.absoluteMedia(track.playback) } : track;
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
    try {
      return checked(schema, await this.withTimeout(SCREEN_TIMEOUT_MS, controller.signal, (own) => this.request<unknown>(path, { signal: own })));
    } finally {
      if (this.screenRequest === controller) this.screenRequest = null;
    }
  }

  /**
   * Runs `run` with a signal that aborts after `ms` (rejecting with a TIMEOUT ApiError) or when
   * `outer` aborts (rejecting with ApiAbortError: superseded). No AbortSignal.any on TV engines.
   */
  private async withTimeout<T>(ms: number, outer: AbortSignal | undefined, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    const timeout = new ApiError('The server took too long to answer.', 0, 'TIMEOUT');
    const timer = setTimeout(() => controller.abort(timeout), ms);
    const forward = () => controller.abort(new ApiAbortError());
    if (outer?.aborted) forward();
    outer?.addEventListener('abort', forward);
    try {
      return await run(controller.signal);
    } catch (e) {
      if (controller.signal.aborted) {
        const reason: unknown = controller.signal.reason;
        throw reason instanceof ApiError || reason instanceof ApiAbortError ? reason : new ApiAbortError();
      }
      throw e;
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', forward);
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
