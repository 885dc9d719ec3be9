import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../lib/context.ts';
import { errorBody, uuidParam } from '../../lib/schemas.ts';
import * as q from './cases.queries.ts';
import * as s from './cases.schemas.ts';
import * as svc from './cases.service.ts';
import { formView } from './forms.ts';
import { answerSubmission } from './submission-answer.ts';
import { caseDocumentPdf } from './signed-documents.ts';
import { guardedProgress, receiptThrottle } from './progress-guard.ts';
import { decideCancellation, requestCancellation } from './cancellation.service.ts';
import { cancellationQueue } from './cancellation.queries.ts';
import { comingList, handoverBox } from './handover.queries.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

export function caseRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/items/:id/form', {
    schema: { tags: ['cases'], summary: "The application form and materials checklist of the item's version in force", params: uuidParam, response: { 200: s.formResponse, ...errors } },
  }, async (req) => {
    const f = await svc.applicationForm(ctx, req.params.id);
    return { itemId: req.params.id, version: f.version, fields: formView(f.fields), materials: f.materials };
  });

  r.post('/api/cases', {
    schema: {
      tags: ['cases'], summary: 'Submit an application online; a retry with the same idempotencyKey and body returns the same case (200), with another body 422 IDEMPOTENCY_KEY_REUSED',
      headers: s.submissionHeaders, body: s.submitBody, response: { 200: s.submissionResponse, 201: s.submissionResponse, ...errors },
    },
  }, async (req, reply) => {
    const { id, created, written } = await svc.submit(ctx, req.actor, req.body);
    return answerSubmission(ctx, req, reply.code(created ? 201 : 200), id, written);
  });

  r.post('/api/counter/cases', {
    schema: {
      tags: ['cases'], summary: "Register a walk-in applicant's case at the window (window role)",
      headers: s.submissionHeaders, body: s.counterBody, response: { 200: s.submissionResponse, 201: s.submissionResponse, ...errors },
    },
  }, async (req, reply) => {
    const { applicant, receivedAt, ticketId, ...input } = req.body;
    const { id, created, written } = await svc.submit(ctx, req.actor, input, { applicant, receivedAt, ticketId });
    return answerSubmission(ctx, req, reply.code(created ? 201 : 200), id, written);
  });

  r.get('/api/my/cases', {
    schema: { tags: ['cases'], summary: "The signed-in applicant's cases", querystring: s.myCasesQuery, response: { 200: s.myCaseList, ...errors } },
  }, (req) => q.myCases(ctx, req.actor, req.query.page, req.query.pageSize, { tab: req.query.tab, q: req.query.q }));

  r.get('/api/cases/:id', {
    schema: { tags: ['cases'], summary: 'One case with its materials, clock, history and the actions the caller may take', params: uuidParam, response: { 200: s.caseDetail, ...errors } },
  }, (req) => q.caseDetail(ctx, req.actor, req.params.id));

  r.post('/api/cases/:id/actions', {
    schema: {
      tags: ['cases'], summary: 'Take an action of the case lifecycle (see the transition table in docs/cases.md)',
      params: uuidParam, body: s.actionBody, response: { 200: s.caseResponse, ...errors },
    },
  }, async (req) => {
    await svc.act(ctx, req.actor, req.params.id, req.body);
    return { case: await q.caseDetail(ctx, req.actor, req.params.id) };
  });

  r.post('/api/cases/:id/cancellation', {
    schema: {
      tags: ['cases'], summary: 'The holder asks for the licence of an approved case to be cancelled (注销)',
      params: uuidParam, body: s.cancellationRequestBody, response: { 201: s.caseResponse, ...errors },
    },
  }, async (req, reply) => {
    await requestCancellation(ctx, req.actor, req.params.id, req.body.reason);
    return reply.code(201).send({ case: await q.caseDetail(ctx, req.actor, req.params.id) });
  });

  r.post('/api/cases/:id/cancellation/decision', {
    schema: {
      tags: ['cases'], summary: "The department's chief cancels the licence or refuses the request",
      params: uuidParam, body: s.cancellationDecisionBody, response: { 200: s.caseResponse, ...errors },
    },
  }, async (req) => {
    await decideCancellation(ctx, req.actor, req.params.id, req.body);
    return { case: await q.caseDetail(ctx, req.actor, req.params.id) };
  });

  r.get('/api/cases/:id/documents/:kind', {
    schema: {
      tags: ['cases'], summary: 'A document of the case as PDF: receipt, supplement notice, refusal or decision',
      params: z.object({ id: z.uuid(), kind: s.documentKind }), response: { 200: z.any().describe('application/pdf'), ...errors },
    },
  }, async (req, reply) => {
    const detail = await q.caseForDocument(ctx, req.actor, req.params.id, req.params.kind);
    const pdf = await caseDocumentPdf(ctx, detail, req.params.kind, req.actor?.id ?? null);
    reply.header('content-type', 'application/pdf');
    reply.header('content-disposition', `inline; filename="${req.params.kind}-${detail.receiptNo ?? detail.id}.pdf"`);
    reply.header('cache-control', 'private, no-store');
    return reply.send(pdf);
  });

  r.get('/api/workbench/inbox', {
    schema: { tags: ['workbench'], summary: "A role's inbox sorted by due date (window: intake, delivery; approver: review; chief: decide)", querystring: s.inboxQuery, response: { 200: s.caseList, ...errors } },
  }, (req) => q.inbox(ctx, req.actor, req.query.box, req.query.page, req.query.pageSize));

  r.get('/api/workbench/handover', {
    schema: { tags: ['workbench'], summary: "The deciding department's handover box (办结移交箱): its decided cases not yet handed over to the delivery window", querystring: s.pageOnly, response: { 200: s.handoverList, ...errors } },
  }, (req) => handoverBox(ctx, req.actor, req.query.page, req.query.pageSize));

  r.get('/api/workbench/cancellations', {
    schema: { tags: ['workbench'], summary: "The chief's open cancellation (注销) requests of their department, oldest first", querystring: s.pageOnly, response: { 200: s.cancellationQueue, ...errors } },
  }, (req) => cancellationQueue(ctx, req.actor, req.query.page, req.query.pageSize));

  r.get('/api/workbench/coming', {
    schema: { tags: ['workbench'], summary: "The delivery window's list of results on their way (decided, not handed over; awaiting payment), with why each cannot be delivered yet", querystring: s.pageOnly, response: { 200: s.handoverList, ...errors } },
  }, (req) => comingList(ctx, req.actor, req.query.page, req.query.pageSize));

  r.get('/api/progress', {
    // Throttled per client address here and per receipt number below; wrong codes lock the number (progress-guard.ts).
    config: { rateLimit: { max: ctx.config.PROGRESS_RATE_PER_MINUTE, timeWindow: '1 minute' } },
    preHandler: receiptThrottle(app, ctx),
    schema: { tags: ['cases'], summary: 'Public progress by receipt number and query code (personal data masked)', querystring: s.progressQuery, response: { 200: s.progressResponse, ...errors } },
  }, (req) => guardedProgress(ctx, req.query.receiptNo, req.query.queryCode));
}
