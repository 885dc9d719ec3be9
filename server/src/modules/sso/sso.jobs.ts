import type { AppContext } from '../../lib/context.ts';
import { every } from '../../lib/periodic.ts';
import { deleteExpiredPayloads, deleteOldAttempts } from './sso.repository.ts';

/** How long the back-channel logout attempts are kept for the manager to look at. */
const ATTEMPTS_KEPT_DAYS = 90;

/**
 * The single sign-on's clean-up every `everyMs`: expired sessions, interactions, codes and tokens
 * are deleted in batches (SKIP LOCKED, so instances share the work). Reads already ignore them. So
 * are the back-channel logout attempts older than ATTEMPTS_KEPT_DAYS.
 */
export function startSsoJobs(ctx: AppContext, log: (m: string) => void, everyMs = 10 * 60_000): () => void {
  return every('sso jobs', everyMs, log, async (sweep) => {
    await sweep.drain(() => deleteExpiredPayloads(ctx.db, ctx.clock.now(), 500), log, (n) => `${n} expired single sign-on artefact(s) removed`);
    const before = new Date(ctx.clock.now().getTime() - ATTEMPTS_KEPT_DAYS * 86_400_000);
    await sweep.drain(() => deleteOldAttempts(ctx.db, before, 500), log, (n) => `${n} old back-channel logout attempt(s) removed`);
  });
}
