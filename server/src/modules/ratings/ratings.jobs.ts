import type { AppContext } from '../../lib/context.ts';
import { every } from '../../lib/periodic.ts';
import { escalateOverdueRectifications } from './rectification-escalation.ts';

/** The ratings' sweep every `everyMs`: overdue rectification tasks escalate. The database says what is due. */
export function startRatingJobs(ctx: AppContext, log: (m: string) => void, everyMs = 60_000): () => void {
  return every('rectification jobs', everyMs, log, async (sweep) => {
    await sweep.drain(() => escalateOverdueRectifications(ctx), log, (n) => `${n} overdue rectification task(s) escalated`);
  });
}
