import type { AppContext } from '../../lib/context.ts';
import { ChannelUnavailable } from './channel.ts';
import { channelFor, onlineChannels } from './channels.ts';
import * as repo from './payments.repository.ts';
import { tellRefundPaid } from './refund-messages.ts';
import { refundNoticeIfRepaid } from '../fees/notice-refunded.ts';

/**
 * Refund execution. fees-core records a refund `requested` when a paid case is terminated or
 * withdrawn; this job pays it back through the payment's channel. A batch is claimed with
 * FOR UPDATE SKIP LOCKED and leased (refund_executions.next_attempt_at) in one short transaction,
 * so two runners never call the channel for the same refund at once; the channel is called with
 * no lock held, keyed by the refund's id (a repeated call returns the refund already made); the
 * answer is written briefly: succeeded, failed (the channel refused), or left `sent` for another
 * attempt with exponential backoff when the channel did not answer, failed after MAX_ATTEMPTS.
 */
export const REFUND_MAX_ATTEMPTS = 8;
const LEASE_MS = 5 * 60_000;
const backoffMs = (attempts: number) => Math.min(60, 2 ** Math.min(attempts, 6)) * 60_000;

export async function executeDueRefunds(ctx: AppContext, batch = 20): Promise<{ claimed: number; succeeded: number; failed: number; retried: number }> {
  const now = ctx.clock.now();
  const claimed = await repo.claimDueRefunds(ctx.db, [...onlineChannels(ctx).keys()], now, new Date(now.getTime() + LEASE_MS), batch);
  const tally = { claimed: claimed.length, succeeded: 0, failed: 0, retried: 0 };
  for (const r of claimed) {
    const channel = channelFor(ctx, r.channel)!;
    const order = await repo.orderOfPayment(ctx.db, r.channel, r.channel_txn_id);
    let result;
    try {
      result = await channel.refund({ refundNo: r.id, orderNo: order?.order_no ?? '', channelTxnId: r.channel_txn_id, amountFen: r.amount_fen, reason: r.reason });
    } catch (err) {
      const message = err instanceof ChannelUnavailable ? err.message : `unexpected: ${(err as Error).message}`;
      const at = ctx.clock.now();
      await ctx.db.transaction().execute(async (tx) => {
        if (r.attempts >= REFUND_MAX_ATTEMPTS) {
          await repo.moveRefund(tx, r.id, 'fail', { failure: `no answer after ${r.attempts} attempts: ${message}`.slice(0, 500), completed_at: at });
        }
        await repo.upsertExecution(tx, r.id, new Date(at.getTime() + backoffMs(r.attempts)), message.slice(0, 500), at);
      });
      if (r.attempts >= REFUND_MAX_ATTEMPTS) tally.failed++;
      else tally.retried++;
      continue;
    }
    const at = ctx.clock.now();
    await ctx.db.transaction().execute(async (tx) => {
      // The channel's notification may have recorded it meanwhile: then this finds no `sent` row and changes nothing.
      if (result.status === 'succeeded') {
        const moved = await repo.moveRefund(tx, r.id, 'succeed', { channel_refund_id: result.channelRefundId, completed_at: at, failure: null });
        if (Number(moved.numUpdatedRows) === 1) {
          await tellRefundPaid(tx, r.id, at);
          await refundNoticeIfRepaid(ctx, tx, r.notice_id, null);
        }
      }
      else await repo.moveRefund(tx, r.id, 'fail', { failure: result.failure.slice(0, 500), completed_at: at });
      await repo.upsertExecution(tx, r.id, at, result.status === 'failed' ? result.failure.slice(0, 500) : null, at);
    });
    if (result.status === 'succeeded') tally.succeeded++;
    else tally.failed++;
  }
  return tally;
}
