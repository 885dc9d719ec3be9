import { randomBytes } from 'node:crypto';
import { chinaDate } from '../../lib/clock.ts';
import { endOfChinaDay } from '../calendar/dates.ts';
import type { AppContext } from '../../lib/context.ts';
import type { PaymentOrderStatus } from '../../db/types.ts';
import { errors, NOT_FOUND } from '../../lib/errors.ts';
import { authorize, paymentPolicy, type Actor } from '../../policies/index.ts';
import { ChannelUnavailable } from './channel.ts';
import { defaultOnlineChannel, notifyUrl } from './channels.ts';
import { askChannel } from './notify.service.ts';
import * as repo from './payments.repository.ts';

/**
 * Online payment by the applicant: an order at the channel for a payable notice, the payer's browser
 * sent to the channel's cashier, and back to the case page (docs/fees.md, "Payment channels"). The
 * payment itself is recorded only from the channel's signed notification or our active query
 * (notify.service.ts), never from the browser coming back.
 */
export const NOTICE = { zh: '缴款通知书', en: 'Payment notice' };

/**
 * Payable: issued and not past its due date (China date). An expired or cancelled notice is refused
 * with fees-core's codes (the same recordPayment would give); a paid or refunded one with ours.
 */
export function assertPayable(ctx: AppContext, n: { status: string; due_date: string }): void {
  if (n.status === 'cancelled') throw errors.NOTICE_CANCELLED();
  if (n.status === 'expired' || (n.status === 'issued' && n.due_date < chinaDate(ctx.clock.now()))) throw errors.NOTICE_EXPIRED({ dueDate: n.due_date });
  if (n.status !== 'issued') throw errors.PAYMENT_NOTICE_NOT_PAYABLE();
}

/**
 * When an order opened now stops taking money: PAYMENT_ORDER_MINUTES from now, but never past the end
 * of the notice's due date (its last millisecond, China time), after which the notice cannot be paid.
 */
export function orderExpiry(ctx: AppContext, now: Date, dueDate: string): Date {
  const lastOfDueDate = new Date(endOfChinaDay(dueDate).getTime() - 1);
  const byMinutes = new Date(now.getTime() + ctx.config.PAYMENT_ORDER_MINUTES * 60_000);
  return byMinutes < lastOfDueDate ? byMinutes : lastOfDueDate;
}

const orderNumber = (now: Date) => `OW${chinaDate(now).replaceAll('-', '')}${randomBytes(8).toString('hex').toUpperCase()}`;

export interface StartedPayment { orderNo: string; cashierUrl: string; amountFen: number; expiresAt: Date }

export async function startOnlinePayment(ctx: AppContext, actor: Actor | null, noticeNo: string): Promise<StartedPayment> {
  authorize(paymentPolicy, actor, 'pay_online');
  const notice = await repo.noticeByNo(ctx.db, noticeNo);
  if (!notice) throw NOT_FOUND(NOTICE);
  authorize(paymentPolicy, actor, 'pay_online', notice);
  assertPayable(ctx, notice);
  const channel = defaultOnlineChannel(ctx);
  if (!channel) throw errors.PAYMENT_CHANNEL_UNAVAILABLE();
  // An open order the payer cancelled at the cashier is closed at the channel: asked once (its
  // 'closed' notification may be lost or late), so the payer gets a new order now, not in 30 minutes.
  const before = await repo.openOrderOf(ctx.db, notice.id, actor!.id, ctx.clock.now());
  if (before?.cashier_url) await askChannel(ctx, before);
  // One order per notice and payer at a time: the notice's row is locked while we look for an open
  // order and write one, so two quick clicks (two tabs, a retry) get the same order, never two.
  const order = await ctx.db.transaction().execute(async (tx) => {
    assertPayable(ctx, await repo.lockNoticeForOrder(tx, notice.id)); // paid, cancelled or expired meanwhile
    const now = ctx.clock.now();
    // The payer who comes back to "pay" while an order is open returns to the same cashier: one order, one payment.
    const open = await repo.openOrderOf(tx, notice.id, actor!.id, now);
    if (open) return open;
    const expiresAt = orderExpiry(ctx, now, notice.due_date);
    // The order is ours before the channel hears of it: if the call times out, the active query finds out what happened.
    return repo.insertOrder(tx, {
      order_no: orderNumber(now), notice_id: notice.id, channel: channel.code, amount_fen: notice.total_fen, payer_id: actor!.id,
      created_at: now, updated_at: now, expires_at: expiresAt,
      query_at: new Date(now.getTime() + ctx.config.PAYMENT_QUERY_AFTER_MINUTES * 60_000),
    });
  });
  if (order.cashier_url) return { orderNo: order.order_no, cashierUrl: order.cashier_url, amountFen: order.amount_fen, expiresAt: order.expires_at };
  // A new order, or an open one the channel has not answered for yet (a click racing the first, a
  // timeout): the channel's createOrder is idempotent on the order number, so asking again is safe.
  try {
    const created = await channel.createOrder({
      orderNo: order.order_no, amountFen: order.amount_fen, subject: `非税收入缴款 ${notice.notice_no}`, payee: notice.account_name,
      notifyUrl: notifyUrl(ctx, channel.code), returnUrl: `/my/cases/${notice.case_id}?payment=${order.order_no}`, expiresAt: order.expires_at,
    });
    await repo.setCashierUrl(ctx.db, order.id, created.cashierUrl, ctx.clock.now());
    return { orderNo: order.order_no, cashierUrl: created.cashierUrl, amountFen: order.amount_fen, expiresAt: order.expires_at };
  } catch (err) {
    if (err instanceof ChannelUnavailable) throw errors.PAYMENT_CHANNEL_UNAVAILABLE();
    throw err;
  }
}

export interface OrderView { orderNo: string; status: PaymentOrderStatus; amountFen: number; noticeNo: string; noticeStatus: string; caseId: string }

/** The state of one of the payer's orders (the case page asks after coming back from the cashier). */
export async function orderStatus(ctx: AppContext, actor: Actor | null, orderNo: string, opts: { ask: boolean } = { ask: true }): Promise<OrderView> {
  authorize(paymentPolicy, actor, 'pay_online');
  const order = await repo.orderByNo(ctx.db, orderNo);
  const notice = order ? await repo.noticeById(ctx.db, order.notice_id) : undefined;
  if (!order || !notice) throw NOT_FOUND({ zh: '支付订单', en: 'Payment order' });
  authorize(paymentPolicy, actor, 'pay_online', notice);
  // The payer is back from the cashier: the channel is asked once (the first read of the order), so a
  // cancelled order shows closed, and a payment paid, even when the channel's notification is lost or late.
  const asked = opts.ask && order.status === 'created' && order.cashier_url && (await repo.claimReturnQuery(ctx.db, order.id, ctx.clock.now()))
    ? await askChannel(ctx, order) : null;
  if (asked === 'paid' || asked === 'closed') return orderStatus(ctx, actor, orderNo, { ask: false });
  return { orderNo: order.order_no, status: order.status, amountFen: order.amount_fen, noticeNo: notice.notice_no, noticeStatus: notice.status, caseId: notice.case_id };
}


/** The payer's notice of a case, for the case page's "pay online" (404 when there is none for them). */
export async function payerNotice(ctx: AppContext, actor: Actor | null, caseId: string) {
  authorize(paymentPolicy, actor, 'pay_online');
  const n = await repo.payerNoticeOfCase(ctx.db, caseId, actor!.id);
  if (!n) throw NOT_FOUND(NOTICE);
  let payable = true;
  try {
    assertPayable(ctx, n);
  } catch {
    payable = false;
  }
  return { noticeNo: n.notice_no, totalFen: n.total_fen, dueDate: n.due_date, status: n.status, payable };
}
