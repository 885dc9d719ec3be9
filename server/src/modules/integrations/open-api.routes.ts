import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../lib/context.ts';
import { errorBody, uuidParam } from '../../lib/schemas.ts';
import { guardedProgress } from '../cases/progress-guard.ts';
import { progressQuery, progressResponse } from '../cases/cases.schemas.ts';
import * as items from '../items/items.queries.ts';
import { guideResponse, publicListQuery, publicListResponse } from '../items/items.schemas.ts';
import * as s from './integrations.schemas.ts';
import * as svc from './integrations.service.ts';
import { requireKey } from './open-api.auth.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 429: errorBody };
const security = [{ apiKey: [] }];

/**
 * The versioned public API for consuming systems (docs/open-api.md): /open/v1, keys per system with
 * scopes and a rate limit per key. It answers what the public pages answer (the catalog, the guides,
 * a case's progress by its receipt number and query code, personal data masked), plus the system's
 * own event subscriptions. A breaking change gets /open/v2 beside it.
 */
export function openApiRoutes(app: FastifyInstance, ctx: AppContext) {
  app.decorateRequest('apiCaller', null);
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/open/v1/catalog/items', {
    preHandler: requireKey(ctx, 'catalog:read'),
    schema: { tags: ['open v1'], security, summary: 'Search the items in the hall (scope catalog:read)', querystring: publicListQuery, response: { 200: publicListResponse, ...errors } },
  }, (req) => items.searchPublic(ctx, req.query));

  r.get('/open/v1/catalog/items/:id/guide', {
    preHandler: requireKey(ctx, 'guides:read'),
    schema: { tags: ['open v1'], security, summary: "An item's guide in the version in force today (scope guides:read)", params: uuidParam, response: { 200: guideResponse, ...errors } },
  }, (req) => items.guide(ctx, req.params.id));

  r.get('/open/v1/progress', {
    preHandler: requireKey(ctx, 'progress:read'),
    schema: { tags: ['open v1'], security, summary: "A case's progress by receipt number and query code, as the public sees it (scope progress:read)", querystring: progressQuery, response: { 200: progressResponse, ...errors, 423: errorBody } },
  }, (req) => guardedProgress(ctx, req.query.receiptNo, req.query.queryCode));

  r.get('/open/v1/subscriptions', {
    preHandler: requireKey(ctx, 'events:subscribe'),
    schema: { tags: ['open v1'], security, summary: "This system's event subscriptions (scope events:subscribe)", response: { 200: z.object({ subscriptions: z.array(s.subscriptionView) }), ...errors } },
  }, (req) => svc.listAsClient(ctx, req.apiCaller!));

  r.post('/open/v1/subscriptions', {
    preHandler: requireKey(ctx, 'events:subscribe'),
    schema: { tags: ['open v1'], security, summary: "Subscribe to case events of the system's center, delivered as signed CloudEvents (scope events:subscribe)", body: s.subscribeBody, response: { 201: s.createdSubscription, ...errors } },
  }, async (req, reply) => reply.code(201).send(await svc.subscribeAsClient(ctx, req.apiCaller!, req.body)));

  r.delete('/open/v1/subscriptions/:id', {
    preHandler: requireKey(ctx, 'events:subscribe'),
    schema: { tags: ['open v1'], security, summary: 'End one of this system\'s subscriptions (scope events:subscribe)', params: uuidParam, response: { 200: s.ok, ...errors } },
  }, (req) => svc.unsubscribeAsClient(ctx, req.apiCaller!, req.params.id));
}
