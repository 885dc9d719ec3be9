import type { AppContext } from '../../lib/context.ts';
import { every } from '../../lib/periodic.ts';
import { expireOverdueNotices } from './notices.service.ts';
import { settleUnsettledPayments } from './payments.service.ts';

/**
 * The fees sweeps, every `everyMs` on every instance (the database, not this timer, says what is due;
 * each claims its rows with FOR UPDATE SKIP LOCKED): notices past their due date expire, and payments
 * verified but not yet applied to their notice and case (a crash between the two) are settled.
 */
export function startFeeJobs(ctx: AppContext, log: (m: string) => void, everyMs = 60_000): () => void {
  return every('fee jobs', everyMs, log, async (sweep) => {
    await sweep.drain(() => settleUnsettledPayments(ctx), log, (n) => `${n} verified payment(s) applied to their notice and case`);
    await sweep.drain(() => expireOverdueNotices(ctx), log, (n) => `${n} payment notice(s) expired after their due date`);
  });
}
