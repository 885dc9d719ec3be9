import type { AppContext } from '../../lib/context.ts';
import { every } from '../../lib/periodic.ts';
import { escalateOverdue } from './escalation.ts';

/** The work orders' sweep every `everyMs`: overdue open orders escalate. The database says what is due. */
export function startWorkOrderJobs(ctx: AppContext, log: (m: string) => void, everyMs = 60_000): () => void {
  return every('work order jobs', everyMs, log, async (sweep) => {
    await sweep.drain(() => escalateOverdue(ctx), log, (n) => `${n} overdue work order(s) escalated`);
  });
}
