import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import { notify } from '../notifications/notifications.ts';
import { nextEscalation } from '../notifications/escalation-ladder.ts';
import * as repo from './workorders.repository.ts';

/**
 * Automatic escalation of overdue orders (DIGIT's complaint service: up to three levels). An open order
 * whose `escalate_after` date has passed goes one level up: 1 → the chief of the assigned department,
 * 2 → the center's managers, 3 → the center's supervisors (监察); each level gives one more working day
 * before the next. The sweep claims due orders with FOR UPDATE SKIP LOCKED on the indexed column and
 * writes them in the same short transaction, so each level is reached exactly once, whatever the number
 * of instances or concurrent sweeps.
 */
const BATCH = 100;

export async function escalateOverdue(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  const today = chinaDate(now);
  return ctx.db.transaction().execute(async (tx) => {
    const due = await repo.claimDueEscalations(tx, today, BATCH);
    for (const o of due) {
      // The staff member a complaint names is not told of it (they hold no role on it: docs/hotline.md).
      const { level, role, to, next } = await nextEscalation(tx, o, today, await repo.centerRegion(tx, o.center_id), 'chief', o.against_staff_id);
      await repo.updateOrder(tx, o.id, { escalation_level: level, escalate_after: next }, now);
      await repo.insertEvent(tx, { orderId: o.id, action: 'escalate', from: o.status, to: o.status, actorId: null, data: { level, role, to: to.map((u) => u.id), dueDate: o.due_date }, at: now });
      await notify(tx, {
        kind: 'workorder.escalated', centerId: o.center_id, caseId: null, userIds: to.map((u) => u.id), departmentId: null,
        title: { zh: `工单 ${o.order_no} 已超期，升级督办（第${level}级）`, en: `Work order ${o.order_no} is overdue: escalated (level ${level})` },
        data: { orderId: o.id, orderNo: o.order_no, level, dueDate: o.due_date }, at: now,
      });
    }
    return due.length;
  });
}
