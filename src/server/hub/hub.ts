/**
 * The household hub behind /api/v1/hub: authenticated sockets grouped by household, presence of
 * each device, and the playback state every device reports, kept (the newest version wins) and
 * passed on to the household's other connections. The remote-control namespace builds on it.
 *
 * Bounds, so no client can grow the server's memory or stall it: a message over 64 KB closes the
 * socket (1009, enforced by ws before parsing); each connection has a message budget (1008 past
 * it); a socket that has not authenticated within 5 s is closed (4401); a consumer whose unsent
 * bytes pass `maxBufferedBytes` is dropped; a peer that misses a heartbeat is terminated. Every
 * message is validated against the protocol; an invalid one is answered with `error` naming the
 * reason and its requestId.
 *
 * Party guests (party/party-service.ts) connect with a guest token instead of an access token.
 * Their sockets belong to no household group: they never see presence, device states or other
 * devices, only their party's host TV (its presence, its MEDIA_STATUS broadcasts, get_devices
 * answered with that TV alone) through the remote relay; ending the party or removing the guest
 * closes them with PARTY_ENDED / PARTY_REMOVED after a `party_closed` message.
 */
import { randomBytes } from 'node:crypto';
import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import {
  HUB_BEARER_PREFIX,
  HubAuth,
  HubClose,
  HubGetDevices,
  HubHello,
  HubRemoteMessage,
  HubRemoteRequest,
  HubState,
  PARTY_TOKEN_PREFIX,
  PlaybackState,
  type DeviceInfo,
  type HubErrorReason,
  type ServerMessage,
} from '../../protocol';
import type { AccountStore, CatalogueStore } from '../../store';
import type { AuthContext } from '../auth/access-tokens';
import type { AuthService } from '../auth/auth-service';
import { TokenBucketLimiter } from '../http/token-bucket-limiter';
import { SERVER_DEFAULTS } from '../server-defaults';
import type { PartyClosedReason } from '../../protocol';
import type { PartyService } from '../party/party-service';
import { RemoteRelay, type RelayGuest } from './remote-relay';

type Bucket = { capacity: number; refillPerSecond: number };
export interface HubLimits {
  authDeadlineMs: number;
  heartbeatMs: number;
  maxBufferedBytes: number;
  messageRate: Bucket;
  upgradesPerIp: Bucket;
}
type Limits = HubLimits;

export interface HubOptions {
  auth: AuthService;
  accounts: AccountStore;
  catalogue: CatalogueStore;
  log: FastifyBaseLogger;
  limits?: Partial<Limits>;
  now?: () => number;
  /** Parties whose guests may connect with guest tokens; without it only access tokens work. */
  parties?: PartyService;
}

interface Connection {
  readonly id: string;
  readonly socket: WebSocket;
  auth: AuthContext | null;
  /** Set instead of `auth` for a party guest's socket. */
  guest: (RelayGuest & { partyId: string }) | null;
  greeted: boolean;
  /** What its hello said; the remote relay names senders and finds receivers by it. */
  device: { name: string; capabilities: string[] } | null;
  alive: boolean;
  authTimer: NodeJS.Timeout | null;
  /**
   * This socket's work, in arrival order: the subprotocol token check, then each message. A
   * message waits for the one before it (hello's device row before a state that needs it).
   */
  queue: Promise<void>;
}

const validators: Record<string, TypeCheck<TSchema>> = {
  auth: TypeCompiler.Compile(HubAuth),
  hello: TypeCompiler.Compile(HubHello),
  state: TypeCompiler.Compile(HubState),
  get_devices: TypeCompiler.Compile(HubGetDevices),
  remote_request: TypeCompiler.Compile(HubRemoteRequest),
  remote_message: TypeCompiler.Compile(HubRemoteMessage),
};
const checkState = TypeCompiler.Compile(PlaybackState);

/** The token a browser put in Sec-WebSocket-Protocol (`encore.bearer.<jwt>`), if any. */
export function tokenFromProtocols(header: string | string[] | undefined): string | undefined {
  const values = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',');
  for (const v of values) {
    const p = v.trim();
    if (p.startsWith(HUB_BEARER_PREFIX)) return p.slice(HUB_BEARER_PREFIX.length);
  }
  return undefined;
}

/** Why a parsed message is refused, or null when it is valid. */
export function validateClientMessage(msg: unknown): { reason: HubErrorReason; message: string } | null {
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) {
    return { reason: 'INVALID_MESSAGE', message: 'a message is a JSON object with a "type"' };
  }
  const type = (msg as { type?: unknown }).type;
  if (typeof type !== 'string') return { reason: 'INVALID_MESSAGE', message: 'type: is required' };
  const check = Object.hasOwn(validators, type) ? validators[type] : undefined;
  if (!check) return { reason: 'UNKNOWN_TYPE', message: `type: "${type.slice(0, 40)}" is not a hub message` };
  if (check.Check(msg)) return null;
  const first = check.Errors(msg).First();
  const field = first?.path.replace(/^\//, '').replaceAll('/', '.') || 'message';
  return { reason: 'INVALID_MESSAGE', message: `${field}: ${first?.message ?? 'is invalid'}` };
}

function requestIdOf(msg: unknown): number | null {
  const id = typeof msg === 'object' && msg !== null ? (msg as { requestId?: unknown }).requestId : undefined;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
}

export class Hub {
  private readonly households = new Map<string, Set<Connection>>();
  private readonly connections = new Set<Connection>();
  readonly limits: Limits;
  private readonly messages: TokenBucketLimiter;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  private readonly now: () => number;
  /** Party guests' sockets by party id. */
  private readonly partyGuests = new Map<string, Set<Connection>>();
  private readonly guestAdds: TokenBucketLimiter;
  private readonly unsubscribeParties: () => void;
  private readonly relay = new RemoteRelay({
    peers: (householdId) => this.households.get(householdId) ?? [],
    guests: (householdId, hostDeviceId) => this.guestsOfHost(householdId, hostDeviceId),
    takeGuestAdd: (guestId) => this.guestAdds.take(guestId).allowed,
    send: (peer, msg) => this.send(peer as Connection, msg),
    error: (peer, requestId, reason, message) => this.error(peer as Connection, requestId, reason, message),
  });

  constructor(private readonly opts: HubOptions) {
    this.limits = { ...SERVER_DEFAULTS.hub, ...opts.limits };
    this.now = opts.now ?? Date.now;
    // One bucket per open connection, forgotten when it closes: bounded by the connections held.
    this.messages = new TokenBucketLimiter({ ...this.limits.messageRate, maxKeys: 100_000 });
    this.heartbeat = setInterval(() => this.beat(), this.limits.heartbeatMs);
    this.heartbeat.unref();
    this.unsubscribe = opts.auth.onRevoked((ids, by) => this.signOut(ids, by));
    this.guestAdds = new TokenBucketLimiter({ ...SERVER_DEFAULTS.party.addsPerGuest, maxKeys: 100_000 });
    this.unsubscribeParties = opts.parties?.onClosed((partyId, guestIds, reason) => this.closeGuests(partyId, guestIds, reason)) ?? (() => {});
  }

  get size(): number {
    return this.connections.size;
  }

  /** Takes a freshly upgraded socket; `originAllowed` was decided by the route. */
  accept(socket: WebSocket, request: { headers: Record<string, string | string[] | undefined> }, originAllowed: boolean): void {
    const conn: Connection = {
      id: randomBytes(8).toString('hex'),
      socket,
      auth: null,
      guest: null,
      greeted: false,
      device: null,
      alive: true,
      authTimer: null,
      queue: Promise.resolve(),
    };
    if (!originAllowed) {
      socket.close(HubClose.ORIGIN, 'origin not allowed');
      return;
    }
    this.connections.add(conn);
    socket.on('pong', () => (conn.alive = true));
    socket.on('message', (data, isBinary) => {
      // The budget is spent on arrival, so a flood is cut off however far behind the queue is.
      if (!this.messages.take(conn.id).allowed) {
        this.closeConn(conn, HubClose.RATE_LIMITED, 'too many messages');
        return;
      }
      conn.queue = conn.queue.then(() => this.onMessage(conn, data, isBinary));
    });
    socket.on('close', () => this.drop(conn));
    socket.on('error', (err) => this.opts.log.debug({ err }, 'hub socket error'));

    const token = tokenFromProtocols(request.headers['sec-websocket-protocol']);
    if (token !== undefined) {
      conn.queue = this.authenticate(conn, token).catch((err: unknown) => {
        this.opts.log.error({ err }, 'hub authentication failed');
        this.closeConn(conn, HubClose.UNAUTHENTICATED, 'token could not be checked');
      });
    } else {
      conn.authTimer = setTimeout(() => this.closeConn(conn, HubClose.UNAUTHENTICATED, 'no token within 5 s'), this.limits.authDeadlineMs);
    }
  }

  /** The household's devices with presence, sign-in and what each last played. */
  async deviceList(householdId: string): Promise<DeviceInfo[]> {
    const [rows, sessions] = await Promise.all([
      this.opts.accounts.devices(householdId),
      this.opts.accounts.liveSessions(householdId),
    ]);
    const online = this.onlineDevices(householdId);
    const signedIn = new Set(sessions.map((s) => s.deviceId));
    return Promise.all(
      rows.map(async (r): Promise<DeviceInfo> => {
        const parsed: unknown = r.stateJson ? JSON.parse(r.stateJson) : null;
        const state = parsed !== null && checkState.Check(parsed) ? parsed : null;
        const track = state?.trackId ? await this.opts.catalogue.track(state.trackId) : undefined;
        return {
          id: r.id,
          name: r.name,
          kind: r.kind,
          platform: r.platform,
          online: online.has(r.id),
          lastSeenAt: r.lastSeenAt,
          signedIn: signedIn.has(r.id),
          state,
          nowPlaying: track ? { title: track.title, artist: track.artistName, durationMs: track.durationMs } : null,
        };
      }),
    );
  }

  /** Sessions were revoked (by one of them, or by another device): their sockets are told and closed. */
  signOut(sessionIds: readonly string[], by?: string): void {
    const ids = new Set(sessionIds);
    for (const conn of this.connections) {
      if (conn.auth && ids.has(conn.auth.sessionId)) {
        this.send(conn, { type: 'signed_out', reason: conn.auth.sessionId === by ? 'this-session' : 'elsewhere' });
        this.closeConn(conn, HubClose.UNAUTHENTICATED, 'signed out');
      }
    }
  }

  /** Server shutdown: every socket gets 1001. */
  close(): void {
    clearInterval(this.heartbeat);
    this.unsubscribe();
    this.unsubscribeParties();
    for (const conn of [...this.connections]) this.closeConn(conn, HubClose.GOING_AWAY, 'server stopping');
    this.messages.destroy();
    this.guestAdds.destroy();
  }

  private onlineDevices(householdId: string): Set<string> {
    const set = new Set<string>();
    for (const c of this.households.get(householdId) ?? []) if (c.auth) set.add(c.auth.deviceId);
    return set;
  }

  private async authenticate(conn: Connection, token: string): Promise<void> {
    if (token.startsWith(PARTY_TOKEN_PREFIX)) return this.authenticateGuest(conn, token);
    const result = await this.opts.auth.authenticate(token);
    if (conn.socket.readyState !== conn.socket.OPEN) return;
    if (!result.ok) {
      this.closeConn(conn, HubClose.UNAUTHENTICATED, result.reason === 'expired' ? 'token expired' : 'token invalid');
      return;
    }
    if (conn.authTimer) clearTimeout(conn.authTimer);
    conn.authTimer = null;
    conn.auth = result.auth;
    const wasOnline = this.onlineDevices(result.auth.householdId).has(result.auth.deviceId);
    let group = this.households.get(result.auth.householdId);
    if (!group) this.households.set(result.auth.householdId, (group = new Set()));
    group.add(conn);
    this.send(conn, {
      type: 'welcome',
      connectionId: conn.id,
      householdId: result.auth.householdId,
      deviceId: result.auth.deviceId,
      profileId: result.auth.profileId,
    });
    if (!wasOnline) this.broadcast(conn, { type: 'presence', deviceId: result.auth.deviceId, online: true });
  }

  private authenticateGuest(conn: Connection, token: string): void {
    const result = this.opts.parties?.authenticateGuest(token) ?? { ok: false as const, reason: 'invalid' as const };
    if (conn.socket.readyState !== conn.socket.OPEN) return;
    if (!result.ok) {
      if (result.reason === 'invalid') return this.closeConn(conn, HubClose.UNAUTHENTICATED, 'guest pass invalid');
      return this.closeGuest(conn, result.reason);
    }
    if (conn.authTimer) clearTimeout(conn.authTimer);
    conn.authTimer = null;
    const { party, guest } = result;
    conn.guest = {
      partyId: party.partyId,
      guestId: guest.guestId,
      name: guest.name,
      householdId: party.householdId,
      hostDeviceId: party.hostDeviceId,
      maxPending: () => party.maxPending,
    };
    let group = this.partyGuests.get(party.partyId);
    if (!group) this.partyGuests.set(party.partyId, (group = new Set()));
    group.add(conn);
    this.send(conn, {
      type: 'welcome',
      connectionId: conn.id,
      householdId: '',
      deviceId: guest.guestId,
      profileId: null,
      party: { partyId: party.partyId, guestId: guest.guestId, name: guest.name, hostDeviceId: party.hostDeviceId, maxPending: party.maxPending },
    });
  }

  /** A guest's socket may ask little: who the host TV is, and what the relay lets through. */
  private async dispatchGuest(conn: Connection & { guest: RelayGuest }, m: { type: string } & Record<string, unknown>, requestId: number | null): Promise<void> {
    const g = conn.guest;
    switch (m.type) {
      case 'hello':
        conn.greeted = true;
        conn.device = { name: g.name, capabilities: [] };
        return this.send(conn, { type: 'ack', requestId });
      case 'get_devices': {
        const devices = (await this.deviceList(g.householdId)).filter((d) => d.id === g.hostDeviceId);
        return this.send(conn, { type: 'devices', requestId, devices });
      }
      case 'remote_request':
        if (!conn.greeted) return this.error(conn, requestId, 'HELLO_FIRST', 'send hello before remote_request');
        return this.relay.guestRequest(conn, m.targetDeviceId as string, m.request);
      default:
        return this.error(conn, requestId, 'NOT_ALLOWED', `a party guest cannot send ${m.type}`);
    }
  }

  private *guestsOfHost(householdId: string, hostDeviceId: string): Iterable<Connection & { guest: RelayGuest }> {
    const party = this.opts.parties?.partyOf(householdId);
    if (!party || party.hostDeviceId !== hostDeviceId) return;
    for (const c of this.partyGuests.get(party.partyId) ?? []) if (c.guest) yield c as Connection & { guest: RelayGuest };
  }

  /** The party ended or removed guests: their sockets are told why and closed. */
  private closeGuests(partyId: string, guestIds: readonly string[], reason: PartyClosedReason): void {
    const ids = new Set(guestIds);
    for (const conn of [...(this.partyGuests.get(partyId) ?? [])]) {
      if (reason === 'ended' || (conn.guest && ids.has(conn.guest.guestId))) this.closeGuest(conn, reason);
    }
  }

  private closeGuest(conn: Connection, reason: PartyClosedReason): void {
    this.send(conn, { type: 'party_closed', reason });
    if (reason === 'ended') this.closeConn(conn, HubClose.PARTY_ENDED, 'the host ended the party');
    else this.closeConn(conn, HubClose.PARTY_REMOVED, 'the host removed you from the party');
  }

  private async onMessage(conn: Connection, data: unknown, isBinary: boolean): Promise<void> {
    if (!this.connections.has(conn)) return;
    let msg: unknown;
    try {
      if (isBinary) throw new Error('binary');
      msg = JSON.parse(String(data));
    } catch {
      this.error(conn, null, 'INVALID_JSON', 'a message is one JSON text frame');
      return;
    }
    const requestId = requestIdOf(msg);
    const invalid = validateClientMessage(msg);
    if (invalid) {
      this.error(conn, requestId, invalid.reason, invalid.message);
      return;
    }
    const m = msg as { type: string } & Record<string, unknown>;
    try {
      await this.dispatch(conn, m, requestId);
    } catch (err) {
      this.opts.log.error({ err }, 'hub message failed');
      this.error(conn, requestId, 'INVALID_MESSAGE', 'the server could not handle this message');
    }
  }

  private async dispatch(conn: Connection, m: { type: string } & Record<string, unknown>, requestId: number | null): Promise<void> {
    if (m.type === 'auth') {
      if (conn.auth || conn.guest) return this.error(conn, requestId, 'ALREADY_AUTHENTICATED', 'this socket is authenticated already');
      return this.authenticate(conn, m.token as string);
    }
    const auth = conn.auth;
    if (conn.guest) return this.dispatchGuest(conn as Connection & { guest: RelayGuest }, m, requestId);
    if (!auth) return this.closeConn(conn, HubClose.UNAUTHENTICATED, 'authenticate first');
    switch (m.type) {
      case 'hello': {
        const device = (m as unknown as typeof HubHello.static).device;
        await this.opts.accounts.upsertDevice({
          householdId: auth.householdId,
          id: auth.deviceId,
          name: device.name,
          kind: device.kind,
          platform: device.platform,
          capabilities: device.capabilities,
          lastSeenAt: this.now(),
        });
        conn.greeted = true;
        conn.device = { name: device.name, capabilities: device.capabilities };
        return this.send(conn, { type: 'ack', requestId });
      }
      case 'state': {
        if (!conn.greeted) return this.error(conn, requestId, 'HELLO_FIRST', 'send hello before state');
        const state = (m as unknown as typeof HubState.static).state;
        const stored = await this.opts.accounts.saveDeviceState(auth.householdId, auth.deviceId, JSON.stringify(state), state.version);
        if (!stored) return this.error(conn, requestId, 'STALE_VERSION', 'a newer state of this device is stored');
        this.broadcast(conn, { type: 'device_state', deviceId: auth.deviceId, state });
        return this.send(conn, { type: 'ack', requestId });
      }
      case 'get_devices':
        return this.send(conn, { type: 'devices', requestId, devices: await this.deviceList(auth.householdId) });
      case 'remote_request':
      case 'remote_message': {
        if (!conn.greeted) return this.error(conn, requestId, 'HELLO_FIRST', `send hello before ${m.type}`);
        const from = conn as Connection & { auth: AuthContext };
        if (m.type === 'remote_request') return this.relay.request(from, m.targetDeviceId as string, m.request);
        return this.relay.message(from, requestId, m.to as string | undefined, m.message);
      }
    }
  }

  /** To every other authenticated connection of the sender's household (and a party's guests: its host's presence). */
  private broadcast(from: Connection, msg: ServerMessage): void {
    if (!from.auth) return;
    const payload = JSON.stringify(msg);
    for (const c of this.households.get(from.auth.householdId) ?? []) if (c !== from) this.sendRaw(c, payload);
    if (msg.type === 'presence') for (const g of this.guestsOfHost(from.auth.householdId, msg.deviceId)) this.sendRaw(g, payload);
  }

  private error(conn: Connection, requestId: number | null, reason: HubErrorReason, message: string): void {
    this.send(conn, { type: 'error', requestId, reason, message });
  }

  private send(conn: Connection, msg: ServerMessage): void {
    this.sendRaw(conn, JSON.stringify(msg));
  }

  private sendRaw(conn: Connection, payload: string): void {
    if (conn.socket.readyState !== conn.socket.OPEN) return;
    conn.socket.send(payload);
    if (conn.socket.bufferedAmount > this.limits.maxBufferedBytes) {
      // A consumer that cannot keep up is dropped; it reconnects and asks for the state afresh.
      this.opts.log.warn({ connection: conn.id }, 'hub: dropping a slow consumer');
      conn.socket.terminate();
      this.drop(conn);
    }
  }

  private closeConn(conn: Connection, code: number, reason: string): void {
    if (conn.socket.readyState === conn.socket.OPEN || conn.socket.readyState === conn.socket.CONNECTING) {
      conn.socket.close(code, reason);
    }
    this.drop(conn);
  }

  private drop(conn: Connection): void {
    if (!this.connections.delete(conn)) return;
    this.messages.forget(conn.id);
    if (conn.authTimer) clearTimeout(conn.authTimer);
    if (conn.guest) {
      const guests = this.partyGuests.get(conn.guest.partyId);
      guests?.delete(conn);
      if (guests?.size === 0) this.partyGuests.delete(conn.guest.partyId);
      return;
    }
    if (!conn.auth) return;
    const group = this.households.get(conn.auth.householdId);
    group?.delete(conn);
    if (group && group.size === 0) this.households.delete(conn.auth.householdId);
    else if (group && !this.onlineDevices(conn.auth.householdId).has(conn.auth.deviceId)) {
      this.broadcast(conn, { type: 'presence', deviceId: conn.auth.deviceId, online: false });
    }
  }

  private beat(): void {
    for (const conn of [...this.connections]) {
      if (!conn.alive) {
        conn.socket.terminate();
        this.drop(conn);
        continue;
      }
      conn.alive = false;
      conn.socket.ping();
    }
  }
}
