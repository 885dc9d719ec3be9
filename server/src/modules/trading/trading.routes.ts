import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../lib/context.ts';
import { errorBody, uuidParam } from '../../lib/schemas.ts';
import { addDocument, downloadDocument, downloadRegister } from './documents.service.ts';
import { ocdsRecordPackage, ocdsReleasePackage } from './ocds/ocds.service.ts';
import * as s from './trading.schemas.ts';
import * as svc from './tender.service.ts';
import { tradingBoard } from './supervision-board.ts';
import { tradingBoard as tradingBoardSchema, tradingBoardQuery } from '../trading-disputes/disputes.schemas.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const tags = ['trading'];

/** Public resource trading (issue 16): projects, tenders and their lifecycle, documents, revisions, OCDS. docs/trading.md. */
export function tradingRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/trading/projects', {
    schema: { tags, summary: 'Create a trading project of the caller\'s center (trading center staff)', body: s.newProjectBody, response: { 201: s.created, ...errors } },
  }, async (req, reply) => reply.code(201).send(await svc.createProject(ctx, req.actor, req.body)));
  r.post('/api/trading/projects/:id/tenders', {
    schema: { tags, summary: 'Create a tender (a draft) of a project', params: uuidParam, body: s.newTenderBody, response: { 201: s.created, ...errors } },
  }, async (req, reply) => reply.code(201).send(await svc.createTender(ctx, req.actor, req.params.id, req.body)));
  r.get('/api/trading/tenders', {
    schema: { tags, summary: 'Tender notices (published, newest first); staff=1: the caller\'s scope with drafts', querystring: s.listQuery, response: { 200: s.tenderPage, ...errors } },
  }, (req) => svc.listTenders(ctx, req.actor, req.query));
  r.get('/api/trading/tenders/:id', {
    schema: { tags, summary: 'One tender: notice, periods, candidates, award, documents, the actions the caller may take, the server time', params: uuidParam, response: { 200: s.tenderDetail, ...errors } },
  }, (req) => svc.tenderDetail(ctx, req.actor, req.params.id));
  r.get('/api/trading/tenders/:id/revisions', {
    schema: { tags, summary: 'Every change of a tender, oldest first (anyone, once published)', params: uuidParam, response: { 200: s.revisions, ...errors } },
  }, (req) => svc.tenderRevisions(ctx, req.actor, req.params.id));
  r.post('/api/trading/tenders/:id/actions', {
    schema: { tags, summary: 'A lifecycle action: publish, start_clarification, start_bidding, open, start_evaluation, publish_candidates, award, sign_contract, complete, cancel, declare_unsuccessful', params: uuidParam, body: s.actionBody, response: { 200: s.tenderDetail, ...errors } },
  }, (req) => svc.act(ctx, req.actor, req.params.id, req.body));
  r.post('/api/trading/tenders/:id/amend', {
    schema: { tags, summary: 'Change the conditions: a revision; after publication the deadline keeps at least 15 days and bidders re-confirm', params: uuidParam, body: s.amendBody, response: { 200: s.tenderDetail, ...errors } },
  }, (req) => svc.amend(ctx, req.actor, req.params.id, req.body));
  r.post('/api/trading/tenders/:id/resume', {
    schema: { tags, summary: 'The supervising department lifts the suspension its upheld complaint ordered (条例 第六十二条), with a reason', params: uuidParam, body: s.resumeBody, response: { 200: s.tenderDetail, ...errors } },
  }, (req) => svc.resumeTender(ctx, req.actor, req.params.id, req.body.reason));
  r.post('/api/trading/tenders/:id/reconfirm', {
    schema: { tags, summary: 'A registered bidder confirms the changed conditions', params: uuidParam, response: { 200: s.reconfirmed, ...errors } },
  }, (req) => svc.reconfirm(ctx, req.actor, req.params.id));
  r.post('/api/trading/tenders/:id/documents', {
    schema: { tags, summary: 'Attach a tender document (a new version; the file uploaded by the caller)', params: uuidParam, body: s.documentBody, response: { 201: s.docCreated, ...errors } },
  }, async (req, reply) => reply.code(201).send(await addDocument(ctx, req.actor, req.params.id, req.body)));
  r.get('/api/trading/tenders/:id/documents/:documentId', {
    schema: { tags, summary: 'Download a tender document (signed-in person or enterprise; registered)', params: s.documentParams, response: { 200: z.any().describe('the file bytes'), ...errors } },
  }, async (req, reply) => {
    const { meta, stream } = await downloadDocument(ctx, req.actor, req.params.id, req.params.documentId);
    reply.header('content-type', meta.mime);
    reply.header('content-length', String(meta.size));
    reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(meta.name)}`);
    reply.header('x-content-sha256', meta.sha256);
    reply.header('cache-control', 'private, no-store');
    return reply.send(stream);
  });
  r.get('/api/trading/tenders/:id/downloads', {
    schema: { tags, summary: 'The download register: who took which version when (trading staff, the supervising department, the center\'s supervisors), once the tender is opened (before: 409 TENDER_BIDDERS_SEALED)', params: uuidParam, querystring: s.pageOnly, response: { 200: s.registerPage, ...errors } },
  }, (req) => downloadRegister(ctx, req.actor, req.params.id, req.query));

  r.get('/api/public/ocds/releases/:id', {
    schema: { tags, summary: 'OCDS 1.1 release package of a published tender: one release per revision (tender, award, contract tags)', params: uuidParam, response: { 200: z.record(z.string(), z.unknown()), ...errors } },
  }, async (req, reply) => { reply.header('content-type', 'application/json; charset=utf-8'); return ocdsReleasePackage(ctx, req.params.id, `${req.protocol}://${req.host}`); });
  r.get('/api/public/ocds/records/:id', {
    schema: { tags, summary: 'OCDS 1.1 record package of a published tender (one record per ocid, with its compiled release)', params: uuidParam, response: { 200: z.record(z.string(), z.unknown()), ...errors } },
  }, async (req, reply) => { reply.header('content-type', 'application/json; charset=utf-8'); return ocdsRecordPackage(ctx, req.params.id, `${req.protocol}://${req.host}`); });
  r.get('/api/supervision/board/trading', {
    schema: { tags: ['supervision'], summary: "The supervision board's trading panel: open questions and objections, overdue answers, open complaints, contracts past their 30 days (supervisor, manager)", querystring: tradingBoardQuery, response: { 200: tradingBoardSchema, ...errors } },
  }, (req) => tradingBoard(ctx, req.actor, req.query.centerId));
}
