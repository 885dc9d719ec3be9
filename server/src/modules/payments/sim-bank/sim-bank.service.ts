import { randomBytes, randomUUID } from 'node:crypto';
import type { AppContext } from '../../../lib/context.ts';
import { errors } from '../../../lib/errors.ts';
import { defineJob, enqueue } from '../../../lib/jobs.ts';
import type { Tx } from '../../../db/database.ts';
import { ChannelUnavailable, type CreateOrderInput, type OrderState, type RefundInput, type RefundResult } from '../channel.ts';
import { paymentJobsContext } from '../jobs-context.ts';
import { signBody, simBankPrivateKey } from './keys.ts';
import * as repo from './sim-bank.repository.ts';

/**
 * The simulated bank: the default payment channel, behaving like a bank's online cashier so every
 * path of our side is exercised without one. It keeps its own ledger (sim_bank_* tables), shows its
 * own cashier page (sim-bank.routes.ts), signs its notifications with its own Ed25519 key and posts
 * them to our notify endpoint through a job (a crash never loses one; an answer other than SUCCESS
 * is retried with backoff), and misbehaves on request (docs/fees.md, "Faults of the simulated bank").
 */
export const SIM_BANK_FAULTS = [
  'duplicate',       // each notification is sent twice
  'out_of_order',    // an old "pending" notification arrives after the "paid" one
  'no_notify',       // no notification at all (paid or closed): our side must query the order
  'wrong_amount',    // the notification names one fen more than was paid
  'timeout_create',  // creating an order times out (only from SIM_BANK_FAULTS: the order does not exist yet)
  'timeout_query',   // querying the order times out
  'refund_fail',     // the refund is refused by the bank
  'refund_timeout',  // the first refund call times out (the fault then clears itself)
] as const;
export type SimBankFault = (typeof SIM_BANK_FAULTS)[number];

export const isSimBankFault = (s: string): s is SimBankFault => (SIM_BANK_FAULTS as readonly string[]).includes(s);

function configuredFaults(ctx: AppContext): SimBankFault[] {
  return ctx.config.SIM_BANK_FAULTS.split(',').map((f) => f.trim()).filter(isSimBankFault);
}

const faultsOf = (ctx: AppContext, row: { faults: string[] }): Set<string> => new Set([...configuredFaults(ctx), ...row.faults]);

const bankId = (prefix: string) => `${prefix}${Date.now().toString(36).toUpperCase()}${randomBytes(6).toString('hex').toUpperCase()}`;

/** Where the bank's pages are served (relative: the same server unless PUBLIC_URL says otherwise). */
const bankBase = (ctx: AppContext) => `${ctx.config.PUBLIC_URL?.replace(/\/$/, '') ?? ''}/sim-bank`;

export async function bankCreateOrder(ctx: AppContext, input: CreateOrderInput): Promise<{ id: string; cashierUrl: string }> {
  if (configuredFaults(ctx).includes('timeout_create')) throw new ChannelUnavailable('simulated bank: create order timed out');
  await ctx.db.transaction().execute((tx) => repo.insertOrder(tx, {
    bank_txn_id: bankId('SB'), merchant_order_no: input.orderNo, amount_fen: input.amountFen, subject: input.subject.slice(0, 200),
    payee: input.payee.slice(0, 200), notify_url: input.notifyUrl, return_url: input.returnUrl, created_at: ctx.clock.now(),
    expires_at: input.expiresAt,
  }));
  // Asked twice for the same order number, the bank answers the order it already has.
  const order = (await repo.orderByMerchantNo(ctx.db, input.orderNo))!;
  return { id: order.id, cashierUrl: `${bankBase(ctx)}/cashier/${order.id}` };
}

export async function bankQuery(ctx: AppContext, orderNo: string): Promise<OrderState> {
  const order = await repo.orderByMerchantNo(ctx.db, orderNo);
  if (!order) return { status: 'unknown' };
  if (faultsOf(ctx, order).has('timeout_query')) throw new ChannelUnavailable('simulated bank: query timed out');
  if (order.status === 'paid') return { status: 'paid', channelTxnId: order.bank_txn_id, amountFen: order.amount_fen, paidAt: order.paid_at! };
  return order.status === 'cancelled' || isExpired(ctx, order) ? { status: 'closed' } : { status: 'pending' };
}

/**
 * An unpaid order past the time the merchant gave it (`expiresAt`: the last instant it may be paid) is
 * closed, as a bank's cashier closes it: its page offers no "pay", paying is refused, a query says closed.
 */
export const isExpired = (ctx: AppContext, order: { status: string; expires_at: Date | null }): boolean =>
  order.status === 'pending' && order.expires_at !== null && ctx.clock.now() > order.expires_at;

/** The payer pressed "pay" on the cashier page: the bank takes the money and tells the merchant. */
export async function bankPay(ctx: AppContext, id: string): Promise<{ returnUrl: string; status: 'paid' | 'cancelled' } | null> {
  return ctx.db.transaction().execute(async (tx) => {
    const order = await repo.lockOrder(tx, id);
    if (!order) return null;
    if (order.status !== 'pending') return { returnUrl: order.return_url, status: order.status };
    // Past its time the order is closed: no money is taken (nothing written), the payer starts again.
    if (isExpired(ctx, order)) throw errors.PAYMENT_ORDER_EXPIRED();
    const now = ctx.clock.now();
    await repo.setOrderStatus(tx, order.id, 'paid', now);
    const faults = faultsOf(ctx, order);
    if (!faults.has('no_notify')) {
      const amountFen = order.amount_fen + (faults.has('wrong_amount') ? 1 : 0);
      const paid = { type: 'payment', orderNo: order.merchant_order_no, bankTxnId: order.bank_txn_id, amountFen, status: 'paid', paidAt: now.toISOString() };
      await sendNotification(ctx, tx, order.bank_txn_id, order.notify_url, paid, faults.has('duplicate') ? 2 : 1);
      if (faults.has('out_of_order')) {
        // The "pending" notice of the cashier's first step, held up in the bank's queue, arrives last.
        const stale = { ...paid, amountFen: order.amount_fen, status: 'pending', paidAt: order.created_at.toISOString() };
        await sendNotification(ctx, tx, order.bank_txn_id, order.notify_url, stale, 1, new Date(now.getTime() + 1000));
      }
    }
    return { returnUrl: order.return_url, status: 'paid' as const };
  });
}

/**
 * The payer pressed "cancel" on the cashier page: the bank closes the order (its query answers
 * `closed`, its cashier takes no money for it) and tells the merchant with a signed 'closed'
 * notification, as real channels do, so the merchant can open a new order at once.
 */
export async function bankCancel(ctx: AppContext, id: string): Promise<{ returnUrl: string } | null> {
  return ctx.db.transaction().execute(async (tx) => {
    const order = await repo.lockOrder(tx, id);
    if (!order) return null;
    if (order.status !== 'pending') return { returnUrl: order.return_url };
    await repo.setOrderStatus(tx, order.id, 'cancelled', null);
    const faults = faultsOf(ctx, order);
    if (!faults.has('no_notify')) {
      // No payment time for a closed order: `paidAt` carries the order's creation, as the cashier's "pending" notice does.
      const closed = { type: 'payment', orderNo: order.merchant_order_no, bankTxnId: order.bank_txn_id, amountFen: order.amount_fen, status: 'closed', paidAt: order.created_at.toISOString() };
      await sendNotification(ctx, tx, order.bank_txn_id, order.notify_url, closed, faults.has('duplicate') ? 2 : 1);
    }
    return { returnUrl: order.return_url };
  });
}

export async function bankRefund(ctx: AppContext, input: RefundInput): Promise<RefundResult> {
  const known = await repo.refundByNo(ctx.db, input.refundNo);
  if (known) return known.status === 'succeeded' ? { status: 'succeeded', channelRefundId: known.bank_refund_id } : { status: 'failed', failure: 'refused by the bank' };
  const before = await repo.orderByMerchantNo(ctx.db, input.orderNo);
  if (before && faultsOf(ctx, before).has('refund_timeout')) {
    // Times out once (the order's fault clears itself); from SIM_BANK_FAULTS, every time.
    await repo.setFaults(ctx.db, before.merchant_order_no, before.faults.filter((f) => f !== 'refund_timeout'));
    throw new ChannelUnavailable('simulated bank: refund timed out');
  }
  return ctx.db.transaction().execute(async (tx) => {
    const order = await repo.lockOrderByTxn(tx, input.channelTxnId);
    if (!order || order.status !== 'paid' || order.merchant_order_no !== input.orderNo) {
      return { status: 'failed' as const, failure: 'no such paid transaction at the bank' };
    }
    const faults = faultsOf(ctx, order);
    const ok = !faults.has('refund_fail') && input.amountFen <= order.amount_fen;
    const bankRefundId = bankId('SR');
    await repo.insertRefund(tx, {
      refund_no: input.refundNo, bank_refund_id: bankRefundId, bank_txn_id: order.bank_txn_id, amount_fen: input.amountFen,
      status: ok ? 'succeeded' : 'failed', created_at: ctx.clock.now(),
    });
    if (!ok) return { status: 'failed' as const, failure: 'refused by the bank' };
    const body = { type: 'refund', refundNo: input.refundNo, bankRefundId, bankTxnId: order.bank_txn_id, amountFen: input.amountFen, status: 'succeeded' };
    await sendNotification(ctx, tx, order.bank_txn_id, order.notify_url, body, faults.has('duplicate') ? 2 : 1);
    return { status: 'succeeded' as const, channelRefundId: bankRefundId };
  });
}

/** Test and demo control: the faults of one order (POST /sim-bank/orders/:orderNo/faults). */
export async function setOrderFaults(ctx: AppContext, orderNo: string, faults: SimBankFault[]): Promise<boolean> {
  return !!(await repo.setFaults(ctx.db, orderNo, [...new Set(faults)]));
}

/** A signed notification in the bank's outbox, delivered by a job `copies` times (the duplicate fault). */
async function sendNotification(ctx: AppContext, tx: Tx, bankTxnId: string, notifyUrl: string, payload: object, copies: number, runAt?: Date) {
  const body = JSON.stringify({ notifyId: randomUUID(), ...payload, sentAt: ctx.clock.now().toISOString() });
  const signature = signBody(simBankPrivateKey(ctx.config), body);
  for (let i = 0; i < copies; i++) {
    const row = await repo.insertNotification(tx, { bank_txn_id: bankTxnId, notify_url: notifyUrl, body, signature, created_at: ctx.clock.now() });
    await enqueue(tx, simBankNotifyJob, { id: row.id }, { maxAttempts: 15, ...(runAt ? { runAt } : {}) });
  }
}

export const SIGNATURE_HEADER = 'x-simbank-signature';

/** How a notification reaches the merchant: an HTTP POST in production, `app.inject` in tests. */
export type Post = (url: string, body: string, headers: Record<string, string>) => Promise<{ status: number; body: string }>;

export const httpPost: Post = async (url, body, headers) => {
  const res = await fetch(url, { method: 'POST', body, headers, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: await res.text() };
};

/**
 * Posts one notification; the merchant must answer 200 with `{"code":"SUCCESS"}`, anything else
 * (or no answer) throws so the job is retried with backoff, as a bank does.
 */
export async function deliverNotification(ctx: AppContext, id: string, post: Post = httpPost): Promise<void> {
  const n = await repo.notificationById(ctx.db, id);
  if (!n || n.delivered_at) return;
  let answer: { status: number; body: string };
  try {
    answer = await post(n.notify_url, n.body, { 'content-type': 'application/json', [SIGNATURE_HEADER]: n.signature });
  } catch (err) {
    await repo.markAttempt(ctx.db, id, null);
    throw err;
  }
  const ok = answer.status === 200 && /"code"\s*:\s*"SUCCESS"/.test(answer.body);
  await repo.markAttempt(ctx.db, id, ok ? ctx.clock.now() : null);
  if (!ok) throw new Error(`merchant answered ${answer.status}: ${answer.body.slice(0, 200)}`);
}

/** The bank's outbox worker (lib/jobs.ts): one job per notification copy. */
export const simBankNotifyJob = defineJob<{ id: string }>('sim_bank.notify', async ({ id }) => {
  await deliverNotification(paymentJobsContext(), id);
});

export const bankOrder = (ctx: AppContext, id: string) => repo.orderById(ctx.db, id);
