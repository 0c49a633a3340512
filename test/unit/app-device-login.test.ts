/**
 * The TV's RFC 8628 polling against a scripted token endpoint, on fake timers: the interval is
 * kept, slow_down slows it, denial and expiry stop it, "Get a new code" drops the old poll.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeviceLogin, type DeviceLoginState } from '../../src/app/services/device-login';
import type { TokenResponse } from '../../src/protocol';

const TOKENS: TokenResponse = { access_token: 'at', token_type: 'Bearer', expires_in: 900, refresh_token: 'rt', profile: null };

type Answer = { status: number; body: unknown } | 'offline';

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function setup(opts: { interval?: number; expiresIn?: number } = {}) {
  const polls: Array<{ at: number; form: URLSearchParams }> = [];
  const codes: URLSearchParams[] = [];
  /** What the next polls answer, in order; pending once they run out. */
  const script: Answer[] = [];
  let codeSerial = 0;
  const fetchFn = vi.fn(async (url: RequestInfo | URL, init: RequestInit = {}) => {
    const form = new URLSearchParams(String(init.body));
    if (String(url).endsWith('/oauth/device_authorization')) {
      codes.push(form);
      codeSerial++;
      return json(200, {
        device_code: `dc${codeSerial}`,
        user_code: `BCDF-GHJ${'KLM'[codeSerial - 1] ?? 'Z'}`,
        verification_uri: 'http://tv.local/link',
        verification_uri_complete: `http://tv.local/link?code=BCDF-GHJK`,
        expires_in: opts.expiresIn ?? 600,
        interval: opts.interval ?? 5,
      });
    }
    polls.push({ at: Date.now(), form });
    const next = script.shift() ?? { status: 400, body: { error: 'authorization_pending' } };
    if (next === 'offline') throw new TypeError('Failed to fetch');
    return json(next.status, next.body);
  });
  const states: DeviceLoginState[] = [];
  const login = new DeviceLogin({
    clientId: 'encore-tv',
    deviceId: 'device-0001',
    deviceName: 'Living room TV',
    urlFor: (p) => `http://tv.local${p}`,
    fetchFn: fetchFn as typeof fetch,
    onState: (s) => states.push(s),
  });
  return { login, polls, codes, script, states, start: Date.now() };
}

/** Poll times in seconds after start. */
const pollTimes = (polls: Array<{ at: number }>, start: number) => polls.map((p) => (p.at - start) / 1000);

describe('DeviceLogin', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_700_000_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('asks for a code with the device id and name, then polls at the interval until approved', async () => {
    const { login, polls, codes, script, states, start } = setup();
    login.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(codes[0]!.get('client_id')).toBe('encore-tv');
    expect(codes[0]!.get('device_id')).toBe('device-0001');
    expect(codes[0]!.get('device_name')).toBe('Living room TV');
    expect(login.state).toMatchObject({ kind: 'waiting', userCode: 'BCDF-GHJK', intervalS: 5, expiresAt: start + 600_000 });

    script.push({ status: 400, body: { error: 'authorization_pending' } }, { status: 200, body: TOKENS });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(pollTimes(polls, start)).toEqual([5, 10]);
    expect(polls[0]!.form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:device_code');
    expect(polls[0]!.form.get('device_code')).toBe('dc1');
    expect(states.at(-1)).toEqual({ kind: 'approved', tokens: TOKENS });
  });

  it('slow_down: takes the server’s new interval, else adds 5 s (RFC 8628 §3.5)', async () => {
    const { login, polls, script, start } = setup();
    script.push({ status: 400, body: { error: 'slow_down', interval: 12 } }, { status: 400, body: { error: 'slow_down' } });
    login.start();
    await vi.advanceTimersByTimeAsync(60_000);
    // 5 → slow_down(12) → 17 → slow_down(+5: 17) → 34 → 51 …
    expect(pollTimes(polls, start).slice(0, 4)).toEqual([5, 17, 34, 51]);
    expect(login.state).toMatchObject({ kind: 'waiting', intervalS: 17 });
  });

  it('access_denied stops polling and says so', async () => {
    const { login, polls, script } = setup();
    script.push({ status: 400, body: { error: 'access_denied' } });
    login.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(polls).toHaveLength(1);
    expect(login.state).toEqual({ kind: 'denied' });
  });

  it('expired_token from the server, or the code’s lifetime passing, ends in expired', async () => {
    const server = setup();
    server.script.push({ status: 400, body: { error: 'expired_token' } });
    server.login.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(server.login.state).toEqual({ kind: 'expired' });
    server.login.destroy();

    // A server that keeps saying pending past expires_in (clock skew): the TV stops on its own.
    const local = setup({ expiresIn: 12 });
    local.login.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(local.login.state).toEqual({ kind: 'expired' });
    expect(local.polls).toHaveLength(2);
  });

  it('offline polls back off (doubling, capped) and resume the interval once answered', async () => {
    const { login, polls, script, start } = setup();
    script.push('offline', 'offline', 'offline', { status: 400, body: { error: 'authorization_pending' } });
    login.start();
    await vi.advanceTimersByTimeAsync(80_000);
    expect(pollTimes(polls, start).slice(0, 6)).toEqual([5, 15, 35, 65, 70, 75]);
  });

  it('“Get a new code” drops the old poll, and its late answer changes nothing', async () => {
    const { login, polls, script, states } = setup();
    login.start();
    await vi.advanceTimersByTimeAsync(0);
    login.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(login.state).toMatchObject({ kind: 'waiting', userCode: 'BCDF-GHJL' });
    script.push({ status: 200, body: TOKENS });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(polls.map((p) => p.form.get('device_code'))).toEqual(['dc2']);
    expect(states.map((s) => s.kind)).toEqual(['requesting', 'waiting', 'requesting', 'waiting', 'approved']);
  });

  it('destroy() stops polling: nothing is sent after the page is gone', async () => {
    const { login, polls } = setup();
    login.start();
    await vi.advanceTimersByTimeAsync(6_000);
    login.destroy();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(polls).toHaveLength(1);
  });

  it('a refused code request or an answer outside the protocol fails with a message', async () => {
    const { login, script } = setup();
    script.push({ status: 400, body: { error: 'invalid_grant' } });
    login.start();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(login.state).toMatchObject({ kind: 'failed' });
  });
});
