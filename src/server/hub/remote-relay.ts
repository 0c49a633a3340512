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
 */
import {
  REMOTE_RECEIVER_CAPABILITY,
  type HubErrorReason,
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

export interface RelayHost {
  peers(householdId: string): Iterable<RelayPeer>;
  send(peer: RelayPeer, msg: ServerMessage): void;
  error(peer: RelayPeer, requestId: number | null, reason: HubErrorReason, message: string): void;
}

export class RemoteRelay {
  private readonly recent = new RecentRequestIds();

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

  /** A receiver's `remote_message` (MEDIA_STATUS or an error), to `to` or to the whole household. */
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
  }
}
