/**
 * User codes of the TV sign-in (RFC 8628 §6.1): 8 characters from a 20-letter consonant alphabet,
 * 20^8 ≈ 2.6·10^10 codes (34.6 bits). With at most MAX_PENDING codes alive at once, one guess hits
 * some pending code with probability ≤ MAX_PENDING / 20^8 ≈ 3.9·10^-8; the guess budget (per IP
 * 10 a minute; in total a burst of 600 plus 1 a second across all clients, server-defaults.ts
 * auth.linkTotal) allows ≤ 1,200 guesses in a code's 10-minute life, so the chance that guessing
 * hijacks any sign-in in that time is ≤ 1,200 · 3.9·10^-8 ≈ 4.7·10^-5, and a hit still needs a
 * signed-in household to approve it.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { USER_CODE_ALPHABET, USER_CODE_LENGTH } from '../../protocol';

export function generateUserCode(): string {
  let code = '';
  for (let i = 0; i < USER_CODE_LENGTH; i++) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
  return code;
}

/** 256 bits: never guessable, only ever stored hashed. */
export function generateOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps of a device code or refresh token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
