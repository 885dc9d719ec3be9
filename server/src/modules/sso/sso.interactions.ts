import { createHmac, timingSafeEqual } from 'node:crypto';
import { parse as parseQuery } from 'node:querystring';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../lib/context.ts';
import { DomainError } from '../../lib/errors.ts';
import { login, logout, SESSION_COOKIE } from '../auth/auth.service.ts';
import { cookieKeys } from './sso.keys.ts';
import { consentPage, errorPage, loginPage, text, type Lang } from './sso.pages.ts';
import { OIDC_PREFIX, providerFor, sessionApplicant, type OidcProvider } from './sso.provider.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- oidc-provider's interaction objects are untyped */

/**
 * The provider's interactions: sign-in (with OneWindow's own sign-in and session: an applicant
 * already signed in to OneWindow is not asked again) and consent, as plain server pages.
 * Our forms carry a token bound to the interaction and its cookie (CSRF), and a POST from another
 * origin is refused.
 */
export async function ssoInteractionRoutes(app: FastifyInstance, ctx: AppContext) {
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 8 * 1024 }, (_req, body, done) => {
      done(null, parseQuery(body as string));
    });
    const page = `${OIDC_PREFIX}/interaction/:uid`;
    scope.get(page, { schema: { hide: true } }, (req, reply) => show(ctx, req, reply));
    scope.post(`${page}/login`, { schema: { hide: true }, config: { rateLimit: { max: ctx.config.LOGIN_RATE_PER_MINUTE, timeWindow: '1 minute' } } }, (req, reply) => signIn(ctx, req, reply));
    scope.post(`${page}/consent`, { schema: { hide: true } }, (req, reply) => consent(ctx, req, reply));
    scope.post(`${page}/abort`, { schema: { hide: true } }, (req, reply) => abort(ctx, req, reply));
  });
}

type Req = FastifyRequest;
const uidOf = (req: Req) => (req.params as { uid: string }).uid;
const field = (req: Req, name: string) => {
  const v = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : '';
};

function csrfFor(ctx: AppContext, req: Req): string {
  return createHmac('sha256', cookieKeys(ctx)[0]!).update(`interaction-form|${uidOf(req)}|${req.cookies._interaction ?? ''}`).digest('base64url');
}

function csrfOk(ctx: AppContext, req: Req): boolean {
  const origin = req.headers.origin;
  if (origin && origin !== 'null') {
    const host = req.headers.host;
    try {
      if (new URL(origin).host !== host) return false;
    } catch {
      return false;
    }
  }
  const a = Buffer.from(field(req, 'csrf'));
  const b = Buffer.from(csrfFor(ctx, req));
  return a.length === b.length && timingSafeEqual(a, b);
}

function langOf(req: Req, details?: any): Lang {
  const q = (req.query as { lang?: string }).lang;
  if (q === 'en' || q === 'zh') return q;
  const ui = details?.params?.ui_locales;
  if (typeof ui === 'string' && ui.trim()) return ui.trim().toLowerCase().startsWith('en') ? 'en' : 'zh';
  return (req.headers['accept-language'] ?? '').toLowerCase().startsWith('en') ? 'en' : 'zh';
}

/** The page's CSP lets our forms lead on to the relying party's registered redirect URI (Chromium applies form-action to the redirects after a POST). */
function allowFormTarget(reply: FastifyReply, details: any) {
  const csp = reply.getHeader('content-security-policy');
  const redirect = details?.params?.redirect_uri;
  if (typeof csp !== 'string' || typeof redirect !== 'string') return;
  let origin: string;
  try {
    origin = new URL(redirect).origin;
  } catch {
    return;
  }
  reply.header('content-security-policy', csp.replace("form-action 'self'", `form-action 'self' ${origin}`));
}

async function details(provider: OidcProvider, req: Req, reply: FastifyReply): Promise<any | null> {
  try {
    const d = await provider.interactionDetails(req.raw, reply.raw);
    return d.uid === uidOf(req) ? d : null;
  } catch {
    return null;
  }
}

function expired(reply: FastifyReply) {
  return reply.code(400).type('text/html; charset=utf-8').send(errorPage({ error: 'invalid_request' }, { zh: text('zh', 'expired'), en: text('en', 'expired') }));
}

async function clientName(provider: OidcProvider, clientId: string): Promise<string> {
  const client = await provider.Client.find(clientId);
  return client?.clientName ?? clientId;
}

function links(req: Req, lang: Lang) {
  const base = `${OIDC_PREFIX}/interaction/${encodeURIComponent(uidOf(req))}`;
  return { base, other: `${base}?lang=${lang === 'zh' ? 'en' : 'zh'}`, q: lang === 'en' ? '?lang=en' : '' };
}

async function finish(provider: OidcProvider, req: Req, reply: FastifyReply, result: object, merge = false) {
  const to = await provider.interactionResult(req.raw, reply.raw, result, { mergeWithLastSubmission: merge });
  return reply.redirect(to, 303);
}

async function show(ctx: AppContext, req: Req, reply: FastifyReply, error?: string) {
  const { provider } = await providerFor(ctx);
  const d = await details(provider, req, reply);
  if (!d) return expired(reply);
  const lang = langOf(req, d);
  const l = links(req, lang);
  allowFormTarget(reply, d);
  reply.header('cache-control', 'no-store').type('text/html; charset=utf-8');
  const client = await clientName(provider, d.params.client_id);
  if (d.prompt.name === 'login') {
    // Single sign-on: an applicant already signed in to OneWindow in this browser goes straight on.
    const applicant = error ? null : await sessionApplicant(ctx, req.cookies[SESSION_COOKIE]);
    if (applicant) return finish(provider, req, reply, { login: { accountId: applicant.id } });
    return reply.send(loginPage({ lang, action: `${l.base}/login${l.q}`, abort: `${l.base}/abort${l.q}`, csrf: csrfFor(ctx, req), client, error, login: field(req, 'login'), otherLangHref: l.other }));
  }
  const applicant = await sessionApplicant(ctx, req.cookies[SESSION_COOKIE]);
  const scopes: string[] = d.prompt.details?.missingOIDCScope ?? String(d.params.scope ?? '').split(' ');
  return reply.send(consentPage({ lang, action: `${l.base}/consent${l.q}`, abort: `${l.base}/abort${l.q}`, csrf: csrfFor(ctx, req), client, name: applicant?.name ?? '', scopes, otherLangHref: l.other }));
}

async function signIn(ctx: AppContext, req: Req, reply: FastifyReply) {
  const { provider } = await providerFor(ctx);
  const d = await details(provider, req, reply);
  if (!d || d.prompt.name !== 'login') return expired(reply);
  const lang = langOf(req, d);
  if (!csrfOk(ctx, req)) return show(ctx, req, reply.code(403), text(lang, 'csrf'));
  let result;
  try {
    result = await login(ctx, field(req, 'login'), field(req, 'password'), req.ip);
  } catch (err) {
    if (err instanceof DomainError) return show(ctx, req, reply.code(err.status), err.text[lang]);
    throw err;
  }
  if (result.user.kind === 'staff') {
    await logout(ctx, result.token);
    return show(ctx, req, reply.code(403), text(lang, 'staffOnly'));
  }
  // The applicant is now signed in to OneWindow too (the same session cookie as /api/auth/login).
  const secure = ctx.config.COOKIE_SECURE;
  reply.setCookie(SESSION_COOKIE, result.token, {
    httpOnly: true, sameSite: 'lax', path: '/', expires: result.expiresAt,
    secure: secure === 'auto' ? req.protocol === 'https' : secure === 'true',
  });
  return finish(provider, req, reply, { login: { accountId: result.user.id } });
}

async function consent(ctx: AppContext, req: Req, reply: FastifyReply) {
  const { provider } = await providerFor(ctx);
  const d = await details(provider, req, reply);
  if (!d || d.prompt.name !== 'consent') return expired(reply);
  if (!csrfOk(ctx, req)) return show(ctx, req, reply.code(403));
  const accountId: string = d.session.accountId;
  const grant = d.grantId ? await provider.Grant.find(d.grantId) : new provider.Grant({ accountId, clientId: d.params.client_id });
  const missing = d.prompt.details ?? {};
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, (scopes as string[]).join(' '));
  const grantId: string = await grant.save();
  return finish(provider, req, reply, { consent: { grantId } }, true);
}

async function abort(ctx: AppContext, req: Req, reply: FastifyReply) {
  const { provider } = await providerFor(ctx);
  const d = await details(provider, req, reply);
  if (!d) return expired(reply);
  if (!csrfOk(ctx, req)) return show(ctx, req, reply.code(403));
  return finish(provider, req, reply, { error: 'access_denied', error_description: 'End-User aborted interaction' });
}
