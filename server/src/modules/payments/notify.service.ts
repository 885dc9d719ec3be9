import type { AppContext } from '../../lib/context.ts';
import { DomainError } from '../../lib/errors.ts';
import type { NotificationVerdict } from '../../db/types.ts';
import { ChannelUnavailable, type NotificationAck, type OrderState, type PaymentChannel, type VerifiedNotification } from './channel.ts';
import { channelFor } from './channels.ts';
import * as repo from './payments.repository.ts';
import { tellRefundPaid } from './refund-messages.ts';
import { refundNoticeIfRepaid } from '../fees/notice-refunded.ts';
import { recordVerifiedPayment } from './record.ts';

/**
 * Notifications from a channel (POST /api/payments/notify/:channel) and the active query of orders
 * the channel left unanswered. Every notification is logged with its verdict (payment_notifications):
 * a bad signature, an unknown order, a wrong amount or a notice no longer payable is refused and
 * recorded, with no payment and no case change; a verified one goes through fees-core's
 * recordPayment, which records it once per channel transaction and moves the case once.
 */
const MAX_BODY_LOGGED = 8 * 1024;

interface Outcome { verdict: NotificationVerdict; errorCode?: string; paymentId?: string }

/** What a refused body says about itself, for the log only (never trusted). */
function claimedFields(rawBody: string) {
  try {
    const b = JSON.parse(rawBody) as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' ? v.slice(0, 64) : null);
    const amount = typeof b.amountFen === 'number' && Number.isSafeInteger(b.amountFen) ? b.amountFen : null;
    return { order_no: str(b.orderNo), channel_txn_id: str(b.bankTxnId), amount_fen: amount };
  } catch {
    return { order_no: null, channel_txn_id: null, amount_fen: null };
  }
}

export async function handleNotification(ctx: AppContext, channelCode: string, headers: Record<string, string | string[] | undefined>, rawBody: string): Promise<NotificationAck | null> {
  const channel = channelFor(ctx, channelCode);
  if (!channel) return null;
  const received = ctx.clock.now();
  const body = rawBody.slice(0, MAX_BODY_LOGGED);
  const verified = channel.verifyNotification(headers, rawBody);
  if (!verified) {
    await repo.logNotification(ctx.db, { channel: channel.code, received_at: received, kind: 'unknown', signature_ok: false, verdict: 'bad_signature', body, ...claimedFields(rawBody) });
    return channel.ack(false, 'signature not valid');
  }
  const outcome = verified.kind === 'payment'
    ? await onPayment(ctx, channel, verified, { received, body, source: 'notification' })
    : await onRefund(ctx, channel, verified, { received, body });
  // A verified notification is answered SUCCESS even when refused: sending it again would not change the verdict.
  return channel.ack(true, outcome.verdict);
}

type PaymentNews = Extract<VerifiedNotification, { kind: 'payment' }>;

/** A verified payment (from a notification or our own query): record it, or refuse it and log why. */
export async function onPayment(ctx: AppContext, channel: PaymentChannel, n: PaymentNews, at: { received: Date; body: string; source: 'notification' | 'query' }): Promise<Outcome> {
  const log = { channel: channel.code, received_at: at.received, kind: 'payment' as const, signature_ok: true, order_no: n.orderNo, channel_txn_id: n.channelTxnId, amount_fen: n.amountFen, body: at.body };
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      // Notifications of one order are taken one at a time (duplicates racing each other wait here).
      const order = await repo.lockOrderByNo(tx, n.orderNo);
      const notice = order ? await repo.noticeById(tx, order.notice_id) : undefined;
      const done = async (o: Outcome) => {
        await repo.logNotification(tx, { ...log, notice_no: notice?.notice_no ?? null, verdict: o.verdict, error_code: o.errorCode ?? null, payment_id: o.paymentId ?? null });
        return o;
      };
      if (!order || !notice || order.channel !== channel.code) return done({ verdict: 'unknown_order' });
      if (n.status === 'closed') {
        // The channel closed the order (the payer cancelled at its cashier): ours is closed, so "pay
        // online" opens a new one at once. A repeat finds it closed; a close after "paid" is stale.
        if (order.status === 'closed') return done({ verdict: 'duplicate' });
        if (!(await repo.moveOrder(tx, order.id, 'close', null, at.received))) return done({ verdict: 'stale' });
        return done({ verdict: 'order_closed' });
      }
      if (n.status !== 'paid') return done({ verdict: 'stale' });
      const known = await repo.paymentByTxn(tx, channel.code, n.channelTxnId);
      if (known) return done({ verdict: 'duplicate', paymentId: known.id });
      if (n.amountFen !== order.amount_fen) return done({ verdict: 'wrong_amount' });
      // recordPayment checks the notice (cancelled, expired, amount) and refuses with a code, writing nothing.
      const recorded = await recordVerifiedPayment(ctx, tx, {
        noticeNo: notice.notice_no, channel: channel.code, channelTxnId: n.channelTxnId, amountFen: n.amountFen, paidAt: n.paidAt, recordedBy: null,
      });
      const paymentId = recorded.payment.id;
      // An order we closed is paid all the same: the channel took the money after all (recorded above,
      // a second payment of the notice kept with a refund record).
      await repo.moveOrder(tx, order.id, 'pay', n.channelTxnId, at.received);
      // A second payment of a notice already paid is kept, with a refund record (fees-core): logged as such.
      return done({ verdict: recorded.outcome === 'duplicate' ? 'paid_twice' : recorded.outcome === 'repeated' ? 'duplicate' : 'accepted', paymentId });
    });
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    // recordPayment refused it: its transaction rolled back (no payment, no case change); the refusal is logged on its own.
    const notice = await repo.orderByNo(ctx.db, n.orderNo).then((o) => (o ? repo.noticeById(ctx.db, o.notice_id) : undefined));
    const verdict = REFUSAL_VERDICT[e.code] ?? 'refused';
    await repo.logNotification(ctx.db, { ...log, notice_no: notice?.notice_no ?? null, verdict, error_code: e.code });
    return { verdict, errorCode: e.code };
  }
}

/** recordPayment's refusals as verdicts of the log. */
const REFUSAL_VERDICT: Partial<Record<string, NotificationVerdict>> = {
  NOTICE_UNKNOWN: 'unknown_notice', NOTICE_CANCELLED: 'not_payable', NOTICE_EXPIRED: 'not_payable', PAYMENT_AMOUNT_MISMATCH: 'wrong_amount',
};

type RefundNews = Extract<VerifiedNotification, { kind: 'refund' }>;

async function onRefund(ctx: AppContext, channel: PaymentChannel, n: RefundNews, at: { received: Date; body: string }): Promise<Outcome> {
  return ctx.db.transaction().execute(async (tx) => {
    const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(n.refundNo);
    const refund = isUuid ? await repo.lockRefund(tx, n.refundNo) : undefined;
    let outcome: Outcome;
    if (!refund || refund.amount_fen !== n.amountFen) outcome = { verdict: refund ? 'wrong_amount' : 'unknown_refund' };
    else if (refund.status === 'succeeded' || refund.status === 'failed') outcome = { verdict: 'duplicate' };
    else if (refund.status === 'requested') outcome = { verdict: 'stale' }; // we have not asked for it yet: out of order, ignored
    else {
      await repo.moveRefund(tx, refund.id, n.status === 'succeeded' ? 'succeed' : 'fail', n.status === 'succeeded'
        ? { channel_refund_id: n.channelRefundId, completed_at: at.received }
        : { failure: 'refused by the channel', completed_at: at.received });
      outcome = { verdict: 'refund_recorded' };
      if (n.status === 'succeeded') {
        await tellRefundPaid(tx, refund.id, at.received);
        await refundNoticeIfRepaid(ctx, tx, refund.notice_id, null);
      }
    }
    await repo.logNotification(tx, {
      channel: channel.code, received_at: at.received, kind: 'refund', signature_ok: true, channel_txn_id: n.channelRefundId,
      amount_fen: n.amountFen, verdict: outcome.verdict, body: at.body,
    }, { refundId: refund?.id });
    return outcome;
  });
}

/**
 * Asks the channel once about one of our open orders and applies its answer: paid is recorded as a
 * notification would be; closed (the payer cancelled at the cashier, or its time ran out) closes our
 * order. The payer's return to the case page and "pay online" ask this way, so a lost 'closed'
 * notification never holds the payer up. A channel that does not answer changes nothing.
 */
export async function askChannel(ctx: AppContext, order: { id: string; order_no: string; channel: string; status: string }): Promise<OrderState['status'] | 'unavailable'> {
  const channel = channelFor(ctx, order.channel);
  if (!channel || order.status !== 'created') return 'unavailable';
  let state: OrderState;
  try {
    state = await channel.queryOrder(order.order_no);
  } catch (err) {
    if (!(err instanceof ChannelUnavailable)) throw err;
    return 'unavailable';
  }
  if (state.status === 'paid') {
    await recordQueriedPayment(ctx, channel, order.order_no, state);
  } else if (state.status === 'closed') {
    await closeOrder(ctx, order.id);
  }
  return state.status;
}

/** A payment the channel's query reports, recorded as its notification would be (logged with source `query`). */
const recordQueriedPayment = (ctx: AppContext, channel: PaymentChannel, orderNo: string, state: Extract<OrderState, { status: 'paid' }>) =>
  onPayment(ctx, channel, { kind: 'payment', orderNo, status: 'paid', channelTxnId: state.channelTxnId, amountFen: state.amountFen, paidAt: state.paidAt },
    { received: ctx.clock.now(), body: `active query of ${orderNo}`, source: 'query' });

// One statement: it waits for a notification holding the order's lock, then finds the order as that left it.
const closeOrder = (ctx: AppContext, id: string) => ctx.db.transaction().execute((tx) => repo.moveOrder(tx, id, 'close', null, ctx.clock.now()));

/**
 * The active query: orders no notification settled by their query time are asked about at the
 * channel (claimed with SKIP LOCKED, leased, so two instances never ask twice at once). A paid one is
 * recorded like a notification; one still open is asked again later with backoff; one the channel
 * closed is closed at once (a lost 'closed' notification); one it never heard of, once past its expiry.
 */
export async function queryUnansweredOrders(ctx: AppContext, batch = 20): Promise<number> {
  const now = ctx.clock.now();
  const claimed = await repo.claimUnansweredOrders(ctx.db, now, new Date(now.getTime() + 5 * 60_000), batch);
  for (const order of claimed) {
    const channel = channelFor(ctx, order.channel);
    const later = new Date(now.getTime() + Math.min(60, 2 ** Math.min(order.query_attempts, 6)) * 60_000);
    if (!channel) {
      await repo.rescheduleQuery(ctx.db, order.id, later);
      continue;
    }
    try {
      const state = await channel.queryOrder(order.order_no);
      if (state.status === 'paid') {
        const outcome = await recordQueriedPayment(ctx, channel, order.order_no, state);
        // Refused (logged for reconciliation): asked again later, less and less often.
        if (outcome.verdict !== 'accepted') await repo.rescheduleQuery(ctx.db, order.id, later);
      } else if (state.status === 'closed' || (now > order.expires_at && (state.status !== 'pending' || now.getTime() > order.expires_at.getTime() + 86_400_000))) {
        await closeOrder(ctx, order.id);
      } else {
        await repo.rescheduleQuery(ctx.db, order.id, later);
      }
    } catch (err) {
      if (!(err instanceof ChannelUnavailable)) throw err;
      await repo.rescheduleQuery(ctx.db, order.id, later);
    }
  }
  return claimed.length;
}
