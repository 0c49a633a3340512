/**
 * The phone page's sign-in: POST /api/v1/auth/login, tokens kept in localStorage (this page is
 * the household owner's phone), the access token refreshed before it expires and after a 401,
 * and catalogue calls with the bearer. A refresh the BFF refuses (the phone was signed out
 * elsewhere, or a replayed token revoked the family) signs the page out.
 */
import { ApiPath, AuthPath, type AlbumResponse, type ArtistResponse, type HomeResponse, type PlaybackBatchResponse, type PlaybackResponse, type SearchResponse, type TokenResponse } from '../protocol';

const TOKENS_KEY = 'encore.remote.tokens';
const DEVICE_KEY = 'encore.remote.deviceId';

interface Stored {
  access: string;
  refresh: string;
  /** Local clock after which the access token is treated as expired (a minute early). */
  expiresAt: number;
}

export class PhoneSession {
  private stored: Stored | null;
  private refreshing: Promise<string | null> | null = null;
  readonly deviceId: string;
  onSignedOut: () => void = () => {};

  constructor(private readonly storage: Storage = localStorage) {
    this.stored = read(storage);
    let id = storage.getItem(DEVICE_KEY);
    if (!id || !/^[A-Za-z0-9._:-]{8,64}$/.test(id)) {
      const bytes = crypto.getRandomValues(new Uint8Array(8));
      id = `phone-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
      storage.setItem(DEVICE_KEY, id);
    }
    this.deviceId = id;
  }

  get signedIn(): boolean {
    return this.stored !== null;
  }

  /** Resolves an error text to show, or null once signed in. */
  async signIn(login: string, password: string): Promise<string | null> {
    const res = await fetch(AuthPath.login(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login, password, deviceId: this.deviceId, deviceName: 'Phone remote' }),
    }).catch(() => null);
    if (!res) return 'Cannot reach Encore. Check the Wi-Fi and try again.';
    if (res.status === 401 || res.status === 400) return 'That login and password do not match.';
    if (res.status === 429) return 'Too many tries. Wait a minute and try again.';
    if (!res.ok) return `Sign-in failed (${res.status}).`;
    this.keep((await res.json()) as TokenResponse);
    return null;
  }

  signOut(): void {
    this.stored = null;
    this.storage.removeItem(TOKENS_KEY);
    this.onSignedOut();
  }

  /** A usable access token, refreshed when near expiry; null when signed out. */
  async token(): Promise<string | null> {
    const s = this.stored;
    if (!s) return null;
    if (Date.now() < s.expiresAt) return s.access;
    return this.refresh();
  }

  /** After the hub or the API refused the token: refresh once. */
  refresh(): Promise<string | null> {
    this.refreshing ??= this.doRefresh().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  home = () => this.get<HomeResponse>(ApiPath.home());
  album = (id: string) => this.get<AlbumResponse>(ApiPath.album(id));
  artist = (id: string) => this.get<ArtistResponse>(ApiPath.artist(id));
  search = (q: string) => this.get<SearchResponse>(ApiPath.search(q));
  track = (id: string) => this.get<PlaybackResponse>(ApiPath.playback(id));
  tracks = async (ids: readonly string[]) => (await this.get<PlaybackBatchResponse>(ApiPath.playbackBatch(ids))).tracks;

  /** A play heard on this phone (after a transfer), for the profile's history. */
  async postPlay(trackId: string, positionMs: number): Promise<void> {
    const token = await this.token();
    const res = await fetch(ApiPath.plays(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ trackId, positionMs: Math.round(positionMs) }),
    });
    if (!res.ok) throw new Error(`${ApiPath.plays()}: ${res.status}`);
  }

  private async get<T>(path: string, retried = false): Promise<T> {
    const token = await this.token();
    const res = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    if (res.status === 401 && !retried && (await this.refresh())) return this.get<T>(path, true);
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    return (await res.json()) as T;
  }

  private async doRefresh(): Promise<string | null> {
    const s = this.stored;
    if (!s) return null;
    const res = await fetch(AuthPath.token(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: s.refresh }).toString(),
    }).catch(() => null);
    if (!res) return null; // offline: keep the tokens, try again later
    if (!res.ok) {
      this.signOut();
      return null;
    }
    return this.keep((await res.json()) as TokenResponse);
  }

  private keep(t: TokenResponse): string {
    this.stored = { access: t.access_token, refresh: t.refresh_token, expiresAt: Date.now() + (t.expires_in - 60) * 1000 };
    this.storage.setItem(TOKENS_KEY, JSON.stringify(this.stored));
    return t.access_token;
  }
}

function read(storage: Storage): Stored | null {
  try {
    const v = JSON.parse(storage.getItem(TOKENS_KEY) ?? 'null') as Partial<Stored> | null;
    return v && typeof v.access === 'string' && typeof v.refresh === 'string' && typeof v.expiresAt === 'number' ? (v as Stored) : null;
  } catch {
    return null;
  }
}
