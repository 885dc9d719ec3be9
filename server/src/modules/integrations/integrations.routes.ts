import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../lib/context.ts';
import { apiClientPolicy, authorize } from '../../policies/index.ts';
import { errorBody, uuidParam } from '../../lib/schemas.ts';
import { SUBSCRIBABLE_EVENTS } from './event-types.ts';
import * as s from './integrations.schemas.ts';
import * as svc from './integrations.service.ts';
import * as exchange from './exchange.ts';
import * as x from './exchange.schemas.ts';
import { API_SCOPES } from './keys.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const tags = ['integrations'];

/** The manager's console of consuming systems, keys and subscriptions (docs/open-api.md). */
export function integrationRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/admin/integrations/event-types', {
    schema: { tags, summary: 'The case event types a system may subscribe to, and the key scopes', response: { 200: s.eventTypes, ...errors } },
  }, async (req) => {
    // The console's own reference data: closed like the rest of it (a clerk was answered 200 before).
    authorize(apiClientPolicy, req.actor, 'manage');
    return { eventTypes: [...SUBSCRIBABLE_EVENTS], scopes: [...API_SCOPES] };
  });

  r.get('/api/admin/integrations/clients', {
    schema: { tags, summary: "The center's consuming systems with their keys (never the key itself) and subscriptions", querystring: s.pageOnly, response: { 200: s.clientList, ...errors } },
  }, (req) => svc.listClients(ctx, req.actor, req.query.page, req.query.pageSize));

  r.post('/api/admin/integrations/clients', {
    schema: { tags, summary: 'Register a consuming system of the center', body: s.createClientBody, response: { 201: s.created, ...errors } },
  }, async (req, reply) => reply.code(201).send(await svc.registerClient(ctx, req.actor, req.body)));

  r.post('/api/admin/integrations/clients/:id/revoke', {
    schema: { tags, summary: 'Revoke a consuming system: all its keys and subscriptions end', params: s.clientParam, response: { 200: s.ok, ...errors } },
  }, (req) => svc.revokeClient(ctx, req.actor, req.params.id));

  r.post('/api/admin/integrations/clients/:id/keys', {
    schema: { tags, summary: 'Issue an API key (answered once; only its hash is kept)', params: s.clientParam, body: s.issueKeyBody, response: { 201: s.issuedKey, ...errors } },
  }, async (req, reply) => reply.code(201).send(await svc.issueKey(ctx, req.actor, req.params.id, req.body)));

  r.post('/api/admin/integrations/clients/:id/keys/:keyId/revoke', {
    schema: { tags, summary: 'Revoke one API key', params: s.keyParam, response: { 200: s.ok, ...errors } },
  }, (req) => svc.revokeKey(ctx, req.actor, req.params.id, req.params.keyId));

  r.post('/api/admin/integrations/clients/:id/subscriptions', {
    schema: { tags, summary: 'Subscribe the system to case events (the signing secret is answered once)', params: s.clientParam, body: s.subscribeBody, response: { 201: s.createdSubscription, ...errors } },
  }, async (req, reply) => reply.code(201).send(await svc.subscribe(ctx, req.actor, req.params.id, req.body)));

  r.post('/api/admin/integrations/subscriptions/:id/revoke', {
    schema: { tags, summary: 'End a subscription (events not yet delivered stay in its log, undelivered)', params: uuidParam, response: { 200: s.ok, ...errors } },
  }, (req) => svc.unsubscribe(ctx, req.actor, req.params.id));

  r.post('/api/admin/integrations/subscriptions/:id/pause', {
    schema: { tags, summary: 'Pause a subscription: its events are kept and sent, in order, once it is resumed', params: uuidParam, response: { 200: s.ok, ...errors } },
  }, (req) => svc.setSubscriptionPaused(ctx, req.actor, req.params.id, true));

  r.post('/api/admin/integrations/subscriptions/:id/resume', {
    schema: { tags, summary: 'Resume a paused subscription', params: uuidParam, response: { 200: s.ok, ...errors } },
  }, (req) => svc.setSubscriptionPaused(ctx, req.actor, req.params.id, false));

  r.get('/api/admin/integrations/subscriptions/:id/deliveries', {
    schema: { tags, summary: "A subscription's delivery log, newest first", params: uuidParam, querystring: s.pageOnly, response: { 200: s.deliveryLog, ...errors } },
  }, (req) => svc.deliveryLog(ctx, req.actor, req.params.id, req.query.page, req.query.pageSize));

  // ---- exchange in the national field names (docs/open-api.md)
  r.get('/api/admin/exchange/items', {
    schema: { tags: ['exchange'], summary: "The center's items in the national exchange field names (newest version)", response: { 200: x.exportItemsResponse, ...errors } },
  }, (req) => exchange.exportItems(ctx, req.actor));

  r.post('/api/admin/exchange/items', {
    schema: { tags: ['exchange'], summary: 'Import items given in the national field names: every row valid, or nothing written (drafts of the center)', body: x.importItemsBody, response: { 201: x.importItemsResponse, ...errors } },
  }, async (req, reply) => reply.code(201).send(await exchange.importItems(ctx, req.actor, req.body.items)));

  r.get('/api/admin/exchange/cases', {
    schema: { tags: ['exchange'], summary: "The center's cases received in a date range, in the national field names", querystring: x.exportCasesQuery, response: { 200: x.exportCasesResponse, ...errors } },
  }, (req) => exchange.exportCases(ctx, req.actor, req.query.from, req.query.to, req.query.page, req.query.pageSize));
}
