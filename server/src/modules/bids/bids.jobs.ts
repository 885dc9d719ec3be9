import type { AppContext } from '../../lib/context.ts';
import { every } from '../../lib/periodic.ts';
import { recheckDeclarations } from './declaration.service.ts';

/**
 * The bids' sweep every `everyMs`: bidders' declarations the enterprise registry could not check when they were made
 * are asked about again once their retry time has come (declaration.service.ts recheckDeclarations). Safe on several
 * instances: each declaration is claimed before the registry is asked.
 */
export function startBidJobs(ctx: AppContext, log: (m: string) => void, everyMs = 60_000): () => void {
  return every('bid jobs', everyMs, log, async (sweep) => {
    await sweep.drain(() => recheckDeclarations(ctx), log, (n) => `${n} bidder declaration(s) checked against the registry again`);
  });
}
