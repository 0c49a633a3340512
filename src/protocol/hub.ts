/**
 * The WebSocket hub at /api/v1/hub: presence and playback state of a household's devices.
 * JSON text frames, each one message below; every message from a client is validated against
 * these schemas and an invalid one is answered with `error` (naming the reason and the
 * requestId when there was one), never ignored. The remote-control namespace (Cast-shaped
 * LOAD/PLAY/…) rides in the `remote_request` / `remote_message` envelopes below.
 *
 * Authentication: the access token as a subprotocol, `Sec-WebSocket-Protocol: encore.v1,
 * encore.bearer.<token>` (the server selects `encore.v1`), or an `auth` message within 5 s.
 * Tokens never go in the URL.
 */
import { Type, type Static } from '@sinclair/typebox';
import { DeviceId, DeviceInfo, DeviceKind, PlaybackState } from './auth';
import type { PartyClosedReason } from './party';
import type { ReceiverMessage, RemoteRequest, RemoteSender } from './remote';

const closed = { additionalProperties: false } as const;
const RequestId = Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }));

export const HUB_SUBPROTOCOL = 'encore.v1';
export const HUB_BEARER_PREFIX = 'encore.bearer.';
/** A message larger than this closes the socket with 1009. */
export const HUB_MAX_MESSAGE_BYTES = 64 * 1024;

/** A string's size in UTF-8 bytes, what the hub's limit counts (TextEncoder would copy it). */
export function utf8Bytes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const pair = c >= 0xd800 && c < 0xdc00 && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    // A pair is one 4-byte character; a lone surrogate goes out as U+FFFD (3 bytes).
    if (pair) i++;
    n += pair ? 4 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
  }
  return n;
}

/** Close codes: 4xxx are Encore's (RFC 6455 §7.4.2 leaves 4000–4999 to applications). */
export const HubClose = {
  /** No valid token within the deadline, or the token's session was signed out. */
  UNAUTHENTICATED: 4401,
  /** The Origin is not one this BFF serves. */
  ORIGIN: 4403,
  /** RFC 6455: policy violation (here: too many messages). */
  RATE_LIMITED: 1008,
  /** RFC 6455: message too big. */
  TOO_BIG: 1009,
  /** The server stopped or dropped a consumer that could not keep up. */
  GOING_AWAY: 1001,
  TRY_AGAIN_LATER: 1013,
  /** A party guest's socket: the host ended the party (protocol/party.ts). */
  PARTY_ENDED: 4410,
  /** A party guest's socket: the host removed this guest. */
  PARTY_REMOVED: 4411,
} as const;

export const HubAuth = Type.Object({ type: Type.Literal('auth'), token: Type.String({ maxLength: 4096 }) }, closed);

/** First message after authentication: who this connection is. */
export const HubHello = Type.Object(
  {
    type: Type.Literal('hello'),
    requestId: RequestId,
    device: Type.Object(
      {
        name: Type.String({ minLength: 1, maxLength: 40 }),
        kind: DeviceKind,
        platform: Type.String({ minLength: 1, maxLength: 40 }),
        capabilities: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 32 }),
      },
      closed,
    ),
  },
  closed,
);

export const HubState = Type.Object(
  { type: Type.Literal('state'), requestId: RequestId, state: PlaybackState },
  closed,
);

export const HubGetDevices = Type.Object({ type: Type.Literal('get_devices'), requestId: RequestId }, closed);

/**
 * Remote control (protocol/remote.ts) rides the hub in two envelopes. A controller sends
 * `remote_request` naming the receiver; the hub checks the request, refuses a requestId the
 * sender used before, and passes it on with the sender as the hub knows it. A receiver (a device
 * whose hello names the `remote-receiver` capability) sends `remote_message`: to one device, or
 * without `to` to every other connection of the household. Both arrive as the Server messages
 * of the same names; refusals come back as a `remote_message` carrying the error.
 */
export const HubRemoteRequest = Type.Object(
  { type: Type.Literal('remote_request'), requestId: RequestId, targetDeviceId: DeviceId, request: Type.Unknown() },
  closed,
);
export const HubRemoteMessage = Type.Object(
  { type: Type.Literal('remote_message'), requestId: RequestId, to: Type.Optional(DeviceId), message: Type.Unknown() },
  closed,
);

export const ClientMessage = Type.Union([HubAuth, HubHello, HubState, HubGetDevices, HubRemoteRequest, HubRemoteMessage]);
export type ClientMessage = Static<typeof ClientMessage>;

export const HubErrorReason = Type.Union([
  Type.Literal('INVALID_JSON'),
  Type.Literal('INVALID_MESSAGE'),
  Type.Literal('UNKNOWN_TYPE'),
  Type.Literal('HELLO_FIRST'),
  Type.Literal('ALREADY_AUTHENTICATED'),
  Type.Literal('STALE_VERSION'),
  Type.Literal('NOT_A_RECEIVER'),
  /** A party guest sent what only the household may (state, receiver messages). */
  Type.Literal('NOT_ALLOWED'),
]);
export type HubErrorReason = Static<typeof HubErrorReason>;

export type ServerMessage =
  /** A party guest's welcome has `party` (householdId is then '', deviceId the guest's id). */
  | { type: 'welcome'; connectionId: string; householdId: string; deviceId: string; profileId: string | null; party?: GuestWelcome }
  | { type: 'ack'; requestId: number | null }
  | { type: 'error'; requestId: number | null; reason: HubErrorReason; message: string }
  | { type: 'presence'; deviceId: string; online: boolean }
  | { type: 'device_state'; deviceId: string; state: PlaybackState }
  | { type: 'devices'; requestId: number | null; devices: DeviceInfo[] }
  /** 'this-session': the device signed itself out; 'elsewhere': another device of the household did. */
  | { type: 'signed_out'; reason: 'this-session' | 'elsewhere' }
  | { type: 'remote_request'; from: RemoteSender; request: RemoteRequest }
  | { type: 'remote_message'; deviceId: string; message: ReceiverMessage }
  /** To a party guest just before the hub closes its socket (PARTY_ENDED / PARTY_REMOVED). */
  | { type: 'party_closed'; reason: PartyClosedReason };

/** Who a party guest is, as the hub tells its socket. */
export interface GuestWelcome {
  partyId: string;
  guestId: string;
  name: string;
  hostDeviceId: string;
  maxPending: number;
}
