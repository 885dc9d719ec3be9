import type { AppContext } from '../../lib/context.ts';
import { every } from '../../lib/periodic.ts';
import { issueAllDue } from './issuance.ts';
import { expireDue, remindExpiring } from './lifecycle.service.ts';

/**
 * The e-licence jobs, on every instance: issuance of the licences of cases in `issuing` (every few
 * seconds: the rows are claimed with SKIP LOCKED, so each case is issued once), the expiry sweep and
 * the reminders before expiry. The database, not this timer, says what is due.
 */
export function startLicenceJobs(ctx: AppContext, log: (m: string) => void, everyMs = 5_000): () => void {
  let ticks = 0;
  return every('e-licence jobs', everyMs, log, async (sweep) => {
    const issued = await issueAllDue(ctx);
    if (issued) log(`${issued} e-licence(s) issued`);
    // Expiry and reminders once a minute are plenty (dates change once a day).
    if (ticks++ % 12 === 0) {
      await sweep.drain(() => expireDue(ctx));
      await sweep.drain(() => remindExpiring(ctx));
    }
  });
}
