import { z } from 'zod';
import { pageQuery } from '../../lib/schemas.ts';
import { SSO_SCOPES } from './sso.clients.ts';

export const ssoScope = z.enum(SSO_SCOPES);

export const registerClientBody = z.object({
  name: z.string().trim().min(1).max(100).describe('The relying system, as applicants will see it on the consent page'),
  redirectUris: z.array(z.string().trim().min(1).max(500)).min(1).max(10).describe('Exact redirect URIs: https, or http on localhost'),
  scopes: z.array(ssoScope).min(1).max(SSO_SCOPES.length).refine((s) => s.includes('openid'), 'must include openid'),
  /** A public client (a browser or mobile app) has no secret and relies on PKCE alone. */
  public: z.boolean().default(false),
  backchannelLogoutUri: z.string().trim().min(1).max(500).optional()
    .describe('OpenID Connect Back-Channel Logout 1.0: where a signed logout token is POSTed when the applicant signs out of OneWindow (https, or http on localhost)'),
});

export const backchannelAttempt = z.object({
  sid: z.string(),
  attempt: z.number().int().describe('1 for the first try; a failed one is retried with backoff'),
  outcome: z.enum(['delivered', 'failed', 'skipped']),
  error: z.string().nullable(),
  at: z.string(),
});

export const updateBackchannelBody = z.object({
  backchannelLogoutUri: z.string().trim().min(1).max(500).nullable()
    .describe('Where the logout token is POSTed (https, or http on localhost); null removes it'),
});

export const clientView = z.object({
  id: z.uuid(),
  clientId: z.string(),
  name: z.string(),
  public: z.boolean(),
  redirectUris: z.array(z.string()),
  scopes: z.array(ssoScope),
  backchannelLogoutUri: z.string().nullable(),
  /** The latest back-channel logout delivery attempt to this client, if any (docs/sso.md). */
  backchannelLast: backchannelAttempt.nullable(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type ClientView = z.infer<typeof clientView>;

export const registeredClient = z.object({
  client: clientView,
  /** Shown once: only its hash is kept. Null for a public client. */
  clientSecret: z.string().nullable(),
});

export const clientListQuery = z.object(pageQuery);
export const clientList = z.object({ items: z.array(clientView), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

export const backchannelAttemptList = z.object({ items: z.array(backchannelAttempt) });

export const keyView = z.object({ kid: z.string(), alg: z.string(), active: z.boolean(), createdAt: z.string(), retiredAt: z.string().nullable() });
export const keyList = z.object({ issuer: z.string(), keys: z.array(keyView) });
