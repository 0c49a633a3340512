/**
 * Recent searches per profile on the TV (issue 12), in real Chromium against the real BFF: a TV
 * signed in through the device flow (the phone's part done over HTTP, as the link page does),
 * keys only on the TV. A chosen result keeps its query for the profile; the empty Search page
 * lists it; OK on it types it again; the Clear tile empties the list. A guest's Search shows none.
 * A screenshot of the list goes to .tmp/screenshots.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Key } from 'webdriverio';
import { ApiPath, AuthPath, type SearchResponse, type TokenResponse } from '../../src/protocol';
import { useTvSession } from './support/tv-session';
import { waitForSnapshot } from './support/wait-for';

type Shown = { typed: string; query: string; rails: string[] };
type Snapshot = { focused: string; route: string | undefined; state: string; shown: unknown; session: { profile: string | null } | null; signIn: unknown; toast: string };

const shots = path.resolve('.tmp/screenshots');
mkdirSync(shots, { recursive: true });

describe('recent searches on the TV (real Chromium, real BFF, keys only on the TV)', () => {
  const tv = useTvSession();
  const browser = () => tv.browser;
  let phone: TokenResponse;
  const snapshot = (): Promise<Snapshot> =>
    browser().execute(() => {
      const h = window.__encore!;
      return { focused: h.focusedPath(), route: h.route, state: h.state, shown: h.pageShown(), session: h.session, signIn: h.signIn, toast: h.toast() };
    });
  const waitFor = (what: string, ok: (s: Snapshot) => boolean, timeout?: number): Promise<Snapshot> =>
    waitForSnapshot(browser(), snapshot, { timeout: 20_000, interval: 50 })(what, ok, timeout);
  const shownOf = (s: Snapshot) => s.shown as Shown;
  const press = async (...keys: string[]) => {
    for (const k of keys) await browser().keys(k);
  };
  const http = async <T>(p: string, init: RequestInit = {}): Promise<T> => {
    const res = await fetch(`${tv.bff.url}${p}`, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });
    if (!res.ok) throw new Error(`${p}: ${res.status} ${await res.text()}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
  /** Search from the side menu (Left from the first column), keyboard focused, query empty. */
  const openSearch = async () => {
    await press(Key.ArrowLeft);
    await waitFor('the side menu', (s) => s.focused === 'App/SideMenu');
    for (let i = 0; i < 5; i++) await press(Key.ArrowUp);
    await press(Key.ArrowDown, Key.Enter);
    await waitFor('Search', (s) => s.route === 'search' && s.focused === 'App/search/Keyboard');
  };

  it('a guest’s Search lists no recent searches', async () => {
    await browser().url(`${tv.bff.url}/#search`);
    const s = await waitFor('Search, the empty query answered', (x) => x.route === 'search' && x.shown !== null && shownOf(x).query === '' && x.focused === 'App/search/Keyboard');
    expect(shownOf(s).rails).toEqual([]);
  });

  it('the TV signs in through the device flow as the household’s profile', async () => {
    phone = await http<TokenResponse>(AuthPath.signup(), {
      method: 'POST',
      body: JSON.stringify({ login: `recent-${Date.now()}@example.com`, password: 'correct horse battery', profileName: 'Robin', deviceId: 'phone-recent-e2e' }),
    });
    await browser().url(`${tv.bff.url}/#settings`);
    await waitFor('Settings with Sign in', (s) => s.focused === 'App/settings/SignIn');
    await press(Key.Enter);
    const code = await waitFor('a code', (s) => (s.signIn as { state?: { kind: string } } | null)?.state?.kind === 'waiting');
    const userCode = (code.signIn as { state: { userCode: string } }).state.userCode;
    await http(AuthPath.linkApprove(userCode), {
      method: 'POST',
      headers: { authorization: `Bearer ${phone.access_token}` },
      body: JSON.stringify({ profileId: phone.profile!.id }),
    });
    await waitFor('the profile picker', (s) => s.route === 'profiles' && s.focused === 'App/profiles/Profile0');
    await press(Key.Enter);
    await waitFor('Home as Robin', (s) => s.route === 'home' && s.session?.profile === 'Robin' && /Tile\d+$/.test(s.focused));
  });

  it('a chosen result keeps its query; the empty Search lists it; OK on it types it again', async () => {
    await openSearch();
    await waitFor('no recent searches yet', (s) => shownOf(s).query === '' && shownOf(s).rails.length === 0);
    await press(Key.ArrowDown, Key.ArrowRight, Key.Enter); // "o": second row, second key
    await waitFor('results for "o"', (s) => shownOf(s).query === 'o' && shownOf(s).rails[0] === 'top');
    await press(Key.ArrowDown, Key.ArrowDown, Key.ArrowDown);
    await waitFor('the top result', (s) => s.focused === 'App/search/Rail0/Tile0');
    await press(Key.Enter);
    await waitFor('playing', (s) => s.state === 'playing', 20_000);
    const kept = await http<SearchResponse>(ApiPath.search(''), { headers: { authorization: `Bearer ${phone.access_token}` } });
    expect(kept.recent).toEqual(['o']);

    // Back to the keyboard, Delete: the empty query now lists "o".
    await press(Key.ArrowUp);
    await waitFor('the keyboard', (s) => s.focused === 'App/search/Keyboard');
    await press(Key.Delete);
    const listed = await waitFor('the recent searches rail', (s) => shownOf(s).query === '' && shownOf(s).rails[0] === 'recent');
    expect(shownOf(listed).typed).toBe('');
    await browser().pause(400);
    await browser().saveScreenshot(path.join(shots, 'search-recent.png'));
    await press(Key.ArrowDown, Key.ArrowDown, Key.ArrowDown, Key.ArrowDown);
    await waitFor('the recent search', (s) => s.focused === 'App/search/Rail0/Tile0');
    await press(Key.Enter);
    const again = await waitFor('"o" typed again, keyboard focused', (s) => shownOf(s).typed === 'o' && shownOf(s).query === 'o' && s.focused === 'App/search/Keyboard');
    expect(shownOf(again).rails[0]).toBe('top');
  });

  it('the Clear tile empties the list, for this profile at the BFF too', async () => {
    await press(Key.Delete);
    await waitFor('the recent searches rail', (s) => shownOf(s).query === '' && shownOf(s).rails[0] === 'recent');
    await press(Key.ArrowDown, Key.ArrowDown, Key.ArrowDown, Key.ArrowDown);
    await waitFor('the recent search', (s) => s.focused === 'App/search/Rail0/Tile0');
    await press(Key.ArrowRight);
    await waitFor('Clear', (s) => s.focused === 'App/search/Rail0/Tile1');
    await press(Key.Enter);
    const cleared = await waitFor('no list, keyboard focused', (s) => shownOf(s).query === '' && shownOf(s).rails.length === 0 && s.focused === 'App/search/Keyboard');
    expect(cleared.toast).toBe('Recent searches cleared');
    const after = await http<SearchResponse>(ApiPath.search(''), { headers: { authorization: `Bearer ${phone.access_token}` } });
    expect(after.recent).toEqual([]);
  });
});
