/**
 * The household repository over Kysely (account-store.ts states the contract). Conditional writes
 * put their condition in the WHERE clause and read the affected row count, so the database, not a
 * read-then-write in JS, decides who wins a race.
 */
import type { Kysely, Selectable } from 'kysely';
import type {
  AccountStore,
  DeviceCodeRow,
  DeviceRow,
  HouseholdRow,
  NewDevice,
  ProfileRow,
  RefreshTokenRow,
  SessionRow,
} from './account-store';
import type { DeviceCodesTable, EncoreDatabase, ProfilesTable, SessionsTable } from './schema';

export interface KyselyAccountStoreOptions {}

const affected = (r: { numUpdatedRows?: bigint; numDeletedRows?: bigint; numInsertedOrUpdatedRows?: bigint } | undefined) =>
  Number(r?.numUpdatedRows ?? r?.numDeletedRows ?? r?.numInsertedOrUpdatedRows ?? 0);

function toProfile(r: Selectable<ProfilesTable>): ProfileRow {
  return {
    id: r.id,
    householdId: r.household_id,
    name: r.name,
    color: r.color,
    isDefault: r.is_default === 1,
    position: r.position,
  };
}

function toSession(r: Selectable<SessionsTable>): SessionRow {
  return {
    id: r.id,
    householdId: r.household_id,
    profileId: r.profile_id,
    deviceId: r.device_id,
    clientId: r.client_id,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  };
}

function toDeviceCode(r: Selectable<DeviceCodesTable>): DeviceCodeRow {
  return {
    deviceCodeHash: r.device_code_hash,
    userCode: r.user_code,
    clientId: r.client_id,
    deviceId: r.device_id,
    deviceName: r.device_name,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    intervalS: r.interval_s,
    lastPollAt: r.last_poll_at,
    status: r.status,
    householdId: r.household_id,
    profileId: r.profile_id,
  };
}

export class KyselyAccountStore implements AccountStore {
  constructor(
    private readonly db: Kysely<EncoreDatabase>,
    _options: KyselyAccountStoreOptions = {},
  ) {}

  async createHousehold(input: {
    id: string;
    login: string;
    passwordHash: string;
    profile: { id: string; name: string; color: string };
    now: number;
  }): Promise<{ household: HouseholdRow; profile: ProfileRow } | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('households')
        .values({ id: input.id, login: input.login, password_hash: input.passwordHash, created_at: input.now })
        .onConflict((oc) => oc.column('login').doNothing())
        .executeTakeFirst();
      if (affected(inserted) === 0) return undefined;
      const profile = {
        id: input.profile.id,
        household_id: input.id,
        name: input.profile.name,
        color: input.profile.color,
        is_default: 1,
        position: 0,
        created_at: input.now,
      };
      await trx.insertInto('profiles').values(profile).execute();
      return {
        household: { id: input.id, login: input.login, passwordHash: input.passwordHash, createdAt: input.now },
        profile: toProfile(profile),
      };
    });
  }

  async householdByLogin(login: string): Promise<HouseholdRow | undefined> {
    const r = await this.db.selectFrom('households').where('login', '=', login).selectAll().executeTakeFirst();
    return r && { id: r.id, login: r.login, passwordHash: r.password_hash, createdAt: r.created_at };
  }

  async household(id: string): Promise<HouseholdRow | undefined> {
    const r = await this.db.selectFrom('households').where('id', '=', id).selectAll().executeTakeFirst();
    return r && { id: r.id, login: r.login, passwordHash: r.password_hash, createdAt: r.created_at };
  }

  async profiles(householdId: string): Promise<ProfileRow[]> {
    const rows = await this.db
      .selectFrom('profiles')
      .where('household_id', '=', householdId)
      .orderBy('position')
      .orderBy('id')
      .selectAll()
      .execute();
    return rows.map(toProfile);
  }

  async profile(householdId: string, profileId: string): Promise<ProfileRow | undefined> {
    const r = await this.db
      .selectFrom('profiles')
      .where('household_id', '=', householdId)
      .where('id', '=', profileId)
      .selectAll()
      .executeTakeFirst();
    return r && toProfile(r);
  }

  async createProfile(
    householdId: string,
    input: { id: string; name: string; color: string; now: number },
    max: number,
  ): Promise<ProfileRow | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const { n, last } = await trx
        .selectFrom('profiles')
        .where('household_id', '=', householdId)
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('position').as('last')])
        .executeTakeFirstOrThrow();
      if (Number(n) >= max) return undefined;
      const row = {
        id: input.id,
        household_id: householdId,
        name: input.name,
        color: input.color,
        is_default: 0,
        position: Number(last ?? -1) + 1,
        created_at: input.now,
      };
      await trx.insertInto('profiles').values(row).execute();
      return toProfile(row);
    });
  }

  async createSession(row: Omit<SessionRow, 'revokedAt'>): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        id: row.id,
        household_id: row.householdId,
        profile_id: row.profileId,
        device_id: row.deviceId,
        client_id: row.clientId,
        created_at: row.createdAt,
        last_used_at: row.lastUsedAt,
        revoked_at: null,
      })
      .execute();
  }

  async session(id: string): Promise<SessionRow | undefined> {
    const r = await this.db.selectFrom('sessions').where('id', '=', id).selectAll().executeTakeFirst();
    return r && toSession(r);
  }

  async liveSessions(householdId: string): Promise<SessionRow[]> {
    const rows = await this.db
      .selectFrom('sessions')
      .where('household_id', '=', householdId)
      .where('revoked_at', 'is', null)
      .orderBy('created_at')
      .selectAll()
      .execute();
    return rows.map(toSession);
  }

  async setSessionProfile(sessionId: string, profileId: string | null, now: number): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ profile_id: profileId, last_used_at: now })
      .where('id', '=', sessionId)
      .execute();
  }

  async revokeSessions(
    where: { sessionId: string } | { householdId: string; deviceId: string },
    now: number,
  ): Promise<string[]> {
    return this.db.transaction().execute(async (trx) => {
      let q = trx.selectFrom('sessions').where('revoked_at', 'is', null).select('id');
      q = 'sessionId' in where
        ? q.where('id', '=', where.sessionId)
        : q.where('household_id', '=', where.householdId).where('device_id', '=', where.deviceId);
      const ids = (await q.execute()).map((r) => r.id);
      if (ids.length === 0) return [];
      await trx.updateTable('sessions').set({ revoked_at: now }).where('id', 'in', ids).execute();
      await trx.deleteFrom('refresh_tokens').where('session_id', 'in', ids).execute();
      return ids;
    });
  }

  async sessionsRevokedSince(since: number): Promise<string[]> {
    const rows = await this.db.selectFrom('sessions').where('revoked_at', '>=', since).select('id').execute();
    return rows.map((r) => r.id);
  }

  async addRefreshToken(row: Omit<RefreshTokenRow, 'usedAt'>): Promise<void> {
    await this.db
      .insertInto('refresh_tokens')
      .values({
        token_hash: row.tokenHash,
        session_id: row.sessionId,
        created_at: row.createdAt,
        expires_at: row.expiresAt,
        used_at: null,
      })
      .execute();
  }

  async refreshToken(tokenHash: string): Promise<RefreshTokenRow | undefined> {
    const r = await this.db.selectFrom('refresh_tokens').where('token_hash', '=', tokenHash).selectAll().executeTakeFirst();
    return (
      r && {
        tokenHash: r.token_hash,
        sessionId: r.session_id,
        createdAt: r.created_at,
        expiresAt: r.expires_at,
        usedAt: r.used_at,
      }
    );
  }

  async markRefreshUsed(tokenHash: string, now: number): Promise<boolean> {
    const r = await this.db
      .updateTable('refresh_tokens')
      .set({ used_at: now })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return affected(r) === 1;
  }

  async deleteStaleRefreshTokens(before: number): Promise<number> {
    const r = await this.db
      .deleteFrom('refresh_tokens')
      .where((eb) => eb.or([eb('used_at', '<', before), eb('expires_at', '<', before)]))
      .executeTakeFirst();
    return affected(r);
  }

  async retireRefreshTokens(sessionId: string, now: number): Promise<void> {
    await this.db
      .updateTable('refresh_tokens')
      .set({ used_at: now })
      .where('session_id', '=', sessionId)
      .where('used_at', 'is', null)
      .execute();
  }

  async createDeviceCode(row: DeviceCodeRow): Promise<void> {
    await this.db
      .insertInto('device_codes')
      .values({
        device_code_hash: row.deviceCodeHash,
        user_code: row.userCode,
        client_id: row.clientId,
        device_id: row.deviceId,
        device_name: row.deviceName,
        created_at: row.createdAt,
        expires_at: row.expiresAt,
        interval_s: row.intervalS,
        last_poll_at: row.lastPollAt,
        status: row.status,
        household_id: row.householdId,
        profile_id: row.profileId,
      })
      .execute();
  }

  async deviceCode(deviceCodeHash: string): Promise<DeviceCodeRow | undefined> {
    const r = await this.db
      .selectFrom('device_codes')
      .where('device_code_hash', '=', deviceCodeHash)
      .selectAll()
      .executeTakeFirst();
    return r && toDeviceCode(r);
  }

  async deviceCodeByUserCode(userCode: string): Promise<DeviceCodeRow | undefined> {
    const r = await this.db.selectFrom('device_codes').where('user_code', '=', userCode).selectAll().executeTakeFirst();
    return r && toDeviceCode(r);
  }

  async recordPoll(deviceCodeHash: string, now: number, intervalS: number): Promise<void> {
    await this.db
      .updateTable('device_codes')
      .set({ last_poll_at: now, interval_s: intervalS })
      .where('device_code_hash', '=', deviceCodeHash)
      .execute();
  }

  async decideDeviceCode(
    userCode: string,
    decision: { status: 'approved'; householdId: string; profileId: string } | { status: 'denied' },
    now: number,
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('device_codes')
      .set(
        decision.status === 'approved'
          ? { status: 'approved', household_id: decision.householdId, profile_id: decision.profileId }
          : { status: 'denied' },
      )
      .where('user_code', '=', userCode)
      .where('status', '=', 'pending')
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return affected(r) === 1;
  }

  async consumeDeviceCode(deviceCodeHash: string): Promise<boolean> {
    const r = await this.db
      .updateTable('device_codes')
      .set({ status: 'consumed' })
      .where('device_code_hash', '=', deviceCodeHash)
      .where('status', '=', 'approved')
      .executeTakeFirst();
    return affected(r) === 1;
  }

  async deleteExpiredDeviceCodes(before: number): Promise<number> {
    const r = await this.db.deleteFrom('device_codes').where('expires_at', '<', before).executeTakeFirst();
    return affected(r);
  }

  async pendingDeviceCodeCount(now: number): Promise<number> {
    const r = await this.db
      .selectFrom('device_codes')
      .where('status', '=', 'pending')
      .where('expires_at', '>', now)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async upsertDevice(d: NewDevice): Promise<void> {
    await this.db
      .insertInto('devices')
      .values({
        household_id: d.householdId,
        id: d.id,
        name: d.name,
        kind: d.kind,
        platform: d.platform,
        capabilities_json: JSON.stringify(d.capabilities),
        last_seen_at: d.lastSeenAt,
        state_json: null,
        state_version: 0,
      })
      .onConflict((oc) =>
        // A user's rename wins over the name the device reports on every connect.
        oc.columns(['household_id', 'id']).doUpdateSet((eb) => ({
          kind: eb.ref('excluded.kind'),
          platform: eb.ref('excluded.platform'),
          capabilities_json: eb.ref('excluded.capabilities_json'),
          last_seen_at: eb.ref('excluded.last_seen_at'),
        })),
      )
      .execute();
  }

  async devices(householdId: string): Promise<DeviceRow[]> {
    const rows = await this.db
      .selectFrom('devices')
      .where('household_id', '=', householdId)
      .orderBy('last_seen_at', 'desc')
      .orderBy('id')
      .selectAll()
      .execute();
    return rows.map((r) => ({
      householdId: r.household_id,
      id: r.id,
      name: r.name,
      kind: r.kind,
      platform: r.platform,
      capabilities: JSON.parse(r.capabilities_json) as string[],
      lastSeenAt: r.last_seen_at,
      stateJson: r.state_json,
      stateVersion: r.state_version,
    }));
  }

  async renameDevice(householdId: string, deviceId: string, name: string): Promise<boolean> {
    const r = await this.db
      .updateTable('devices')
      .set({ name })
      .where('household_id', '=', householdId)
      .where('id', '=', deviceId)
      .executeTakeFirst();
    return affected(r) === 1;
  }

  async saveDeviceState(householdId: string, deviceId: string, stateJson: string, version: number): Promise<boolean> {
    const r = await this.db
      .updateTable('devices')
      .set({ state_json: stateJson, state_version: version })
      .where('household_id', '=', householdId)
      .where('id', '=', deviceId)
      .where('state_version', '<', version)
      .executeTakeFirst();
    return affected(r) === 1;
  }
}
