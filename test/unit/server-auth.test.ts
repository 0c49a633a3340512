/**
 * Sign-in through the front door: the RFC 8628 device flow and its errors, refresh rotation and
 * reuse detection, every private route without / with a wrong / expired / signed-out token, the
 * Host check, and login rate limits. A fake clock drives expiry and polling intervals.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import {
  AuthPath,
  ApiPath,
  DEVICE_CODE_GRANT,
  ErrorCode,
  USER_CODE_ALPHABET,
  formatUserCode,
  normaliseUserCode,
  type HomeResponse,
  type MeResponse,
  type TokenResponse,
} from '../../src/protocol';
import type { DeviceCodeRow } from '../../src/store';
import { decidePoll } from '../../src/server/auth/auth-service';
import { generateUserCode } from '../../src/server/auth/user-codes';
import { hashPassword, verifyPassword, TEST_SCRYPT } from '../../src/server/auth/password-hash';
import { FIXTURE_TRACKS, createCatalogueFixture, type CatalogueFixture } from '../fixtures/catalogue-fixture';
import { buildFixtureApp } from '../fixtures/fixture-app';
import { addProfile, form, pollToken, signInTv, signUp, startDeviceFlow } from '../fixtures/auth-helpers';

let clock = Date.UTC(2026, 0, 1);
let fx: CatalogueFixture;
let app: FastifyInstance;

beforeAll(async () => {
  fx = await createCatalogueFixture();
  app = await buildFixtureApp(fx, { auth: { now: () => clock } });
});
afterAll(async () => {
  await app?.close();
  await fx?.cleanup();
});

describe('user codes', () => {
  it('are 8 letters of the consonant alphabet, shown XXXX-XXXX', () => {
    for (let i = 0; i < 200; i++) {
      const code = generateUserCode();
      expect(code).toMatch(new RegExp(`^[${USER_CODE_ALPHABET}]{8}$`));
      expect(formatUserCode(code)).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    }
  });

  it('normalise case- and dash-insensitively, and refuse anything that cannot be a code', () => {
    const letter = fc.constantFrom(...USER_CODE_ALPHABET.split(''));
    fc.assert(
      fc.property(fc.array(letter, { minLength: 8, maxLength: 8 }), fc.boolean(), fc.boolean(), (chars, lower, dash) => {
        const code = chars.join('');
        let typed = dash ? formatUserCode(code) : code;
        if (lower) typed = typed.toLowerCase();
        expect(normaliseUserCode(typed)).toBe(code);
        expect(normaliseUserCode(` ${typed.slice(0, 4)} ${typed.slice(4)} `)).toBe(code);
      }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        const n = normaliseUserCode(s);
        if (n !== null) expect(n).toMatch(new RegExp(`^[${USER_CODE_ALPHABET}]{8}$`));
      }),
    );
    for (const bad of ['BCDF-GHJ', 'BCDF-GHJKL', 'AEIO-UBCD', 'BCDF-GHJ0', '', 'x'.repeat(1000)]) {
      expect(normaliseUserCode(bad)).toBeNull();
    }
  });
});

describe('the poll state machine (RFC 8628 §3.5)', () => {
  const row = (over: Partial<DeviceCodeRow> = {}): DeviceCodeRow => ({
    deviceCodeHash: 'h',
    userCode: 'BCDFGHJK',
    clientId: 'encore-tv',
    deviceId: 'tv-device-1',
    deviceName: 'TV',
    createdAt: 0,
    expiresAt: 600_000,
    intervalS: 5,
    lastPollAt: null,
    status: 'pending',
    householdId: null,
    profileId: null,
    ...over,
  });
  it('answers pending, slow_down with a grown interval, denied, expired, used and approved', () => {
    expect(decidePoll(row(), 'encore-tv', 1000)).toMatchObject({ error: 'authorization_pending' });
    expect(decidePoll(row({ lastPollAt: 1000 }), 'encore-tv', 3000)).toMatchObject({ error: 'slow_down', interval: 10 });
    expect(decidePoll(row({ lastPollAt: 1000, intervalS: 10 }), 'encore-tv', 8000)).toMatchObject({ error: 'slow_down', interval: 15 });
    expect(decidePoll(row({ lastPollAt: 1000 }), 'encore-tv', 6000)).toMatchObject({ error: 'authorization_pending' });
    expect(decidePoll(row({ status: 'denied' }), 'encore-tv', 1000)).toMatchObject({ error: 'access_denied' });
    expect(decidePoll(row({ status: 'approved' }), 'encore-tv', 600_000)).toMatchObject({ error: 'expired_token' });
    expect(decidePoll(row({ status: 'consumed' }), 'encore-tv', 1000)).toMatchObject({ error: 'invalid_grant' });
    expect(decidePoll(row({ status: 'approved' }), 'other-client', 1000)).toMatchObject({ error: 'invalid_grant' });
    expect(decidePoll(row({ status: 'approved' }), 'encore-tv', 1000)).toEqual({ outcome: 'approved' });
  });
});

describe('passwords', () => {
  it('verify the right one only, in records that carry their parameters', async () => {
    const record = await hashPassword('hunter2 hunter2', TEST_SCRYPT);
    expect(record).toMatch(/^scrypt\$10\$8\$1\$/);
    expect(await verifyPassword('hunter2 hunter2', record)).toBe(true);
    expect(await verifyPassword('hunter2 hunter3', record)).toBe(false);
    expect(await verifyPassword('x', 'scrypt$99$8$1$a$b')).toBe(false);
    expect(await verifyPassword('x', 'plain')).toBe(false);
  });
});

describe('device flow over HTTP', () => {
  it('walks pending → slow_down → approved → tokens, once; the TV then lists the household and picks a profile', async () => {
    const hh = await signUp(app);
    const kid = await addProfile(app, hh, 'Kid');
    const flow = await startDeviceFlow(app);
    expect(flow).toMatchObject({ expires_in: 600, interval: 5 });
    expect(flow.user_code).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(flow.verification_uri_complete).toBe(`http://localhost:80/link?code=${flow.user_code}`);

    let res = await pollToken(app, flow.device_code);
    expect(res.statusCode).toBe(400);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json()).toMatchObject({ error: 'authorization_pending' });
    res = await pollToken(app, flow.device_code); // same instant: too fast
    expect(res.json()).toMatchObject({ error: 'slow_down', interval: 10 });
    clock += 10_000;

    // The phone looks the code up (lower case, no dash), sees the TV, approves for the kid.
    const typed = flow.user_code.replace('-', '').toLowerCase();
    const info = await app.inject({ url: AuthPath.link(typed), headers: hh.bearer });
    expect(info.statusCode).toBe(200);
    expect(info.json()).toMatchObject({ userCode: flow.user_code, deviceName: 'Living room TV' });
    expect((info.json() as { profiles: unknown[] }).profiles).toHaveLength(2);
    expect((await app.inject({ method: 'POST', url: AuthPath.linkApprove(typed), headers: hh.bearer, payload: { profileId: kid.id } })).statusCode).toBe(204);

    res = await pollToken(app, flow.device_code);
    expect(res.statusCode).toBe(200);
    const tokens = res.json() as TokenResponse;
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 900, profile: { id: kid.id, name: 'Kid' } });
    clock += 10_000;
    expect((await pollToken(app, flow.device_code)).json()).toMatchObject({ error: 'invalid_grant' });

    const tv = { authorization: `Bearer ${tokens.access_token}` };
    const me = (await app.inject({ url: AuthPath.me(), headers: tv })).json() as MeResponse;
    expect(me.profile?.id).toBe(kid.id);
    expect(me.profiles.map((p) => p.name)).toEqual(['Ada', 'Kid']);
    const switched = await app.inject({ method: 'PUT', url: AuthPath.meProfile(), headers: tv, payload: { profileId: hh.phone.profile!.id } });
    expect(switched.statusCode).toBe(200);
    expect((switched.json() as TokenResponse).profile?.name).toBe('Ada');
  });

  it('answers access_denied after a deny, and expired_token after the code\'s life', async () => {
    const hh = await signUp(app);
    const denied = await startDeviceFlow(app);
    expect((await app.inject({ method: 'POST', url: AuthPath.linkDeny(denied.user_code), headers: hh.bearer })).statusCode).toBe(204);
    expect((await pollToken(app, denied.device_code)).json()).toMatchObject({ error: 'access_denied' });

    const late = await startDeviceFlow(app);
    clock += 601_000;
    expect((await pollToken(app, late.device_code)).json()).toMatchObject({ error: 'expired_token' });
    const gone = await app.inject({ url: AuthPath.link(late.user_code), headers: hh.bearer });
    expect(gone.statusCode).toBe(410);
    expect(gone.json()).toMatchObject({ error: ErrorCode.CodeExpired });
  });

  it('refuses unknown codes, another client\'s code, bad grants and malformed forms with RFC errors', async () => {
    const flow = await startDeviceFlow(app);
    expect((await pollToken(app, 'nope')).json()).toMatchObject({ error: 'invalid_grant' });
    expect((await pollToken(app, flow.device_code, 'other')).json()).toMatchObject({ error: 'invalid_grant' });
    const post = (fields: Record<string, string>) => app.inject({ method: 'POST', url: AuthPath.token(), ...form(fields) });
    expect((await post({ grant_type: 'password', username: 'a', password: 'b' })).json()).toMatchObject({ error: 'unsupported_grant_type' });
    expect((await post({ device_code: 'x' })).json()).toMatchObject({ error: 'invalid_request' });
    expect((await post({ grant_type: DEVICE_CODE_GRANT, client_id: 'encore-tv' })).json()).toMatchObject({ error: 'invalid_request' });
    expect((await post({ grant_type: DEVICE_CODE_GRANT, device_code: 'x', client_id: 'tv', extra: '1' })).json()).toMatchObject({ error: 'invalid_request' });
    const repeated = await app.inject({
      method: 'POST',
      url: AuthPath.token(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'grant_type=refresh_token&refresh_token=a&refresh_token=b',
    });
    expect(repeated.statusCode).toBe(400);
    expect(repeated.json()).toMatchObject({ error: 'invalid_request' });
    const noClient = await app.inject({ method: 'POST', url: AuthPath.deviceAuthorization(), ...form({}) });
    expect(noClient.json()).toMatchObject({ error: 'invalid_request' });
    const huge = await app.inject({ method: 'POST', url: AuthPath.token(), ...form({ grant_type: 'refresh_token', refresh_token: 'x'.repeat(10_000) }) });
    expect(huge.statusCode).toBe(413);
  });

  it('limits user-code look-ups per client IP (guessing)', async () => {
    const hh = await signUp(app);
    const codes = Array.from({ length: 12 }, () => formatUserCode(generateUserCode()));
    const statuses: number[] = [];
    for (const code of codes) {
      statuses.push((await app.inject({ url: AuthPath.link(code), headers: hh.bearer, remoteAddress: '10.9.9.9' })).statusCode);
    }
    expect(statuses.slice(0, 10).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});

describe('tokens', () => {
  it('rotate on refresh; replaying a used refresh token signs the device out', async () => {
    const hh = await signUp(app);
    const tv = await signInTv(app, hh);
    const refresh = (token: string) => app.inject({ method: 'POST', url: AuthPath.token(), ...form({ grant_type: 'refresh_token', refresh_token: token }) });
    const first = await refresh(tv.tokens.refresh_token);
    expect(first.statusCode).toBe(200);
    const next = first.json() as TokenResponse;
    expect(next.refresh_token).not.toBe(tv.tokens.refresh_token);

    // An attacker replays the old one: the family dies, the honest device's new tokens too.
    expect((await refresh(tv.tokens.refresh_token)).json()).toMatchObject({ error: 'invalid_grant' });
    expect((await refresh(next.refresh_token)).json()).toMatchObject({ error: 'invalid_grant' });
    const me = await app.inject({ url: AuthPath.me(), headers: { authorization: `Bearer ${next.access_token}` } });
    expect(me.statusCode).toBe(401);
  });

  it('a profile switch retires the refresh token held before it: a copy presented later signs the device out', async () => {
    const hh = await signUp(app);
    const kid = await addProfile(app, hh, 'Kid');
    const tv = await signInTv(app, hh);
    const switched = await app.inject({ method: 'PUT', url: AuthPath.meProfile(), headers: tv.bearer, payload: { profileId: kid.id } });
    const fresh = switched.json() as TokenResponse;
    const refresh = (token: string) => app.inject({ method: 'POST', url: AuthPath.token(), ...form({ grant_type: 'refresh_token', refresh_token: token }) });
    expect((await refresh(tv.tokens.refresh_token)).json()).toMatchObject({ error: 'invalid_grant' });
    expect((await refresh(fresh.refresh_token)).json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('expire after 15 minutes: 401 with WWW-Authenticate on every route, public ones too', async () => {
    const hh = await signUp(app);
    clock += 901_000;
    for (const url of [AuthPath.me(), ApiPath.home()]) {
      const res = await app.inject({ url, headers: hh.bearer });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ error: ErrorCode.Unauthenticated });
      expect(res.headers['www-authenticate']).toMatch(/invalid_token/);
    }
  });

  it('a phone signs a TV out remotely: the TV\'s token is refused at once and the device list says so', async () => {
    const hh = await signUp(app);
    const tv = await signInTv(app, hh);
    const devices = (await app.inject({ url: AuthPath.devices(), headers: hh.bearer })).json() as { devices: Array<{ id: string; signedIn: boolean; name: string }> };
    expect(devices.devices.find((d) => d.id === tv.deviceId)).toMatchObject({ signedIn: true, name: 'Living room TV' });
    expect((await app.inject({ method: 'DELETE', url: AuthPath.deviceSession(tv.deviceId), headers: hh.bearer })).statusCode).toBe(204);
    expect((await app.inject({ url: AuthPath.me(), headers: tv.bearer })).statusCode).toBe(401);
    const after = (await app.inject({ url: AuthPath.devices(), headers: hh.bearer })).json() as typeof devices;
    expect(after.devices.find((d) => d.id === tv.deviceId)?.signedIn).toBe(false);
    // Another household cannot sign it out or see it.
    const other = await signUp(app, 'Eve');
    expect((await app.inject({ method: 'DELETE', url: AuthPath.deviceSession(tv.deviceId), headers: other.bearer })).statusCode).toBe(404);
    expect(((await app.inject({ url: AuthPath.devices(), headers: other.bearer })).json() as typeof devices).devices).toEqual([]);
  });

  it('sign out revokes only this device', async () => {
    const hh = await signUp(app);
    const tv = await signInTv(app, hh);
    expect((await app.inject({ method: 'POST', url: AuthPath.logout(), headers: tv.bearer })).statusCode).toBe(204);
    expect((await app.inject({ url: AuthPath.me(), headers: tv.bearer })).statusCode).toBe(401);
    expect((await app.inject({ url: AuthPath.me(), headers: hh.bearer })).statusCode).toBe(200);
  });
});

describe('private routes', () => {
  const privateRoutes = [
    { method: 'GET', url: AuthPath.me() },
    { method: 'PUT', url: AuthPath.meProfile(), payload: { profileId: 'pf_0000000000000000' } },
    { method: 'POST', url: AuthPath.meProfiles(), payload: { name: 'X' } },
    { method: 'GET', url: AuthPath.devices() },
    { method: 'PATCH', url: AuthPath.device('tv-aaaaaaaa'), payload: { name: 'X' } },
    { method: 'DELETE', url: AuthPath.deviceSession('tv-aaaaaaaa') },
    { method: 'POST', url: AuthPath.logout() },
    { method: 'GET', url: AuthPath.link('BCDF-GHJK') },
    { method: 'POST', url: AuthPath.linkApprove('BCDF-GHJK'), payload: { profileId: 'pf_0000000000000000' } },
    { method: 'POST', url: AuthPath.linkDeny('BCDF-GHJK') },
  ] as const;

  it('answer 401 without a token, with a malformed one, a forged one and one signed by another key', async () => {
    const hh = await signUp(app);
    const [h, p] = hh.phone.access_token.split('.');
    const forged = `${h}.${p}.${'A'.repeat(43)}`;
    const otherKey = 'eyJhbGciOiJIUzI1NiJ9.eyJzaWQiOiJ4IiwiaGlkIjoieCIsImRpZCI6IngiLCJleHAiOjk5OTk5OTk5OTl9.c2lnbmF0dXJl';
    for (const headers of [{}, { origin: 'null' }, { authorization: 'Basic abc' }, { authorization: `Bearer ${forged}` }, { authorization: `Bearer ${otherKey}` }]) {
      for (const r of privateRoutes) {
        const res = await app.inject({ method: r.method, url: r.url, headers, ...('payload' in r ? { payload: r.payload } : {}) });
        expect(res.statusCode, `${r.method} ${r.url} ${JSON.stringify(headers)}`).toBe(401);
        expect(res.json()).toMatchObject({ error: ErrorCode.Unauthenticated });
        expect(res.body).not.toContain('@example.test');
      }
    }
  });

  it('a sandboxed-iframe-style request (Origin: null, no token) reads no history', async () => {
    const hh = await signUp(app);
    const played = await app.inject({ method: 'POST', url: ApiPath.plays(), headers: hh.bearer, payload: { trackId: FIXTURE_TRACKS[0]!.id } });
    expect(played.statusCode).toBe(204);
    const own = (await app.inject({ url: ApiPath.home(), headers: hh.bearer })).json() as HomeResponse;
    expect(own.rails.map((r) => r.id)).toContain('jump-back-in');
    const res = await app.inject({ url: ApiPath.home(), headers: { origin: 'null' } });
    expect(res.statusCode).toBe(200);
    expect((res.json() as HomeResponse).rails.map((r) => r.id)).not.toContain('jump-back-in');
  });
});

describe('accounts', () => {
  it('refuse a taken login and answer a wrong login and a wrong password alike', async () => {
    const hh = await signUp(app);
    const again = await app.inject({ method: 'POST', url: AuthPath.signup(), payload: { login: hh.login.toUpperCase(), password: 'whatever123', profileName: 'X', deviceId: 'phone-dup-1' } });
    expect(again.statusCode).toBe(409);
    const login = (l: string, password: string) =>
      app.inject({ method: 'POST', url: AuthPath.login(), remoteAddress: '10.1.1.1', payload: { login: l, password, deviceId: 'phone-login-1' } });
    const wrongPassword = await login(hh.login, 'nope nope');
    const wrongLogin = await login('nobody@example.test', 'nope nope');
    expect(wrongPassword.statusCode).toBe(401);
    expect(wrongLogin.statusCode).toBe(401);
    expect(wrongPassword.json()).toEqual(wrongLogin.json());
    expect((await login(` ${hh.login.toUpperCase()} `, hh.password)).statusCode).toBe(200);
  });

  it('limit login attempts per account, whatever the IP', async () => {
    const hh = await signUp(app);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await app.inject({ method: 'POST', url: AuthPath.login(), remoteAddress: `10.2.0.${i}`, payload: { login: hh.login, password: 'wrong wrong', deviceId: 'phone-login-2' } });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
  });

  it('cap a household at 8 profiles', async () => {
    const hh = await signUp(app);
    for (let i = 2; i <= 8; i++) await addProfile(app, hh, `P${i}`);
    const ninth = await app.inject({ method: 'POST', url: AuthPath.meProfiles(), headers: hh.bearer, payload: { name: 'P9' } });
    expect(ninth.statusCode).toBe(409);
  });
});

describe('Host check (DNS rebinding)', () => {
  it('refuses a Host this BFF does not serve, accepts localhost and loopback', async () => {
    const evil = await app.inject({ url: ApiPath.health(), headers: { host: 'evil.example:8080' } });
    expect(evil.statusCode).toBe(421);
    expect(evil.json()).toMatchObject({ error: ErrorCode.MisdirectedHost });
    for (const host of ['localhost:8080', '127.0.0.1', '[::1]:8080', 'tv.localhost']) {
      expect((await app.inject({ url: ApiPath.health(), headers: { host } })).statusCode, host).toBe(200);
    }
  });
});

describe('a BFF restart', () => {
  it('keeps accounts, sessions (same signing key), revocations and device lists', async () => {
    const hh = await signUp(app);
    const tv = await signInTv(app, hh);
    const gone = await signInTv(app, hh);
    await app.inject({ method: 'DELETE', url: AuthPath.deviceSession(gone.deviceId), headers: hh.bearer });

    const restarted = await buildFixtureApp(fx, { auth: { now: () => clock } });
    try {
      expect((await restarted.inject({ url: AuthPath.me(), headers: tv.bearer })).statusCode).toBe(200);
      // Signed out before the restart: its still-unexpired access token stays refused.
      expect((await restarted.inject({ url: AuthPath.me(), headers: gone.bearer })).statusCode).toBe(401);
      const refreshed = await restarted.inject({ method: 'POST', url: AuthPath.token(), ...form({ grant_type: 'refresh_token', refresh_token: tv.tokens.refresh_token }) });
      expect(refreshed.statusCode).toBe(200);
      const devices = (await restarted.inject({ url: AuthPath.devices(), headers: hh.bearer })).json() as { devices: Array<{ id: string }> };
      // A week on, a start deletes the used refresh token: its row goes, a replay of it is then merely unknown.
      const usedHash = (fx.stores.database.sqlite.prepare('SELECT COUNT(*) AS n FROM refresh_tokens WHERE used_at IS NOT NULL').get() as { n: number }).n;
      expect(usedHash).toBeGreaterThan(0);
      const later = await buildFixtureApp(fx, { auth: { now: () => clock + 8 * 24 * 3600_000 } });
      await later.close();
      expect((fx.stores.database.sqlite.prepare('SELECT COUNT(*) AS n FROM refresh_tokens WHERE used_at IS NOT NULL').get() as { n: number }).n).toBe(0);
      expect(devices.devices.map((d) => d.id)).toEqual(expect.arrayContaining([tv.deviceId, gone.deviceId]));
    } finally {
      await restarted.close();
    }
  });
});
