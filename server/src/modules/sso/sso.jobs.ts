import type { AppContext } from '../../lib/context.ts';
import { drain, every } from '../../lib/periodic.ts';
import { deleteExpiredPayloads } from './sso.repository.ts';

/**
 * The single sign-on's clean-up every `everyMs`: expired sessions, interactions, codes and tokens
 * are deleted in batches (SKIP LOCKED, so instances share the work). Reads already ignore them.
 */
export function startSsoJobs(ctx: AppContext, log: (m: string) => void, everyMs = 10 * 60_000): () => void {
  return every('sso jobs', everyMs, log, async () => {
    await drain(() => deleteExpiredPayloads(ctx.db, ctx.clock.now(), 500), log, (n) => `${n} expired single sign-on artefact(s) removed`);
  });
}
