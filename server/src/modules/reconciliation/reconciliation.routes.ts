import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../lib/context.ts';
import { errors } from '../../lib/errors.ts';
import { errorBody, uuidParam } from '../../lib/schemas.ts';
import { authorize, reconciliationPolicy } from '../../policies/index.ts';
import * as s from './reconciliation.schemas.ts';
import * as svc from './reconciliation.service.ts';
import { STATEMENT_MAX_BYTES } from './statement.format.ts';

const errs = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

/** The finance console's reconciliation (对账、核销), docs/fees.md "Reconciliation". */
export function reconciliationRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['reconciliation'];

  r.post('/api/finance/reconciliation/statements', {
    schema: {
      tags, summary: "Import a channel's statement file of a day (multipart field \"file\"; CSV, docs/fees.md)",
      description: 'The file is checked whole before anything is written; the same file twice answers the first import with duplicate: true.',
      consumes: ['multipart/form-data'], querystring: s.statementQuery, response: { 200: s.importResponse, 201: s.importResponse, ...errs },
    },
  }, async (req, reply) => {
    // The gate before the body is read: a caller without the permission uploads nothing.
    authorize(reconciliationPolicy, req.actor, 'reconcile');
    if (!req.isMultipart()) throw errors.MULTIPART_REQUIRED({ field: 'file' });
    const file = await req.file({ limits: { fileSize: STATEMENT_MAX_BYTES, files: 1 } });
    if (!file) throw errors.FILE_MISSING({ field: 'file' });
    let bytes: Buffer;
    try {
      bytes = await file.toBuffer();
    } catch {
      file.file.resume();
      throw errors.STATEMENT_TOO_LARGE({ limitMb: STATEMENT_MAX_BYTES / 1048576, field: 'file' });
    }
    const out = await svc.importStatement(ctx, req.actor, { ...req.query, bytes, filename: file.filename || `${req.query.channel}-${req.query.day}.csv` });
    return reply.code(out.duplicate ? 200 : 201).send(out);
  });

  r.post('/api/finance/reconciliation/fetch', {
    schema: { tags, summary: "Fetch the day's statement from the channel (the simulated bank) and import it", body: s.fetchBody, response: { 200: s.importResponse, 201: s.importResponse, ...errs } },
  }, async (req, reply) => {
    const out = await svc.fetchStatement(ctx, req.actor, req.body);
    return reply.code(out.duplicate ? 200 : 201).send(out);
  });

  r.get('/api/finance/reconciliation/days', {
    schema: { tags, summary: "The center's reconciliation days, newest first", querystring: s.daysQuery, response: { 200: s.daysResponse, ...errs } },
  }, (req) => svc.listDays(ctx, req.actor, req.query));

  r.get('/api/finance/reconciliation/days/:id', {
    schema: { tags, summary: 'A reconciliation day: its statement, figures, totals per fiscal account and department, anomalies by kind', params: uuidParam, response: { 200: s.dayDetail, ...errs } },
  }, (req) => svc.getDay(ctx, req.actor, req.params.id));

  r.post('/api/finance/reconciliation/days/:id/run', {
    schema: { tags, summary: 'Match the day three ways (notices × payments × statement lines) and record the anomalies', params: uuidParam, response: { 200: s.runResponse, ...errs } },
  }, (req) => svc.runDay(ctx, req.actor, req.params.id));

  r.post('/api/finance/reconciliation/days/:id/lock', {
    schema: { tags, summary: 'Lock a reconciled day (no open anomaly): it refuses imports and resolutions from then on', params: uuidParam, response: { 200: s.dayView, ...errs } },
  }, (req) => svc.lockDay(ctx, req.actor, req.params.id));

  r.get('/api/finance/reconciliation/anomalies', {
    schema: { tags, summary: "The center's anomalies (or a day's), newest first", querystring: s.anomaliesQuery, response: { 200: s.anomaliesResponse, ...errs } },
  }, (req) => svc.listAnomalies(ctx, req.actor, req.query));

  r.post('/api/finance/reconciliation/anomalies/:id/resolve', {
    schema: { tags, summary: 'Resolve an anomaly with an outcome and a reason (audited)', params: uuidParam, body: s.resolveBody, response: { 200: s.anomalyView, ...errs } },
  }, (req) => svc.resolveAnomaly(ctx, req.actor, req.params.id, req.body));

  r.get('/api/finance/reconciliation/figures', {
    schema: { tags, summary: 'Collected per day and per fiscal account, and open anomalies by kind, for the console charts', querystring: s.figuresQuery, response: { 200: s.figuresResponse, ...errs } },
  }, (req) => svc.figures(ctx, req.actor, req.query));
}
