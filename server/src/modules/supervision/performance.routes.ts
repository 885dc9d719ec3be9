import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Listener } from '../../db/listen.ts';
import type { AppContext } from '../../lib/context.ts';
import { appError } from '../../lib/errors.ts';
import { errorBody } from '../../lib/schemas.ts';
import { requirePermission } from '../../policies/index.ts';
import { listAuditChecks } from './audit-checks.ts';
import { Live } from './live.ts';
import { exportName, toCsv, toXlsx } from './performance.export.ts';
import * as s from './performance.schemas.ts';
import * as svc from './performance.service.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };
const stream = z.string().describe('text/event-stream');

export const HALL_STREAMS_PER_ADDRESS = 20;

/** The supervision board, performance evaluation and its exports, audit checks, live streams, the hall screen. */
export function performanceRoutes(app: FastifyInstance, ctx: AppContext, listener: Listener) {
  /** Open hall streams per client address, in this app instance (not shared by apps in one process). */
  const hallStreamsByAddress = new Map<string, number>();
  const live = new Live(ctx, listener);
  app.addHook('preClose', async () => { live.close(); });
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/supervision/board', {
    schema: { tags: ['supervision'], summary: "The live board of the caller's center: counts by light, departments, 30-day trend, last audit check (supervisor, manager)", querystring: s.boardQuery, response: { 200: s.board, ...errors } },
  }, (req) => svc.board(ctx, req.actor, req.query.centerId));

  r.get('/api/supervision/performance', {
    schema: {
      tags: ['supervision'], summary: 'Performance evaluation (绩效评估) for a period by department, window or staff member; json, csv or xlsx (supervisor, manager)',
      querystring: s.performanceQuery, response: { 200: s.performance.or(z.string().describe('csv or xlsx file')), ...errors },
    },
  }, async (req, reply) => {
    const report = await svc.performance(ctx, req.actor, req.query);
    if (req.query.format === 'json') return report;
    const file = req.query.format === 'csv' ? toCsv(report.rows) : await toXlsx(report.rows, report);
    const type = req.query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    return reply.header('content-type', type).header('content-disposition', `attachment; filename="${exportName(report, req.query.format)}"`).send(file as unknown as string);
  });

  r.get('/api/supervision/audit-checks', {
    schema: { tags: ['supervision'], summary: 'Results of the scheduled audit chain verification, newest first (supervisor, manager)', querystring: s.auditCheckQuery, response: { 200: s.auditCheckList, ...errors } },
  }, (req) => listAuditChecks(ctx, req.actor, req.query.page, req.query.pageSize));

  r.get('/api/supervision/stream', {
    schema: { tags: ['supervision'], summary: "Server-Sent Events of the caller's center: `light` { caseId, departmentId, light }, `case` { caseId, status, departmentId, action }, and `resync` {} when the server may have missed changes (refetch) (supervisor, manager)", response: { 200: stream, ...errors } },
  }, async (req, reply) => {
    const me = requirePermission(req.actor, 'supervision.watch');
    const release = await live.listen(); // fails as a normal error response while the reply is still ours
    reply.hijack();
    live.open(reply.raw, release, { res: reply.raw, centerId: me.centerId, kind: 'supervision' });
  });

  r.get('/api/hall/board', {
    schema: { tags: ['hall'], summary: "The hall progress screen (public): today's figures and today's accepted and completed cases, names masked", querystring: s.hallQuery, response: { 200: s.hallBoard, ...errors } },
  }, (req) => svc.hallBoard(ctx, req.query.centerId));

  r.get('/api/hall/stream', {
    schema: { tags: ['hall'], summary: 'Server-Sent Events for the hall screen (public): `update` with the hall board, at most every 2 s after changes', querystring: s.hallQuery, response: { 200: stream, ...errors, 429: errorBody } },
  }, async (req, reply) => {
    await svc.hallBoard(ctx, req.query.centerId); // 404 for an unknown center, before the stream opens
    // A public stream holds a connection open: a few screens per address, not a flood.
    const open = hallStreamsByAddress.get(req.ip) ?? 0;
    if (open >= HALL_STREAMS_PER_ADDRESS) {
      throw appError('HALL_STREAMS_LIMIT');
    }
    hallStreamsByAddress.set(req.ip, open + 1);
    const release = () => {
      const n = (hallStreamsByAddress.get(req.ip) ?? 1) - 1;
      if (n > 0) hallStreamsByAddress.set(req.ip, n); else hallStreamsByAddress.delete(req.ip);
    };
    // Released on close even when the client leaves while the instance is still starting to listen.
    reply.raw.once('close', release);
    const stopListening = await live.listen();
    reply.hijack();
    live.open(reply.raw, stopListening, { res: reply.raw, centerId: req.query.centerId, kind: 'hall' });
    await live.sendHall(req.query.centerId, reply.raw);
  });
}
