import type { AppContext } from '../../lib/context.ts';
import { issueAllDue } from './issuance.ts';
import { expireDue, remindExpiring } from './lifecycle.service.ts';

/**
 * The e-licence jobs, on every instance: issuance of the licences of cases in `issuing` (every few
 * seconds: the rows are claimed with SKIP LOCKED, so each case is issued once), the expiry sweep and
 * the reminders before expiry. The database, not this timer, says what is due.
 */
export function startLicenceJobs(ctx: AppContext, log: (m: string) => void, everyMs = 5_000): () => void {
  let running = false;
  let ticks = 0;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const issued = await issueAllDue(ctx);
      if (issued) log(`${issued} e-licence(s) issued`);
      // Expiry and reminders once a minute are plenty (dates change once a day).
      if (ticks++ % 12 === 0) {
        let n;
        do n = await expireDue(ctx); while (n > 0);
        do n = await remindExpiring(ctx); while (n > 0);
      }
    } catch (err) {
      log(`e-licence jobs: ${(err as Error).message}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
