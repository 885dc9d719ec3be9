import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../lib/context.ts';
import { errorBody, isoDate, uuidParam } from '../../lib/schemas.ts';
import * as q from './items.queries.ts';
import * as s from './items.schemas.ts';
import * as svc from './items.service.ts';
import { implementationsAt, tongbanCenters } from './across-regions.ts';
import * as award from './award-requirement.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

export function itemRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // ---- public catalog ----
  r.get('/api/items', {
    schema: {
      tags: ['catalog'],
      summary: 'Search and browse the items in the hall (by audience, department, theme, life event, center, type)',
      querystring: s.publicListQuery,
      response: { 200: s.publicListResponse, 400: errorBody },
    },
  }, (req) => q.searchPublic(ctx, req.query));

  r.get('/api/catalog/facets', {
    schema: {
      tags: ['catalog'],
      summary: 'Browse entries with counts: centers, departments, themes, life events, audiences',
      querystring: z.object({ centerId: z.uuid().optional() }),
      response: { 200: s.facetsResponse, 400: errorBody },
    },
  }, (req) => q.catalogFacets(ctx, req.query.centerId));

  r.get('/api/items/:id/guide', {
    schema: {
      tags: ['catalog'],
      summary: 'The guide of an item: its ten public items in the version in force today',
      params: uuidParam,
      response: { 200: s.guideResponse, 400: errorBody, 404: errorBody },
    },
  }, (req) => q.guide(ctx, req.params.id));

  // ---- 通办 (issue 17): where an item may be applied for and collected, and which implementations reach a center ----
  r.get('/api/items/:id/tongban', {
    schema: {
      tags: ['catalog'], summary: "An item's 通办 scope and the centers where its applications may be handed in and results collected",
      params: uuidParam, response: { 200: s.tongbanCentersResponse, 400: errorBody, 404: errorBody },
    },
  }, (req) => tongbanCenters(ctx, req.params.id));

  r.get('/api/tongban/implementations', {
    schema: {
      tags: ['catalog'], summary: 'The implementations of a basic code an applicant may apply through at a center (its own, and those whose 通办 scope reaches it)',
      querystring: s.implementationsAtQuery, response: { 200: s.implementationsAtResponse, 400: errorBody, 404: errorBody },
    },
  }, (req) => implementationsAt(ctx, req.query.basicCode, req.query.centerId));

  // ---- manager console ----
  r.get('/api/admin/items', {
    schema: { tags: ['catalog admin'], summary: "Items of the manager's center, drafts included", querystring: s.managerListQuery, response: { 200: s.managerListResponse, ...errors } },
  }, (req) => q.listForManager(ctx, req.actor, req.query));

  r.post('/api/admin/items', {
    schema: {
      tags: ['catalog admin'], summary: 'Create an item with its first draft; the codes are built from the identity parts',
      body: s.createItemBody,
      response: { 201: z.object({ id: z.string(), basicCode: z.string(), implementationCode: z.string() }), ...errors },
    },
  }, async (req, reply) => reply.code(201).send(await svc.createItem(ctx, req.actor, req.body.identity, req.body.content)));

  r.get('/api/admin/items/:id', {
    schema: { tags: ['catalog admin'], summary: 'One item with versions, draft, history and requests', params: uuidParam, response: { 200: s.managerItemResponse, ...errors } },
  }, (req) => q.itemForManager(ctx, req.actor, req.params.id));

  r.get('/api/admin/items/:id/versions/:version', {
    schema: {
      tags: ['catalog admin'], summary: 'One version of an item (published versions are read-only)',
      params: z.object({ id: z.uuid(), version: z.coerce.number().int().min(1) }),
      response: { 200: s.versionResponse, ...errors },
    },
  }, (req) => q.versionForManager(ctx, req.actor, req.params.id, req.params.version));

  r.post('/api/admin/items/:id/draft', {
    schema: { tags: ['catalog admin'], summary: 'Open a new draft copied from the newest published version', params: uuidParam, response: { 201: z.object({ version: z.number() }), ...errors } },
  }, async (req, reply) => reply.code(201).send(await svc.openDraft(ctx, req.actor, req.params.id)));

  r.put('/api/admin/items/:id/draft', {
    schema: { tags: ['catalog admin'], summary: 'Save the open draft', params: uuidParam, body: s.saveDraftBody, response: { 200: z.object({ version: z.number() }), ...errors } },
  }, (req) => svc.saveDraft(ctx, req.actor, req.params.id, req.body.content));

  r.delete('/api/admin/items/:id/draft', {
    schema: { tags: ['catalog admin'], summary: 'Discard the open draft', params: uuidParam, response: { 204: z.null(), ...errors } },
  }, async (req, reply) => {
    await svc.discardDraft(ctx, req.actor, req.params.id);
    return reply.code(204).send(null);
  });

  r.post('/api/admin/items/:id/publish', {
    schema: {
      tags: ['catalog admin'], summary: 'Publish the draft as an immutable version valid from a date (today or later)',
      params: uuidParam, body: z.object({ validFrom: isoDate }), response: { 200: z.object({ version: z.number() }), ...errors },
    },
  }, (req) => svc.publish(ctx, req.actor, req.params.id, req.body.validFrom));

  r.post('/api/admin/items/:id/requests', {
    schema: {
      tags: ['catalog admin'], summary: 'Ask for admission of the item to the hall or its removal',
      params: uuidParam, body: s.hallRequestBody, response: { 201: z.object({ id: z.string() }), ...errors },
    },
  }, async (req, reply) => reply.code(201).send(await svc.requestHallChange(ctx, req.actor, req.params.id, req.body.kind, req.body.reason)));

  // ---- issue 16: the item's cases need a project awarded in the center (award-requirement.ts) ----
  r.get('/api/admin/items/:id/trading-award-requirement', {
    schema: {
      tags: ['catalog admin'], summary: 'Whether the cases of the item need a project awarded in the center, the form field that names it, and the fields to choose from',
      params: uuidParam, response: { 200: s.awardRequirementResponse, ...errors },
    },
  }, (req) => award.getAwardRequirement(ctx, req.actor, req.params.id));

  r.put('/api/admin/items/:id/trading-award-requirement', {
    schema: {
      tags: ['catalog admin'], summary: 'Require a project awarded in the center, named in a text field of the form (takes effect at once)',
      params: uuidParam, body: s.awardRequirementBody, response: { 200: s.awardRequirementResponse, ...errors },
    },
  }, (req) => award.setAwardRequirement(ctx, req.actor, req.params.id, req.body.projectCodeField));

  r.delete('/api/admin/items/:id/trading-award-requirement', {
    schema: { tags: ['catalog admin'], summary: 'Switch the requirement of an awarded project off', params: uuidParam, response: { 204: z.null(), ...errors } },
  }, async (req, reply) => {
    await award.clearAwardRequirement(ctx, req.actor, req.params.id);
    return reply.code(204).send(null);
  });

  r.get('/api/admin/requests', {
    schema: { tags: ['catalog admin'], summary: "Admission and removal requests of the manager's center", querystring: s.requestsQuery, response: { 200: s.requestsResponse, ...errors } },
  }, (req) => q.requestsForManager(ctx, req.actor, req.query));

  r.post('/api/admin/requests/:id/decision', {
    schema: {
      tags: ['catalog admin'], summary: 'Approve or reject a request, with reasons (not your own request)',
      params: uuidParam, body: s.decisionBody, response: { 200: z.object({ ok: z.literal(true) }), ...errors },
    },
  }, async (req) => {
    await svc.decideRequest(ctx, req.actor, req.params.id, req.body.approve, req.body.reason);
    return { ok: true as const };
  });
}
