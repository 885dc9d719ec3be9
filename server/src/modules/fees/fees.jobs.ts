import type { AppContext } from '../../lib/context.ts';
import { expireOverdueNotices } from './notices.service.ts';
import { settleUnsettledPayments } from './payments.service.ts';

/**
 * The fees sweeps, every `everyMs` on every instance (the database, not this timer, says what is due;
 * each claims its rows with FOR UPDATE SKIP LOCKED): notices past their due date expire, and payments
 * verified but not yet applied to their notice and case (a crash between the two) are settled.
 */
export function startFeeJobs(ctx: AppContext, log: (m: string) => void, everyMs = 60_000): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      let n;
      do {
        n = await settleUnsettledPayments(ctx);
        if (n) log(`${n} verified payment(s) applied to their notice and case`);
      } while (n > 0);
      do {
        n = await expireOverdueNotices(ctx);
        if (n) log(`${n} payment notice(s) expired after their due date`);
      } while (n > 0);
    } catch (err) {
      log(`fee jobs: ${(err as Error).message}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
