import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../lib/context.ts';
import { errorBody, uuidParam } from '../../lib/schemas.ts';
import * as draws from './draw.service.ts';
import * as s from './experts.schemas.ts';
import * as pool from './pool.service.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

/** The expert pool, the verifiable draw and its public proof (docs/experts.md). */
export function expertsRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // ---- the pool (draw operators keep it; supervisors read it)
  r.get('/api/experts', {
    schema: { tags: ['experts'], summary: "The center's expert pool (ID numbers and phones masked)", querystring: s.expertListQuery, response: { 200: s.expertList, ...errors } },
  }, (req) => pool.listExperts(ctx, req.actor, req.query));
  r.post('/api/experts', {
    schema: { tags: ['experts'], summary: 'Add an expert to the pool', body: s.expertBody, response: { 201: s.expert, ...errors } },
  }, async (req, reply) => reply.code(201).send(await pool.addExpert(ctx, req.actor, req.body)));
  r.get('/api/experts/:id', {
    schema: { tags: ['experts'], summary: 'An expert with declarations and penalties', params: uuidParam, response: { 200: s.expertDetail, ...errors } },
  }, (req) => pool.getExpert(ctx, req.actor, req.params.id));
  r.post('/api/experts/:id/declarations', {
    schema: { tags: ['experts'], summary: 'Record a declared close relative or economic interest', params: uuidParam, body: s.declarationBody, response: { 200: s.expertDetail, ...errors } },
  }, (req) => pool.declare(ctx, req.actor, req.params.id, req.body));
  r.post('/api/experts/:id/penalties', {
    schema: { tags: ['experts'], summary: 'Record a penalty with its date', params: uuidParam, body: s.penaltyBody, response: { 200: s.expertDetail, ...errors } },
  }, (req) => pool.penalise(ctx, req.actor, req.params.id, req.body));

  // ---- the draw (draw operators of the tender's center)
  r.post('/api/tenders/:tenderId/expert-draw', {
    schema: { tags: ['experts'], summary: 'Publish the commitment of a draw: committee rules checked, pool filtered, recusal applied', params: s.tenderParam, body: s.commitBody, response: { 201: s.operatorDraw, ...errors } },
  }, async (req, reply) => reply.code(201).send(await draws.commitDraw(ctx, req.actor, req.params.tenderId, req.body)));
  r.get('/api/tenders/:tenderId/expert-draw', {
    schema: { tags: ['experts'], summary: "The tender's draw, with names and exclusions (draw operators)", params: s.tenderParam, response: { 200: s.operatorDraw, ...errors } },
  }, (req) => draws.drawOfTender(ctx, req.actor, req.params.tenderId));
  r.get('/api/expert-draws/:id', {
    schema: { tags: ['experts'], summary: 'A draw, with names and exclusions (draw operators)', params: uuidParam, response: { 200: s.operatorDraw, ...errors } },
  }, (req) => draws.getDraw(ctx, req.actor, req.params.id));
  r.post('/api/expert-draws/:id/seed', {
    schema: { tags: ['experts'], summary: 'Enter the public seed once it is known: the draw is made (RFC 3797)', params: uuidParam, body: s.seedBody, response: { 200: s.operatorDraw, ...errors } },
  }, (req) => draws.enterSeed(ctx, req.actor, req.params.id, req.body));
  r.post('/api/expert-draws/:id/members/:expertId/decline', {
    schema: { tags: ['experts'], summary: 'A seated expert declines: the first reserve in the drawn order is seated', params: s.memberParams, body: s.declineBody, response: { 200: s.operatorDraw, ...errors } },
  }, (req) => draws.decline(ctx, req.actor, req.params.id, req.params.expertId, req.body));
  r.get('/api/tenders/:tenderId/committee', {
    schema: { tags: ['experts'], summary: 'The committee: draw operators at any time; everyone once the candidates are published (404 before)', params: s.tenderParam, response: { 200: s.committee, ...errors } },
  }, (req) => draws.committee(ctx, req.actor, req.params.tenderId));

  // ---- public
  r.get('/api/public/tenders/:tenderId/expert-draw/proof', {
    schema: { tags: ['experts'], summary: 'The proof of the draw: the commitment at once; pool, seed and order after the result, to replay', params: s.tenderParam, response: { 200: s.publicProof, ...errors } },
  }, (req) => draws.publicProof(ctx, req.actor, req.params.tenderId));
}
