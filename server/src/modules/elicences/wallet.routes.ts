import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../lib/context.ts';
import { errorBody, uuidParam } from '../../lib/schemas.ts';
import { caseLicences } from './case-licences.service.ts';
import { createShare, listShares, openShare, revokeShare } from './shares.service.ts';
import { licenceFile, licenceReads, licenceUses, listWallet, walletLicence } from './wallet.service.ts';
import {
  caseLicenceParams, caseLicences as caseLicencesSchema, licenceDetail, pageOnly, publicShare, readsList, shareBody, shareCreated,
  shareParams, sharesList, shareView, tokenParam, usesList, walletList, walletQuery,
} from './wallet.schemas.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };

/** The holder's wallet, staff reads through a case, share links (docs/elicences.md, Wallet and reuse). */
export function walletRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['e-licences'];

  r.get('/api/wallet/licences', {
    schema: { tags, summary: 'My licences (我的证照): the licences I hold, newest first', querystring: walletQuery, response: { 200: walletList, ...errors } },
  }, (req) => listWallet(ctx, req.actor, req.query));

  r.get('/api/wallet/licences/:id', {
    schema: { tags, summary: 'One of my licences with its version history', params: uuidParam, response: { 200: licenceDetail, ...errors } },
  }, (req) => walletLicence(ctx, req.actor, req.params.id));

  r.get('/api/wallet/licences/:id/file', {
    schema: { tags, summary: 'The signed PDF of my licence (current version)', params: uuidParam, response: { 200: z.any().describe('the PDF bytes'), ...errors } },
  }, async (req, reply) => {
    const f = await licenceFile(ctx, req.actor, req.params.id);
    reply.header('content-type', f.mime);
    reply.header('content-length', String(f.size));
    reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`);
    reply.header('x-content-sha256', f.sha256);
    reply.header('cache-control', 'private, no-store');
    return reply.send(f.stream);
  });

  r.get('/api/wallet/licences/:id/uses', {
    schema: { tags, summary: 'Who used my licence in which application, for what (申请事由), when', params: uuidParam, querystring: pageOnly, response: { 200: usesList, ...errors } },
  }, (req) => licenceUses(ctx, req.actor, req.params.id, req.query.page, req.query.pageSize));

  r.get('/api/wallet/licences/:id/reads', {
    schema: { tags, summary: 'Which staff read my licence through which case, and when', params: uuidParam, querystring: pageOnly, response: { 200: readsList, ...errors } },
  }, (req) => licenceReads(ctx, req.actor, req.params.id, req.query.page, req.query.pageSize));

  r.get('/api/wallet/licences/:id/shares', {
    schema: { tags, summary: 'My share links of the licence (tokens are never shown again)', params: uuidParam, querystring: pageOnly, response: { 200: sharesList, ...errors } },
  }, (req) => listShares(ctx, req.actor, req.params.id, req.query.page, req.query.pageSize));

  r.post('/api/wallet/licences/:id/shares', {
    schema: { tags, summary: 'Share the licence by a time-limited link; the token is in this answer only', params: uuidParam, body: shareBody, response: { 201: shareCreated, ...errors } },
  }, async (req, reply) => reply.code(201).send(await createShare(ctx, req.actor, req.params.id, req.body.hours)));

  r.post('/api/wallet/licences/:id/shares/:shareId/revoke', {
    schema: { tags, summary: 'Revoke a share link at once', params: shareParams, response: { 200: shareView, ...errors } },
  }, (req) => revokeShare(ctx, req.actor, req.params.id, req.params.shareId));

  r.get('/api/public/licence-shares/:token', {
    schema: { tags, summary: 'A shared licence, as anyone with the link sees it: holder code masked, status today', params: tokenParam, response: { 200: publicShare, 404: errorBody, 410: errorBody } },
    config: { rateLimit: { max: ctx.config.PROGRESS_RATE_PER_MINUTE, timeWindow: '1 minute' } },
  }, (req) => openShare(ctx, req.params.token));

  r.get('/api/cases/:id/licences', {
    schema: { tags, summary: 'The e-licences a case uses, verified, with their data (staff of the case; each read is recorded for the holder)', params: uuidParam, response: { 200: caseLicencesSchema, ...errors } },
  }, (req) => caseLicences(ctx, req.actor, req.params.id));

  r.get('/api/cases/:id/licences/:licenceId', {
    schema: { tags, summary: 'One e-licence through a case that names it (staff of the case; recorded for the holder)', params: caseLicenceParams, response: { 200: caseLicencesSchema, ...errors } },
  }, (req) => caseLicences(ctx, req.actor, req.params.id, req.params.licenceId));
}
