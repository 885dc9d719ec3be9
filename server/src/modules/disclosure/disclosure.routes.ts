import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../lib/context.ts';
import { errorBody, uuidParam } from '../../lib/schemas.ts';
import * as report from './annual-report.service.ts';
import * as s from './disclosure.schemas.ts';
import * as pubs from './publications.service.ts';
import { replyDocument } from './reply-pdf.ts';
import { thirdPartyLetter } from './third-party-letter.ts';
import * as requests from './requests.service.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

/** Government information disclosure (issue 17): the disclosure point and requests for disclosure. docs/disclosure.md. */
export function disclosureRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/public/disclosure', {
    schema: { tags: ['disclosure'], summary: 'The disclosure point of a center: published information by category and year, newest first', querystring: s.publicListQuery, response: { 200: s.publicationPage, ...errors } },
  }, (req) => pubs.publicList(ctx, req.query));
  r.get('/api/public/disclosure/licences', {
    schema: { tags: ['disclosure'], summary: 'Licences granted, generated from the center\'s approved decisions (holders masked)', querystring: s.licenceQuery, response: { 200: s.licencePage, ...errors } },
  }, (req) => pubs.licencesGranted(ctx, req.query));
  r.get('/api/public/disclosure/:id/report.pdf', {
    schema: { tags: ['disclosure'], summary: 'A published annual disclosure report as a PDF (its figures are the publication\'s `report`)', params: uuidParam, response: { 200: z.any().describe('application/pdf'), ...errors } },
  }, async (req, reply) => {
    const pdf = await report.publishedPdf(ctx, req.params.id);
    reply.header('content-type', 'application/pdf');
    reply.header('content-disposition', `inline; filename="disclosure-annual-report-${req.params.id}.pdf"`);
    return reply.send(pdf);
  });
  r.get('/api/public/disclosure/:id', {
    schema: { tags: ['disclosure'], summary: 'One published item of the disclosure point', params: uuidParam, response: { 200: s.publication, ...errors } },
  }, (req) => pubs.publicDetail(ctx, req.params.id));

  r.get('/api/disclosure/publications', {
    schema: { tags: ['disclosure'], summary: 'The publications of the caller\'s center, withdrawn ones too (disclosure office, manager)', querystring: s.staffListQuery, response: { 200: s.publicationPage, ...errors } },
  }, (req) => pubs.staffList(ctx, req.actor, req.query));
  r.post('/api/disclosure/publications', {
    schema: { tags: ['disclosure'], summary: 'Publish at the disclosure point (disclosure office, manager)', body: s.publishBody, response: { 201: s.publication, ...errors } },
  }, async (req, reply) => reply.code(201).send(await pubs.publish(ctx, req.actor, req.body)));
  r.post('/api/disclosure/publications/:id/withdraw', {
    schema: { tags: ['disclosure'], summary: 'Withdraw a publication with a reason (disclosure office, manager)', params: uuidParam, body: s.withdrawBody, response: { 200: s.publication, ...errors } },
  }, (req) => pubs.withdraw(ctx, req.actor, req.params.id, req.body.reason));

  r.get('/api/disclosure/annual-reports/preview', {
    schema: { tags: ['disclosure'], summary: 'The annual disclosure report of a center and a finished year, generated now, not published (the center\'s disclosure office, manager)', querystring: s.reportQuery, response: { 200: s.annualReport, ...errors } },
  }, (req) => report.preview(ctx, req.actor, req.query));
  r.get('/api/disclosure/annual-reports/preview.pdf', {
    schema: { tags: ['disclosure'], summary: 'The same preview as a PDF', querystring: s.reportQuery, response: { 200: z.any().describe('application/pdf'), ...errors } },
  }, async (req, reply) => {
    const pdf = await report.previewPdf(ctx, req.actor, req.query);
    reply.header('content-type', 'application/pdf');
    reply.header('content-disposition', `inline; filename="disclosure-annual-report-${req.query.year}.pdf"`);
    return reply.send(pdf);
  });
  r.post('/api/disclosure/annual-reports', {
    schema: { tags: ['disclosure'], summary: 'Generate and publish the annual disclosure report of a finished year at the center\'s disclosure point (disclosure office, manager)', body: s.reportBody, response: { 201: s.publication, ...errors } },
  }, async (req, reply) => reply.code(201).send(await report.publishReport(ctx, req.actor, req.body)));

  r.post('/api/disclosure/requests', {
    schema: { tags: ['disclosure'], summary: 'Request disclosure of government information (a person or an enterprise); the 20-working-day clock starts', body: s.submitBody, response: { 201: s.created, ...errors } },
  }, async (req, reply) => reply.code(201).send(await requests.submit(ctx, req.actor, req.body)));
  r.get('/api/disclosure/requests', {
    schema: { tags: ['disclosure'], summary: 'Requests: the requester\'s own, or the center\'s (disclosure office, manager, supervisors); overdue=true for the open ones past due', querystring: s.requestListQuery, response: { 200: s.requestPage, ...errors } },
  }, (req) => requests.list(ctx, req.actor, req.query));
  r.get('/api/disclosure/requests/:id', {
    schema: { tags: ['disclosure'], summary: 'One request with its history and the actions the caller may take', params: uuidParam, response: { 200: s.requestDetail, ...errors } },
  }, (req) => requests.detail(ctx, req.actor, req.params.id));
  r.post('/api/disclosure/requests/:id/actions', {
    schema: { tags: ['disclosure'], summary: 'A lifecycle action: reply, request_correction, correct, request_extension, approve_extension, reject_extension, withdraw', params: uuidParam, body: s.actionBody, response: { 200: s.requestDetail, ...errors } },
  }, (req) => requests.act(ctx, req.actor, req.params.id, req.body));
  r.get('/api/disclosure/requests/:id/reply.pdf', {
    schema: { tags: ['disclosure'], summary: 'The reply letter (or the correction notice) as a PDF', params: uuidParam, response: { 200: z.any().describe('application/pdf'), ...errors } },
  }, async (req, reply) => {
    const pdf = await replyDocument(ctx, req.actor, req.params.id);
    reply.header('content-type', 'application/pdf');
    reply.header('content-disposition', `inline; filename="disclosure-reply-${req.params.id}.pdf"`);
    return reply.send(pdf);
  });
  r.get('/api/disclosure/requests/:id/third-party-letter.pdf', {
    schema: {
      tags: ['disclosure'], summary: 'The letters to the third party consulted (征求第三方意见书; and 决定公开告知书 when disclosed over its objection) as a PDF: the office and supervisors, not the requester',
      params: uuidParam, response: { 200: z.any().describe('application/pdf'), ...errors },
    },
  }, async (req, reply) => {
    const pdf = await thirdPartyLetter(ctx, req.actor, req.params.id);
    reply.header('content-type', 'application/pdf');
    reply.header('content-disposition', `inline; filename="disclosure-third-party-${req.params.id}.pdf"`);
    return reply.send(pdf);
  });
}
