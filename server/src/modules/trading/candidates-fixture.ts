import type { AppContext } from '../../lib/context.ts';
import * as repo from './trading.repository.ts';
import { runTransition, type TransitionInput } from './tender.service.ts';

/**
 * Test data: publishes a tender's candidates the way the evaluation module does (the `system` side of
 * `publish_candidates`), for tests that walk a tender's lifecycle without seating a committee. Staff
 * cannot do this over HTTP (TENDER_CANDIDATES_FROM_EVALUATION); modules/evaluation tests the real path.
 */
export async function publishCandidatesAsSystem(ctx: AppContext, tenderId: string, input: Pick<TransitionInput, 'candidates' | 'candidatesUntil' | 'validBids'>) {
  await ctx.db.transaction().execute(async (tx) => {
    const t = await repo.lockTender(tx, tenderId);
    if (!t) throw new Error(`no tender ${tenderId}`);
    // Without a committee, every candidate stands for a valid bid unless the test says otherwise.
    await runTransition(tx, t, 'publish_candidates', { validBids: input.candidates?.length ?? 0, ...input }, { actorId: null, sides: ['system'], now: ctx.clock.now() });
  });
}
