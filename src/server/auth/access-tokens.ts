/**
 * Access tokens: JWTs signed with HS256 (jose), ≈15 min. Signed rather than opaque so checking
 * one on every request costs an HMAC, not a database read; what a signature cannot say (the
 * device was signed out a minute ago) is answered by the revoked-session list the AuthService
 * keeps. Claims: `sid` (sign-in session = refresh family), `hid` household, `pid` profile or
 * null, `did` device. The issuer, audience and algorithm are pinned on verification; anything
 * else is refused.
 *
 * A token verified once is remembered (bounded, by its exact string) until it expires: a TV
 * sends the same token with every request for 15 minutes, and jose's WebCrypto HMAC check costs
 * more than serving a cached screen (bench: signed-in Home fell to 31 % of guest Home without it).
 */
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';

const ISSUER = 'encore';
const AUDIENCE = 'encore-api';
const ALG = 'HS256';

export interface AuthContext {
  sessionId: string;
  householdId: string;
  profileId: string | null;
  deviceId: string;
}

export type VerifyResult = { ok: true; auth: AuthContext } | { ok: false; reason: 'expired' | 'invalid' };

/** Distinct live tokens remembered; a household has a handful, a big deployment thousands. */
const VERIFIED_CACHE_SIZE = 10_000;

export class AccessTokens {
  private readonly verified = new Map<string, { auth: AuthContext; expiresAtMs: number }>();

  constructor(
    private readonly key: Uint8Array,
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  get lifetimeSeconds(): number {
    return this.ttlSeconds;
  }

  sign(auth: AuthContext): Promise<string> {
    const iat = Math.floor(this.now() / 1000);
    return new SignJWT({ sid: auth.sessionId, hid: auth.householdId, pid: auth.profileId, did: auth.deviceId })
      .setProtectedHeader({ alg: ALG, typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.ttlSeconds)
      .sign(this.key);
  }

  async verify(token: string): Promise<VerifyResult> {
    if (token.length > 4096) return { ok: false, reason: 'invalid' };
    const known = this.verified.get(token);
    if (known) {
      if (this.now() < known.expiresAtMs) return { ok: true, auth: known.auth };
      this.verified.delete(token);
      return { ok: false, reason: 'expired' };
    }
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: [ALG],
        currentDate: new Date(this.now()),
        requiredClaims: ['exp', 'sid', 'hid', 'did'],
      });
      const { sid, hid, pid, did } = payload as Record<string, unknown>;
      if (typeof sid !== 'string' || typeof hid !== 'string' || typeof did !== 'string') {
        return { ok: false, reason: 'invalid' };
      }
      if (pid !== null && typeof pid !== 'string') return { ok: false, reason: 'invalid' };
      const auth: AuthContext = { sessionId: sid, householdId: hid, profileId: pid, deviceId: did };
      if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, { auth, expiresAtMs: (payload.exp as number) * 1000 });
      return { ok: true, auth };
    } catch (err) {
      return { ok: false, reason: err instanceof joseErrors.JWTExpired ? 'expired' : 'invalid' };
    }
  }
}
