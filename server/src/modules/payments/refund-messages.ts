import type { Tx } from '../../db/database.ts';
import { messageApplicant } from '../notifications/applicant-messages.ts';
import { refundPayee } from './payments.repository.ts';

/** 12345 fen → "123.45" (integer arithmetic: no float touches an amount). */
export const yuanText = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

/**
 * Tells the payer their refund was paid back (at the bank's window or through the online channel),
 * in the transaction that records it. Once per refund (`fee.refund_paid:<refundId>`), whichever path
 * records it first.
 */
export function messageRefundPaid(tx: Tx, r: { refundId: string; payerId: string; centerId: string; caseId: string; amountFen: number; atWindow: boolean; at: Date }) {
  const amount = yuanText(r.amountFen);
  return messageApplicant(tx, {
    kind: 'fee.refund_paid', userId: r.payerId, centerId: r.centerId, caseId: r.caseId,
    title: { zh: '退款已退付', en: 'Your refund has been paid' },
    body: r.atWindow
      ? { zh: `您的退款 ${amount} 元已在政务服务中心银行窗口退付。`, en: `Your refund of ¥${amount} was paid out at the bank window of the service center.` }
      : { zh: `您的退款 ${amount} 元已原路退回您的支付账户，到账时间以银行为准。`, en: `Your refund of ¥${amount} was paid back to the account you paid from; your bank decides when it arrives.` },
    link: `/my/cases/${r.caseId}`,
    dedupeKey: `fee.refund_paid:${r.refundId}`,
    at: r.at,
  });
}

/** The same, for a refund the channel paid back (the refund job's answer or the channel's notification). */
export async function tellRefundPaid(tx: Tx, refundId: string, at: Date) {
  const r = await refundPayee(tx, refundId);
  return messageRefundPaid(tx, { refundId, payerId: r.payer_id, centerId: r.center_id, caseId: r.case_id, amountFen: r.amount_fen, atWindow: false, at });
}
