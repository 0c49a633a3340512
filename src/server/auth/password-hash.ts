/**
 * Password records: scrypt from node:crypto. Parameters: N = 2^15, r = 8, p = 1 (OWASP's scrypt
 * minimum is N = 2^17 with r = 8, p = 1, or equivalently-costed trades; 2^15 keeps a login at
 * ~60 ms on a 2-core home server, where the BFF also serves the TVs, and login is rate-limited per
 * IP and per account), 16-byte random salt, 32-byte key. The record carries its parameters, so
 * they can be raised later and old records still verify. Comparison is constant-time.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParams {
  logN: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT: ScryptParams = { logN: 15, r: 8, p: 1 };
/** For tests only: the lowest cost verifyPassword accepts. */
export const TEST_SCRYPT: ScryptParams = { logN: 10, r: 8, p: 1 };
const KEY_BYTES = 32;
const SALT_BYTES = 16;

function scrypt(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = {
    N: 2 ** params.logN,
    r: params.r,
    p: params.p,
    // 128 · N · r bytes of working memory, plus headroom (Node's default cap is 32 MiB).
    maxmem: 256 * 2 ** params.logN * params.r,
  };
  return new Promise((resolve, reject) =>
    scryptCb(password.normalize('NFKC'), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** `scrypt$<logN>$<r>$<p>$<salt b64url>$<key b64url>` */
export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await scrypt(password, salt, params);
  return ['scrypt', params.logN, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** False for a wrong password and for a record this build cannot read (never throws on either). */
export async function verifyPassword(password: string, record: string): Promise<boolean> {
  const parts = record.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [logN, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![logN, r, p].every(Number.isInteger) || logN < 10 || logN > 20 || r < 1 || r > 32 || p < 1 || p > 16) return false;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const expected = Buffer.from(parts[5]!, 'base64url');
  const actual = await scrypt(password, salt, { logN, r, p });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * Verified against when the login does not exist, so a wrong login costs the same time as a
 * wrong password and the answer cannot tell them apart.
 */
let dummyRecord: Promise<string> | undefined;
export function dummyPasswordRecord(params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  dummyRecord ??= hashPassword(randomBytes(16).toString('hex'), params);
  return dummyRecord;
}
