import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Provider, { interactionPolicy } from 'oidc-provider';
import { trustedProxies } from '../../config.ts';
import type { AppContext } from '../../lib/context.ts';
import { maskPhone } from '../../lib/mask.ts';
import { resolveSession, SESSION_COOKIE } from '../auth/auth.service.ts';
import { SSO_SCOPES, secretMatches } from './sso.clients.ts';
import { sqlAdapter } from './sso.adapter.ts';
import { cookieKeys, pairwiseSalt, publishedKeys, SIGNING_ALG } from './sso.keys.ts';
import { errorPage } from './sso.pages.ts';
import * as repo from './sso.repository.ts';

/** Where the provider is mounted; the issuer ends with it. */
export const OIDC_PREFIX = '/oidc';

export function issuerOf(ctx: AppContext): string {
  if (ctx.config.OIDC_ISSUER) return ctx.config.OIDC_ISSUER.replace(/\/$/, '');
  const base = ctx.config.PUBLIC_URL ? ctx.config.PUBLIC_URL.replace(/\/$/, '') : `http://localhost:${ctx.config.PORT}`;
  return `${base}${OIDC_PREFIX}`;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- oidc-provider's koa context and models are untyped (oidc-provider.d.ts) */
export interface OidcProvider {
  callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<any>;
  interactionResult(req: IncomingMessage, res: ServerResponse, result: object, opts?: object): Promise<string>;
  Client: any;
  Grant: any;
  proxy: boolean;
}

/** Where the provider's own back-channel logouts (RP-initiated `end_session`) go: sso.backchannel.ts queues them. */
export type LogoutQueue = (ctx: AppContext, clientId: string, accountId: string, sid: string) => Promise<void>;
let logoutQueue: LogoutQueue | null = null;
/** Set once by sso.backchannel.ts (so this module imports nothing of it). */
export function routeProviderLogouts(queue: LogoutQueue): void {
  logoutQueue = queue;
}

interface Built { provider: OidcProvider; handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>; kids: string; checkedAt: number }
const built = new WeakMap<AppContext, Built>();
/** How long an instance trusts its key list before looking again (another instance may have rotated). */
const KEY_RECHECK_MS = 30_000;

/**
 * The provider of this platform, built on first use and rebuilt when the published key set changes
 * (a rotation here or on another instance, or a retired key's grace time over): oidc-provider takes
 * its keys once, at construction. State lives in the database, so a rebuild loses nothing.
 */
export async function providerFor(ctx: AppContext, opts: { fresh?: boolean } = {}): Promise<Built> {
  const current = built.get(ctx);
  if (current && !opts.fresh && Date.now() - current.checkedAt < KEY_RECHECK_MS) return current;
  const keys = await publishedKeys(ctx);
  const kids = keys.map((k) => k.kid).join(',');
  if (current && current.kids === kids) {
    current.checkedAt = Date.now();
    return current;
  }
  const provider = buildProvider(ctx, keys.map((k) => k.jwk));
  const next: Built = { provider, handle: provider.callback(), kids, checkedAt: Date.now() };
  built.set(ctx, next);
  return next;
}

/** The applicant signed in to OneWindow in this browser (the session cookie), if any: staff sessions do not count. */
export async function sessionApplicant(ctx: AppContext, token: string | undefined): Promise<{ id: string; name: string } | null> {
  if (!token) return null;
  const found = await resolveSession(ctx, token);
  if (!found || (found.actor.kind !== 'person' && found.actor.kind !== 'enterprise')) return null;
  return { id: found.actor.id, name: found.actor.name };
}

function buildProvider(ctx: AppContext, jwks: Array<Record<string, unknown>>): OidcProvider {
  const { Check, base } = interactionPolicy;
  const policy = base();
  // Single sign-on follows OneWindow's own session: when the applicant signed out of OneWindow, or
  // another applicant signed in in this browser, the provider's session no longer vouches for anyone.
  policy.get('login').checks.add(new Check('onewindow_session', 'the OneWindow session ended or belongs to another applicant', async (k: any) => {
    const applicant = await sessionApplicant(ctx, k.cookies.get(SESSION_COOKIE, { signed: false }));
    return applicant?.id === k.oidc.session.accountId ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT;
  }));
  const salt = pairwiseSalt(ctx);
  const hours = (h: number) => h * 3600;

  const provider: OidcProvider = new Provider(issuerOf(ctx), {
    adapter: sqlAdapter(ctx),
    jwks: { keys: jwks },
    cookies: {
      keys: cookieKeys(ctx),
      long: { httpOnly: true, sameSite: 'lax', signed: true },
      short: { httpOnly: true, sameSite: 'lax', signed: true },
    },
    scopes: [...SSO_SCOPES],
    claims: { openid: ['sub'], profile: ['name', 'applicant_type'], phone: ['phone_number'] },
    subjectTypes: ['pairwise'],
    // Per client, so two systems cannot join their records of one applicant by `sub` (docs/sso.md).
    pairwiseIdentifier: (_k: unknown, accountId: string, client: { clientId: string }) =>
      createHmac('sha256', salt).update(`${client.clientId}|${accountId}`).digest('base64url'),
    async findAccount(_k: unknown, sub: string) {
      const applicant = await repo.findApplicant(ctx.db, sub);
      if (!applicant) return undefined;
      return {
        accountId: applicant.id,
        // The phone only with the `phone` scope, and masked: a relying party needs to recognise it, not to call it.
        claims: async (_use: string, scope: string) => ({
          sub: applicant.id,
          ...(scope.split(' ').includes('profile') ? { name: applicant.name, applicant_type: applicant.kind } : {}),
          ...(scope.split(' ').includes('phone') && applicant.phone ? { phone_number: maskPhone(applicant.phone) } : {}),
        }),
      };
    },
    interactions: { policy, url: (_k: unknown, interaction: { uid: string }) => `${OIDC_PREFIX}/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      // OpenID Connect Back-Channel Logout 1.0 (docs/sso.md): sso.backchannel.ts sends the logout tokens.
      backchannelLogout: { enabled: true },
    },
    // PKCE (S256) for every client, with or without a secret.
    pkce: { required: () => true },
    responseTypes: ['code'],
    clientAuthMethods: ['client_secret_basic', 'none'],
    clientDefaults: { grant_types: ['authorization_code'], response_types: ['code'], id_token_signed_response_alg: SIGNING_ALG, token_endpoint_auth_method: 'client_secret_basic' },
    enabledJWA: {
      idTokenSigningAlgValues: [SIGNING_ALG], userinfoSigningAlgValues: [SIGNING_ALG], authorizationSigningAlgValues: [SIGNING_ALG],
      introspectionSigningAlgValues: [SIGNING_ALG], requestObjectSigningAlgValues: [SIGNING_ALG], clientAuthSigningAlgValues: [SIGNING_ALG],
    },
    clientBasedCORS: () => false,
    // oidc-provider refuses special-use addresses (loopback, private …) for its outgoing requests (the
    // back-channel logout tokens): kept, unless the platform allows private targets as for webhooks.
    ...(ctx.config.WEBHOOK_ALLOW_PRIVATE === 'true'
      ? { fetch: (url: string | URL, options: RequestInit & { dispatcher?: unknown }) => globalThis.fetch(url, { ...options, dispatcher: undefined } as RequestInit) }
      : {}),
    ttl: {
      AccessToken: hours(1), AuthorizationCode: 60, IdToken: hours(1), Interaction: hours(1),
      RefreshToken: hours(24 * 14), Grant: hours(24 * 14), Session: hours(ctx.config.SESSION_TTL_HOURS),
    },
    async renderError(k: any, out: { error: string; error_description?: string }) {
      k.type = 'html';
      k.body = errorPage(out);
    },
  });
  provider.proxy = trustedProxies(ctx.config) !== false;
  // Secrets are stored as their SHA-256 (shown once at registration): compare hashes, in constant time.
  provider.Client.prototype.compareClientSecret = function compareClientSecret(this: { clientSecret?: string }, actual: unknown) {
    return secretMatches(actual, this.clientSecret);
  };
  // oidc-provider's end_session calls Client#backchannelLogout inline and waits for every relying party.
  // It queues the same job as the portal's sign-out instead (docs/sso.md); the job sends through
  // `sendBackchannelLogout`, the library's own method.
  const send = provider.Client.prototype.backchannelLogout as (this: unknown, sub: string, sid: string) => Promise<void>;
  provider.Client.prototype.sendBackchannelLogout = send;
  provider.Client.prototype.backchannelLogout = async function backchannelLogout(this: { clientId: string }, accountId: string, sid: string) {
    if (!logoutQueue) return send.call(this, accountId, sid);
    await logoutQueue(ctx, this.clientId, accountId, sid);
  };
  return provider;
}
