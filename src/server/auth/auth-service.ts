/**
 * Sign-in: households and their logins, sessions (one refresh-token family per device sign-in),
 * token issue and rotation, the RFC 8628 device flow, and revocation. Routes translate its
 * answers to HTTP; it knows nothing of Fastify.
 *
 * Refresh rotation (RFC 6819 §5.2.2.3, OAuth 2.1 §4.3.1): every refresh returns a new refresh
 * token and marks the old one used; a used one presented again means two parties hold the family,
 * so the whole family (the session) is revoked and the device signs in again.
 *
 * Revocation reaches live access tokens through `isRevoked`: sessions revoked within the last
 * access-token lifetime are kept in memory (loaded at start), so a device signed out from a phone
 * is refused at once, not 15 minutes later. One BFF process; a scaled-out one shares this list.
 */
import { randomBytes } from 'node:crypto';
import type { AccountStore, DeviceCodeRow, ProfileRow, SessionRow } from '../../store';
import {
  formatUserCode,
  type DeviceAuthorizationResponse,
  type OAuthErrorCode,
  type Profile,
  type TokenResponse,
} from '../../protocol';
import { SERVER_DEFAULTS } from '../server-defaults';
import { AccessTokens, type AuthContext } from './access-tokens';
import { dummyPasswordRecord, hashPassword, verifyPassword, type ScryptParams, DEFAULT_SCRYPT } from './password-hash';
import { generateOpaqueToken, generateUserCode, hashToken } from './user-codes';

export interface AuthServiceOptions {
  accounts: AccountStore;
  secret: Uint8Array;
  now?: () => number;
  /** Tests shorten the device code's life. */
  deviceCodeTtlSeconds?: number;
  pollIntervalSeconds?: number;
  accessTokenTtlSeconds?: number;
  /** Tests use cheap parameters; production keeps DEFAULT_SCRYPT. */
  scrypt?: ScryptParams;
}

export type PollOutcome =
  | { ok: true; tokens: TokenResponse }
  | { ok: false; error: OAuthErrorCode; description: string; interval?: number };

/** `by`: the session that asked (a device signing itself out), when it was one. */
export type Revoked = (sessionIds: string[], by: string | undefined) => void;

const PROFILE_COLORS = ['#e8833a', '#3a8ee8', '#3ae88b', '#e83a6f', '#b03ae8', '#e8d33a', '#3ad6e8', '#8b8b8b'];

export function toProfile(row: ProfileRow): Profile {
  return { id: row.id, name: row.name, color: row.color, isDefault: row.isDefault };
}

/** How long a used refresh token is kept for replay detection before it is deleted. */
const STALE_REFRESH_MS = 7 * 24 * 3600_000;

const newId = (prefix: string) => `${prefix}_${randomBytes(8).toString('hex')}`;

/** Lower-cased, trimmed, NFKC: "Anna@Example.com " and "anna@example.com" are one login. */
export function normaliseLogin(login: string): string {
  return login.normalize('NFKC').trim().toLowerCase();
}

/**
 * What a poll of the token endpoint gets, given the code's row (RFC 8628 §3.5). Pure, so the
 * state machine is tested without a database: expired before anything else; a poll sooner than
 * the interval is slow_down and the interval grows; then the code's status.
 */
export function decidePoll(
  row: DeviceCodeRow,
  clientId: string,
  now: number,
  limits = SERVER_DEFAULTS.auth,
): { outcome: 'approved' } | { outcome: 'error'; error: OAuthErrorCode; description: string; interval: number } {
  const err = (error: OAuthErrorCode, description: string, interval = row.intervalS) =>
    ({ outcome: 'error', error, description, interval }) as const;
  if (row.clientId !== clientId) return err('invalid_grant', 'device_code was issued to another client');
  if (row.status === 'consumed') return err('invalid_grant', 'device_code was already used');
  if (now >= row.expiresAt) return err('expired_token', 'the code expired: ask for a new one');
  if (row.lastPollAt !== null && now - row.lastPollAt < row.intervalS * 1000 - limits.pollSlackMs) {
    return err('slow_down', `poll at most every ${row.intervalS + limits.slowDownStepSeconds} s`, row.intervalS + limits.slowDownStepSeconds);
  }
  if (row.status === 'denied') return err('access_denied', 'the sign-in was declined on the phone');
  if (row.status === 'pending') return err('authorization_pending', 'waiting for approval on a phone');
  return { outcome: 'approved' };
}

export class AuthService {
  readonly tokens: AccessTokens;
  private readonly accounts: AccountStore;
  private readonly now: () => number;
  private readonly codeTtlS: number;
  private readonly intervalS: number;
  private readonly scrypt: ScryptParams;
  /** sessionId → revokedAt, for sessions revoked within one access-token lifetime. */
  private readonly revoked = new Map<string, number>();
  private readonly listeners = new Set<Revoked>();

  constructor(opts: AuthServiceOptions) {
    const d = SERVER_DEFAULTS.auth;
    this.accounts = opts.accounts;
    this.now = opts.now ?? Date.now;
    this.codeTtlS = opts.deviceCodeTtlSeconds ?? d.deviceCodeTtlSeconds;
    this.intervalS = opts.pollIntervalSeconds ?? d.pollIntervalSeconds;
    this.scrypt = opts.scrypt ?? DEFAULT_SCRYPT;
    this.tokens = new AccessTokens(opts.secret, opts.accessTokenTtlSeconds ?? d.accessTokenTtlSeconds, this.now);
  }

  /**
   * Loads sessions revoked recently (a restart must not revive a signed-out device's token), and
   * drops refresh tokens used or expired over a week ago: a TV refreshes ~96 times a day.
   */
  async start(): Promise<void> {
    const since = this.now() - this.tokens.lifetimeSeconds * 1000;
    for (const id of await this.accounts.sessionsRevokedSince(since)) this.revoked.set(id, this.now());
    await this.accounts.deleteStaleRefreshTokens(this.now() - STALE_REFRESH_MS);
  }

  onRevoked(listener: Revoked): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  isRevoked(sessionId: string): boolean {
    return this.revoked.has(sessionId);
  }

  /** The token's identity, or why not; a revoked session's token is invalid. */
  async authenticate(token: string): Promise<{ ok: true; auth: AuthContext } | { ok: false; reason: 'expired' | 'invalid' }> {
    const result = await this.tokens.verify(token);
    if (result.ok && this.isRevoked(result.auth.sessionId)) return { ok: false, reason: 'invalid' };
    return result;
  }

  async signup(input: {
    login: string;
    password: string;
    profileName: string;
    deviceId: string;
    clientId: string;
  }): Promise<TokenResponse | 'taken'> {
    const created = await this.accounts.createHousehold({
      id: newId('hh'),
      login: normaliseLogin(input.login),
      passwordHash: await hashPassword(input.password, this.scrypt),
      profile: { id: newId('pf'), name: input.profileName.trim(), color: PROFILE_COLORS[0]! },
      now: this.now(),
    });
    if (!created) return 'taken';
    return this.startSession(created.household.id, created.profile, input.deviceId, input.clientId);
  }

  /** Undefined for a wrong login or a wrong password alike, in the same time. */
  async login(input: { login: string; password: string; deviceId: string; clientId: string }): Promise<TokenResponse | undefined> {
    const household = await this.accounts.householdByLogin(normaliseLogin(input.login));
    const record = household?.passwordHash ?? (await dummyPasswordRecord(this.scrypt));
    const ok = await verifyPassword(input.password, record);
    if (!household || !ok) return undefined;
    const profiles = await this.accounts.profiles(household.id);
    const profile = profiles.find((p) => p.isDefault) ?? profiles[0] ?? null;
    return this.startSession(household.id, profile, input.deviceId, input.clientId);
  }

  async createProfile(householdId: string, name: string, color?: string): Promise<ProfileRow | undefined> {
    const existing = await this.accounts.profiles(householdId);
    return this.accounts.createProfile(
      householdId,
      { id: newId('pf'), name: name.trim(), color: color ?? PROFILE_COLORS[existing.length % PROFILE_COLORS.length]!, now: this.now() },
      SERVER_DEFAULTS.auth.maxProfiles,
    );
  }

  /** "Who's listening?": this device's session now listens as `profileId`. */
  async selectProfile(auth: AuthContext, profileId: string): Promise<TokenResponse | undefined> {
    const profile = await this.accounts.profile(auth.householdId, profileId);
    const session = await this.accounts.session(auth.sessionId);
    if (!profile || !session || session.revokedAt !== null) return undefined;
    await this.accounts.setSessionProfile(session.id, profile.id, this.now());
    // One live refresh chain per sign-in: the one the device held before the switch is retired, so
    // a copy of it presented later is a replay and revokes the family.
    await this.accounts.retireRefreshTokens(session.id, this.now());
    return this.issue({ ...session, profileId: profile.id }, profile);
  }

  async refresh(refreshToken: string): Promise<TokenResponse | undefined> {
    const hash = hashToken(refreshToken);
    const row = await this.accounts.refreshToken(hash);
    if (!row) return undefined;
    const session = await this.accounts.session(row.sessionId);
    if (!session || session.revokedAt !== null) return undefined;
    if (row.usedAt !== null || !(await this.accounts.markRefreshUsed(hash, this.now()))) {
      // Replay of a rotated token: someone else holds this family.
      await this.revoke({ sessionId: session.id });
      return undefined;
    }
    if (row.expiresAt <= this.now()) return undefined;
    const profile = session.profileId ? await this.accounts.profile(session.householdId, session.profileId) : undefined;
    return this.issue(session, profile ?? null);
  }

  async revoke(where: { sessionId: string } | { householdId: string; deviceId: string }, by?: string): Promise<string[]> {
    const now = this.now();
    const ids = await this.accounts.revokeSessions(where, now);
    for (const id of ids) this.revoked.set(id, now);
    this.pruneRevoked(now);
    if (ids.length > 0) for (const l of this.listeners) l(ids, by);
    return ids;
  }

  async authorizeDevice(input: {
    clientId: string;
    deviceId: string;
    deviceName: string;
    verificationUri: string;
  }): Promise<DeviceAuthorizationResponse | 'busy'> {
    const now = this.now();
    await this.accounts.deleteExpiredDeviceCodes(now);
    if ((await this.accounts.pendingDeviceCodeCount(now)) >= SERVER_DEFAULTS.auth.maxPendingCodes) return 'busy';
    const deviceCode = generateOpaqueToken();
    for (let attempt = 0; ; attempt++) {
      const userCode = generateUserCode();
      try {
        await this.accounts.createDeviceCode({
          deviceCodeHash: hashToken(deviceCode),
          userCode,
          clientId: input.clientId,
          deviceId: input.deviceId,
          deviceName: input.deviceName,
          createdAt: now,
          expiresAt: now + this.codeTtlS * 1000,
          intervalS: this.intervalS,
          lastPollAt: null,
          status: 'pending',
          householdId: null,
          profileId: null,
        });
      } catch (err) {
        // A user-code collision (unique index): astronomically rare, try another.
        if (attempt < 3) continue;
        throw err;
      }
      const shown = formatUserCode(userCode);
      return {
        device_code: deviceCode,
        user_code: shown,
        verification_uri: input.verificationUri,
        verification_uri_complete: `${input.verificationUri}?code=${shown}`,
        expires_in: this.codeTtlS,
        interval: this.intervalS,
      };
    }
  }

  async pollDevice(deviceCode: string, clientId: string): Promise<PollOutcome> {
    const hash = hashToken(deviceCode);
    const row = await this.accounts.deviceCode(hash);
    if (!row) return { ok: false, error: 'invalid_grant', description: 'unknown device_code' };
    const now = this.now();
    const decision = decidePoll(row, clientId, now);
    if (decision.outcome === 'error') {
      if (decision.error !== 'invalid_grant' && decision.error !== 'expired_token') {
        await this.accounts.recordPoll(hash, now, decision.interval);
      }
      return {
        ok: false,
        error: decision.error,
        description: decision.description,
        ...(decision.error === 'slow_down' ? { interval: decision.interval } : {}),
      };
    }
    // Used once: only the poll that flips approved → consumed gets tokens.
    if (!(await this.accounts.consumeDeviceCode(hash)) || !row.householdId) {
      return { ok: false, error: 'invalid_grant', description: 'device_code was already used' };
    }
    const profile = row.profileId ? await this.accounts.profile(row.householdId, row.profileId) : undefined;
    // A new sign-in on this device replaces an earlier one of the same household.
    await this.revoke({ householdId: row.householdId, deviceId: row.deviceId });
    // Listed on the phones at once; the hub fills in platform and capabilities when it connects.
    await this.accounts.upsertDevice({
      householdId: row.householdId,
      id: row.deviceId,
      name: row.deviceName,
      kind: 'tv',
      platform: 'unknown',
      capabilities: [],
      lastSeenAt: now,
    });
    return { ok: true, tokens: await this.startSession(row.householdId, profile ?? null, row.deviceId, row.clientId) };
  }

  /** The code a phone typed or scanned, if it is still waiting for approval. */
  async pendingCode(userCode: string): Promise<DeviceCodeRow | 'unknown' | 'expired'> {
    const row = await this.accounts.deviceCodeByUserCode(userCode);
    if (!row) return 'unknown';
    if (row.status !== 'pending' || row.expiresAt <= this.now()) return 'expired';
    return row;
  }

  async decide(
    userCode: string,
    decision: { status: 'approved'; householdId: string; profileId: string } | { status: 'denied' },
  ): Promise<boolean> {
    return this.accounts.decideDeviceCode(userCode, decision, this.now());
  }

  expiresInSeconds(row: DeviceCodeRow): number {
    return Math.max(0, Math.ceil((row.expiresAt - this.now()) / 1000));
  }

  private async startSession(
    householdId: string,
    profile: ProfileRow | null,
    deviceId: string,
    clientId: string,
  ): Promise<TokenResponse> {
    const now = this.now();
    const session: Omit<SessionRow, 'revokedAt'> = {
      id: newId('ss'),
      householdId,
      profileId: profile?.id ?? null,
      deviceId,
      clientId,
      createdAt: now,
      lastUsedAt: now,
    };
    await this.accounts.createSession(session);
    return this.issue(session, profile);
  }

  private async issue(session: Pick<SessionRow, 'id' | 'householdId' | 'profileId' | 'deviceId'>, profile: ProfileRow | null): Promise<TokenResponse> {
    const refreshToken = generateOpaqueToken();
    const now = this.now();
    await this.accounts.addRefreshToken({
      tokenHash: hashToken(refreshToken),
      sessionId: session.id,
      createdAt: now,
      expiresAt: now + SERVER_DEFAULTS.auth.refreshTokenTtlSeconds * 1000,
    });
    const accessToken = await this.tokens.sign({
      sessionId: session.id,
      householdId: session.householdId,
      profileId: session.profileId,
      deviceId: session.deviceId,
    });
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: this.tokens.lifetimeSeconds,
      refresh_token: refreshToken,
      profile: profile ? toProfile(profile) : null,
    };
  }

  private pruneRevoked(now: number): void {
    const horizon = now - this.tokens.lifetimeSeconds * 1000;
    for (const [id, at] of this.revoked) if (at < horizon) this.revoked.delete(id);
  }
}
