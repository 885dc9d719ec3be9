import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import { cancellationQueueScope, type Actor as User } from '../../policies/index.ts';
import * as repo from './cases.repository.ts';
import { summaryOf } from './cases.queries.ts';
import { listOpenForDepartment } from './cancellation.repository.ts';

/**
 * The chief's cancellation (注销) queue: the open requests of their department, oldest first, each
 * with its case's summary, so a request no longer reaches the chief only through a notification.
 */
export async function cancellationQueue(ctx: AppContext, who: User | null, page: number, pageSize: number) {
  const scope = cancellationQueueScope(who);
  const { rows, total } = await listOpenForDepartment(ctx.db, scope, pageSize, (page - 1) * pageSize);
  const named = new Map((await repo.findManyWithNames(ctx.db, rows.map((r) => r.case_id))).map((r) => [r.id, r]));
  const today = chinaDate(ctx.clock.now());
  return {
    requests: rows.map((r) => ({ id: r.id, reason: r.reason, requestedAt: r.requested_at.toISOString(), case: summaryOf(named.get(r.case_id)!, today) })),
    total, page, pageSize,
  };
}
