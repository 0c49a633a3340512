/**
 * Relays the remote-control namespace (protocol/remote.ts) between a household's controllers and
 * its receivers, beside the hub (hub.ts) which owns the sockets. What the relay guarantees:
 * - a request reaches a receiver only if it is valid, names an online receiver of the sender's
 *   own household, and its requestId is new for that sender (else DUPLICATE_REQUEST_ID);
 * - the receiver learns who sent it from the hub (device id and the name its hello gave), never
 *   from the sender's claims;
 * - a receiver's message is checked before it is passed on, and goes to one device or to every
 *   other connection of the household.
 * Every refusal is answered, as a `remote_message` carrying the error, to the sender alone.
 *
 * Party guests (party/party-service.ts) are relayed too, more narrowly: a guest reaches only its
 * party's host TV, only with GUEST_REQUESTS (anything else is refused NOT_ALLOWED here, and the
 * receiver refuses it again), its adds are rate-limited, and at most the host's `maxPending` of
 * its tracks may wait (counted from the host's last MEDIA_STATUS, which passes through here). A
 * guest hears the host TV's broadcasts and what the host addresses to it, nothing else.
 */
import {
  GUEST_REQUESTS,
  REMOTE_RECEIVER_CAPABILITY,
  type HubErrorReason,
  type MediaStatus,
  type RemoteError,
  type RemoteSender,
  type ServerMessage,
} from '../../protocol';
import { checkReceiverMessage, checkRemoteRequest } from '../../protocol/remote-check';
import type { AuthContext } from '../auth/access-tokens';
import { RecentRequestIds } from './recent-request-ids';

export interface RelayPeer {
  readonly id: string;
  readonly auth: AuthContext | null;
  readonly device: { name: string; capabilities: readonly string[] } | null;
}

/** A party guest's socket as the hub vouches for it. */
export interface RelayGuest {
  readonly guestId: string;
  readonly name: string;
  readonly householdId: string;
  readonly hostDeviceId: string;
  readonly maxPending: () => number;
}

export interface RelayHost {
  peers(householdId: string): Iterable<RelayPeer>;
  /** The guest sockets of the party `hostDeviceId` hosts (none when it hosts none). */
  guests?(householdId: string, hostDeviceId: string): Iterable<RelayPeer & { guest: RelayGuest }>;
  /** Spends one of the guest's adds; false when it has none left. */
  takeGuestAdd?(guestId: string): boolean;
  send(peer: RelayPeer, msg: ServerMessage): void;
  error(peer: RelayPeer, requestId: number | null, reason: HubErrorReason, message: string): void;
}

export class RemoteRelay {
  private readonly recent = new RecentRequestIds();
  /** Per party host TV: how many of each guest's tracks wait after the current item. */
  private readonly pending = new Map<string, Map<string, number>>();

  constructor(private readonly host: RelayHost) {}

  static isReceiver(peer: RelayPeer): boolean {
    return peer.device?.capabilities.includes(REMOTE_RECEIVER_CAPABILITY) ?? false;
  }

  /** A controller's `remote_request`; `from` is authenticated and greeted. */
  request(from: RelayPeer & { auth: AuthContext }, targetDeviceId: string, raw: unknown): void {
    const refuse = (error: RemoteError) =>
      this.host.send(from, { type: 'remote_message', deviceId: targetDeviceId, message: error });
    const checked = checkRemoteRequest(raw);
    if (!checked.ok) return refuse(checked.error);
    const { requestId } = checked.request;
    if (!this.recent.claim(from.auth.deviceId, requestId)) {
      return refuse({ type: 'INVALID_REQUEST', requestId, reason: 'DUPLICATE_REQUEST_ID', message: `requestId ${requestId} was used before by this device` });
    }
    const receivers = [...this.host.peers(from.auth.householdId)].filter(
      (p) => p.auth?.deviceId === targetDeviceId && RemoteRelay.isReceiver(p),
    );
    if (receivers.length === 0) {
      return refuse({ type: 'INVALID_REQUEST', requestId, reason: 'RECEIVER_OFFLINE', message: 'that receiver is not connected' });
    }
    const sender: RemoteSender = { deviceId: from.auth.deviceId, name: from.device?.name ?? 'Unknown device', guest: false };
    for (const r of receivers) this.host.send(r, { type: 'remote_request', from: sender, request: checked.request });
  }

  /** A party guest's `remote_request`; `from` is greeted. */
  guestRequest(from: RelayPeer & { guest: RelayGuest }, targetDeviceId: string, raw: unknown): void {
    const refuse = (error: RemoteError) => this.host.send(from, { type: 'remote_message', deviceId: targetDeviceId, message: error });
    const checked = checkRemoteRequest(raw);
    if (!checked.ok) return refuse(checked.error);
    const req = checked.request;
    const g = from.guest;
    const no = (reason: RemoteError['reason'], message: string) => refuse({ type: 'INVALID_REQUEST', requestId: req.requestId, reason, message });
    if (!this.recent.claim(g.guestId, req.requestId)) return no('DUPLICATE_REQUEST_ID', `requestId ${req.requestId} was used before by this guest`);
    if (targetDeviceId !== g.hostDeviceId) return no('NOT_ALLOWED', 'a party guest reaches only the party’s TV');
    if (!GUEST_REQUESTS.includes(req.type)) return no('NOT_ALLOWED', `a party guest cannot send ${req.type}`);
    if (req.type === 'QUEUE_INSERT') {
      const waiting = this.pending.get(g.hostDeviceId)?.get(g.guestId) ?? 0;
      const max = g.maxPending();
      if (waiting + req.items.length > max) return no('QUEUE_FULL', `at most ${max} of your tracks can wait; ${waiting} are waiting`);
      if (!(this.host.takeGuestAdd?.(g.guestId) ?? true)) return no('RATE_LIMITED', 'you are adding tracks quickly: wait a few seconds');
    }
    const receivers = [...this.host.peers(g.householdId)].filter((p) => p.auth?.deviceId === targetDeviceId && RemoteRelay.isReceiver(p));
    if (receivers.length === 0) return no('RECEIVER_OFFLINE', 'the party’s TV is not connected');
    const sender: RemoteSender = { deviceId: g.guestId, name: g.name, guest: true };
    for (const r of receivers) this.host.send(r, { type: 'remote_request', from: sender, request: req });
    if (req.type === 'QUEUE_INSERT') {
      // Counted now, so a second add before the TV's next status is still bounded; that status corrects it.
      let counts = this.pending.get(g.hostDeviceId);
      if (!counts) this.pending.set(g.hostDeviceId, (counts = new Map()));
      counts.set(g.guestId, (counts.get(g.guestId) ?? 0) + req.items.length);
    }
  }

  /** A receiver's `remote_message` (MEDIA_STATUS, QUEUE_ITEMS or an error), to `to` or to the whole household. */
  message(from: RelayPeer & { auth: AuthContext }, hubRequestId: number | null, to: string | undefined, raw: unknown): void {
    if (!RemoteRelay.isReceiver(from)) {
      return this.host.error(from, hubRequestId, 'NOT_A_RECEIVER', `only a device whose hello names "${REMOTE_RECEIVER_CAPABILITY}" sends remote messages`);
    }
    const checked = checkReceiverMessage(raw);
    if (!checked.ok) return this.host.error(from, hubRequestId, 'INVALID_MESSAGE', `message.${checked.message}`);
    const out: ServerMessage = { type: 'remote_message', deviceId: from.auth.deviceId, message: checked.message };
    for (const p of this.host.peers(from.auth.householdId)) {
      if (p === from || !p.auth) continue;
      if (to === undefined || p.auth.deviceId === to) this.host.send(p, out);
    }
    const guests = [...(this.host.guests?.(from.auth.householdId, from.auth.deviceId) ?? [])];
    // Counted while guests listen, and after they went (a phone asleep) so a returning guest's count is fresh.
    const counted = guests.length > 0 || this.pending.has(from.auth.deviceId);
    if (counted && checked.message.type === 'MEDIA_STATUS') this.countPending(from.auth.deviceId, checked.message);
    for (const p of guests) if (to === undefined || p.guest.guestId === to) this.host.send(p, out);
  }

  private countPending(hostDeviceId: string, status: MediaStatus): void {
    const at = status.items.findIndex((i) => i.itemId === status.currentItemId);
    const counts = new Map<string, number>();
    for (const item of status.items.slice(at + 1)) {
      if (item.addedBy.guest) counts.set(item.addedBy.deviceId, (counts.get(item.addedBy.deviceId) ?? 0) + 1);
    }
    this.pending.set(hostDeviceId, counts);
  }
}
