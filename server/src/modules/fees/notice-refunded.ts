import type { AppContext } from '../../lib/context.ts';
import type { Tx } from '../../db/database.ts';
import * as repo from './fees.repository.ts';
import { noticeTransition } from './notice-lifecycle.ts';

/**
 * After a refund succeeded: a paid notice whose every payment has been paid back keeps no money of
 * the payer, so it moves to `refunded` (the system's `refund` row of notice-transitions.ts). A refund
 * of a duplicate payment leaves the notice paid: the first payment is still held.
 * Called in the transaction that records the refund as succeeded, whichever path records it.
 */
export async function refundNoticeIfRepaid(ctx: AppContext, tx: Tx, noticeId: string, actorId: string | null): Promise<boolean> {
  const n = await repo.lockNotice(tx, noticeId);
  if (!n || n.status !== 'paid') return false;
  const { paidFen, refundedFen } = await repo.moneyOfNotice(tx, noticeId);
  if (paidFen === 0 || refundedFen < paidFen) return false;
  await noticeTransition(ctx, tx, n, 'refund', 'system', actorId, {}, { paidFen, refundedFen });
  return true;
}
