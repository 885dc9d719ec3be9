import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../lib/context.ts';
import { errorBody, uuidParam } from '../../lib/schemas.ts';
import * as s from './disputes.schemas.ts';
import * as svc from './disputes.service.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const tags = ['trading'];

/** Questions, objections and complaints about tenders (issue 16). docs/trading.md, "Questions, objections and complaints". */
export function tradingDisputeRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/trading/tenders/:id/disputes', {
    schema: { tags, summary: 'A bidder or registered downloader raises a question (质疑) or objection (异议), within its window by server time', params: uuidParam, body: s.raiseBody, response: { 201: s.dispute, ...errors } },
  }, async (req, reply) => reply.code(201).send(await svc.raise(ctx, req.actor, req.params.id, req.body)));
  r.post('/api/trading/disputes/:id/complaints', {
    schema: { tags, summary: 'Complain (投诉) to the supervising department about one\'s own answered or overdue question or objection', params: uuidParam, body: s.complainBody, response: { 201: s.dispute, ...errors } },
  }, async (req, reply) => reply.code(201).send(await svc.complain(ctx, req.actor, req.params.id, req.body.body)));
  r.post('/api/trading/disputes/:id/answer', {
    schema: { tags, summary: 'The trading staff answer a question or objection (for the buyer and its agent)', params: uuidParam, body: s.answerBody, response: { 200: s.dispute, ...errors } },
  }, (req) => svc.answer(ctx, req.actor, req.params.id, req.body.answer));
  r.post('/api/trading/disputes/:id/decide', {
    schema: { tags, summary: 'The supervising department decides a complaint: upheld or rejected, with a reason', params: uuidParam, body: s.decideBody, response: { 200: s.dispute, ...errors } },
  }, (req) => svc.decide(ctx, req.actor, req.params.id, req.body));
  r.get('/api/trading/disputes/:id', {
    schema: { tags, summary: 'One question, objection or complaint (its party, or staff in scope)', params: uuidParam, response: { 200: s.dispute, ...errors } },
  }, (req) => svc.getDispute(ctx, req.actor, req.params.id));
  r.get('/api/trading/disputes', {
    schema: { tags, summary: 'Staff list of their scope, newest first; overdue=1: open past the deadline', querystring: s.staffQuery, response: { 200: s.disputePage, ...errors } },
  }, (req) => svc.staffDisputes(ctx, req.actor, req.query));
  r.get('/api/me/tender-disputes', {
    schema: { tags, summary: 'My questions, objections and complaints (optionally of one tender), newest first', querystring: s.myQuery, response: { 200: s.disputePage, ...errors } },
  }, (req) => svc.myDisputes(ctx, req.actor, req.query));
}
