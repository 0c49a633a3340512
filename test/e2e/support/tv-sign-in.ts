/**
 * A household made over HTTP as a phone would (sign-up, more profiles), and the TV in the browser
 * signed in to it through its own device flow: Settings → Sign in with keys, the code the TV shows
 * approved over HTTP, OK on the profile picker. For e2e files and the bench.
 */
import { Key } from 'webdriverio';
import { AuthPath, type Profile, type TokenResponse } from '../../../src/protocol';

export async function bffCall<T>(base: string, p: string, init: { method?: string; body?: unknown; token?: string } = {}): Promise<T> {
  const res = await fetch(base + p, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  if (!res.ok) throw new Error(`${p}: ${res.status} ${await res.text()}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/** The owner's phone tokens, with the account's login and password for a page's sign-in form. */
export type Household = TokenResponse & { readonly login: string; readonly password: string };

/** A new household with its first profile (`name`) and the owner's phone tokens. */
export async function newHousehold(base: string, name: string): Promise<Household> {
  const login = `tv-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const password = 'a long test password';
  const tokens = await bffCall<TokenResponse>(base, AuthPath.signup(), {
    body: { login, password, profileName: name, deviceId: `phone-${Date.now()}-device` },
  });
  return { ...tokens, login, password };
}

/** Another device of the household signed in with its own tokens (a script controller, say). */
export function signInDevice(base: string, household: Household, deviceId: string, deviceName: string): Promise<TokenResponse> {
  return bffCall<TokenResponse>(base, AuthPath.login(), { body: { login: household.login, password: household.password, deviceId, deviceName } });
}

export function addProfile(base: string, owner: TokenResponse, name: string): Promise<Profile> {
  return bffCall<Profile>(base, AuthPath.meProfiles(), { body: { name }, token: owner.access_token });
}

/** Signs the TV in as the household's first profile (the picker opens on it) and waits for Home. */
export async function signInTvWithKeys(browser: WebdriverIO.Browser, base: string, owner: TokenResponse): Promise<void> {
  const hook = <T>(read: () => T): Promise<T> => browser.execute(read) as Promise<T>;
  const until = (what: string, ok: () => Promise<boolean>) => browser.waitUntil(ok, { timeout: 30_000, interval: 50, timeoutMsg: `timed out waiting for ${what}` });
  await browser.url(`${base}/#settings`);
  await until('Settings with Sign in focused', async () => (await hook(() => window.__encore?.focusedPath() ?? '')) === 'App/settings/SignIn');
  await browser.keys(Key.Enter);
  let userCode = '';
  await until('a code on the TV', async () => {
    const state = await hook(() => (window.__encore?.signIn as { state?: { kind: string; userCode?: string } } | null)?.state ?? null);
    userCode = state?.kind === 'waiting' ? (state.userCode ?? '') : '';
    return userCode !== '';
  });
  await bffCall(base, AuthPath.linkApprove(userCode), { body: { profileId: owner.profile!.id }, token: owner.access_token });
  await until('the profile picker', async () => (await hook(() => window.__encore?.focusedPath() ?? '')) === 'App/profiles/Profile0');
  await browser.keys(Key.Enter);
  await until('Home, signed in', async () => {
    const s = await hook(() => ({ route: window.__encore?.route, profile: window.__encore?.session?.profile ?? null, focused: window.__encore?.focusedPath() ?? '' }));
    return s.route === 'home' && s.profile === owner.profile!.name && /Tile\d+$/.test(s.focused);
  });
}
