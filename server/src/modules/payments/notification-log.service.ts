import type { AppContext } from '../../lib/context.ts';
import type { NotificationVerdict } from '../../db/types.ts';
import { financeScope, type Actor } from '../../policies/index.ts';
import * as repo from './payments.repository.ts';

/**
 * The finance clerk's log of the payment channels' inbound notifications (docs/fees.md, "The
 * notification log"): every notification of their center's notices, orders and refunds, verified
 * or not, with its verdict, newest first, in keyset pages. The raw body is not shown (it stays in
 * the table as evidence); another center's notifications are never listed.
 */
export async function notificationLog(ctx: AppContext, actor: Actor | null, q: { verdict?: NotificationVerdict; before?: string; limit: number }) {
  const { centerId } = financeScope(actor);
  const cut = q.before ? q.before.lastIndexOf('_') : -1;
  const before = cut > 0 ? { receivedAt: new Date(q.before!.slice(0, cut)), id: q.before!.slice(cut + 1) } : undefined;
  const rows = await repo.centerNotifications(ctx.db, { centerId, verdict: q.verdict, before, limit: q.limit + 1 });
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.id, channel: r.channel, receivedAt: r.received_at, kind: r.kind, signatureOk: r.signature_ok, orderNo: r.order_no, noticeNo: r.notice_no,
      channelTxnId: r.channel_txn_id, amountFen: r.amount_fen, verdict: r.verdict, errorCode: r.error_code, paymentId: r.payment_id,
    })),
    next: rows.length > q.limit && last ? `${last.received_at.toISOString()}_${last.id}` : null,
  };
}
