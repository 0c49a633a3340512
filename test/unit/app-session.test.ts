/**
 * The session service against a fake BFF that behaves like the real one where it matters: access
 * tokens expire, refresh tokens rotate, and presenting a used refresh token revokes the sign-in.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { Profile, TokenResponse } from '../../src/protocol';
import { REFRESH_MARGIN_MS, SESSION_STORAGE_KEY, Session, type SessionChange } from '../../src/app/services/session';

const PROFILE: Profile = { id: 'pf_0123456789abcdef', name: 'Alex', color: '#1ed760', isDefault: true };
const ACCESS_S = 900;

class MemoryStorage {
  readonly records = new Map<string, unknown>();
  async get<T>(key: string): Promise<T | null> {
    return (this.records.get(key) as T | undefined) ?? null;
  }
  async set<T>(key: string, value: T): Promise<void> {
    this.records.set(key, structuredClone(value));
  }
  async remove(key: string): Promise<void> {
    this.records.delete(key);
  }
}

/** The BFF's token rules, in memory. `clock` is shared with the session. */
class FakeBff {
  clock = 1_000_000;
  private serial = 0;
  private readonly access = new Map<string, number>(); // token → expiresAt
  private readonly refresh = new Map<string, 'live' | 'used'>();
  revoked = false;
  refreshCalls = 0;
  /** Held refresh answers, to make requests overlap. */
  holdRefresh: Promise<void> | null = null;
  offline = false;
  readonly requests: Array<{ url: string; auth: string | null }> = [];

  issue(profile: Profile | null = PROFILE): TokenResponse {
    const n = ++this.serial;
    this.access.set(`at${n}`, this.clock + ACCESS_S * 1000);
    this.refresh.set(`rt${n}`, 'live');
    return { access_token: `at${n}`, token_type: 'Bearer', expires_in: ACCESS_S, refresh_token: `rt${n}`, profile };
  }

  /** The server forgets an access token early (e.g. the signing key rotated). */
  invalidate(token: string): void {
    this.access.delete(token);
  }

  readonly fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = String(input);
    const auth = new Headers(init.headers).get('authorization');
    this.requests.push({ url, auth });
    if (this.offline) throw new TypeError('Failed to fetch');
    if (url.endsWith('/oauth/token')) return this.token(new URLSearchParams(String(init.body)));
    if (url.endsWith('/api/v1/auth/logout')) return new Response(null, { status: 204 });
    if (!auth) return json(200, { guest: true });
    const token = auth.replace(/^Bearer /, '');
    const expiresAt = this.access.get(token);
    if (this.revoked || expiresAt === undefined || this.clock >= expiresAt) {
      return json(401, { error: 'ENCORE_ERR_UNAUTHENTICATED', message: 'sign in again', statusCode: 401 });
    }
    return json(200, { token });
  };

  private async token(form: URLSearchParams): Promise<Response> {
    this.refreshCalls++;
    if (this.holdRefresh) await this.holdRefresh;
    if (form.get('grant_type') !== 'refresh_token') return json(400, { error: 'unsupported_grant_type' });
    const state = this.refresh.get(form.get('refresh_token') ?? '');
    if (state === 'used') this.revoked = true; // reuse: the whole sign-in goes
    if (state !== 'live' || this.revoked) return json(400, { error: 'invalid_grant' });
    this.refresh.set(form.get('refresh_token')!, 'used');
    return json(200, this.issue());
  }
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function setup(storage = new MemoryStorage(), bff = new FakeBff()) {
  const session = new Session({
    storage,
    fetchFn: bff.fetch as typeof fetch,
    urlFor: (p) => `http://bff${p}`,
    clientId: 'encore-tv',
    now: () => bff.clock,
  });
  const changes: SessionChange[] = [];
  session.onChange((c) => changes.push(c));
  const get = async () => (await session.fetch('http://bff/api/v1/home')).json() as Promise<Record<string, unknown>>;
  return { session, bff, storage, changes, get };
}

describe('Session', () => {
  it('a guest sends no Authorization header and reads as a guest', async () => {
    const { session, bff, get } = setup();
    expect(await get()).toEqual({ guest: true });
    expect(session.signedIn).toBe(false);
    expect(bff.requests[0]!.auth).toBeNull();
  });

  it('adopted tokens go on every request and survive a restart through storage', async () => {
    const { session, bff, storage, changes, get } = setup();
    await session.adopt(bff.issue());
    expect(await get()).toEqual({ token: 'at1' });
    expect(changes).toEqual([{ kind: 'signed-in', profile: PROFILE }]);

    const again = setup(storage, bff);
    expect(await again.get()).toEqual({ token: 'at1' });
    expect(again.session.profile).toEqual(PROFILE);
  });

  it('refreshes before expiry instead of spending a request on a 401', async () => {
    const { session, bff, get } = setup();
    await session.adopt(bff.issue());
    bff.clock += ACCESS_S * 1000 - REFRESH_MARGIN_MS + 1;
    expect(await get()).toEqual({ token: 'at2' });
    expect(bff.refreshCalls).toBe(1);
    expect(bff.requests.filter((r) => r.url.endsWith('/home')).map((r) => r.auth)).toEqual(['Bearer at2']);
  });

  it('a 401 refreshes once and retries once; the rotated pair is what storage keeps', async () => {
    const { session, bff, storage, get } = setup();
    await session.adopt(bff.issue());
    bff.invalidate('at1');
    expect(await get()).toEqual({ token: 'at2' });
    expect(bff.refreshCalls).toBe(1);
    expect(storage.records.get(SESSION_STORAGE_KEY)).toMatchObject({ accessToken: 'at2', refreshToken: 'rt2' });
    // The old refresh token is dead server-side; the session never presents it again.
    bff.invalidate('at2');
    expect(await get()).toEqual({ token: 'at3' });
    expect(bff.revoked).toBe(false);
  });

  it('concurrent 401s share one refresh (a second refresh with the same token would revoke the sign-in)', async () => {
    const { session, bff, get } = setup();
    await session.adopt(bff.issue());
    bff.invalidate('at1');
    let release!: () => void;
    bff.holdRefresh = new Promise((r) => (release = r));
    const pending = Promise.all([get(), get(), get(), get()]);
    await vi.waitFor(() => expect(bff.refreshCalls).toBe(1));
    release();
    expect(await pending).toEqual(Array(4).fill({ token: 'at2' }));
    expect(bff.refreshCalls).toBe(1);
    expect(bff.revoked).toBe(false);
  });

  it('refused(token) (the hub closed with 4401) refreshes once for everyone refused that token', async () => {
    const { session, bff } = setup();
    await session.adopt(bff.issue());
    const [a, b] = await Promise.all([session.refused('at1'), session.refused('at1')]);
    expect([a, b]).toEqual(['at2', 'at2']);
    // A token already refreshed past: the current one, no second refresh.
    expect(await session.refused('at1')).toBe('at2');
    expect(bff.refreshCalls).toBe(1);
  });

  it('a refused refresh ends the session once, and later requests go out as a guest', async () => {
    const { session, bff, storage, changes, get } = setup();
    await session.adopt(bff.issue());
    bff.revoked = true;
    const res = await session.fetch('http://bff/api/v1/home');
    expect(res.status).toBe(401);
    expect(session.signedIn).toBe(false);
    expect(storage.records.has(SESSION_STORAGE_KEY)).toBe(false);
    expect(changes.at(-1)).toEqual({ kind: 'ended', reason: 'expired' });
    expect(await get()).toEqual({ guest: true });
    expect(changes.filter((c) => c.kind === 'ended')).toHaveLength(1);
  });

  it('offline, a due refresh keeps the session (the TV may just have lost Wi-Fi)', async () => {
    const { session, bff } = setup();
    await session.adopt(bff.issue());
    bff.clock += ACCESS_S * 1000;
    bff.offline = true;
    await expect(session.fetch('http://bff/api/v1/home')).rejects.toThrow('Failed to fetch');
    expect(session.signedIn).toBe(true);
    bff.offline = false;
    expect(await (await session.fetch('http://bff/api/v1/home')).json()).toEqual({ token: 'at2' });
  });

  it('sign-out tells the server with the token, forgets locally, and keeps working as a guest', async () => {
    const { session, bff, storage, changes, get } = setup();
    await session.adopt(bff.issue());
    await session.signOut();
    expect(bff.requests.at(-1)).toEqual({ url: 'http://bff/api/v1/auth/logout', auth: 'Bearer at1' });
    expect(storage.records.size).toBe(0);
    expect(changes.at(-1)).toEqual({ kind: 'ended', reason: 'signed-out' });
    expect(await get()).toEqual({ guest: true });
  });

  it('a profile switch replaces the pair and reports the new profile', async () => {
    const { session, bff, changes } = setup();
    await session.adopt(bff.issue(null));
    const other: Profile = { ...PROFILE, id: 'pf_fedcba9876543210', name: 'Sam', isDefault: false };
    await session.adopt(bff.issue(other));
    expect(session.profile).toEqual(other);
    expect(changes.map((c) => c.kind)).toEqual(['signed-in', 'profile']);
  });

  it('a sign-out while a refresh is in flight is not undone by the refresh answer', async () => {
    const { session, bff, storage } = setup();
    await session.adopt(bff.issue());
    bff.invalidate('at1');
    let release!: () => void;
    bff.holdRefresh = new Promise((r) => (release = r));
    const request = session.fetch('http://bff/api/v1/home');
    await vi.waitFor(() => expect(bff.refreshCalls).toBe(1));
    await session.end('remote');
    release();
    expect((await request).status).toBe(401);
    expect(session.signedIn).toBe(false);
    expect(storage.records.size).toBe(0);
  });

  it('refuses stored records it does not understand (any shape) and starts as a guest', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything().filter((v) => v != null), async (junk) => {
        const storage = new MemoryStorage();
        storage.records.set(SESSION_STORAGE_KEY, junk);
        const { session, get } = setup(storage);
        expect(await get()).toEqual({ guest: true });
        expect(session.signedIn).toBe(false);
        expect(storage.records.has(SESSION_STORAGE_KEY)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a record from a newer build (v2) rather than guessing at it', async () => {
    const storage = new MemoryStorage();
    storage.records.set(SESSION_STORAGE_KEY, { v: 2, accessToken: 'a', refreshToken: 'r', accessExpiresAt: 9e15, profile: null });
    const { session } = setup(storage);
    await session.restore();
    expect(session.signedIn).toBe(false);
  });
});
