import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors as err } from '../../lib/errors.ts';
import { errorBody, pageQuery, uuidParam } from '../../lib/schemas.ts';
import { z } from 'zod';
import * as s from './bids.schemas.ts';
import { custodianChoices, myBid, myBids, myOfficialKey, myShares, registerOfficialKey, sealTender, submitBid, submitGate, tenderBidKey, tenderBids, withdrawBid } from './bids.service.ts';
import { declare, myDeclaration } from './declaration.service.ts';
import { handInShare, openingView } from './opening.service.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const pageOnly = z.object(pageQuery);

/** Sealed bids (docs/trading.md, "Sealed bids"): keys, bids, receipts, the opening. */
export function bidRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/clock', {
    schema: { tags: ['bids'], summary: "The server's clock: every deadline is judged by it, and every clock shown to users is this one", response: { 200: s.serverClock } },
  }, () => {
    const now = ctx.clock.now();
    return { now: now.toISOString(), chinaTime: `${chinaDate(now)} ${new Date(now.getTime() + 8 * 3600_000).toISOString().slice(11, 19)}` };
  });

  r.get('/api/me/bid-key', {
    schema: { tags: ['bids'], summary: "The official's registered SM2 public key (key shares are encrypted to it)", response: { 200: s.officialKeyView, ...errors } },
  }, (req) => myOfficialKey(ctx, req.actor));

  r.put('/api/me/bid-key', {
    schema: { tags: ['bids'], summary: 'Register the SM2 public key of an official who may hold key shares (the private key stays with them)', body: s.officialKeyBody, response: { 200: s.officialKeyView, ...errors } },
  }, (req) => registerOfficialKey(ctx, req.actor, req.body));

  r.get('/api/me/key-shares', {
    schema: { tags: ['bids'], summary: "The tenders the official holds a key share of, each share encrypted to the official's key", querystring: pageOnly, response: { 200: s.myShareList, ...errors } },
  }, (req) => myShares(ctx, req.actor, req.query));

  r.get('/api/tenders/:id/bid-key', {
    schema: { tags: ['bids'], summary: "The tender's public key for sealing bids, its k of n and the server's time (public)", params: uuidParam, response: { 200: s.tenderBidKeyPublic, ...errors } },
  }, (req) => tenderBidKey(ctx, req.params.id));

  r.get('/api/tenders/:id/custodian-choices', {
    schema: { tags: ['bids'], summary: "The officials of the two bodies (trading center, supervising department) with a registered key, each with their body, to name as custodians (trading staff)", params: uuidParam, response: { 200: s.custodianChoices, ...errors } },
  }, (req) => custodianChoices(ctx, req.actor, req.params.id));

  r.post('/api/tenders/:id/bid-key', {
    schema: { tags: ['bids'], summary: "Make the tender's key pair and split the private key k of n among custodians (trading staff); the private key is not kept", params: uuidParam, body: s.sealTenderBody, response: { 201: s.tenderBidKeyView, ...errors } },
  }, async (req, reply) => reply.code(201).send(await sealTender(ctx, req.actor, req.params.id, req.body)));

  r.post('/api/tenders/:id/bids', {
    schema: {
      tags: ['bids'], summary: 'Hand in (or replace) a bid sealed in the browser (multipart field "envelope"); answers the signed receipt with the server time',
      params: uuidParam, consumes: ['multipart/form-data'], response: { 201: s.bidView, ...errors },
    },
  }, async (req, reply) => {
    submitGate(req.actor);
    if (!req.isMultipart()) throw err.MULTIPART_REQUIRED({ field: 'envelope' });
    const file = await req.file({ limits: { fileSize: ctx.config.UPLOAD_MAX_BYTES, files: 1 } });
    if (!file) throw err.FILE_MISSING({ field: 'envelope' });
    const tooLarge = () => err.FILE_TOO_LARGE({ limitMb: Math.floor(ctx.config.UPLOAD_MAX_BYTES / 1048576), field: 'envelope' });
    const bytes = await file.toBuffer().catch((e: unknown) => {
      if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
      throw e;
    });
    if (file.file.truncated) throw tooLarge();
    return reply.code(201).send(await submitBid(ctx, req.actor, req.params.id, bytes));
  });

  r.get('/api/tenders/:id/bids', {
    schema: { tags: ['bids'], summary: "A tender's bids for its center's staff once the opening has read them out: bidder, ciphertext hash, size, time, the read-out (before: 409 TENDER_BIDDERS_SEALED)", params: uuidParam, querystring: pageOnly, response: { 200: s.tenderBidList, ...errors } },
  }, (req) => tenderBids(ctx, req.actor, req.params.id, req.query));

  r.get('/api/me/bidder-declaration', {
    schema: { tags: ['bids'], summary: "The bidding enterprise's declaration of its principal and the units it is controlled or managed by (条例 第三十四条); the ID number masked", response: { 200: s.declarationView, ...errors } },
  }, (req) => myDeclaration(ctx, req.actor));

  r.put('/api/me/bidder-declaration', {
    schema: { tags: ['bids'], summary: "Make or change the bidding enterprise's declaration (条例 第三十四条): the evaluation relates opened bids by it", body: s.declarationBody, response: { 200: s.declarationView, ...errors } },
  }, (req) => declare(ctx, req.actor, req.body));

  r.get('/api/me/bids', {
    schema: { tags: ['bids'], summary: "The bidder's own bids with their receipts", querystring: s.myBidsQuery, response: { 200: s.bidList, ...errors } },
  }, (req) => myBids(ctx, req.actor, req.query));

  r.get('/api/bids/:id', {
    schema: { tags: ['bids'], summary: "One of the bidder's own bids with its receipt", params: uuidParam, response: { 200: s.bidView, ...errors } },
  }, (req) => myBid(ctx, req.actor, req.params.id));

  r.post('/api/bids/:id/withdraw', {
    schema: { tags: ['bids'], summary: 'Withdraw the bid before the deadline (server time)', params: uuidParam, response: { 200: s.bidView, ...errors } },
  }, (req) => withdrawBid(ctx, req.actor, req.params.id));

  r.post('/api/tenders/:id/opening/shares', {
    schema: { tags: ['bids'], summary: 'A custodian hands in their decrypted key share after the deadline; with the k-th the bids are opened', params: uuidParam, body: s.handInShareBody, response: { 200: s.openingView, ...errors } },
  }, (req) => handInShare(ctx, req.actor, req.params.id, req.body));

  r.get('/api/tenders/:id/opening', {
    schema: { tags: ['bids'], summary: "The opening: custodians who handed in, and the read-out once opened (staff of the center; the tender's bidders once opened)", params: uuidParam, response: { 200: s.openingView, ...errors } },
  }, (req) => openingView(ctx, req.actor, req.params.id));
}
