import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../lib/context.ts';
import { errorBody, uuidParam } from '../../lib/schemas.ts';
import { submissionHeaders, submissionResponse } from '../cases/cases.schemas.ts';
import { answerSubmission } from '../cases/submission-answer.ts';
import * as s from './joint.schemas.ts';
import * as svc from './joint.service.ts';
import * as matters from './matters.service.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

export function jointRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/joint/matters', {
    schema: { tags: ['joint'], summary: 'Published joint matters and life events (一件事), by center and life event', querystring: s.matterListQuery, response: { 200: s.matterList, ...errors } },
  }, (req) => matters.listPublished(ctx, req.query));

  r.get('/api/joint/matters/:id', {
    schema: { tags: ['joint'], summary: 'A published joint matter: its questions and items', params: uuidParam, response: { 200: s.matterPublic, ...errors } },
  }, async (req) => matters.matterView(ctx, await matters.publishedMatter(ctx, { id: req.params.id })));

  r.get('/api/joint/centers/:centerId/matters/:key', {
    schema: {
      tags: ['joint'], summary: 'A published joint matter by its portal address',
      params: z.object({ centerId: z.uuid(), key: z.string().max(60) }), response: { 200: s.matterPublic, ...errors },
    },
  }, async (req) => matters.matterView(ctx, await matters.publishedMatter(ctx, req.params)));

  r.post('/api/joint/matters/:id/checklist', {
    schema: {
      tags: ['joint'], summary: 'The tailored checklist and one merged form for a set of answers, with the fields and uploads saved',
      params: uuidParam, body: s.checklistBody, response: { 200: s.checklistResponse, ...errors },
    },
  }, async (req) => {
    const m = await matters.publishedMatter(ctx, { id: req.params.id });
    const { def, merged } = await matters.checklistFor(ctx, m, req.body.answers);
    return matters.checklistView(merged, def);
  });

  r.post('/api/joint/matters/:id/cases', {
    schema: {
      tags: ['joint'], summary: 'Submit one application for a joint matter; a retry with the same idempotencyKey and body returns the same case (200), with another body 422 IDEMPOTENCY_KEY_REUSED',
      params: uuidParam, headers: submissionHeaders, body: s.submitJointBody, response: { 200: submissionResponse, 201: submissionResponse, ...errors },
    },
  }, async (req, reply) => {
    const { id, created } = await svc.submitJoint(ctx, req.actor, req.params.id, req.body);
    return answerSubmission(ctx, req, reply.code(created ? 201 : 200), id);
  });

  r.post('/api/counter/joint/matters/:id/cases', {
    schema: {
      tags: ['joint'], summary: "Register a walk-in applicant's joint application at the window (window role)",
      params: uuidParam, headers: submissionHeaders, body: s.counterJointBody, response: { 200: submissionResponse, 201: submissionResponse, ...errors },
    },
  }, async (req, reply) => {
    const { applicant, receivedAt, ...input } = req.body;
    const { id, created } = await svc.submitJoint(ctx, req.actor, req.params.id, input, { applicant, receivedAt });
    return answerSubmission(ctx, req, reply.code(created ? 201 : 200), id);
  });

  r.post('/api/joint/cases/:id/prereview', {
    schema: {
      tags: ['joint'], summary: "A department's pre-review of a submitted joint case: what its part lacks (empty: complete)",
      params: uuidParam, body: s.prereviewBody, response: { 200: s.prereviewList, ...errors },
    },
  }, (req) => svc.prereview(ctx, req.actor, req.params.id, req.body));

  r.get('/api/joint/cases/:id/prereviews', {
    schema: { tags: ['joint'], summary: "Every department's pre-review of a joint case", params: uuidParam, response: { 200: s.prereviewList, ...errors } },
  }, (req) => svc.listPrereviews(ctx, req.actor, req.params.id));

  r.get('/api/joint/coordination', {
    schema: { tags: ['joint'], summary: "The lead department's open joint cases with their parts", querystring: s.coordinationQuery, response: { 200: s.coordinationList, ...errors } },
  }, (req) => svc.coordination(ctx, req.actor, req.query.page, req.query.pageSize));

  r.post('/api/joint/cases/:id/coordinate', {
    schema: {
      tags: ['joint'], summary: "A note from the lead department to a part's department", params: uuidParam, body: s.coordinateBody,
      response: { 200: z.object({ ok: z.boolean() }), ...errors },
    },
  }, (req) => svc.coordinate(ctx, req.actor, req.params.id, req.body));

  // ---- the manager's side ----
  r.get('/api/manage/joint/matters', {
    schema: { tags: ['joint'], summary: "The center's joint matters, every status (manager)", response: { 200: s.matterAdminList, ...errors } },
  }, (req) => matters.listForManager(ctx, req.actor));

  r.get('/api/manage/joint/matters/:id', {
    schema: { tags: ['joint'], summary: 'One joint matter with its definition (manager)', params: uuidParam, response: { 200: s.matterAdminRow, ...errors } },
  }, (req) => matters.getForManager(ctx, req.actor, req.params.id));

  r.post('/api/manage/joint/matters', {
    schema: { tags: ['joint'], summary: 'Define a joint matter as a draft (manager)', body: s.matterBody, response: { 201: s.matterAdminRow, ...errors } },
  }, async (req, reply) => reply.code(201).send(await matters.createMatter(ctx, req.actor, req.body)));

  r.put('/api/manage/joint/matters/:id', {
    schema: { tags: ['joint'], summary: 'Edit a joint matter; a published one goes back to draft as its next version (manager)', params: uuidParam, body: s.matterBody, response: { 200: s.matterAdminRow, ...errors } },
  }, (req) => matters.updateMatter(ctx, req.actor, req.params.id, req.body));

  for (const [path, status] of [['publish', 'published'], ['withdraw', 'withdrawn']] as const) {
    r.post(`/api/manage/joint/matters/:id/${path}`, {
      schema: { tags: ['joint'], summary: `${path === 'publish' ? 'Publish a joint matter on the portal' : 'Take a joint matter off the portal'} (manager)`, params: uuidParam, response: { 200: s.matterAdminRow, ...errors } },
    }, (req) => matters.setMatterStatus(ctx, req.actor, req.params.id, status));
  }
}
