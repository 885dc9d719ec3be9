import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys (docs/open-api.md, docs/security.md "API keys"). A key is `owk_<keyId>_<secret>`: the key id
 * (8 random bytes, hex) is public and finds the row; the secret is 32 random bytes (base64url). Only
 * sha256 of the whole key is stored, so a copy of the database gives no usable key; the key is shown
 * once, when it is made. A 256-bit secret needs no slow hash: it cannot be guessed, only stolen.
 */
export const API_SCOPES = ['catalog:read', 'guides:read', 'progress:read', 'events:subscribe'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

const KEY_FORMAT = /^owk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export const hashKey = (key: string): Buffer => createHash('sha256').update(key, 'utf8').digest();

export function newKey(): { key: string; keyId: string; hash: Buffer } {
  const keyId = randomBytes(8).toString('hex');
  const key = `owk_${keyId}_${randomBytes(32).toString('base64url')}`;
  return { key, keyId, hash: hashKey(key) };
}

/** The key id of a well-formed key, or null. */
export function keyIdOf(key: string): string | null {
  return KEY_FORMAT.exec(key)?.[1] ?? null;
}

export function keyMatches(key: string, stored: Buffer): boolean {
  const h = hashKey(key);
  return h.length === stored.length && timingSafeEqual(h, stored);
}

/** A subscription's signing secret: 32 random bytes, `whsec_` + base64url. */
export const newSigningSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;
