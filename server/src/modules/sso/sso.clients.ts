import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { errors } from '../../lib/errors.ts';
import type { ClientRow } from './sso.repository.ts';

/** The scopes a client may be allowed (docs/sso.md "Claims"). */
export const SSO_SCOPES = ['openid', 'profile', 'phone', 'offline_access'] as const;
export type SsoScope = (typeof SSO_SCOPES)[number];

/** A client secret is 32 random bytes, so a plain SHA-256 of it is enough at rest (nothing to guess). */
export const hashSecret = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');
export const newSecret = () => randomBytes(32).toString('base64url');
export const newClientId = () => `ow-${randomBytes(9).toString('base64url')}`;

/** Compares a presented secret with the stored hash in constant time. */
export function secretMatches(presented: unknown, storedHash: string | undefined): boolean {
  if (typeof presented !== 'string' || !storedHash) return false;
  const a = Buffer.from(hashSecret(presented), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Registered redirect URIs: absolute, no fragment, https (plain http only on this machine's loopback,
 * for development), all on one host (the pairwise subject is per client; docs/sso.md). The provider
 * then accepts only an exact match of one of them.
 */
export function checkRedirectUris(uris: string[]): string[] {
  const hosts = new Set<string>();
  for (const uri of uris) {
    let u: URL;
    try {
      u = new URL(uri);
    } catch {
      throw errors.SSO_REDIRECT_URI_INVALID({ uri, field: 'redirectUris' });
    }
    const ok = u.hash === '' && !uri.includes('#') && u.username === '' && u.password === ''
      && (u.protocol === 'https:' || (u.protocol === 'http:' && LOCAL_HOSTS.has(u.hostname)));
    if (!ok) throw errors.SSO_REDIRECT_URI_INVALID({ uri, field: 'redirectUris' });
    hosts.add(u.host);
  }
  if (hosts.size > 1) throw errors.SSO_REDIRECT_HOSTS({ field: 'redirectUris' });
  return [...new Set(uris)];
}

/** A back-channel logout URI: the same rule as a redirect URI (https, or http on loopback; no fragment). */
export function checkBackchannelUri(uri: string): string {
  try {
    checkRedirectUris([uri]);
  } catch {
    throw errors.SSO_REDIRECT_URI_INVALID({ uri, field: 'backchannelLogoutUri' });
  }
  return uri;
}

/** The metadata oidc-provider builds its Client from: code flow only, PKCE for a client without a secret. */
export function clientMetadata(row: ClientRow): Record<string, unknown> {
  return {
    client_id: row.client_id,
    client_name: row.name,
    ...(row.secret_hash ? { client_secret: row.secret_hash, token_endpoint_auth_method: 'client_secret_basic' } : { token_endpoint_auth_method: 'none' }),
    redirect_uris: row.redirect_uris,
    response_types: ['code'],
    grant_types: row.scopes.includes('offline_access') ? ['authorization_code', 'refresh_token'] : ['authorization_code'],
    scope: row.scopes.join(' '),
    // The logout token carries `sid`, so a relying party can end just the session it belongs to.
    ...(row.backchannel_logout_uri ? { backchannel_logout_uri: row.backchannel_logout_uri, backchannel_logout_session_required: true } : {}),
  };
}
