import { createHash, randomBytes } from 'node:crypto';

/**
 * The slip's rating token (扫码评价, docs/ratings.md): 100 random bits written as 20 characters of
 * Crockford's base32 (digits and capitals without I, L, O, U). The same characters are the QR code's
 * path (`/rate/<token>`) and the short code printed under it in groups of four, so a visitor or a clerk
 * can type it: case does not matter, and the letters read wrongly (O, I, L) are taken as 0, 1, 1.
 * Only the SHA-256 of the token is stored (0073).
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const RATING_TOKEN_LENGTH = 20;

export function newRatingToken(): string {
  const bytes = randomBytes(13); // 104 bits, of which the first 100 are used
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  bits >>= 4n;
  let out = '';
  for (let i = 0; i < RATING_TOKEN_LENGTH; i++) {
    out = ALPHABET[Number(bits & 31n)]! + out;
    bits >>= 5n;
  }
  return out;
}

/**
 * What a visitor typed, a scanner read (the whole URL of the QR code, or the code) or the page's path
 * held, as the token; null when it cannot be one (then nothing is looked up).
 */
export function normalizeRatingToken(raw: string): string | null {
  const path = /\/rate\/([^/?#\s]+)/.exec(raw);
  const code = (path ? path[1]! : raw).toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (code.length !== RATING_TOKEN_LENGTH) return null;
  for (const ch of code) if (!ALPHABET.includes(ch)) return null;
  return code;
}

export const ratingTokenHash = (token: string) => createHash('sha256').update(token).digest();

/** The short code as printed: five groups of four. */
export const printedRatingCode = (token: string) => token.replace(/(.{4})(?!$)/g, '$1-');
