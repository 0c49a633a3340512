/**
 * /link on the phone: sign up or sign in, confirm the code the TV shows (prefilled from ?code=),
 * pick the profile the TV listens as, approve or deny; then the household's devices with "Sign
 * out" per device. Plain DOM over the markup in index.html: one screen at a time plus the device
 * list, drawn from the answers of src/remote/link/link-api.ts.
 */
import { formatUserCode, normaliseUserCode, type DeviceInfo, type LinkInfoResponse, type MeResponse } from '../../protocol';
import { LinkApi, LinkError } from './link-api';

type Screen = 'auth' | 'code' | 'approve' | 'done';

/** The device list refreshes this often while the page is visible (presence changes). */
const DEVICES_REFRESH_MS = 10_000;

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing from link/index.html`);
  return el as T;
};

class LinkPage {
  private readonly api = new LinkApi();
  private mode: 'login' | 'signup' = 'login';
  private me: MeResponse | null = null;
  /** The normalised code being confirmed, and what the BFF said about it. */
  private pending: { code: string; info: LinkInfoResponse } | null = null;
  private devicesTimer: ReturnType<typeof setInterval> | null = null;

  async start(): Promise<void> {
    const code = new URLSearchParams(location.search).get('code') ?? '';
    $<HTMLInputElement>('code-input').value = code;
    this.wire();
    this.api.session.onChange((change) => {
      if (change.kind === 'ended') this.showSignedOut();
    });
    await this.api.session.restore();
    if (!this.api.session.signedIn) return this.showSignedOut();
    await this.enter();
  }

  private wire(): void {
    $('tab-login').addEventListener('click', () => this.setMode('login'));
    $('tab-signup').addEventListener('click', () => this.setMode('signup'));
    $('auth-form').addEventListener('submit', (e) => {
      e.preventDefault();
      void this.submitAuth();
    });
    $('code-form').addEventListener('submit', (e) => {
      e.preventDefault();
      void this.submitCode();
    });
    $('add-profile-form').addEventListener('submit', (e) => {
      e.preventDefault();
      void this.addProfile();
    });
    $('approve-button').addEventListener('click', () => void this.decide('approve'));
    $('deny-button').addEventListener('click', () => void this.decide('deny'));
    $('another-button').addEventListener('click', () => {
      $<HTMLInputElement>('code-input').value = '';
      this.show('code');
    });
    $('signout-button').addEventListener('click', () => void this.api.session.signOut());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible' && this.me) void this.loadDevices();
    });
  }

  private setMode(mode: 'login' | 'signup'): void {
    this.mode = mode;
    $('tab-login').setAttribute('aria-selected', String(mode === 'login'));
    $('tab-signup').setAttribute('aria-selected', String(mode === 'signup'));
    $('profile-field').hidden = mode === 'login';
    $('auth-submit').textContent = mode === 'login' ? 'Sign in' : 'Create account';
    const password = $<HTMLInputElement>('auth-form').querySelector<HTMLInputElement>('[name=password]')!;
    password.autocomplete = mode === 'login' ? 'current-password' : 'new-password';
    $('auth-error').textContent = '';
  }

  private async submitAuth(): Promise<void> {
    const form = $<HTMLFormElement>('auth-form');
    const data = new FormData(form);
    const login = String(data.get('login') ?? '').trim();
    const password = String(data.get('password') ?? '');
    const profileName = String(data.get('profileName') ?? '').trim();
    const problem = authProblem(this.mode, login, password, profileName);
    if (problem) return void ($('auth-error').textContent = problem);
    await this.busy(form, async () => {
      try {
        if (this.mode === 'signup') await this.api.signup(login, password, profileName);
        else await this.api.login(login, password);
      } catch (e) {
        $('auth-error').textContent = authFailure(e, this.mode);
        return;
      }
      form.reset();
      await this.enter();
    });
  }

  /** Signed in: who we are, the devices, then the code (straight to confirming it when prefilled). */
  private async enter(): Promise<void> {
    try {
      this.me = await this.api.me();
    } catch (e) {
      if (e instanceof LinkError && e.status === 401) return this.showSignedOut();
      $('code-error').textContent = message(e);
    }
    $('who').textContent = this.me ? this.me.household.login : '';
    $('signout-button').hidden = false;
    $('devices').hidden = false;
    void this.loadDevices();
    this.devicesTimer ??= setInterval(() => {
      if (document.visibilityState === 'visible') void this.loadDevices();
    }, DEVICES_REFRESH_MS);
    this.show('code');
    if ($<HTMLInputElement>('code-input').value.trim()) await this.submitCode();
  }

  private async submitCode(): Promise<void> {
    const input = $<HTMLInputElement>('code-input');
    const code = normaliseUserCode(input.value);
    $('code-error').textContent = '';
    if (!code) return void ($('code-error').textContent = 'A code is 8 letters, like BCDF-GHJK. Check the code on your TV.');
    input.value = formatUserCode(code);
    await this.busy($('code-form'), async () => {
      try {
        this.pending = { code, info: await this.api.linkInfo(code) };
      } catch (e) {
        $('code-error').textContent = codeFailure(e);
        return;
      }
      this.drawApprove(this.pending.info);
      this.show('approve');
    });
  }

  /** A new profile for the household, chosen at once for this TV. */
  private async addProfile(): Promise<void> {
    const pending = this.pending;
    const input = $('add-profile-form').querySelector<HTMLInputElement>('[name=name]')!;
    const name = input.value.trim();
    if (!pending) return;
    if (!name) return void ($('approve-error').textContent = 'Enter a name for the new profile.');
    await this.busy($('add-profile-form'), async () => {
      try {
        const profile = await this.api.createProfile(name);
        pending.info = { ...pending.info, profiles: [...pending.info.profiles, profile] };
        input.value = '';
        this.drawApprove(pending.info, profile.id);
      } catch (e) {
        $('approve-error').textContent =
          e instanceof LinkError && e.status === 409 ? 'This household already has as many profiles as it can.' : message(e);
      }
    });
  }

  private drawApprove(info: LinkInfoResponse, chosenId?: string): void {
    $('approve-title').textContent = `Sign in ${info.deviceName}?`;
    $('approve-code').textContent = info.userCode;
    const left = info.expiresIn < 90 ? `${Math.max(0, info.expiresIn)} s` : `${Math.round(info.expiresIn / 60)} min`;
    $('approve-expiry').textContent = `Expires in ${left}. Check that your TV shows this code.`;
    $('approve-error').textContent = '';
    const fieldset = $('profiles');
    fieldset.replaceChildren(fieldset.querySelector('legend')!);
    const current = this.me?.profile?.id;
    const chosen =
      info.profiles.find((p) => p.id === chosenId) ??
      info.profiles.find((p) => p.id === current) ??
      info.profiles.find((p) => p.isDefault) ??
      info.profiles[0];
    for (const profile of info.profiles) {
      const label = document.createElement('label');
      label.className = 'profile';
      const radio = document.createElement('input');
      radio.type = 'radio';
      radio.name = 'profile';
      radio.value = profile.id;
      radio.checked = profile.id === chosen?.id;
      const tile = document.createElement('span');
      tile.className = 'tile';
      tile.style.background = profile.color;
      tile.textContent = (Array.from(profile.name.trim())[0] ?? '?').toUpperCase();
      const name = document.createElement('span');
      name.textContent = profile.name;
      label.append(radio, tile, name);
      fieldset.append(label);
    }
  }

  private async decide(decision: 'approve' | 'deny'): Promise<void> {
    const pending = this.pending;
    if (!pending) return this.show('code');
    const profileId = $('profiles').querySelector<HTMLInputElement>('input[name=profile]:checked')?.value;
    if (decision === 'approve' && !profileId) return void ($('approve-error').textContent = 'Choose who listens on this TV.');
    await this.busy($('approve'), async () => {
      try {
        if (decision === 'approve') await this.api.approve(pending.code, profileId!);
        else await this.api.deny(pending.code);
      } catch (e) {
        $('approve-error').textContent = codeFailure(e);
        return;
      }
      this.pending = null;
      const profile = pending.info.profiles.find((p) => p.id === profileId);
      $('done-mark').textContent = decision === 'approve' ? '✓' : '✕';
      $('done-title').textContent = decision === 'approve' ? 'Your TV is signed in' : 'Sign-in denied';
      $('done-text').textContent =
        decision === 'approve'
          ? `${pending.info.deviceName} listens as ${profile?.name ?? 'your profile'}. You can close this page.`
          : `${pending.info.deviceName} was not signed in.`;
      this.show('done');
      void this.loadDevices();
    });
  }

  private async loadDevices(): Promise<void> {
    let devices: DeviceInfo[];
    try {
      devices = (await this.api.devices()).devices;
    } catch {
      return; // the list stays as it was; the next refresh tries again
    }
    const list = $('device-list');
    list.replaceChildren(...devices.map((d) => this.deviceItem(d)));
    if (devices.length === 0) list.textContent = 'No devices yet.';
  }

  private deviceItem(device: DeviceInfo): HTMLLIElement {
    const item = document.createElement('li');
    item.className = 'device';
    item.dataset.deviceId = device.id;
    const about = document.createElement('div');
    about.className = 'about';
    const name = document.createElement('div');
    name.className = 'name';
    const dot = document.createElement('span');
    dot.className = device.online ? 'dot on' : 'dot';
    name.append(dot, device.id === this.api.deviceId ? `${device.name} (this phone)` : device.name);
    const state = document.createElement('div');
    state.className = 'state';
    state.textContent = describeDevice(device);
    about.append(name, state);
    item.append(about);
    if (device.signedIn && device.id !== this.api.deviceId) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = 'Sign out';
      button.setAttribute('aria-label', `Sign out ${device.name}`);
      button.addEventListener('click', () => {
        button.disabled = true;
        this.api
          .signOutDevice(device.id)
          .catch((e: unknown) => alert(message(e)))
          .finally(() => void this.loadDevices());
      });
      item.append(button);
    }
    return item;
  }

  private showSignedOut(): void {
    this.me = null;
    this.pending = null;
    if (this.devicesTimer !== null) clearInterval(this.devicesTimer);
    this.devicesTimer = null;
    $('who').textContent = '';
    $('signout-button').hidden = true;
    $('devices').hidden = true;
    $('device-list').replaceChildren();
    this.show('auth');
  }

  private show(screen: Screen): void {
    for (const id of ['auth', 'code', 'approve', 'done'] as const) $(id).hidden = id !== screen;
    const focus = { auth: '[name=login]', code: '#code-input', approve: '#approve-button', done: '#another-button' }[screen];
    // Only when the field is empty or a button: a phone keyboard popping up over a prefilled code is noise.
    const el = $(screen).querySelector<HTMLElement>(focus);
    if (el && !(el instanceof HTMLInputElement && el.value)) el.focus({ preventScroll: true });
  }

  /** Disables a form's buttons while its request runs, so a double tap sends one request. */
  private async busy(scope: HTMLElement, work: () => Promise<void>): Promise<void> {
    const buttons = Array.from(scope.querySelectorAll('button'));
    for (const b of buttons) b.disabled = true;
    try {
      await work();
    } finally {
      for (const b of buttons) b.disabled = false;
    }
  }
}

function authProblem(mode: 'login' | 'signup', login: string, password: string, profileName: string): string | null {
  if (login.length < (mode === 'signup' ? 3 : 1)) return mode === 'signup' ? 'Choose a username of at least 3 characters, or use your e-mail.' : 'Enter your username or e-mail.';
  if (mode === 'signup' && password.length < 8) return 'Choose a password of at least 8 characters.';
  if (!password) return 'Enter your password.';
  if (mode === 'signup' && !profileName) return 'Enter your name: it becomes your first profile.';
  return null;
}

function authFailure(e: unknown, mode: 'login' | 'signup'): string {
  if (!(e instanceof LinkError)) return message(e);
  if (e.status === 401) return 'Wrong username or password.';
  if (e.status === 409) return 'That username is taken. Sign in instead, or choose another.';
  if (e.status === 429) return 'Too many attempts. Wait a minute, then try again.';
  if (e.status === 400) return mode === 'signup' ? `Check the form: ${e.message}` : e.message;
  return e.message;
}

function codeFailure(e: unknown): string {
  if (!(e instanceof LinkError)) return message(e);
  if (e.status === 404) return 'No TV is showing that code. Check the code on your TV.';
  if (e.status === 410) return 'That code has expired or was already used. Choose “Get a new code” on the TV.';
  if (e.status === 429) return 'Too many tries. Wait a minute, then try again.';
  return e.message;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : 'Something went wrong. Try again.';
}

/** "Online · Playing Track – Artist, 2:31" / "Offline · last played …" / "Offline · seen 3 h ago". */
function describeDevice(device: DeviceInfo): string {
  const presence = device.online ? 'Online' : 'Offline';
  const { state, nowPlaying } = device;
  if (state && nowPlaying) {
    const position = state.playing && device.online ? state.positionMs + Math.max(0, Date.now() - state.atMs) : state.positionMs;
    const what = `${nowPlaying.title} – ${nowPlaying.artist}, ${clock(Math.min(position, nowPlaying.durationMs))}`;
    return `${presence} · ${state.playing && device.online ? 'Playing' : 'Last played'} ${what}`;
  }
  return device.lastSeenAt > 0 && !device.online ? `${presence} · seen ${ago(device.lastSeenAt)}` : presence;
}

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function ago(at: number): string {
  const minutes = Math.max(0, Math.round((Date.now() - at) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h ago` : `${Math.round(hours / 24)} days ago`;
}

void new LinkPage().start();
