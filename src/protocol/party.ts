/**
 * The party queue: a signed-in household's TV hosts a party; guests join with a short code (or
 * the join link/QR carrying it) and a display name, without an account. A guest's token is good
 * for the hub only (protocol/hub.ts, remote namespace), where a guest may see the host TV's
 * MEDIA_STATUS and send GUEST_REQUESTS (protocol/remote.ts); catalogue browsing and search are
 * the BFF's public routes, which never show a household's library, history or playlists.
 *
 * Join codes are their own code space (7 letters; sign-in user codes are 8), so a sign-in code is
 * never a party code and the guess budgets are separate (server/party/party-service.ts).
 */
import { Type, type Static } from '@sinclair/typebox';
import { API_PREFIX } from './routes';
import { USER_CODE_ALPHABET } from './auth';

const closed = { additionalProperties: false } as const;

export const PARTY_CODE_LENGTH = 7;
export const PARTY_CODE_ALPHABET = USER_CODE_ALPHABET;
/** A guest's display name, after trimming: shown on the TV beside each track they add. */
export const PARTY_NAME_MAX = 24;
export const PARTY_MAX_PENDING_LIMIT = 10;
export const PARTY_DEFAULT_MAX_PENDING = 3;
/** A guest token: `pg_` + 256 random bits, base64url. Never a JWT, so never an access token. */
export const PARTY_TOKEN_PREFIX = 'pg_';

export const PartyPath = {
  /** The host's party: POST starts (or returns the running one), GET reads, DELETE ends. */
  party: () => `${API_PREFIX}/party`,
  guest: (guestId: string) => `${API_PREFIX}/party/guests/${encodeURIComponent(guestId)}`,
  join: () => `${API_PREFIX}/party/join`,
  /** The guest page; the join link carries the code: /party/?code=BCDFGHJ. */
  page: () => '/party/',
} as const;

/** "bcd fghj", "BCD-FGHJ" → "BCDFGHJ"; null when it cannot be a party code. */
export function normalisePartyCode(input: string): string | null {
  if (input.length > 32) return null;
  const code = input.toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== PARTY_CODE_LENGTH) return null;
  for (const ch of code) if (!PARTY_CODE_ALPHABET.includes(ch)) return null;
  return code;
}

/** `BCDFGHJ` → `BCD-FGHJ`, how the TV shows it. */
export function formatPartyCode(code: string): string {
  return `${code.slice(0, 3)}-${code.slice(3)}`;
}

/**
 * A display name as kept: NFKC, controls and format characters (bidi overrides, zero-width)
 * removed, whitespace runs made one space, trimmed; null when nothing is left or it is longer
 * than PARTY_NAME_MAX code points.
 */
export function normaliseGuestName(input: string): string | null {
  if (input.length > PARTY_NAME_MAX * 8) return null;
  const clean = input
    .normalize('NFKC')
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (clean.length === 0 || [...clean].length > PARTY_NAME_MAX) return null;
  return clean;
}

export const PartyGuestId = Type.String({ pattern: '^guest-[0-9a-f]{16}$' });

/** Start or resume the household's party; without `maxPending` a running party keeps its own. */
export const StartPartyRequest = Type.Object(
  { maxPending: Type.Optional(Type.Integer({ minimum: 1, maximum: PARTY_MAX_PENDING_LIMIT })) },
  closed,
);
export type StartPartyRequest = Static<typeof StartPartyRequest>;

export const PartyGuest = Type.Object({ guestId: PartyGuestId, name: Type.String(), joinedAt: Type.Integer() }, closed);
export type PartyGuest = Static<typeof PartyGuest>;

export const PartyInfo = Type.Object(
  {
    partyId: Type.String(),
    /** Formatted, as shown: BCD-FGHJ. */
    code: Type.String(),
    /** The join link for the QR code, on the origin the host reached the BFF by (as /link's is). */
    joinUrl: Type.String(),
    hostDeviceId: Type.String(),
    maxPending: Type.Integer(),
    guests: Type.Array(PartyGuest),
  },
  closed,
);
export type PartyInfo = Static<typeof PartyInfo>;

export const JoinPartyRequest = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 32 }), name: Type.String({ minLength: 1, maxLength: PARTY_NAME_MAX * 8 }) },
  closed,
);
export type JoinPartyRequest = Static<typeof JoinPartyRequest>;

export const JoinPartyResponse = Type.Object(
  {
    token: Type.String(),
    partyId: Type.String(),
    guestId: PartyGuestId,
    /** The name as kept (normalised, made unique in the party). */
    name: Type.String(),
    hostDeviceId: Type.String(),
    maxPending: Type.Integer(),
  },
  closed,
);
export type JoinPartyResponse = Static<typeof JoinPartyResponse>;

export const PartyGuestParams = Type.Object({ guestId: PartyGuestId }, closed);

/** Why the hub closed a guest's socket (sent as `party_closed` just before the close). */
export type PartyClosedReason = 'ended' | 'removed';
