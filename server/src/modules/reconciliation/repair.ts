import type { Tx } from '../../db/database.ts';
import type { AppContext } from '../../lib/context.ts';
import { recordPayment, refundHeldMoney, settleUnsettledPayments, type HeldMoney, type HeldRefund } from '../fees/payments.service.ts';

/**
 * The lost-notification repair: a statement line the bank settled but for which no payment was
 * recorded is recorded through fees' one entry for verified payments (`recordPayment`), which
 * records it once per channel transaction and moves the case exactly once. Its refusals (an
 * expired or cancelled notice, another amount) refuse the resolution and write nothing.
 */
export interface StatementPayment { noticeNo: string; channel: string; channelTxnId: string; amountFen: number; paidAt: Date; recordedBy: string }

export async function recordStatementPayment(ctx: AppContext, tx: Tx, p: StatementPayment): Promise<{ paymentId: string; outcome: string }> {
  const r = await recordPayment(ctx, tx, p);
  return { paymentId: r.payment.id, outcome: r.outcome };
}

/**
 * Before a run: payments verified but never applied to their case (a crash between the two) are
 * settled by fees' repair sweep, batch by batch, so the run sees every notice as it should be.
 */
export async function settleStranded(ctx: AppContext): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await settleUnsettledPayments(ctx, 100);
    total += n;
    if (n < 100) return total;
  }
}

/**
 * The `refund` resolution: money the channel holds that we must give back becomes a refund record
 * `requested` through fees (`refundHeldMoney`), in the resolution's transaction; the refund job pays
 * it back through the channel. null: fees found nothing to give back (nothing written).
 */
export type { HeldRefund };
export function refundStatementMoney(ctx: AppContext, tx: Tx, m: HeldMoney): Promise<HeldRefund | null> {
  return refundHeldMoney(ctx, tx, m);
}
