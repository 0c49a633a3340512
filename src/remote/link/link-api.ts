/**
 * The phone page's calls to the BFF. Tokens go through the same Session as the TV's
 * (src/app/services/session.ts: bearer header, refresh once, reuse-safe), kept in localStorage
 * under this origin; they never go in a URL. Every answer is checked against its protocol schema.
 */
import type { Static, TSchema } from '@sinclair/typebox';
import { Check } from '@sinclair/typebox/value';
import {
  AuthPath,
  DevicesResponse,
  LinkInfoResponse,
  MeResponse,
  Profile,
  TokenResponse,
  type ErrorBody,
  type LoginRequest,
  type SignupRequest,
} from '../../protocol';
import { Session, type SessionStorage } from '../../app/services/session';
import { isDeviceId, newDeviceId } from '../../../devices/shared/device-id';

const DEVICE_ID_KEY = 'encore.deviceId';
const KEY_PREFIX = 'encore.';

export class LinkError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
    this.name = 'LinkError';
  }
}

/** localStorage as the session's storage (JSON records; a full or blocked store rejects). */
export function localSessionStorage(store: Storage = localStorage): SessionStorage {
  return {
    async get<T>(key: string): Promise<T | null> {
      const raw = store.getItem(KEY_PREFIX + key);
      return raw === null ? null : (JSON.parse(raw) as T);
    },
    async set<T>(key: string, value: T): Promise<void> {
      store.setItem(KEY_PREFIX + key, JSON.stringify(value));
    },
    async remove(key: string): Promise<void> {
      store.removeItem(KEY_PREFIX + key);
    },
  };
}

/** This browser's stable device id: the BFF lists the phone among the household's devices by it. */
export function phoneDeviceId(store: Storage = localStorage): string {
  const stored = store.getItem(DEVICE_ID_KEY);
  if (isDeviceId(stored)) return stored;
  const id = newDeviceId();
  store.setItem(DEVICE_ID_KEY, id);
  return id;
}

/** A name people recognise in the device list ("iPhone", "Android phone"). */
export function phoneDeviceName(userAgent: string = navigator.userAgent): string {
  if (/iPhone/.test(userAgent)) return 'iPhone';
  if (/iPad/.test(userAgent)) return 'iPad';
  if (/Android/.test(userAgent)) return /Mobile/.test(userAgent) ? 'Android phone' : 'Android tablet';
  return 'Web browser';
}

export class LinkApi {
  readonly session: Session;
  readonly deviceId: string;
  readonly deviceName: string;

  constructor(private readonly fetchFn: typeof fetch = (...args) => fetch(...args)) {
    const urlFor = (path: string) => new URL(path, location.href).href;
    this.session = new Session({ storage: localSessionStorage(), fetchFn, urlFor });
    this.deviceId = phoneDeviceId();
    this.deviceName = phoneDeviceName();
  }

  async signup(login: string, password: string, profileName: string): Promise<void> {
    const body: SignupRequest = { login, password, profileName, deviceId: this.deviceId, deviceName: this.deviceName };
    await this.session.adopt(await this.call(AuthPath.signup(), TokenResponse, { method: 'POST', body, signedIn: false }));
  }

  async login(login: string, password: string): Promise<void> {
    const body: LoginRequest = { login, password, deviceId: this.deviceId, deviceName: this.deviceName };
    await this.session.adopt(await this.call(AuthPath.login(), TokenResponse, { method: 'POST', body, signedIn: false }));
  }

  me(): Promise<MeResponse> {
    return this.call(AuthPath.me(), MeResponse);
  }

  linkInfo(code: string): Promise<LinkInfoResponse> {
    return this.call(AuthPath.link(code), LinkInfoResponse);
  }

  approve(code: string, profileId: string): Promise<void> {
    return this.call(AuthPath.linkApprove(code), null, { method: 'POST', body: { profileId } });
  }

  deny(code: string): Promise<void> {
    return this.call(AuthPath.linkDeny(code), null, { method: 'POST', body: {} });
  }

  createProfile(name: string): Promise<Profile> {
    return this.call(AuthPath.meProfiles(), Profile, { method: 'POST', body: { name } });
  }

  devices(): Promise<DevicesResponse> {
    return this.call(AuthPath.devices(), DevicesResponse);
  }

  signOutDevice(deviceId: string): Promise<void> {
    return this.call(AuthPath.deviceSession(deviceId), null, { method: 'DELETE' });
  }

  private async call<S extends TSchema>(
    path: string,
    schema: S,
    init?: { method: string; body?: unknown; signedIn?: boolean },
  ): Promise<Static<S>>;
  private async call(path: string, schema: null, init: { method: string; body?: unknown }): Promise<void>;
  private async call(
    path: string,
    schema: TSchema | null,
    init: { method?: string; body?: unknown; signedIn?: boolean } = {},
  ): Promise<unknown> {
    const request: RequestInit = { method: init.method ?? 'GET', headers: { accept: 'application/json' } };
    if (init.body !== undefined) {
      request.headers = { accept: 'application/json', 'content-type': 'application/json' };
      request.body = JSON.stringify(init.body);
    }
    // Signing up or in must not carry an old household's token.
    const send = init.signedIn === false ? this.fetchFn : this.session.fetch;
    let res: Response;
    try {
      res = await send(new URL(path, location.href).href, request);
    } catch {
      throw new LinkError('Can’t reach Encore. Check that this phone is on the same network as the TV.', 0, 'NETWORK');
    }
    const body: unknown = res.status === 204 ? null : await res.json().catch(() => null);
    if (!res.ok) {
      const error = body as Partial<ErrorBody> | null;
      throw new LinkError(error?.message ?? `The server answered ${res.status}.`, res.status, error?.error ?? `HTTP_${res.status}`);
    }
    if (schema === null) return undefined;
    if (!Check(schema, body)) throw new LinkError('Encore answered something this page doesn’t understand. Reload the page.', 0, 'BAD_RESPONSE');
    return body;
  }
}
