import type { AppContext } from '../../lib/context.ts';
import { appendAudit } from '../../lib/audit.ts';
import { errors, NOT_FOUND } from '../../lib/errors.ts';
import { maskName } from '../../lib/mask.ts';
import { authorize, paymentPolicy, type Actor, type StaffActor } from '../../policies/index.ts';
import { noticeStream } from '../fees/notice-lifecycle.ts';
import { lockNotice } from '../fees/fees.repository.ts';
import { refundNoticeIfRepaid } from '../fees/notice-refunded.ts';
import { BANK_WINDOW, maskPayerCode } from './bank-window.service.ts';
import * as repo from './bank-refunds.repository.ts';
import { messageRefundPaid } from './refund-messages.ts';
import { refundTarget } from './refund-transitions.ts';

/**
 * Refunds at the bank's window (docs/fees.md, "Refunds at the bank window"). A payment taken at the
 * window is paid back at the window: the refund fees-core records `requested` waits in the bank
 * clerk's list until the clerk pays the money out and records the bank's reference, which moves it
 * `pay_at_bank` (requested → succeeded) by the refund transition table. Only the bank's clerk of the
 * notice's center, only refunds of window payments, only `requested` ones; a refusal writes nothing.
 */
const REFUND = { zh: '退款', en: 'Refund' };

export async function refundsToPayAtWindow(ctx: AppContext, actor: Actor | null, q: { after?: string; limit: number }) {
  authorize(paymentPolicy, actor, 'bank_refunds');
  const who = actor as StaffActor;
  const cut = q.after ? q.after.lastIndexOf('_') : -1;
  const after = cut > 0 ? { requestedAt: new Date(q.after!.slice(0, cut)), id: q.after!.slice(cut + 1) } : undefined;
  const rows = await repo.pendingRefundsAtWindow(ctx.db, { centerId: who.centerId, channel: BANK_WINDOW, after, limit: q.limit + 1 });
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.id, noticeNo: r.notice_no, caseId: r.case_id, receiptNo: r.receipt_no, amountFen: r.amount_fen, reason: r.reason, status: 'requested' as const,
      requestedAt: r.requested_at, payer: { name: maskName(r.payer_name), code: maskPayerCode(r.payer_code) },
      payment: { channelTxnId: r.channel_txn_id, paidAt: r.paid_at },
    })),
    next: rows.length > q.limit && last ? `${last.requested_at.toISOString()}_${last.id}` : null,
  };
}

export async function payRefundAtWindow(ctx: AppContext, actor: Actor | null, refundId: string, input: { bankReference: string }) {
  authorize(paymentPolicy, actor, 'bank_refund_pay');
  return ctx.db.transaction().execute(async (tx) => {
    const r = await repo.lockRefundForWindow(tx, refundId);
    if (!r) throw NOT_FOUND(REFUND);
    // Another center's refund is not this clerk's to see (404, as a notice of another center).
    authorize(paymentPolicy, actor, 'bank_refund_pay', r);
    if (r.channel !== BANK_WINDOW) throw errors.REFUND_NOT_AT_BANK_WINDOW();
    if (refundTarget(r.status, 'pay_at_bank') === null) throw errors.REFUND_NOT_REQUESTED();
    // The notice's audit chain is appended under the notice's lock.
    await lockNotice(tx, r.notice_id);
    const at = ctx.clock.now();
    await repo.markPaidAtBank(tx, r.id, input.bankReference, at);
    await appendAudit(tx, {
      stream: noticeStream(r.notice_id), action: 'refund.paid_at_bank', actorId: actor!.id, at,
      data: { refundId: r.id, paymentId: r.payment_id, amountFen: r.amount_fen, bankReference: input.bankReference },
    });
    await messageRefundPaid(tx, { refundId: r.id, payerId: r.payer_id, centerId: r.center_id, caseId: r.case_id, amountFen: r.amount_fen, atWindow: true, at });
    await refundNoticeIfRepaid(ctx, tx, r.notice_id, actor!.id);
    return { id: r.id, noticeNo: r.notice_no, amountFen: r.amount_fen, status: 'succeeded' as const, bankReference: input.bankReference, completedAt: at };
  });
}
