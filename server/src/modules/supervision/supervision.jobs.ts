import type { AppContext } from '../../lib/context.ts';
import { startAuditChecks } from './audit-checks.ts';
import { escalateOverdueNotices } from './notices.service.ts';
import { sweepLights } from './warnings.jobs.ts';

/** Runs the supervision jobs every `everyMs`; the database, not this timer, says what is due. */
export function startSupervisionJobs(ctx: AppContext, log: (m: string) => void, everyMs = 60_000): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      let r;
      do {
        r = await sweepLights(ctx);
        if (r.changed) log(`${r.changed} warning light(s) changed`);
      } while (r.checked > 0);
      let n;
      do {
        n = await escalateOverdueNotices(ctx);
        if (n) log(`${n} supervision notice(s) escalated to the center's managers`);
      } while (n > 0);
    } catch (err) {
      log(`supervision jobs: ${(err as Error).message}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  void tick();
  const stopAudit = startAuditChecks(ctx, log, ctx.config.AUDIT_CHECK_MINUTES * 60_000);
  return () => { clearInterval(timer); stopAudit(); };
}
