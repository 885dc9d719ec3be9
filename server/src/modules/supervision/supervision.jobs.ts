import type { AppContext } from '../../lib/context.ts';
import { every } from '../../lib/periodic.ts';
import { startAuditChecks } from './audit-checks.ts';
import { escalateOverdueNotices } from './notices.service.ts';
import { sweepLights } from './warnings.jobs.ts';

/** Runs the supervision jobs every `everyMs`; the database, not this timer, says what is due. */
export function startSupervisionJobs(ctx: AppContext, log: (m: string) => void, everyMs = 60_000): () => void {
  // The shared loop (lib/periodic.ts): a stop ends the drain after its batch and sweepsIdle() waits for it,
  // so a shutdown leaves no light lease behind (each claimed case is written or released in the batch).
  const stopSweep = every('supervision jobs', everyMs, log, async (sweep) => {
    await sweep.drain(async () => {
      const r = await sweepLights(ctx);
      if (r.changed) log(`${r.changed} warning light(s) changed`);
      return r.checked;
    });
    await sweep.drain(() => escalateOverdueNotices(ctx), log, (n) => `${n} supervision notice(s) escalated to the center's managers`);
  });
  const stopAudit = startAuditChecks(ctx, log, ctx.config.AUDIT_CHECK_MINUTES * 60_000);
  return () => { stopSweep(); stopAudit(); };
}
