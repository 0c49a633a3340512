/**
 * The sign-in session of this device: the token pair, kept with the device profile's storage
 * driver, and the ONE place a request gets `Authorization: Bearer` and the refresh-once rule.
 * UI-free and Lightning-free: the TV's ApiClient fetches through `session.fetch`, and the phone's
 * /link page uses the same class over localStorage.
 *
 * Rules (issue 10):
 * - No session: requests go out without a header (a guest, exactly as before sign-in existed).
 * - An access token close to expiry is refreshed before the request, not after a 401.
 * - A 401 refreshes once and retries once. Concurrent 401s share one refresh: the server rotates
 *   refresh tokens and treats a second use of the old one as theft (the whole sign-in is revoked),
 *   so two refreshes racing with the same token would sign the TV out.
 * - A refresh the server refuses (invalid_grant: revoked, reused, expired) ends the session; a
 *   refresh that could not reach the server keeps it (the TV may just be offline).
 * - Ending a session never touches playback: listeners decide what to show.
 *
 * Crash safety: the pair is one storage record, written whole (storage contract: atomic). A
 * rotated pair is written before any request uses it. If the app dies between the server's
 * rotation and that write, storage holds the old refresh token, which the server then refuses
 * (reuse): the TV asks to sign in again. Nothing is half-written and nothing else is lost.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Check } from '@sinclair/typebox/value';
import { AuthPath, Profile, TokenResponse, type OAuthError } from '../../protocol';

/** Only what the session needs of a StorageDriver (devices/contracts/storage.ts). */
export interface SessionStorage {
  get<T>(key: string): Promise<T | null>;
  set<T>(key: string, value: T): Promise<void>;
  remove(key: string): Promise<void>;
}

export const SESSION_STORAGE_KEY = 'session';

/** Refresh this long before the access token expires: covers clock skew and a slow request. */
export const REFRESH_MARGIN_MS = 60_000;

/** The stored record. `v` is checked: a record from a newer build is dropped, never guessed at. */
const StoredSession = Type.Object({
  v: Type.Literal(1),
  accessToken: Type.String({ minLength: 1 }),
  refreshToken: Type.String({ minLength: 1 }),
  /** Epoch ms when the access token stops working (from `expires_in` at receipt). */
  accessExpiresAt: Type.Number(),
  profile: Type.Union([Profile, Type.Null()]),
});
type StoredSession = Static<typeof StoredSession>;

/**
 * Why a session ended: 'signed-out' (this device asked), 'expired' (the server refused the
 * refresh token: revoked elsewhere, reused, too old), 'remote' (the hub said `signed_out`).
 */
export type SessionEnd = 'signed-out' | 'expired' | 'remote';

export type SessionChange =
  | { kind: 'signed-in'; profile: Profile | null }
  | { kind: 'profile'; profile: Profile | null }
  | { kind: 'ended'; reason: SessionEnd };

export interface SessionOptions {
  storage: SessionStorage;
  /** The network, unauthenticated: the session adds the header itself. */
  fetchFn?: typeof fetch;
  /** BFF path → absolute URL (ApiClient.urlFor's rule). */
  urlFor: (path: string) => string;
  /** OAuth client id sent with refreshes; omitted when undefined. */
  clientId?: string;
  now?: () => number;
}

export class Session {
  private tokens: StoredSession | null = null;
  private restoring: Promise<void> | null = null;
  private refreshing: Promise<string | null> | null = null;
  private readonly listeners = new Set<(change: SessionChange) => void>();
  private readonly fetchFn: typeof fetch;
  private readonly now: () => number;

  constructor(private readonly opts: SessionOptions) {
    this.fetchFn = opts.fetchFn ?? ((...args) => fetch(...args));
    this.now = opts.now ?? Date.now;
  }

  /** Loads the stored pair once; every other call waits for it. A record we cannot read is dropped. */
  restore(): Promise<void> {
    this.restoring ??= this.opts.storage
      .get<unknown>(SESSION_STORAGE_KEY)
      .catch(() => null)
      .then(async (stored) => {
        if (stored === null) return;
        if (Check(StoredSession, stored)) {
          this.tokens ??= stored;
          return;
        }
        console.warn('[session] stored session not understood; signed out');
        await this.opts.storage.remove(SESSION_STORAGE_KEY).catch(() => undefined);
      });
    return this.restoring;
  }

  get signedIn(): boolean {
    return this.tokens !== null;
  }

  get profile(): Profile | null {
    return this.tokens?.profile ?? null;
  }

  /** Told on sign-in, profile switch and end. Returns the unsubscribe. */
  onChange(listener: (change: SessionChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * A usable access token, refreshed first when it is about to expire; null for a guest or when
   * the refresh ended the session. Offline, the old token is returned: the request will say why.
   */
  async accessToken(): Promise<string | null> {
    await this.restore();
    const current = this.tokens;
    if (!current) return null;
    if (this.now() < current.accessExpiresAt - REFRESH_MARGIN_MS) return current.accessToken;
    return (await this.refresh()) ?? this.tokens?.accessToken ?? null;
  }

  /** `fetch` with the bearer token and the refresh-once rule. A guest's requests go out unchanged. */
  readonly fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const token = await this.accessToken();
    if (!token) return this.fetchFn(input, init);
    const res = await this.fetchFn(input, withBearer(init, token));
    if (res.status !== 401) return res;
    const fresh = await this.refused(token);
    if (!fresh) return res;
    const retried = await this.fetchFn(input, withBearer(init, fresh));
    // A fresh token refused too: the sign-in is gone server-side whatever the refresh said.
    if (retried.status === 401 && this.tokens?.accessToken === fresh) await this.end('expired');
    return retried;
  };

  /**
   * The server refused `token` (an HTTP 401, or the hub's 4401 close): a token to retry with once,
   * or null when there is none (guest, offline, or the refresh ended the session). Shares the
   * refresh with everyone else who was refused the same token, and skips it when someone already
   * refreshed past that token.
   */
  async refused(token: string): Promise<string | null> {
    await this.restore();
    if (!this.tokens) return null;
    if (this.tokens.accessToken !== token) return this.tokens.accessToken;
    return this.refresh();
  }

  /** New tokens from the device flow, a phone login or a profile switch ("Who's listening?"). */
  async adopt(tokens: TokenResponse): Promise<void> {
    await this.restore();
    const wasSignedIn = this.signedIn;
    await this.store(tokens);
    this.emit(wasSignedIn ? { kind: 'profile', profile: tokens.profile } : { kind: 'signed-in', profile: tokens.profile });
  }

  /** Signs this device out on the server (best effort: offline still signs out here), then locally. */
  async signOut(): Promise<void> {
    const token = this.tokens?.accessToken;
    if (token) {
      await this.fetchFn(this.opts.urlFor(AuthPath.logout()), withBearer({ method: 'POST' }, token)).catch(() => undefined);
    }
    await this.end('signed-out');
  }

  /** Forgets the session here without asking the server (it already knows: expired, remote). */
  async end(reason: SessionEnd): Promise<void> {
    await this.restore();
    if (!this.tokens) return;
    this.tokens = null;
    await this.opts.storage.remove(SESSION_STORAGE_KEY).catch(() => undefined);
    this.emit({ kind: 'ended', reason });
  }

  /** One refresh at a time; everyone who needs one while it runs gets its outcome. */
  private refresh(): Promise<string | null> {
    this.refreshing ??= this.runRefresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async runRefresh(): Promise<string | null> {
    const current = this.tokens;
    if (!current) return null;
    const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: current.refreshToken });
    if (this.opts.clientId) form.set('client_id', this.opts.clientId);
    let res: Response;
    try {
      res = await this.fetchFn(this.opts.urlFor(AuthPath.token()), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
      });
    } catch {
      return null;
    }
    const body: unknown = await res.json().catch(() => null);
    // Signed out (or in again) while the refresh ran: its answer belongs to a session that is gone.
    if (this.tokens !== current) return this.tokens?.accessToken ?? null;
    if (res.ok && Check(TokenResponse, body)) {
      await this.store(body);
      return body.access_token;
    }
    if ((body as Partial<OAuthError> | null)?.error === 'invalid_grant') await this.end('expired');
    return null;
  }

  private async store(tokens: TokenResponse): Promise<void> {
    const record: StoredSession = {
      v: 1,
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
      accessExpiresAt: this.now() + tokens.expires_in * 1000,
      profile: tokens.profile,
    };
    this.tokens = record;
    // Kept in memory even when the write fails (quota): this run stays signed in, the next asks again.
    await this.opts.storage.set(SESSION_STORAGE_KEY, record).catch((e: unknown) => console.warn('[session] could not store tokens', e));
  }

  private emit(change: SessionChange): void {
    for (const listener of [...this.listeners]) listener(change);
  }
}

function withBearer(init: RequestInit, token: string): RequestInit {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  return { ...init, headers };
}
