/**
 * TV sign-in end to end, two real Chromium sessions against the real BFF: the TV (1920×1080,
 * remote keys only) shows a code and QR; the phone (390×844) opens the QR's URL, signs up and
 * approves with a profile; the TV picks "Who's listening?" and shows Home with the profile. Then:
 * a reload keeps the session, sign out on the TV, a denied code, an expired code, and a phone
 * signing the TV out remotely while music plays (the music keeps playing). Steps share the two
 * browsers and build on each other, as a household would.
 *
 * The BFF runs with a short device-code lifetime (ENCORE_DEVICE_CODE_TTL_S) so the expiry path
 * takes seconds, not ten minutes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { Key } from 'webdriverio';
import { qrMatrix } from '../../src/app/components/qr-code';
import type { DeviceLoginState } from '../../src/app/services/device-login';
import type { RunningBff } from './support/bff';
import { useTvAndPhone } from './support/tv-session';
import { tvState, waitForTv, type TvState } from './support/tv-state';

const CODE_TTL_S = 25;
const LOGIN = `e2e-${Date.now()}@example.com`;
const PASSWORD = 'correct horse battery';
const PROFILE = 'Robin';

const shots = path.resolve('.tmp/screenshots');
mkdirSync(shots, { recursive: true });

describe('TV sign-in with a phone (two real Chromium sessions, real BFF)', () => {
  const session = useTvAndPhone({ bffEnv: { ENCORE_DEVICE_CODE_TTL_S: String(CODE_TTL_S) } });
  let bff: RunningBff;
  let tv: WebdriverIO.Browser;
  let phone: WebdriverIO.Browser;

  const tvSnapshot = () => tvState(tv);
  const tvWait = (what: string, ok: (s: TvState) => boolean, timeout?: number) => waitForTv(tv, { timeout: 20_000, interval: 100 })(what, ok, timeout);
  const press = (key: string) => tv.keys(key);

  /** The TV on #signin until a code is shown; returns it. */
  async function tvShowsCode(): Promise<Extract<DeviceLoginState, { kind: 'waiting' }>> {
    const s = await tvWait('a code on the TV', (x) => x.route === 'signin' && x.signIn?.state.kind === 'waiting');
    return s.signIn!.state as Extract<DeviceLoginState, { kind: 'waiting' }>;
  }

  const phoneText = (id: string) => phone.$(`#${id}`).getText();
  const phoneVisible = (id: string) => phone.$(`#${id}`).waitForDisplayed({ timeout: 15_000 });

  beforeAll(() => {
    bff = session.bff;
    tv = session.browser;
    phone = session.phone;
  });

  it('a guest TV reaches sign-in from Settings and shows a code, its QR and the URL', async () => {
    await tv.url(`${bff.url}/`);
    await tvWait('Home as a guest', (s) => s.route === 'home' && s.session === null && /Rail\d+\/Tile\d+$/.test(s.focused));
    await tv.url(`${bff.url}/#settings`);
    await tvWait('Settings with "Sign in" focused', (s) => s.route === 'settings' && s.focused === 'App/settings/SignIn');
    await press(Key.Enter);
    const code = await tvShowsCode();
    expect(code.userCode).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    expect(code.verificationUri).toBe(`${bff.url}/link`);
    expect(new URL(code.verificationUriComplete).searchParams.get('code')).toBe(code.userCode);
    expect(code.expiresAt - Date.now()).toBeLessThanOrEqual(CODE_TTL_S * 1000);
    expect((await tvSnapshot()).focused).toBe('App/signin/NewCode');
  });

  it('the QR on screen is the code’s URL, drawn crisp: every module one flat colour, dark on light', async () => {
    const { signIn } = await tvSnapshot();
    const box = signIn!.qr!;
    await tv.pause(500); // the panel's fade settles
    const png = Buffer.from(await tv.takeScreenshot(), 'base64');
    writeFileSync(path.join(shots, 'signin-tv.png'), png);
    const { data: px, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const lum = (x: number, y: number) => {
      const i = (y * info.width + x) * 3;
      return (px[i]! + px[i + 1]! + px[i + 2]!) / 3;
    };
    const matrix = qrMatrix((signIn!.state as Extract<DeviceLoginState, { kind: 'waiting' }>).verificationUriComplete);
    expect(box.modules).toBe(matrix.size);
    let wrong = 0;
    let blurred = 0;
    const quiet = 4;
    for (let r = -quiet; r < matrix.size + quiet; r++) {
      for (let c = -quiet; c < matrix.size + quiet; c++) {
        const dark = r >= 0 && c >= 0 && r < matrix.size && c < matrix.size && matrix.isDark(r, c);
        const x0 = box.x + (c + quiet) * box.modulePx;
        const y0 = box.y + (r + quiet) * box.modulePx;
        // Every pixel of the module, not just its centre: a filtered (blurred) edge shows as grey.
        for (let y = y0; y < y0 + box.modulePx; y++) {
          for (let x = x0; x < x0 + box.modulePx; x++) {
            const l = lum(x, y);
            if (dark ? l > 60 : l < 195) wrong++;
            if (l > 60 && l < 195) blurred++;
          }
        }
      }
    }
    expect(blurred).toBe(0);
    expect(wrong).toBe(0);
  });

  it('the phone opens the QR link, signs up, and approves the TV with its profile', async () => {
    const { signIn } = await tvSnapshot();
    const code = signIn!.state as Extract<DeviceLoginState, { kind: 'waiting' }>;
    await phone.url(code.verificationUriComplete);
    await phoneVisible('auth');
    await phone.saveScreenshot(path.join(shots, 'signin-phone-auth.png'));
    await phone.$('#tab-signup').click();
    await phone.$('[name=login]').setValue(LOGIN);
    await phone.$('[name=password]').setValue('short');
    await phone.$('[name=profileName]').setValue(PROFILE);
    await phone.$('#auth-submit').click();
    expect(await phoneText('auth-error')).toContain('at least 8 characters');
    await phone.$('[name=password]').setValue(PASSWORD);
    await phone.$('#auth-submit').click();
    // The code came in the URL: the phone goes straight to confirming it.
    await phoneVisible('approve');
    expect(await phoneText('approve-code')).toBe(code.userCode);
    expect(await phone.$('input[name=profile]:checked').getAttribute('value')).toMatch(/^pf_/);
    expect(await phoneText('profiles')).toContain(PROFILE);
    await phone.saveScreenshot(path.join(shots, 'signin-phone-approve.png'));
    // Mobile-first: every touch target at least 44 px each way, and nothing wider than the screen.
    const layout = await phone.execute(() => ({
      small: Array.from(document.querySelectorAll<HTMLElement>('button, input:not([type=radio]), label.profile'))
        .filter((e) => e.offsetParent !== null)
        .filter((e) => e.getBoundingClientRect().height < 44 || e.getBoundingClientRect().width < 44)
        .map((e) => e.id || e.textContent),
      overflow: document.documentElement.scrollWidth - window.innerWidth,
    }));
    expect(layout).toEqual({ small: [], overflow: 0 });
    await phone.$('#approve-button').click();
    await phoneVisible('done');
    expect(await phoneText('done-title')).toBe('Your TV is signed in');
    await phone.saveScreenshot(path.join(shots, 'signin-phone-done.png'));
  });

  it('within a polling interval the TV asks "Who’s listening?", and OK goes Home as that profile', async () => {
    // One profile so far (made at sign-up), focused: it is the one the phone chose.
    await tvWait('the profile picker', (s) => s.route === 'profiles' && s.focused === 'App/profiles/Profile0', 15_000);
    await tv.pause(400);
    await tv.saveScreenshot(path.join(shots, 'signin-tv-profiles.png'));
    await press(Key.Enter);
    const home = await tvWait('Home as the profile', (s) => s.route === 'home' && s.session?.profile === PROFILE);
    expect(home.session).toEqual({ profile: PROFILE });
    await tv.pause(400);
    await tv.saveScreenshot(path.join(shots, 'signin-tv-home.png'));
  });

  it('a reload keeps the session (tokens from the device’s storage)', async () => {
    await tv.refresh();
    await tvWait('Home after reload, still signed in', (s) => s.route === 'home' && s.session?.profile === PROFILE && /Tile\d+$/.test(s.focused));
  });

  it('Sign out on the TV leaves a guest, and the phone’s device list shows the TV signed out', async () => {
    await tv.url(`${bff.url}/#settings`);
    await tvWait('Settings, signed in', (s) => s.route === 'settings' && s.session !== null && s.focused === 'App/settings/SwitchProfile');
    await press(Key.ArrowRight);
    await tvWait('Sign out focused', (s) => s.focused === 'App/settings/SignOut');
    await press(Key.Enter);
    await tvWait('a guest, offered Sign in', (s) => s.session === null && s.focused === 'App/settings/SignIn');
    await tv.refresh();
    await tvWait('still a guest after reload', (s) => s.route === 'settings' && s.session === null);
    // The phone still lists the TV, no longer signed in: nothing to sign out.
    await phone.url(`${bff.url}/link`);
    await phoneVisible('devices');
    await phone.waitUntil(async () => (await phone.$$('li.device').length) > 0, { timeout: 10_000 });
    expect(await phone.$$('li.device button').length).toBe(0);
  });

  it('a denied code: the phone denies, the TV says so and offers a new code', async () => {
    await tv.url(`${bff.url}/#signin`);
    const code = await tvShowsCode();
    await phone.url(code.verificationUriComplete);
    await phoneVisible('approve');
    await phone.$('#deny-button').click();
    await phoneVisible('done');
    expect(await phoneText('done-title')).toBe('Sign-in denied');
    const tvState = await tvWait('the TV told it was declined', (s) => s.signIn?.state.kind === 'denied', 15_000);
    expect(tvState.session).toBeNull();
    await tv.saveScreenshot(path.join(shots, 'signin-tv-denied.png'));
    // The phone cannot approve a decided code afterwards.
    await phone.url(code.verificationUriComplete);
    await phoneVisible('code');
    await phone.waitUntil(async () => (await phoneText('code-error')).includes('expired or was already used'), { timeout: 10_000 });
  });

  it('an unknown or malformed code gets a clear message on the phone', async () => {
    await phone.url(`${bff.url}/link`);
    await phoneVisible('code');
    await phone.$('#code-input').setValue('hello');
    await phone.$('#code-form button').click();
    expect(await phoneText('code-error')).toContain('8 letters');
    await phone.$('#code-input').setValue('bbbb bbbb');
    await phone.$('#code-form button').click();
    await phone.waitUntil(async () => (await phoneText('code-error')).includes('No TV is showing that code'), { timeout: 10_000 });
  });

  it('an expired code: the TV says so and hides the QR; "Get a new code" brings a fresh one', async () => {
    await press(Key.Enter); // Get a new code
    const code = await tvShowsCode();
    await tvWait('the code expired', (s) => s.signIn?.state.kind === 'expired', (CODE_TTL_S + 10) * 1000);
    const expired = await tvSnapshot();
    expect(expired.signIn!.qr).toBeNull();
    await tv.saveScreenshot(path.join(shots, 'signin-tv-expired.png'));
    await phone.url(code.verificationUriComplete);
    await phoneVisible('code');
    await phone.waitUntil(async () => (await phoneText('code-error')).includes('expired or was already used'), { timeout: 10_000 });
    await press(Key.Enter);
    const fresh = await tvShowsCode();
    expect(fresh.userCode).not.toBe(code.userCode);
  });

  it('signing in again, the phone adds a profile for the TV; the TV can switch profile from Settings', async () => {
    // The phone is still signed in, so it only confirms the fresh code.
    const code = await tvShowsCode();
    await phone.url(code.verificationUriComplete);
    await phoneVisible('approve');
    await phone.$('#add-profile-form [name=name]').setValue('Sam');
    await phone.$('#add-profile-form button').click();
    await phone.waitUntil(async () => (await phoneText('profiles')).includes('Sam'), { timeout: 10_000 });
    const checked = await phone.$('input[name=profile]:checked').parentElement().getText();
    expect(checked).toContain('Sam');
    await phone.$('#approve-button').click();
    await phoneVisible('done');
    expect(await phoneText('done-text')).toContain('listens as Sam');

    // The picker opens on the profile the phone chose (the second), then OK.
    await tvWait('the profile picker on Sam', (s) => s.route === 'profiles' && s.focused === 'App/profiles/Profile1', 15_000);
    await tv.pause(400);
    await tv.saveScreenshot(path.join(shots, 'signin-tv-profiles-two.png'));
    await press(Key.Enter);
    await tvWait('Home as Sam', (s) => s.route === 'home' && s.session?.profile === 'Sam');

    await tv.url(`${bff.url}/#settings`);
    await tvWait('Settings, Switch profile focused', (s) => s.route === 'settings' && s.focused === 'App/settings/SwitchProfile');
    await press(Key.Enter);
    await tvWait('the picker on Sam', (s) => s.route === 'profiles' && s.focused === 'App/profiles/Profile1');
    await press(Key.ArrowLeft);
    await tvWait('Robin focused', (s) => s.focused === 'App/profiles/Profile0');
    await press(Key.Enter);
    await tvWait('Home as Robin', (s) => s.route === 'home' && s.session?.profile === PROFILE && /Tile\d+$/.test(s.focused));
  });

  it('a phone signs the TV out remotely while music plays: the TV returns to sign-in, the music plays on', async () => {
    // Play: the first album's Play button.
    await press(Key.Enter);
    await tvWait('an album', (s) => s.route?.startsWith('album/') === true && s.focused === 'App/album/Play');
    await press(Key.Enter);
    await tvWait('music playing', (s) => s.state === 'playing' && !s.paused);

    // The TV is on the household hub: the phone lists it online, playing (state from the hub).
    let stateText = '';
    await phone.waitUntil(
      async () => {
        await phone.url(`${bff.url}/link`);
        await phoneVisible('devices');
        const texts: string[] = [];
        for (const row of await phone.$$('li.device .state')) texts.push(await row.getText());
        stateText = texts.find((t) => t.startsWith('Online · Playing')) ?? texts.join(' | ');
        return stateText.startsWith('Online · Playing');
      },
      { timeout: 20_000, interval: 1000, timeoutMsg: 'the phone never showed the TV online and playing' },
    );
    expect(stateText).toMatch(/^Online · Playing .+ – .+, \d+:\d\d$/);
    const tvRow = phone.$('li.device button[aria-label^="Sign out"]');
    await tvRow.waitForDisplayed({ timeout: 10_000 });
    await phone.saveScreenshot(path.join(shots, 'signin-phone-devices.png'));
    await tvRow.click();
    await phone.waitUntil(async () => (await phone.$$('li.device button[aria-label^="Sign out"]').length) === 0, { timeout: 10_000 });

    // The hub tells the TV at once, with no key pressed: back to sign-in, still playing.
    const after = await tvWait('the TV back at sign-in', (s) => s.route === 'signin' && s.session === null, 30_000);
    expect(after.state).toBe('playing');
    expect(after.paused).toBe(false);
    await tv.saveScreenshot(path.join(shots, 'signin-tv-remote-signed-out.png'));
  });

  it('a wrong password on the phone gets the generic message', async () => {
    await phone.$('#signout-button').click();
    await phoneVisible('auth');
    await phone.$('[name=login]').setValue(LOGIN);
    await phone.$('[name=password]').setValue('not the password');
    await phone.$('#auth-submit').click();
    await phone.waitUntil(async () => (await phoneText('auth-error')) === 'Wrong username or password.', { timeout: 10_000 });
  });
});
