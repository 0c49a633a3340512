/**
 * Households, profiles, sign-in and devices: the contract between the BFF, the TV app and the
 * phone pages. The OAuth endpoints follow RFC 8628 (device authorization grant) and RFC 6749
 * (token endpoint, its §5.2 error JSON); the rest is Encore's own JSON API under /api/v1.
 * Request schemas are closed (additionalProperties: false) so a misspelt field is a 400.
 */
import { Type, type Static } from '@sinclair/typebox';

const closed = { additionalProperties: false } as const;

/** Alphabet of RFC 8628 §6.1's example: consonants only, so no words, no 0/O or 1/I mix-ups. */
export const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
export const USER_CODE_LENGTH = 8;

/**
 * What a person types is accepted case- and dash-insensitively ("bcdf ghjk", "BCDF-GHJK");
 * null when it cannot be a code at all.
 */
export function normaliseUserCode(input: string): string | null {
  if (input.length > 32) return null;
  const code = input.toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== USER_CODE_LENGTH) return null;
  for (const ch of code) if (!USER_CODE_ALPHABET.includes(ch)) return null;
  return code;
}

/** `BCDFGHJK` → `BCDF-GHJK`, how the TV shows it. */
export function formatUserCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

export const ProfileId = Type.String({ pattern: '^pf_[0-9a-f]{16}$', description: 'profile id' });
export const DeviceId = Type.String({
  pattern: '^[A-Za-z0-9._:-]{8,64}$',
  description: 'stable device id from the device layer',
});
export const DeviceName = Type.String({ minLength: 1, maxLength: 40 });
export const ProfileColor = Type.String({ pattern: '^#[0-9a-f]{6}$' });

export const Profile = Type.Object({
  id: ProfileId,
  name: Type.String(),
  color: ProfileColor,
  isDefault: Type.Boolean(),
});
export type Profile = Static<typeof Profile>;

/** POST /oauth/device_authorization (application/x-www-form-urlencoded). */
export const DeviceAuthorizationRequest = Type.Object(
  {
    client_id: Type.String({ minLength: 1, maxLength: 64 }),
    scope: Type.Optional(Type.String({ maxLength: 200 })),
    /** Encore's extensions (RFC 8628 §3.1 allows more parameters): who is asking. */
    device_id: Type.Optional(DeviceId),
    device_name: Type.Optional(DeviceName),
  },
  closed,
);
export type DeviceAuthorizationRequest = Static<typeof DeviceAuthorizationRequest>;

export const DeviceAuthorizationResponse = Type.Object({
  device_code: Type.String(),
  user_code: Type.String({ description: 'XXXX-XXXX' }),
  verification_uri: Type.String(),
  verification_uri_complete: Type.String(),
  expires_in: Type.Integer(),
  interval: Type.Integer(),
});
export type DeviceAuthorizationResponse = Static<typeof DeviceAuthorizationResponse>;

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** POST /oauth/token (form-encoded): the device-code grant and refresh. */
export const TokenRequest = Type.Union([
  Type.Object(
    {
      grant_type: Type.Literal(DEVICE_CODE_GRANT),
      device_code: Type.String({ minLength: 1, maxLength: 200 }),
      client_id: Type.String({ minLength: 1, maxLength: 64 }),
    },
    closed,
  ),
  Type.Object(
    {
      grant_type: Type.Literal('refresh_token'),
      refresh_token: Type.String({ minLength: 1, maxLength: 200 }),
      client_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    },
    closed,
  ),
]);
export type TokenRequest = Static<typeof TokenRequest>;

export const TokenResponse = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer(),
  refresh_token: Type.String(),
  /** The profile this device listens as; null until one is picked ("Who's listening?"). */
  profile: Type.Union([Profile, Type.Null()]),
});
export type TokenResponse = Static<typeof TokenResponse>;

/** RFC 6749 §5.2 plus RFC 8628 §3.5's device-flow codes. */
export const OAuthErrorCode = Type.Union([
  Type.Literal('invalid_request'),
  Type.Literal('invalid_client'),
  Type.Literal('invalid_grant'),
  Type.Literal('unsupported_grant_type'),
  Type.Literal('authorization_pending'),
  Type.Literal('slow_down'),
  Type.Literal('access_denied'),
  Type.Literal('expired_token'),
]);
export type OAuthErrorCode = Static<typeof OAuthErrorCode>;

export const OAuthError = Type.Object({
  error: OAuthErrorCode,
  error_description: Type.Optional(Type.String()),
  /** With slow_down: the interval the client must now keep, in seconds. */
  interval: Type.Optional(Type.Integer()),
});
export type OAuthError = Static<typeof OAuthError>;

/** POST /api/v1/auth/signup: a new household with its first profile. */
export const SignupRequest = Type.Object(
  {
    login: Type.String({ minLength: 3, maxLength: 254, description: 'username or e-mail' }),
    password: Type.String({ minLength: 8, maxLength: 256 }),
    profileName: Type.String({ minLength: 1, maxLength: 40 }),
    deviceId: DeviceId,
    deviceName: Type.Optional(DeviceName),
  },
  closed,
);
export type SignupRequest = Static<typeof SignupRequest>;

/** POST /api/v1/auth/login: the owner signs in on a phone (never on a TV). */
export const LoginRequest = Type.Object(
  {
    login: Type.String({ minLength: 1, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
    deviceId: DeviceId,
    deviceName: Type.Optional(DeviceName),
  },
  closed,
);
export type LoginRequest = Static<typeof LoginRequest>;

/** GET /api/v1/me: who this token is. */
export const MeResponse = Type.Object({
  household: Type.Object({ id: Type.String(), login: Type.String() }),
  profile: Type.Union([Profile, Type.Null()]),
  profiles: Type.Array(Profile),
  deviceId: Type.String(),
});
export type MeResponse = Static<typeof MeResponse>;

/** PUT /api/v1/me/profile: "Who's listening?" — this device now listens as that profile. */
export const SelectProfileRequest = Type.Object({ profileId: ProfileId }, closed);
export type SelectProfileRequest = Static<typeof SelectProfileRequest>;

/** POST /api/v1/me/profiles. */
export const CreateProfileRequest = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 40 }), color: Type.Optional(ProfileColor) },
  closed,
);
export type CreateProfileRequest = Static<typeof CreateProfileRequest>;

/** GET /api/v1/link/:code (phone, signed in): what the TV asking for this code is. */
export const LinkInfoResponse = Type.Object({
  userCode: Type.String({ description: 'XXXX-XXXX' }),
  deviceName: Type.String(),
  expiresIn: Type.Integer(),
  profiles: Type.Array(Profile),
});
export type LinkInfoResponse = Static<typeof LinkInfoResponse>;

export const LinkCodeParams = Type.Object({ code: Type.String({ maxLength: 32 }) }, closed);
export const ApproveLinkRequest = Type.Object({ profileId: ProfileId }, closed);
export type ApproveLinkRequest = Static<typeof ApproveLinkRequest>;

/** A playback state as a device reports it to the hub (and the BFF keeps the newest). */
export const PlaybackState = Type.Object(
  {
    trackId: Type.Union([Type.String({ pattern: '^tr_[0-9a-f]{12}$' }), Type.Null()]),
    /** Position at `atMs` (server clock is not assumed; a listener extrapolates while playing). */
    positionMs: Type.Integer({ minimum: 0, maximum: 24 * 3600_000 }),
    atMs: Type.Integer({ minimum: 0 }),
    playing: Type.Boolean(),
    queue: Type.Array(Type.String({ pattern: '^tr_[0-9a-f]{12}$' }), { maxItems: 1000 }),
    shuffle: Type.Boolean(),
    repeat: Type.Union([Type.Literal('off'), Type.Literal('all'), Type.Literal('one')]),
    volume: Type.Number({ minimum: 0, maximum: 1 }),
    /** Grows with every change; an older one arriving late is ignored. */
    version: Type.Integer({ minimum: 1 }),
  },
  closed,
);
export type PlaybackState = Static<typeof PlaybackState>;

export const DeviceKind = Type.Union([Type.Literal('tv'), Type.Literal('phone'), Type.Literal('web')]);
export type DeviceKind = Static<typeof DeviceKind>;

export const DeviceInfo = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  platform: Type.String(),
  online: Type.Boolean(),
  lastSeenAt: Type.Integer(),
  /** True when some session of this device is signed in. */
  signedIn: Type.Boolean(),
  state: Type.Union([PlaybackState, Type.Null()]),
  /** What `state.trackId` is, so "last played on Living room TV: Track, 2:31" needs no second call. */
  nowPlaying: Type.Union([
    Type.Object({ title: Type.String(), artist: Type.String(), durationMs: Type.Integer() }),
    Type.Null(),
  ]),
});
export type DeviceInfo = Static<typeof DeviceInfo>;

export const DevicesResponse = Type.Object({ devices: Type.Array(DeviceInfo) });
export type DevicesResponse = Static<typeof DevicesResponse>;

export const DeviceParams = Type.Object({ id: DeviceId }, closed);
export const RenameDeviceRequest = Type.Object({ name: DeviceName }, closed);
