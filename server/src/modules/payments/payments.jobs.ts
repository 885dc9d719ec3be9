import type { AppContext } from '../../lib/context.ts';
import { every } from '../../lib/periodic.ts';
import { queryUnansweredOrders } from './notify.service.ts';
import { executeDueRefunds } from './refunds.jobs.ts';

/**
 * The payment sweeps, started with the platform's other jobs: the active query of unanswered orders
 * and refund execution. The database (indexed due columns, SKIP LOCKED claims) says what is due, so
 * any number of instances may run them.
 */
export function startPaymentJobs(ctx: AppContext, log: (m: string) => void, everyMs = 30_000): () => void {
  return every('payment jobs', everyMs, log, async () => {
    const queried = await queryUnansweredOrders(ctx);
    if (queried) log(`${queried} unanswered payment order(s) queried at their channel`);
    const refunds = await executeDueRefunds(ctx);
    if (refunds.claimed) log(`refunds: ${refunds.succeeded} succeeded, ${refunds.failed} failed, ${refunds.retried} to retry`);
  });
}
