/**
 * The household repository: accounts, profiles, sign-in sessions (refresh-token families), device
 * codes of the TV sign-in, and the household's devices with the playback state each reported.
 *
 * Contract: async; each method is atomic; the conditional writes (`markRefreshUsed`,
 * `consumeDeviceCode`, `saveDeviceState`) decide in the database, so two requests racing for the
 * same token or code cannot both win. Secrets are never stored: refresh tokens and device codes
 * arrive here already hashed, passwords as scrypt records. Every read that takes a household id
 * returns only that household's rows.
 */

export interface HouseholdRow {
  id: string;
  login: string;
  passwordHash: string;
  createdAt: number;
}

export interface ProfileRow {
  id: string;
  householdId: string;
  name: string;
  color: string;
  isDefault: boolean;
  position: number;
}

export interface SessionRow {
  id: string;
  householdId: string;
  profileId: string | null;
  deviceId: string;
  clientId: string;
  createdAt: number;
  lastUsedAt: number;
  revokedAt: number | null;
}

export interface RefreshTokenRow {
  tokenHash: string;
  sessionId: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

export type DeviceCodeStatus = 'pending' | 'approved' | 'denied' | 'consumed';

export interface DeviceCodeRow {
  deviceCodeHash: string;
  userCode: string;
  clientId: string;
  deviceId: string;
  deviceName: string;
  createdAt: number;
  expiresAt: number;
  intervalS: number;
  lastPollAt: number | null;
  status: DeviceCodeStatus;
  householdId: string | null;
  profileId: string | null;
}

export interface DeviceRow {
  householdId: string;
  id: string;
  name: string;
  kind: string;
  platform: string;
  capabilities: string[];
  lastSeenAt: number;
  /** The last playback state it reported (protocol PlaybackState as JSON), or null. */
  stateJson: string | null;
  stateVersion: number;
}

export interface NewDevice {
  householdId: string;
  id: string;
  name: string;
  kind: string;
  platform: string;
  capabilities: string[];
  lastSeenAt: number;
}

export interface AccountStore {
  /** Creates the household with its first (default) profile; undefined when the login is taken. */
  createHousehold(input: {
    id: string;
    login: string;
    passwordHash: string;
    profile: { id: string; name: string; color: string };
    now: number;
  }): Promise<{ household: HouseholdRow; profile: ProfileRow } | undefined>;
  householdByLogin(login: string): Promise<HouseholdRow | undefined>;
  household(id: string): Promise<HouseholdRow | undefined>;

  /** In the household's order (position). */
  profiles(householdId: string): Promise<ProfileRow[]>;
  /** The profile when it belongs to the household. */
  profile(householdId: string, profileId: string): Promise<ProfileRow | undefined>;
  /** Undefined when the household already has `max` profiles. */
  createProfile(
    householdId: string,
    input: { id: string; name: string; color: string; now: number },
    max: number,
  ): Promise<ProfileRow | undefined>;

  createSession(row: Omit<SessionRow, 'revokedAt'>): Promise<void>;
  session(id: string): Promise<SessionRow | undefined>;
  /** The household's sessions that are not revoked. */
  liveSessions(householdId: string): Promise<SessionRow[]>;
  setSessionProfile(sessionId: string, profileId: string | null, now: number): Promise<void>;
  /** Revokes the sessions and their refresh tokens; returns the ids it revoked (already revoked ones excluded). */
  revokeSessions(where: { sessionId: string } | { householdId: string; deviceId: string }, now: number): Promise<string[]>;
  /** Ids of sessions revoked at or after `since` (the BFF keeps them to refuse live access tokens). */
  sessionsRevokedSince(since: number): Promise<string[]>;

  addRefreshToken(row: Omit<RefreshTokenRow, 'usedAt'>): Promise<void>;
  refreshToken(tokenHash: string): Promise<RefreshTokenRow | undefined>;
  /** True when this call marked it used; false when it was used already (a replay). */
  markRefreshUsed(tokenHash: string, now: number): Promise<boolean>;
  /**
   * Deletes refresh tokens used or expired before `before`: a used one is kept a while so its
   * replay is still recognised (and revokes its family), then it is only a row.
   */
  deleteStaleRefreshTokens(before: number): Promise<number>;
  /** Marks every unused refresh token of the session used (a new one is about to replace them). */
  retireRefreshTokens(sessionId: string, now: number): Promise<void>;

  createDeviceCode(row: DeviceCodeRow): Promise<void>;
  deviceCode(deviceCodeHash: string): Promise<DeviceCodeRow | undefined>;
  deviceCodeByUserCode(userCode: string): Promise<DeviceCodeRow | undefined>;
  /** Records a poll; the interval may have grown (slow_down). */
  recordPoll(deviceCodeHash: string, now: number, intervalS: number): Promise<void>;
  /** pending → approved/denied; false when the code was not pending (or is expired). */
  decideDeviceCode(
    userCode: string,
    decision: { status: 'approved'; householdId: string; profileId: string } | { status: 'denied' },
    now: number,
  ): Promise<boolean>;
  /** approved → consumed; true only for the one caller that consumed it. */
  consumeDeviceCode(deviceCodeHash: string): Promise<boolean>;
  deleteExpiredDeviceCodes(before: number): Promise<number>;
  /** Pending codes, for the total guess budget. */
  pendingDeviceCodeCount(now: number): Promise<number>;

  upsertDevice(device: NewDevice): Promise<void>;
  devices(householdId: string): Promise<DeviceRow[]>;
  renameDevice(householdId: string, deviceId: string, name: string): Promise<boolean>;
  /** Stored only when `version` is newer than the stored one (states arrive out of order). */
  saveDeviceState(householdId: string, deviceId: string, stateJson: string, version: number): Promise<boolean>;
}
