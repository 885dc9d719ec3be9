import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../lib/context.ts';
import { errorBody, uuidParam } from '../../lib/schemas.ts';
import { ssoInteractionRoutes } from './sso.interactions.ts';
import { OIDC_PREFIX, providerFor } from './sso.provider.ts';
import { inProviderRequest } from './provider-context.ts';
import { backchannelAttemptList, clientList, clientListQuery, clientView, keyList, registerClientBody, registeredClient, updateBackchannelBody } from './sso.schemas.ts';
import * as service from './sso.service.ts';
import { registerBackchannelLogout } from './sso.backchannel.ts';

/** Single sign-on (docs/sso.md): the provider under /oidc, its pages, and the manager's API. */
export async function ssoRoutes(app: FastifyInstance, ctx: AppContext) {
  await mountProvider(app, ctx);
  registerBackchannelLogout(ctx);
  await ssoInteractionRoutes(app, ctx);

  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['sso'];
  r.get('/api/admin/sso/clients', {
    schema: { tags, summary: 'The center\'s registered relying parties (single sign-on clients), newest first', querystring: clientListQuery, response: { 200: clientList, 401: errorBody, 403: errorBody } },
  }, async (req) => service.listClients(ctx, req.actor, req.query));

  r.post('/api/admin/sso/clients', {
    schema: {
      tags, summary: 'Register a relying party: answers its client_id and, once, its secret', body: registerClientBody,
      response: { 201: registeredClient, 400: errorBody, 401: errorBody, 403: errorBody },
    },
  }, async (req, reply) => reply.code(201).send(await service.registerClient(ctx, req.actor, req.body)));

  r.put('/api/admin/sso/clients/:id/backchannel-logout', {
    schema: {
      tags, summary: 'Set or remove a relying party\'s back-channel logout URI (https, or http on localhost)', params: uuidParam, body: updateBackchannelBody,
      response: { 200: clientView, 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody },
    },
  }, async (req) => service.updateBackchannelUri(ctx, req.actor, req.params.id, req.body.backchannelLogoutUri));

  r.get('/api/admin/sso/clients/:id/backchannel-attempts', {
    schema: { tags, summary: 'The back-channel logout deliveries to a relying party, each attempt with its outcome, newest first', params: uuidParam, response: { 200: backchannelAttemptList, 401: errorBody, 403: errorBody, 404: errorBody } },
  }, async (req) => service.listBackchannelAttempts(ctx, req.actor, req.params.id));

  r.post('/api/admin/sso/clients/:id/revoke', {
    schema: { tags, summary: 'Revoke a relying party: its sign-ins and tokens are refused from now on', params: uuidParam, response: { 200: clientView, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody } },
  }, async (req) => service.revokeClient(ctx, req.actor, req.params.id));

  r.get('/api/admin/sso/keys', {
    schema: { tags, summary: 'The provider\'s published signing keys (the active one and those still in their grace time)', response: { 200: keyList, 401: errorBody, 403: errorBody } },
  }, async (req) => service.listKeys(ctx, req.actor));

  r.post('/api/admin/sso/keys/rotate', {
    schema: { tags, summary: 'Rotate the signing key: a new key signs, the previous one stays published until its tokens expired', response: { 200: keyList, 401: errorBody, 403: errorBody } },
  }, async (req) => service.rotateKeys(ctx, req.actor));
}

/**
 * oidc-provider (a Koa app) answers everything else under /oidc. A Fastify route hands it the raw
 * request: the body stays unread for it (its own parser), and the headers our plugins set (helmet's
 * CSP and friends) are copied onto the raw response first, so its pages carry them too.
 */
async function mountProvider(app: FastifyInstance, ctx: AppContext) {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, _payload, done) => done(null));
    scope.route({
      method: ['GET', 'POST', 'DELETE', 'OPTIONS'],
      url: `${OIDC_PREFIX}/*`,
      schema: { hide: true },
      handler: async (req, reply) => {
        const { handle } = await providerFor(ctx);
        reply.hijack();
        for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) reply.raw.setHeader(name, value);
        // Mounted like an Express sub-app: the provider finds its mount path from originalUrl.
        const raw = req.raw as typeof req.raw & { originalUrl?: string };
        raw.originalUrl = raw.url;
        raw.url = raw.url!.slice(OIDC_PREFIX.length) || '/';
        await inProviderRequest(() => handle(req.raw, reply.raw));
      },
    });
  });
}
