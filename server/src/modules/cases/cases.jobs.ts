import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import { every } from '../../lib/periodic.ts';
import * as repo from './cases.repository.ts';
import { transition } from './cases.service.ts';
import { recomputeMarkedClocks } from './clock-sync.ts';

/**
 * Art. 32: a case the window has not answered within 5 working days of receipt counts as accepted
 * on the day of receipt. The due cases are claimed with FOR UPDATE SKIP LOCKED, so any number of
 * instances can run this together and each case is accepted once.
 */
export async function deemOverdueAccepted(ctx: AppContext, batch = 100): Promise<number> {
  const today = chinaDate(ctx.clock.now());
  return ctx.db.transaction().execute(async (tx) => {
    const due = await repo.claimOverdueSubmissions(tx, today, batch);
    for (const c of due) await transition(ctx, tx, c, ['system'], { action: 'deem_accept' }, null);
    return due.length;
  });
}

/** Runs the case jobs every `everyMs`; the database, not this timer, says what is due. */
export function startCaseJobs(ctx: AppContext, log: (m: string) => void, everyMs = 60_000): () => void {
  return every('case jobs', everyMs, log, async (sweep) => {
    await sweep.drain(() => deemOverdueAccepted(ctx), log, (n) => `${n} case(s) deemed accepted after 5 working days without an answer`);
    // Deadlines a calendar change marked and left (an instance stopped mid-way, a failed batch).
    const moved = await recomputeMarkedClocks(ctx.db, ctx.clock.now());
    if (moved) log(`${moved} case deadline(s) recomputed after a calendar change`);
  });
}
