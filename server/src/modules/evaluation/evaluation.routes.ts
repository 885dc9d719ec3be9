import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../lib/context.ts';
import { errorBody } from '../../lib/schemas.ts';
import * as s from './evaluation.schemas.ts';
import * as svc from './evaluation.service.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const tags = ['evaluation'];

/** Evaluation (评标): the experts' score sheets, the trading center's summary, the candidates and the report. docs/trading.md. */
export function evaluationRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/me/evaluations', {
    schema: { tags, summary: 'The tenders the signed-in expert sits on (seated), newest draw first', querystring: s.myEvaluationsQuery, response: { 200: s.myEvaluations, ...errors } },
  }, (req) => svc.myEvaluations(ctx, req.actor, req.query));
  r.get('/api/tenders/:tenderId/evaluation/sheet', {
    schema: { tags, summary: "The signed-in expert's score sheet: criteria, opened bids, their scores", params: s.tenderParam, response: { 200: s.sheet, ...errors } },
  }, (req) => svc.mySheet(ctx, req.actor, req.params.tenderId));
  r.put('/api/tenders/:tenderId/evaluation/sheet', {
    schema: { tags, summary: 'Save scores of the sheet (changeable until submitted)', params: s.tenderParam, body: s.sheetBody, response: { 200: s.sheet, ...errors } },
  }, (req) => svc.saveScores(ctx, req.actor, req.params.tenderId, req.body));
  r.put('/api/tenders/:tenderId/evaluation/sheet/rejections/:bidId', {
    schema: { tags, summary: "The signed-in expert's vote to reject an opened bid (否决投标), with its ground and facts (changeable until the sheet is submitted)", params: s.bidParam, body: s.rejectionBody, response: { 200: s.sheet, ...errors } },
  }, (req) => svc.voteRejection(ctx, req.actor, req.params.tenderId, req.params.bidId, req.body));
  r.delete('/api/tenders/:tenderId/evaluation/sheet/rejections/:bidId', {
    schema: { tags, summary: "Withdraw the signed-in expert's vote to reject a bid (until the sheet is submitted)", params: s.bidParam, response: { 200: s.sheet, ...errors } },
  }, (req) => svc.withdrawRejection(ctx, req.actor, req.params.tenderId, req.params.bidId));
  r.post('/api/tenders/:tenderId/evaluation/submit', {
    schema: { tags, summary: 'Submit the sheet: complete, then final', params: s.tenderParam, response: { 200: s.sheet, ...errors } },
  }, (req) => svc.submitSheet(ctx, req.actor, req.params.tenderId));
  r.post('/api/tenders/:tenderId/evaluation/sheet/decline', {
    schema: { tags, summary: "The signed-in expert gives up their seat (回避, or cannot take part) with the reason, until their sheet is in: the first reserve takes it", params: s.tenderParam, body: s.declineBody, response: { 200: s.declined, ...errors } },
  }, (req) => svc.declineMySeat(ctx, req.actor, req.params.tenderId, req.body));
  r.get('/api/tenders/:tenderId/evaluation', {
    schema: { tags, summary: 'Progress per expert, totals, outlier flags, ranking (trading staff, draw operators, supervisors of the center)', params: s.tenderParam, response: { 200: s.summary, ...errors } },
  }, (req) => svc.summary(ctx, req.actor, req.params.tenderId));
  r.post('/api/tenders/:tenderId/evaluation/publish', {
    schema: { tags, summary: 'Publish the ranked candidates (every expert submitted; trading staff) and keep the report', params: s.tenderParam, body: s.publishBody, response: { 200: s.summary, ...errors } },
  }, (req) => svc.publishCandidates(ctx, req.actor, req.params.tenderId, req.body));
  r.post('/api/tenders/:tenderId/evaluation/review', {
    schema: { tags, summary: 'Return to their experts the submitted sheets that do not reject every related bid (a relation found after they were in), with the reason (trading staff)', params: s.tenderParam, body: s.reviewBody, response: { 200: s.summary, ...errors } },
  }, (req) => svc.returnForReview(ctx, req.actor, req.params.tenderId, req.body));
  r.get('/api/tenders/:tenderId/evaluation/report.pdf', {
    schema: { tags, summary: 'The evaluation report as a PDF (kept when the candidates were published)', params: s.tenderParam, response: { 200: z.any().describe('application/pdf'), ...errors } },
  }, async (req, reply) => {
    const pdf = await svc.reportPdf(ctx, req.actor, req.params.tenderId);
    reply.header('content-type', 'application/pdf');
    reply.header('content-disposition', `inline; filename="evaluation-report-${req.params.tenderId}.pdf"`);
    return reply.send(pdf);
  });
}
