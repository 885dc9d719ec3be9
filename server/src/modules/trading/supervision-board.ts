import type { AppContext } from '../../lib/context.ts';
import { assertSameCenter, requirePermission, type Actor } from '../../policies/index.ts';
import { boardCounts } from '../trading-disputes/disputes.repository.ts';
import { contractOverdueCutoff } from './contract-terms.ts';
import { awardedWithoutContract } from './trading.repository.ts';

/**
 * The supervision board's trading panel (supervisors, managers) of the caller's center: open questions and objections,
 * overdue answers, open complaints, overdue decisions, and the awarded tenders past the 30 days for the contract
 * (招标投标法 第四十六条; 条例 第七十三条 fines a delay without a proper reason).
 */
export async function tradingBoard(ctx: AppContext, who: Actor | null, centerId: string | undefined) {
  const me = requirePermission(who, 'supervision.watch');
  if (centerId) assertSameCenter(me, centerId);
  const now = ctx.clock.now();
  const [counts, overdueContracts] = await Promise.all([
    boardCounts(ctx.db, me.centerId, now), awardedWithoutContract(ctx.db, me.centerId, contractOverdueCutoff(now)),
  ]);
  return { ...counts, overdueContracts };
}
