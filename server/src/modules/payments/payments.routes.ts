import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { NOT_FOUND } from '../../lib/errors.ts';
import type { AppContext } from '../../lib/context.ts';
import { errorBody } from '../../lib/schemas.ts';
import { payRefundAtWindow, refundsToPayAtWindow } from './bank-refunds.service.ts';
import { collectAtBank, lookupAtBank } from './bank-window.service.ts';
import { notificationLog } from './notification-log.service.ts';
import { handleNotification } from './notify.service.ts';
import { orderStatus, payerNotice, startOnlinePayment } from './payments.service.ts';
import * as s from './payments.schemas.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

export function paymentRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/payments/notices/:noticeNo/online', {
    schema: {
      tags: ['payments'], summary: "The payer starts paying a notice online: an order at the channel and its cashier page",
      params: s.noticeNoParam, response: { 201: s.startedPayment, ...errors, 503: errorBody },
    },
  }, async (req, reply) => reply.status(201).send(await startOnlinePayment(ctx, req.actor, req.params.noticeNo)));

  r.get('/api/payments/cases/:caseId/notice', {
    schema: { tags: ['payments'], summary: "The payer's payment notice of one of their cases, to pay it online", params: s.caseIdParam, response: { 200: s.payerNoticeView, ...errors } },
  }, (req) => payerNotice(ctx, req.actor, req.params.caseId));

  r.get('/api/payments/orders/:orderNo', {
    schema: { tags: ['payments'], summary: "One of the payer's online orders, after coming back from the cashier", params: s.orderNoParam, response: { 200: s.orderView, ...errors } },
  }, (req) => orderStatus(ctx, req.actor, req.params.orderNo));

  r.get('/api/bank-window/notices/:noticeNo', {
    schema: { tags: ['payments'], summary: "The bank clerk looks a notice up by its payment code (payer masked)", params: s.noticeNoParam, response: { 200: s.bankNoticeView, ...errors } },
  }, (req) => lookupAtBank(ctx, req.actor, req.params.noticeNo));

  r.post('/api/bank-window/notices/:noticeNo/payments', {
    schema: {
      tags: ['payments'], summary: "The bank clerk records the money taken at the bank's window for a notice",
      params: s.noticeNoParam, body: s.bankCollectBody, response: { 201: s.bankCollected, ...errors },
    },
  }, async (req, reply) => reply.status(201).send(await collectAtBank(ctx, req.actor, req.params.noticeNo, req.body)));

  r.get('/api/bank-window/refunds', {
    schema: {
      tags: ['payments'], summary: "Refunds of payments taken at the bank window, waiting to be paid out there (the bank clerk's center, oldest first)",
      querystring: s.bankRefundsQuery, response: { 200: s.bankRefundList, ...errors },
    },
  }, (req) => refundsToPayAtWindow(ctx, req.actor, req.query));

  r.post('/api/bank-window/refunds/:id/paid', {
    schema: {
      tags: ['payments'], summary: "The bank clerk records a refund paid out at the window, with the bank's reference",
      params: s.refundIdParam, body: s.bankRefundPaidBody, response: { 200: s.bankRefundPaid, ...errors },
    },
  }, (req) => payRefundAtWindow(ctx, req.actor, req.params.id, req.body));

  r.get('/api/finance/payment-notifications', {
    schema: {
      tags: ['payments'], summary: "The finance clerk's log of the channels' inbound notifications for their center (newest first, by verdict)",
      querystring: s.notificationLogQuery, response: { 200: s.notificationLog, ...errors },
    },
  }, (req) => notificationLog(ctx, req.actor, req.query));

  // A channel's notification: the body is verified as the exact bytes received, so this scope keeps it a string.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, body));
    scope.withTypeProvider<ZodTypeProvider>().post('/api/payments/notify/:channel', {
      schema: {
        tags: ['payments'], summary: "A payment channel's signed notification (answered in the channel's own format, docs/fees.md)",
        params: s.channelParam,
      },
    }, async (req, reply) => {
      const raw = typeof req.body === 'string' ? req.body : '';
      const ack = await handleNotification(ctx, req.params.channel, req.headers, raw);
      if (!ack) throw NOT_FOUND({ zh: '支付渠道', en: 'Payment channel' });
      return reply.status(ack.status).type(ack.contentType).send(ack.body);
    });
  });
}
