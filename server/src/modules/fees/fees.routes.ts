import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../lib/context.ts';
import { errorBody, uuidParam } from '../../lib/schemas.ts';
import * as q from './fees.queries.ts';
import * as s from './fees.schemas.ts';
import * as notices from './notices.service.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody, 422: errorBody };

/** Payment notices, the payer's list and the finance console (docs/fees.md). Thin: actor, schema, one call. */
export function feeRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/cases/:id/payment-notices', {
    schema: { tags: ['fees'], summary: "A case's payment notices, newest first (the payer, the case's department, the center's staff)", params: uuidParam, response: { 200: s.caseNotices, ...errors } },
  }, (req) => q.caseNotices(ctx, req.actor, req.params.id));

  r.get('/api/payment-notices/:id', {
    schema: { tags: ['fees'], summary: 'One payment notice with its lines, payments and refunds', params: uuidParam, response: { 200: s.noticeDetail, ...errors } },
  }, (req) => q.getNotice(ctx, req.actor, req.params.id));

  r.get('/api/payment-notices/:id/pdf', {
    schema: { tags: ['fees'], summary: 'The notice as a PDF (电子非税收入一般缴款书)', params: uuidParam, response: { 200: z.any().describe('application/pdf'), ...errors } },
  }, async (req, reply) => {
    const { noticeNo, pdf } = await q.noticePdf(ctx, req.actor, req.params.id);
    reply.header('content-type', 'application/pdf');
    reply.header('content-disposition', `inline; filename="notice-${noticeNo}.pdf"`);
    return reply.send(pdf);
  });

  r.post('/api/payment-notices/:id/cancel', {
    schema: { tags: ['fees'], summary: "Cancel a payable notice with a reason (the department's approver or chief)", params: uuidParam, body: s.cancelBody, response: { 200: s.idResponse, ...errors } },
  }, async (req) => ({ id: await notices.cancelNotice(ctx, req.actor, req.params.id, req.body.reason) }));

  r.post('/api/payment-notices/:id/reissue', {
    schema: { tags: ['fees'], summary: 'Reissue a notice, recomputed from the standard (the department\'s approver or chief); answers the new notice', params: uuidParam, body: s.reissueBody, response: { 200: s.idResponse, ...errors } },
  }, async (req) => ({ id: await notices.reissueNotice(ctx, req.actor, req.params.id, req.body) }));

  r.get('/api/my/payment-notices', {
    schema: { tags: ['fees'], summary: "The signed-in applicant's own notices, newest first (keyset pages: cursor, the nextCursor of the page before)", querystring: s.myNoticeQuery, response: { 200: s.noticeList, ...errors } },
  }, (req) => q.myNotices(ctx, req.actor, req.query));

  r.get('/api/finance/notices', {
    schema: { tags: ['fees'], summary: "The center's payment notices, newest first (finance role; keyset pages: cursor, the nextCursor of the page before)", querystring: s.noticeQuery, response: { 200: s.noticeList, ...errors } },
  }, (req) => q.centerNotices(ctx, req.actor, req.query));

  r.get('/api/finance/payments', {
    schema: { tags: ['fees'], summary: "The center's payments, newest first (finance role; keyset pages: cursor, the nextCursor of the page before)", querystring: s.paymentQuery, response: { 200: s.paymentList, ...errors } },
  }, (req) => q.centerPayments(ctx, req.actor, req.query));

  r.get('/api/finance/refunds', {
    schema: { tags: ['fees'], summary: "The center's refunds, newest first (finance role; keyset pages: cursor, the nextCursor of the page before)", querystring: s.refundQuery, response: { 200: s.refundList, ...errors } },
  }, (req) => q.centerRefunds(ctx, req.actor, req.query));
}
