/**
 * The TV's side of the device authorization grant (RFC 8628): ask for a code, show it, poll the
 * token endpoint until the phone decides. UI-free; the sign-in page draws `state`.
 *
 *   requesting ──code──▶ waiting ──200──────────────▶ approved
 *       │                  │ ├─ authorization_pending: poll again after `interval`
 *       │                  │ ├─ slow_down: interval grows (the server's new value, else +5 s, §3.5)
 *       │                  │ ├─ network error: poll again, the interval doubling (§3.5), capped
 *       │                  ├─ access_denied ─────────▶ denied
 *       │                  └─ expired_token / past expires_in ─▶ expired
 *       └─ failure (the BFF refused or is unreachable) ─▶ failed
 *
 * `start()` from any state asks for a new code ("Get a new code"); the old poll is dropped and an
 * answer to it that arrives late is ignored. Polls run on timers, never on a key press.
 */
import { Check } from '@sinclair/typebox/value';
import {
  AuthPath,
  DEVICE_CODE_GRANT,
  DeviceAuthorizationResponse,
  TokenResponse,
  type OAuthError,
} from '../../protocol';

/** The OAuth client id of the TV app (the BFF keeps one sign-in family per device and client). */
export const TV_CLIENT_ID = 'encore-tv';

export type DeviceLoginState =
  | { kind: 'idle' }
  | { kind: 'requesting' }
  | {
      kind: 'waiting';
      userCode: string;
      verificationUri: string;
      verificationUriComplete: string;
      /** Epoch ms after which the code is dead. */
      expiresAt: number;
      intervalS: number;
    }
  | { kind: 'approved'; tokens: TokenResponse }
  | { kind: 'denied' }
  | { kind: 'expired' }
  | { kind: 'failed'; message: string };

export interface DeviceLoginOptions {
  clientId: string;
  deviceId: string;
  deviceName: string;
  urlFor: (path: string) => string;
  fetchFn?: typeof fetch;
  now?: () => number;
  onState: (state: DeviceLoginState) => void;
}

/** RFC 8628 §3.5: slow_down adds 5 s unless the server says the new interval. */
const SLOW_DOWN_STEP_S = 5;
/** Offline backoff stops growing here: a TV back online should notice within half a minute. */
const MAX_BACKOFF_S = 30;
const FORM = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };

export class DeviceLogin {
  private current: DeviceLoginState = { kind: 'idle' };
  /** Bumped by start() and destroy(): an answer for an older run is dropped. */
  private run = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: AbortController | null = null;
  private readonly fetchFn: typeof fetch;
  private readonly now: () => number;

  constructor(private readonly opts: DeviceLoginOptions) {
    this.fetchFn = opts.fetchFn ?? ((...args) => fetch(...args));
    this.now = opts.now ?? Date.now;
  }

  get state(): DeviceLoginState {
    return this.current;
  }

  /** Asks for a (new) code and starts polling for it. */
  start(): void {
    const run = this.reset();
    this.set({ kind: 'requesting' });
    void this.requestCode(run);
  }

  /** Stops polling; the page left. A code the phone approves later simply expires unused. */
  destroy(): void {
    this.reset();
  }

  private reset(): number {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.inFlight?.abort();
    this.inFlight = null;
    return ++this.run;
  }

  private async requestCode(run: number): Promise<void> {
    const form = new URLSearchParams({ client_id: this.opts.clientId, device_id: this.opts.deviceId, device_name: this.opts.deviceName });
    const answer = await this.post(run, AuthPath.deviceAuthorization(), form);
    if (answer === 'stale') return;
    if (answer === 'network') return this.set({ kind: 'failed', message: 'Encore can’t reach the server. Check the network, then get a new code.' });
    if (!answer.ok || !Check(DeviceAuthorizationResponse, answer.body)) {
      return this.set({ kind: 'failed', message: 'The server could not start a sign-in. Try again in a moment.' });
    }
    const code = answer.body;
    const waiting = {
      kind: 'waiting' as const,
      userCode: code.user_code,
      verificationUri: code.verification_uri,
      verificationUriComplete: code.verification_uri_complete,
      expiresAt: this.now() + code.expires_in * 1000,
      intervalS: Math.max(1, code.interval),
    };
    this.set(waiting);
    this.schedule(run, code.device_code, waiting.intervalS, waiting.intervalS);
  }

  /** `waitS`: until the next poll; `intervalS`: the server's interval, which slow_down grows. */
  private schedule(run: number, deviceCode: string, waitS: number, intervalS: number): void {
    this.timer = setTimeout(() => void this.poll(run, deviceCode, intervalS, waitS), waitS * 1000);
  }

  private async poll(run: number, deviceCode: string, intervalS: number, lastWaitS: number): Promise<void> {
    this.timer = null;
    const state = this.current;
    if (state.kind !== 'waiting') return;
    if (this.now() >= state.expiresAt) return this.set({ kind: 'expired' });
    const form = new URLSearchParams({ grant_type: DEVICE_CODE_GRANT, device_code: deviceCode, client_id: this.opts.clientId });
    const answer = await this.post(run, AuthPath.token(), form);
    if (answer === 'stale') return;
    if (answer === 'network') return this.schedule(run, deviceCode, Math.min(MAX_BACKOFF_S, lastWaitS * 2), intervalS);
    if (answer.ok && Check(TokenResponse, answer.body)) return this.set({ kind: 'approved', tokens: answer.body });
    const error = answer.body as Partial<OAuthError> | null;
    switch (error?.error) {
      case 'authorization_pending':
        return this.schedule(run, deviceCode, intervalS, intervalS);
      case 'slow_down': {
        const slower = typeof error.interval === 'number' && error.interval > intervalS ? error.interval : intervalS + SLOW_DOWN_STEP_S;
        this.set({ ...state, intervalS: slower });
        return this.schedule(run, deviceCode, slower, slower);
      }
      case 'access_denied':
        return this.set({ kind: 'denied' });
      case 'expired_token':
        return this.set({ kind: 'expired' });
      default:
        // A 5xx or a proxy's page: the code may still be good, so keep polling (backing off).
        if (answer.status >= 500) return this.schedule(run, deviceCode, Math.min(MAX_BACKOFF_S, lastWaitS * 2), intervalS);
        return this.set({ kind: 'failed', message: 'The sign-in stopped working. Get a new code to try again.' });
    }
  }

  private async post(
    run: number,
    path: string,
    form: URLSearchParams,
  ): Promise<'stale' | 'network' | { ok: boolean; status: number; body: unknown }> {
    const controller = new AbortController();
    this.inFlight = controller;
    try {
      const res = await this.fetchFn(this.opts.urlFor(path), { method: 'POST', headers: FORM, body: form.toString(), signal: controller.signal });
      const body: unknown = await res.json().catch(() => null);
      return run === this.run ? { ok: res.ok, status: res.status, body } : 'stale';
    } catch {
      return run === this.run ? 'network' : 'stale';
    } finally {
      if (this.inFlight === controller) this.inFlight = null;
    }
  }

  private set(state: DeviceLoginState): void {
    this.current = state;
    this.opts.onState(state);
  }
}
