import type { AppContext } from '../../lib/context.ts';
import { authorize, workOrderPolicy, type Actor } from '../../policies/index.ts';
import * as repo from './workorders.repository.ts';

/** How far back an open order counts as the same appeal (days); older ones are new appeals. */
export const DUPLICATE_WINDOW_DAYS = 30;

/**
 * Duplicate appeals (FixMyStreet's "suggested while reporting"): while the operator types a call, the
 * open orders of the center from the last DUPLICATE_WINDOW_DAYS whose place and topic are similar
 * (trigrams, pg_trgm) are suggested; the operator merges the new order into one of them.
 */
export async function suggestDuplicates(ctx: AppContext, who: Actor | null, body: { place: string; topic: string; excludeId?: string }) {
  authorize(workOrderPolicy, who, 'take_call');
  const since = new Date(ctx.clock.now().getTime() - DUPLICATE_WINDOW_DAYS * 86_400_000);
  const rows = await repo.suggestDuplicates(ctx.db, { centerId: who!.centerId!, place: body.place, topic: body.topic, since, excludeId: body.excludeId, limit: 10 });
  return {
    suggestions: rows.map((r) => ({
      id: r.id, orderNo: r.order_no, status: r.status, kind: r.kind, place: r.place, topic: r.topic, createdAt: r.created_at.toISOString(),
      callers: Number(r.caller_count), score: Math.round(r.score * 1000) / 1000,
    })),
    windowDays: DUPLICATE_WINDOW_DAYS,
  };
}
