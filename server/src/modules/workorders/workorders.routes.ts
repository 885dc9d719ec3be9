import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../lib/context.ts';
import { errorBody, uuidParam } from '../../lib/schemas.ts';
import { suggestDuplicates } from './duplicates.service.ts';
import * as exposure from './exposure.service.ts';
import * as knowledge from './knowledge.service.ts';
import * as s from './workorders.schemas.ts';
import * as svc from './workorders.service.ts';
import { referenceData } from './reference.service.ts';
import * as config from './config.service.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

/** 12345 work orders (issue 13): the operator's console, the departments, the lead, the portal, the exposure column. docs/hotline.md. */
export function workOrderRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/workorders/reference', {
    schema: { tags: ['work orders'], summary: 'The category tree, the time limits and the departments of the caller\'s center (an applicant: of the center named)', querystring: s.referenceQuery, response: { 200: s.categoriesResponse, ...errors } },
  }, (req) => referenceData(ctx, req.actor, req.query.centerId));
  r.get('/api/workorders/config', {
    schema: { tags: ['work orders'], summary: 'The category tree (with retired categories) and the time limits, to edit (hotline lead, managers)', response: { 200: s.configResponse, ...errors } },
  }, (req) => config.configuration(ctx, req.actor));
  r.post('/api/workorders/config/categories', {
    schema: { tags: ['work orders'], summary: 'Add a category (hotline lead, managers; audited)', body: s.categoryCreateBody, response: { 201: s.created, ...errors } },
  }, async (req, reply) => reply.code(201).send(await config.addCategory(ctx, req.actor, req.body)));
  r.put('/api/workorders/config/categories/:id', {
    schema: { tags: ['work orders'], summary: 'Rename, reorder, retire or reinstate a category (hotline lead, managers; audited)', params: uuidParam, body: s.categoryUpdateBody, response: { 200: s.created, ...errors } },
  }, (req) => config.updateCategory(ctx, req.actor, req.params.id, req.body));
  r.put('/api/workorders/config/limits', {
    schema: { tags: ['work orders'], summary: 'Set time limits per kind and urgency in working days (hotline lead, managers; audited)', body: s.limitsBody, response: { 200: s.configResponse, ...errors } },
  }, (req) => config.saveLimits(ctx, req.actor, req.body));
  r.post('/api/workorders', {
    schema: { tags: ['work orders'], summary: 'Take a call: a new work order (hotline operators)', body: s.takeCallBody, response: { 201: s.created, ...errors } },
  }, async (req, reply) => reply.code(201).send(await svc.takeCall(ctx, req.actor, req.body)));
  r.post('/api/workorders/duplicates', {
    schema: { tags: ['work orders'], summary: 'Open orders with a similar place and topic within the window: the duplicates to merge into', body: s.duplicatesBody, response: { 200: s.duplicatesResponse, ...errors } },
  }, (req) => suggestDuplicates(ctx, req.actor, req.body));
  r.get('/api/workorders', {
    schema: { tags: ['work orders'], summary: 'Work orders in the caller\'s scope (hotline and managers: the center; a department: its own), newest first', querystring: s.listQuery, response: { 200: s.orderPage, ...errors } },
  }, (req) => svc.listOrders(ctx, req.actor, req.query));
  r.get('/api/workorders/:id', {
    schema: { tags: ['work orders'], summary: 'One work order with its history and the actions the caller may take', params: uuidParam, response: { 200: s.orderDetail, ...errors } },
  }, (req) => svc.orderDetail(ctx, req.actor, req.params.id));
  r.post('/api/workorders/:id/actions', {
    schema: { tags: ['work orders'], summary: 'A lifecycle action: dispatch, answer, return, redispatch, keep, start, reply, callback, evaluate, reopen (the lead: a dissatisfied order back for re-handling), merge', params: uuidParam, body: s.actionBody, response: { 200: s.orderDetail, ...errors } },
  }, (req) => svc.act(ctx, req.actor, req.params.id, req.body));
  r.post('/api/workorders/:id/publish', {
    schema: { tags: ['work orders'], summary: 'Publish a closed order with its fix in the exposure and correction column (managers)', params: uuidParam, body: s.publishBody, response: { 200: s.created, ...errors } },
  }, (req) => exposure.publish(ctx, req.actor, req.params.id, req.body.fix));
  r.get('/api/workorders/staff/:staffId/complaints', {
    schema: { tags: ['work orders'], summary: 'Complaints against a staff member of the center (managers, supervisors; the assessment)', params: s.staffParam, querystring: s.pageOnly, response: { 200: s.complaintPage, ...errors } },
  }, (req) => exposure.complaintsAgainst(ctx, req.actor, req.params.staffId, req.query));

  r.get('/api/workorders/knowledge', {
    schema: { tags: ['work orders'], summary: 'Search the knowledge base (hotline operators)', querystring: s.knowledgeQuery, response: { 200: s.articlePage, ...errors } },
  }, (req) => knowledge.searchKnowledge(ctx, req.actor, req.query));
  r.post('/api/workorders/knowledge', {
    schema: { tags: ['work orders'], summary: 'Add an article, optionally from a source order (hotline operators)', body: s.knowledgeBody, response: { 201: s.created, ...errors } },
  }, async (req, reply) => reply.code(201).send(await knowledge.addArticle(ctx, req.actor, req.body)));

  r.post('/api/my/appeals', {
    schema: {
      tags: ['work orders'], body: s.webBody, response: { 200: s.created, 201: s.created, ...errors, 422: errorBody },
      summary: 'Submit an appeal (consultation, request, complaint, suggestion, praise) from the portal; a retry with the same idempotencyKey and body returns the same order (200), with another body 422 IDEMPOTENCY_KEY_REUSED',
    },
  }, async (req, reply) => {
    const { id, created } = await svc.submitFromWeb(ctx, req.actor, req.body);
    return reply.code(created ? 201 : 200).send({ id });
  });
  r.get('/api/my/appeals', {
    schema: { tags: ['work orders'], summary: 'My appeals, newest first', querystring: s.listQuery, response: { 200: s.orderPage, ...errors } },
  }, (req) => svc.listOrders(ctx, req.actor, req.query));

  r.get('/api/public/exposure', {
    schema: { tags: ['work orders'], summary: 'The exposure and correction column (曝光纠错): published orders with their fix, personal data masked', querystring: s.exposureQuery, response: { 200: s.exposurePage, ...errors } },
  }, (req) => exposure.exposureList(ctx, req.query));
}
