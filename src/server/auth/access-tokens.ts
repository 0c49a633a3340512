/**
 * Access tokens: JWTs signed with HS256 (jose), ≈15 min. Signed rather than opaque so checking
 * one on every request costs an HMAC, not a database read; what a signature cannot say (the
 * device was signed out a minute ago) is answered by the revoked-session list the AuthService
 * keeps. Claims: `sid` (sign-in session = refresh family), `hid` household, `pid` profile or
 * null, `did` device. The issuer, audience and algorithm are pinned on verification; anything
 * else is refused.
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

export class AccessTokens {
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
      return { ok: true, auth: { sessionId: sid, householdId: hid, profileId: pid, deviceId: did } };
    } catch (err) {
      return { ok: false, reason: err instanceof joseErrors.JWTExpired ? 'expired' : 'invalid' };
    }
  }
}
