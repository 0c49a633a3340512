/**
 * The TV's ApiClient + Session against the real BFF (inject, real SQLite, real token rotation and
 * reuse detection), on one clock the test moves: a token refreshed before it expires, a 401
 * (server clock ahead) refreshed once and retried, concurrent 401s that must not look like a
 * replay, a remote sign-out, and a crash that left an old refresh token in storage.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient, ApiError } from '../../src/app/services/api-client';
import { Session, type SessionChange } from '../../src/app/services/session';
import { AuthPath } from '../../src/protocol';
import { signInTv, signUp, type Household } from '../fixtures/auth-helpers';
import { useFixtureApp } from '../fixtures/fixture-app';
import { injectFetch } from '../fixtures/inject-fetch';

const ACCESS_TTL_S = 900;
const BASE = 'http://localhost';

// ApiClient resolves URLs against the page (document.baseURI); this is that page.
beforeAll(() => {
  (globalThis as { document?: unknown }).document ??= { baseURI: `${BASE}/` };
});

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

const clock = { server: Date.now(), tv: Date.now() };
const bff = useFixtureApp({ auth: { now: () => clock.server, accessTokenTtlSeconds: ACCESS_TTL_S } });

describe('TV session against the real BFF', () => {
  let household: Household;
  /** The phone that approves the TVs: a Session of its own on the server's clock. */
  let phone: Session;
  /** The household with a live phone token (the tests move the clock by hours). */
  let hh: Household;

  async function tv(storage = new MemoryStorage()) {
    const log: string[] = [];
    const fetchFn = injectFetch(bff.app, log);
    const session = new Session({ storage, fetchFn, urlFor: (p) => BASE + p, clientId: 'encore-tv', now: () => clock.tv });
    const changes: SessionChange[] = [];
    session.onChange((c) => changes.push(c));
    const api = new ApiClient(BASE, session.fetch);
    return { session, api, log, storage, changes, refreshes: () => log.filter((l) => l === `POST ${AuthPath.token()}`).length };
  }

  beforeAll(async () => {
    household = await signUp(bff.app, 'Robin');
    phone = new Session({ storage: new MemoryStorage(), fetchFn: injectFetch(bff.app, []), urlFor: (p) => BASE + p, now: () => clock.server });
    await phone.adopt(household.phone);
  });

  beforeEach(async () => {
    hh = { ...household, bearer: { authorization: `Bearer ${await phone.accessToken()}` } };
  });

  it('a signed-in TV reads /me as its profile; a guest gets a 401 there and Home as before', async () => {
    const t = await tv();
    await expect(t.api.me()).rejects.toMatchObject({ status: 401 });
    expect((await t.api.home()).rails.length).toBeGreaterThan(0);
    const signedIn = await signInTv(bff.app, hh);
    await t.session.adopt(signedIn.tokens);
    const me = await t.api.me();
    expect(me.profile?.name).toBe('Robin');
    expect(me.deviceId).toBe(signedIn.deviceId);
  });

  it('an access token about to expire is refreshed before the request; the rotated pair works', async () => {
    const t = await tv();
    await t.session.adopt((await signInTv(bff.app, hh)).tokens);
    clock.server += (ACCESS_TTL_S - 30) * 1000;
    clock.tv = clock.server;
    await t.api.me();
    expect(t.refreshes()).toBe(1);
    expect(t.log.filter((l) => l.endsWith('/me'))).toHaveLength(1); // no 401 round trip
    clock.server += (ACCESS_TTL_S - 30) * 1000;
    clock.tv = clock.server;
    await t.api.me();
    expect(t.refreshes()).toBe(2);
    expect(t.session.signedIn).toBe(true);
  });

  it('a 401 (server clock ahead of the TV) refreshes once and retries once', async () => {
    const t = await tv();
    clock.tv = clock.server;
    await t.session.adopt((await signInTv(bff.app, hh)).tokens);
    clock.server += (ACCESS_TTL_S + 1) * 1000;
    expect((await t.api.me()).profile?.name).toBe('Robin');
    expect(t.refreshes()).toBe(1);
    expect(t.log.filter((l) => l.endsWith('/me'))).toHaveLength(2);
  });

  it('concurrent 401s share one refresh: the BFF sees no replay and the sign-in survives', async () => {
    const t = await tv();
    clock.tv = clock.server;
    await t.session.adopt((await signInTv(bff.app, hh)).tokens);
    clock.server += (ACCESS_TTL_S + 1) * 1000;
    const answers = await Promise.all([t.api.me(), t.api.playback('tr_000000000000').catch((e: unknown) => e), t.api.me(), t.api.me()]);
    expect(answers.filter((a) => !(a instanceof ApiError) || a.status !== 401)).toHaveLength(4);
    expect(t.refreshes()).toBe(1);
    // Had two refreshes raced with the same token, the BFF would have revoked the family.
    clock.tv = clock.server;
    expect((await t.api.me()).profile?.name).toBe('Robin');
  });

  it('signed out from a phone: the next request ends the session (expired) and the TV is a guest', async () => {
    const t = await tv();
    clock.tv = clock.server;
    const signedIn = await signInTv(bff.app, hh);
    await t.session.adopt(signedIn.tokens);
    const revoke = await bff.app.inject({ method: 'DELETE', url: AuthPath.deviceSession(signedIn.deviceId), headers: hh.bearer });
    expect(revoke.statusCode).toBe(204);
    await expect(t.api.me()).rejects.toMatchObject({ status: 401 });
    expect(t.session.signedIn).toBe(false);
    expect(t.changes.at(-1)).toEqual({ kind: 'ended', reason: 'expired' });
    expect(t.storage.records.size).toBe(0);
    expect((await t.api.home()).rails.length).toBeGreaterThan(0);
  });

  it('a crash that left the old refresh token in storage: the BFF refuses it and the TV asks to sign in again', async () => {
    const storage = new MemoryStorage();
    const t = await tv(storage);
    clock.tv = clock.server;
    await t.session.adopt((await signInTv(bff.app, hh)).tokens);
    const beforeRotation = structuredClone([...storage.records.entries()]);
    clock.server += (ACCESS_TTL_S + 1) * 1000;
    clock.tv = clock.server;
    await t.api.me(); // rotates
    // The app died before the new pair was written: the next launch reads the old one.
    const restarted = await tv(new MemoryStorage());
    for (const [k, v] of beforeRotation) restarted.storage.records.set(k, v);
    await expect(restarted.api.me()).rejects.toMatchObject({ status: 401 });
    expect(restarted.session.signedIn).toBe(false);
    // Reuse revoked the whole family: the live TV is out too, at its next refresh.
    clock.server += (ACCESS_TTL_S + 1) * 1000;
    clock.tv = clock.server;
    await expect(t.api.me()).rejects.toMatchObject({ status: 401 });
    expect(t.session.signedIn).toBe(false);
  });
});
