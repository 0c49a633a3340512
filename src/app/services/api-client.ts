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
import { Errors } from '@sinclair/typebox/errors';
import { Check } from '@sinclair/typebox/value';
import {
  AlbumResponse,
  ApiPath,
  ArtistResponse,
  AuthPath,
  HomeResponse,
  LibraryPath,
  LibraryResponse,
  LikedTracksResponse,
  MeResponse,
  PlaylistResponse,
  PlaylistSummary,
  PlaylistsResponse,
  PositionResponse,
  ShowResponse,
  playbackBatches,
  PlaybackBatchResponse,
  PlaybackResponse,
  TokenResponse,
  SearchResponse,
  PartyInfo,
  PartyPath,
  type ErrorBody,
  type LibrarySort,
  type PlaybackStart,
  type TrackSummary,
  type PlayRequest,
} from '../../protocol';
import { isTransientStatus } from '../../player/failure';
import { serverUrl } from '../server-base';
import { HttpPlaylistTransport } from './playlist-editor';

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
    return this.playableAlbum(await this.screen(ApiPath.album(id), AlbumResponse));
  }

  async artist(id: string): Promise<ArtistResponse> {
    return this.playableArtist(await this.screen(ApiPath.artist(id), ArtistResponse));
  }

  /**
   * Album and artist data for an action (the context menu's Play next), not for a screen: it
   * never aborts the screen that is loading.
   */
  async albumData(id: string, signal?: AbortSignal): Promise<AlbumResponse> {
    return this.playableAlbum(await this.checkedGet(ApiPath.album(id), AlbumResponse, signal));
  }

  async artistData(id: string, signal?: AbortSignal): Promise<ArtistResponse> {
    return this.playableArtist(await this.checkedGet(ApiPath.artist(id), ArtistResponse, signal));
  }

  /** One keystroke's results; the Search page aborts the ones it no longer wants. */
  async search(query: string, signal?: AbortSignal): Promise<SearchResponse> {
    const res = await this.checkedGet(ApiPath.search(query), SearchResponse, signal);
    const top = res.top?.kind === 'track' ? { ...res.top, track: this.playable(res.top.track) } : res.top;
    return { ...res, top, tracks: res.tracks.map((t) => this.playable(t)) };
  }

  /** The signed-in profile settled on `query` (chose one of its results): the BFF keeps it. */
  async rememberSearch(query: string): Promise<void> {
    await this.request<unknown>(ApiPath.recentSearches(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
  }

  async clearRecentSearches(): Promise<void> {
    await this.request<unknown>(ApiPath.recentSearches(), { method: 'DELETE' });
  }

  private async checkedGet<S extends TSchema>(path: string, schema: S, signal?: AbortSignal): Promise<Static<S>> {
    return checked(schema, await this.request<unknown>(path, signal ? { signal } : {}));
  }

  /** Media URLs come back absolute: the player fetches them as they are, from any page origin. */
  async playback(trackId: string, signal?: AbortSignal): Promise<PlaybackResponse> {
    const info = checked(PlaybackResponse, await this.withTimeout(PLAYBACK_TIMEOUT_MS, signal, (own) => this.request<unknown>(ApiPath.playback(trackId), { signal: own })));
    return this.absoluteMedia(info);
  }

  /** Many tracks' playback info, PLAYBACK_BATCH_MAX per call, all calls at once; unknown ids left out. */
  async playbackMany(trackIds: readonly string[]): Promise<PlaybackResponse[]> {
    const calls = playbackBatches(trackIds).map(async (ids) => {
      const body = await this.withTimeout(PLAYBACK_TIMEOUT_MS, undefined, (own) => this.request<unknown>(ApiPath.playbackBatch(ids), { signal: own }));
      return checked(PlaybackBatchResponse, body).tracks;
    });
    return (await Promise.all(calls)).flat().map((info) => this.absoluteMedia(info));
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

  /** Starts this household's party hosted by this TV, or returns the running one (with `maxPending` applied). */
  async startParty(maxPending?: number): Promise<PartyInfo> {
    const body = JSON.stringify(maxPending === undefined ? {} : { maxPending });
    return checked(PartyInfo, await this.request<unknown>(PartyPath.party(), { method: 'POST', headers: { 'content-type': 'application/json' }, body }));
  }

  /** The running party, or null when there is none. */
  async party(): Promise<PartyInfo | null> {
    try {
      return checked(PartyInfo, await this.request<unknown>(PartyPath.party(), {}));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }
  }

  async endParty(): Promise<void> {
    await this.request<unknown>(PartyPath.party(), { method: 'DELETE' });
  }

  async removePartyGuest(guestId: string): Promise<void> {
    await this.request<unknown>(PartyPath.guest(guestId), { method: 'DELETE' });
  }

  /** The signed-in profile's Library screen, in one call. */
  library(sort: LibrarySort = 'recent'): Promise<LibraryResponse> {
    return this.screen(`${LibraryPath.library()}?sort=${sort}`, LibraryResponse);
  }

  /** The Library page's sort switch: the same screen again, not aborting anything else. */
  libraryData(sort: LibrarySort): Promise<LibraryResponse> {
    return this.checkedGet(`${LibraryPath.library()}?sort=${sort}`, LibraryResponse);
  }

  /** One page of liked tracks, newest first (cursor from the previous page). */
  likedTracks(cursor: string | null, limit: number): Promise<LikedTracksResponse> {
    return this.checkedGet(`${LibraryPath.likedTracks()}?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, LikedTracksResponse);
  }

  /** Like a track, save an album, follow an artist (`on`), or undo it; both are idempotent. */
  async setInLibrary(kind: 'track' | 'album' | 'artist', id: string, on: boolean): Promise<void> {
    const path = kind === 'track' ? LibraryPath.likedTrack(id) : kind === 'album' ? LibraryPath.savedAlbum(id) : LibraryPath.followedArtist(id);
    await this.request<unknown>(path, { method: on ? 'PUT' : 'DELETE' });
  }

  playlists(): Promise<PlaylistsResponse> {
    return this.checkedGet(LibraryPath.playlists(), PlaylistsResponse);
  }

  async createPlaylist(name: string): Promise<PlaylistSummary> {
    return checked(
      PlaylistSummary,
      await this.request<unknown>(LibraryPath.playlists(), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name }),
      }),
    );
  }

  async deletePlaylist(id: string): Promise<void> {
    await this.request<unknown>(LibraryPath.playlist(id), { method: 'DELETE' });
  }

  /** The playlist screen's first page. */
  playlist(id: string, limit: number): Promise<PlaylistResponse> {
    return this.screen(`${LibraryPath.playlist(id)}?limit=${limit}`, PlaylistResponse);
  }

  /** A later page while scrolling (a 409 means the playlist changed since `cursor`). */
  playlistPage(id: string, cursor: string, limit: number, signal?: AbortSignal): Promise<PlaylistResponse> {
    return this.checkedGet(`${LibraryPath.playlist(id)}?limit=${limit}&cursor=${encodeURIComponent(cursor)}`, PlaylistResponse, signal);
  }

  /** Playlist edits as operations, over this client's BFF and its (signed-in) fetch. */
  playlistTransport(): HttpPlaylistTransport {
    return new HttpPlaylistTransport(this.urlFor('/').replace(/\/$/, ''), () => null, this.fetchFn);
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

  /**
   * Every track that reaches the player goes through here: an inlined start with the BFF's
   * relative paths made the manifest's segment URLs relative too, which the engine cannot fetch
   * (the Search page's top result and the context menu once played artists that way).
   */
  private playable<T extends TrackSummary>(track: T): T {
    return track.playback ? { ...track, playback: this.absoluteMedia(track.playback) } : track;
  }

  private playableAlbum(res: AlbumResponse): AlbumResponse {
    return { ...res, tracks: res.tracks.map((t) => this.playable(t)) };
  }

  private playableArtist(res: ArtistResponse): ArtistResponse {
    return { ...res, topTracks: res.topTracks.map((t) => this.playable(t)) };
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
  if (Check(schema, data)) return data;
  const first = Errors(schema, data).First();
  console.error('[api] response does not match the protocol', first?.path, first?.message);
  throw new ApiError('Encore got an answer it doesn’t understand. An update may be needed.', 0, 'BAD_RESPONSE');
}
