import type { Tx } from '../../db/database.ts';
import { appendAudit } from '../../lib/audit.ts';
import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors } from '../../lib/errors.ts';
import type { RefundKind } from '../../db/types.ts';
import { notify } from '../notifications/notifications.ts';
import { lockCaseWaiting } from '../cases/cases.repository.ts';
import { cascade, retryOnDeadlock } from '../cases/cases.service.ts';
import * as repo from './fees.repository.ts';
import { noticeStream, noticeTransition } from './notice-lifecycle.ts';

/** Amounts are integers of fen below this bound (the payment_notices.total_fen CHECK: under 1 000 000 000 元). */
export const MAX_FEN = 100_000_000_000;

/** A whole number of fen, above zero and below MAX_FEN; anything else (a float, NaN, a string, overflow) is refused. */
export function isValidFen(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0 && v < MAX_FEN;
}

export interface RecordPaymentInput {
  /** The payment code printed on the notice (payment_notices.notice_no). */
  noticeNo: string;
  /** The channel's name: 'sim_bank' (online), 'bank_window', … (payments.channel). */
  channel: string;
  /** The channel's own transaction id: with `channel`, the identity of the payment (a repeat finds its row). */
  channelTxnId: string;
  amountFen: number;
  /** When the channel says it was paid. */
  paidAt: Date;
  /** The bank window clerk who took it; null for a channel's notification. */
  recordedBy: string | null;
  /**
   * The money is not taken yet (the bank window asks before the clerk collects): a notice no longer
   * payable under the lock (paid meanwhile by another slip or channel) is refused with
   * PAYMENT_NOTICE_NOT_PAYABLE instead of being recorded as a duplicate to refund.
   */
  onlyIfPayable?: boolean;
}

/**
 * - settled: a new payment; the notice is paid and the case moved on (or, if the case closed meanwhile, a refund requested);
 * - repeated: the same channel transaction again: its existing payment, nothing changed;
 * - duplicate: a second, different payment of a notice already paid: recorded, with a refund record, no case move.
 */
export type RecordPaymentOutcome = 'settled' | 'repeated' | 'duplicate';
export interface RecordPaymentResult { outcome: RecordPaymentOutcome; payment: repo.PaymentRow; notice: repo.NoticeRow; refundId: string | null }

const CHANNEL = /^[a-z][a-z0-9_]{0,31}$/;

/**
 * The ONE entry for a payment, whatever the channel (online notification, bank window, statement
 * repair): run it inside the caller's transaction. Refusals throw a DomainError and write nothing
 * (the caller's transaction rolls back): NOTICE_UNKNOWN, NOTICE_CANCELLED, NOTICE_EXPIRED (an issued
 * notice after its due date, China date of the injected clock, or one the sweep expired),
 * PAYMENT_AMOUNT_INVALID (not a whole number of fen in (0, MAX_FEN)), PAYMENT_AMOUNT_MISMATCH (not
 * the notice's total), PAYMENT_TXN_CONFLICT (the channel transaction id known with another notice or
 * amount), VALIDATION_FAILED (a malformed channel name or transaction id).
 *
 * Locks the case, then the notice (the order of case actions, whose listeners touch notices), so it
 * serialises with every other writer of either.
 */
export async function recordPayment(ctx: AppContext, tx: Tx, input: RecordPaymentInput): Promise<RecordPaymentResult> {
  if (!isValidFen(input.amountFen)) throw errors.PAYMENT_AMOUNT_INVALID({ field: 'amountFen' });
  if (typeof input.channel !== 'string' || !CHANNEL.test(input.channel)) throw errors.VALIDATION_FAILED({ path: 'channel', rule: 'invalid_format', detail: 'a lower-case channel name', field: 'channel' });
  if (typeof input.channelTxnId !== 'string' || input.channelTxnId.trim() === '' || input.channelTxnId.length > 128) {
    throw errors.VALIDATION_FAILED({ path: 'channelTxnId', rule: 'invalid_format', detail: '1 to 128 characters', field: 'channelTxnId' });
  }
  if (!(input.paidAt instanceof Date) || Number.isNaN(input.paidAt.getTime())) throw errors.VALIDATION_FAILED({ path: 'paidAt', rule: 'invalid_type', detail: 'a time', field: 'paidAt' });
  const found = typeof input.noticeNo === 'string' ? await repo.noticeByNo(tx, input.noticeNo.trim()) : undefined;
  if (!found) throw errors.NOTICE_UNKNOWN({ field: 'noticeNo' });
  await lockCaseWaiting(tx, found.case_id);
  const n = (await repo.lockNotice(tx, found.id))!;

  const existing = await repo.paymentByTxn(tx, input.channel, input.channelTxnId);
  if (existing) {
    // The channel says the same thing again (a repeated notification): the first answer, nothing written.
    if (existing.notice_id !== n.id || existing.amount_fen !== input.amountFen) throw errors.PAYMENT_TXN_CONFLICT({ field: 'channelTxnId' });
    return { outcome: 'repeated', payment: existing, notice: n, refundId: null };
  }
  const now = ctx.clock.now();
  if (n.status === 'cancelled') throw errors.NOTICE_CANCELLED({ field: 'noticeNo' });
  // Judged on when the money was taken, not when we hear of it: a payment made by the due date whose
  // notification comes after midnight (a retry) or only from the statement is on time.
  if ((n.status === 'expired' || n.status === 'issued') && !paidInTime(input.paidAt, now, n)) throw errors.NOTICE_EXPIRED({ dueDate: n.due_date, field: 'noticeNo' });
  if (input.onlyIfPayable && n.status !== 'issued') throw errors.PAYMENT_NOTICE_NOT_PAYABLE({ field: 'noticeNo' });
  if (input.amountFen !== n.total_fen) throw errors.PAYMENT_AMOUNT_MISMATCH({ expectedFen: n.total_fen, paidFen: input.amountFen, field: 'amountFen' });

  const payment = await repo.insertPayment(tx, {
    notice_id: n.id, channel: input.channel, channel_txn_id: input.channelTxnId, amount_fen: input.amountFen,
    paid_at: input.paidAt, recorded_at: now, recorded_by: input.recordedBy,
  });
  await appendAudit(tx, {
    stream: noticeStream(n.id), action: 'payment.recorded', actorId: input.recordedBy, at: now,
    data: { paymentId: payment.id, noticeNo: n.notice_no, caseId: n.case_id, channel: payment.channel, channelTxnId: payment.channel_txn_id, amountFen: payment.amount_fen, paidAt: payment.paid_at.toISOString() },
  });
  return settle(ctx, tx, payment, n);
}

/**
 * Whether a payment is within the notice's due date: the China date the channel took the money (never
 * later than we recorded it, so a channel's clock ahead of ours cannot move it) is on or before it.
 */
function paidInTime(paidAt: Date, recordedAt: Date, n: repo.NoticeRow): boolean {
  return chinaDate(paidAt < recordedAt ? paidAt : recordedAt) <= n.due_date;
}

/** recordPayment in a transaction of its own (retried on a deadlock): for a route or a job with no transaction open. */
export function recordPaymentNow(ctx: AppContext, input: RecordPaymentInput): Promise<RecordPaymentResult> {
  return retryOnDeadlock(() => ctx.db.transaction().execute((tx) => recordPayment(ctx, tx, input)));
}

/**
 * Applies a recorded payment to its (locked) notice and case, once: the notice paid and the case moved
 * by the system's `payment_received`; a payment of a notice already paid, cancelled or expired meanwhile
 * (an expired one is paid if the payment was made by its due date and nothing replaced it), or of a case
 * that closed, gets a refund record instead. Marks the payment settled.
 */
async function settle(ctx: AppContext, tx: Tx, payment: repo.PaymentRow, n: repo.NoticeRow): Promise<RecordPaymentResult> {
  const now = ctx.clock.now();
  let refundId: string | null = null;
  let outcome: RecordPaymentOutcome = 'settled';
  // A notice the sweep expired is still paid by a payment made by its due date, unless the case has a
  // replacement notice by now (then the payment is refunded below: the replacement is the one to pay).
  const payable = n.status === 'issued'
    || (n.status === 'expired' && paidInTime(payment.paid_at, payment.recorded_at, n) && !(await repo.liveNoticeOfCase(tx, n.case_id)));
  if (payable) {
    n = await noticeTransition(ctx, tx, n, 'pay', 'system', payment.recorded_by, { paid_at: payment.paid_at, paid_payment_id: payment.id }, { paymentId: payment.id, amountFen: payment.amount_fen, channel: payment.channel });
    const c = (await lockCaseWaiting(tx, n.case_id))!;
    if (c.status === 'awaiting_payment') {
      await cascade(ctx, tx, c.id, { action: 'payment_received', noticeNo: n.notice_no, paymentId: payment.id, amountFen: payment.amount_fen, paymentChannel: payment.channel }, payment.recorded_by);
      await tellPayer(ctx, tx, n, payment);
    } else if (['withdrawn', 'terminated', 'refused'].includes(c.status)) {
      refundId = await requestRefund(ctx, tx, payment, n, `办件已${c.status === 'withdrawn' ? '撤回' : '终止'}，退还已缴费用`);
    }
    // Any other state (a case already past payment by another path) keeps the payment; the notice is paid.
  } else {
    outcome = 'duplicate';
    refundId = await requestRefund(ctx, tx, payment, n, n.status === 'paid' || n.status === 'refunded' ? '重复缴款，退还多缴款项' : '缴款通知书已失效，退还款项');
    await appendAudit(tx, { stream: noticeStream(n.id), action: 'payment.duplicate', actorId: payment.recorded_by, at: now, data: { paymentId: payment.id, noticeNo: n.notice_no, noticeStatus: n.status, refundId } });
  }
  await repo.markSettled(tx, payment.id);
  return { outcome, payment: { ...payment, settled: true }, notice: n, refundId };
}

/**
 * A refund record `requested` for a payment (executed by the channel: fees-pay); null when one of its
 * kind is live already. By default the whole payment; `excess` gives back `amountFen` the channel took
 * beyond the payment (reconciliation's amount mismatch).
 */
export async function requestRefund(ctx: AppContext, tx: Tx, payment: repo.PaymentRow, n: repo.NoticeRow, reason: string, requestedBy: string | null = null,
  what: { kind: RefundKind; amountFen: number } = { kind: 'payment', amountFen: payment.amount_fen }): Promise<string | null> {
  const now = ctx.clock.now();
  const r = await repo.insertRefund(tx, {
    payment_id: payment.id, notice_id: n.id, case_id: n.case_id, amount_fen: what.amountFen, kind: what.kind, reason, requested_by: requestedBy, requested_at: now,
  });
  if (!r) return null;
  await appendAudit(tx, { stream: noticeStream(n.id), action: 'refund.requested', actorId: requestedBy, at: now, data: { refundId: r.id, paymentId: payment.id, noticeNo: n.notice_no, caseId: n.case_id, amountFen: r.amount_fen, kind: r.kind, reason } });
  return r.id;
}

export interface HeldMoney {
  paymentId: string;
  /** `payment`: the whole payment (a notice paid twice); `excess`: what the channel took beyond the payment. */
  kind: RefundKind;
  amountFen: number;
  reason: string;
  requestedBy: string;
}

/**
 * Money a channel holds that we must not keep, found by reconciliation (docs/fees.md, "Resolving and
 * locking"): a refund record `requested` in the caller's transaction, paid back like every refund (the
 * refund job through the channel; the bank's window for a window payment). Locks the case, then the
 * notice, as recordPayment does. A refund of that kind on its way or done for the payment is answered
 * instead of a second one (`created: false`: fees' own refund of a duplicate payment, or an earlier
 * resolution). null, writing nothing: no such payment, an amount that is no amount, or a whole payment
 * the notice keeps.
 *
 * Which payment a notice keeps is fees' one decision, named on the notice (`paid_payment_id`, written
 * by the `pay` transition when a payment's settling paid it): that payment is never refunded here,
 * whatever the notice's totals say; every other settled payment of it is a duplicate to give back. A
 * payment not settled yet is not judged (its settling may still pay the notice with it).
 */
export async function refundHeldMoney(ctx: AppContext, tx: Tx, m: HeldMoney): Promise<HeldRefund | null> {
  const payment = await repo.paymentById(tx, m.paymentId);
  if (!payment || !isValidFen(m.amountFen)) return null;
  const found = (await repo.noticeById(tx, payment.notice_id))!;
  await lockCaseWaiting(tx, found.case_id);
  const n = (await repo.lockNotice(tx, found.id))!;
  if (m.kind === 'payment' && (m.amountFen !== payment.amount_fen || !keptElsewhere(n, payment))) return null;
  const live = await repo.liveRefundOf(tx, payment.id, m.kind);
  if (live) return { refundId: live.id, created: false, kind: live.kind, status: live.status, amountFen: live.amount_fen };
  const refundId = await requestRefund(ctx, tx, payment, n, m.reason, m.requestedBy, { kind: m.kind, amountFen: m.amountFen });
  return refundId ? { refundId, created: true, kind: m.kind, status: 'requested', amountFen: m.amountFen } : null;
}

/** The refund refundHeldMoney wrote (`created`) or found on its way or done. */
export interface HeldRefund { refundId: string; created: boolean; kind: RefundKind; status: repo.RefundRow['status']; amountFen: number }

/** Whether a (locked) notice keeps another payment than this one: the payment is a duplicate of it to give back. */
function keptElsewhere(n: repo.NoticeRow, payment: repo.PaymentRow): boolean {
  return payment.settled && payment.id !== n.paid_payment_id;
}

/**
 * The repair sweep: payments verified but never applied (a crash between the payment and the case
 * update, or a payment written by another path) are settled now, each in a transaction of its own that
 * locks the case, the notice and then the payment: the order of recordPayment and of case actions
 * (whose refunds hold a key-share lock on the payment row). Locking the payments first, as a claim
 * would, deadlocks with a case action on a second payment's case. A payment settled or held by
 * another instance meanwhile is skipped, so instances share the work and each payment is settled
 * once. Answers how many this call settled.
 */
export async function settleUnsettledPayments(ctx: AppContext, batch = 50): Promise<number> {
  let settled = 0;
  for (const candidate of await repo.unsettledPayments(ctx.db, batch)) {
    settled += await retryOnDeadlock(() => ctx.db.transaction().execute(async (tx) => {
      await lockCaseWaiting(tx, candidate.case_id);
      const n = (await repo.lockNotice(tx, candidate.notice_id))!;
      const p = await repo.lockUnsettledPayment(tx, candidate.id);
      if (!p) return 0;
      await settle(ctx, tx, p, n);
      return 1;
    }));
  }
  return settled;
}

/**
 * The payer's message that the payment was received: an in-app notification row in the settling
 * transaction (the platform's outbox: a mail or SMS channel of notifications.ts sends it after commit).
 */
async function tellPayer(ctx: AppContext, tx: Tx, n: repo.NoticeRow, payment: repo.PaymentRow) {
  const yuan = (payment.amount_fen / 100).toFixed(2);
  await notify(tx, {
    kind: 'payment_received', centerId: n.center_id, caseId: n.case_id, userIds: [n.payer_id], departmentId: null,
    title: { zh: `缴款 ${yuan} 元已到账（缴款码 ${n.notice_no}）`, en: `Payment of CNY ${yuan} received (payment code ${n.notice_no})` },
    data: { noticeNo: n.notice_no, paymentId: payment.id, amountFen: payment.amount_fen }, at: ctx.clock.now(),
  });
}
