import { chinaDate } from '../../lib/clock.ts';
import { appendAudit } from '../../lib/audit.ts';
import type { AppContext } from '../../lib/context.ts';
import { notify } from '../notifications/notifications.ts';
import { nextEscalation } from '../notifications/escalation-ladder.ts';
import * as repo from './ratings.repository.ts';

/**
 * Automatic escalation of overdue rectifications, on the work orders' ladder (notifications/escalation-ladder.ts):
 * a task still not rectified when its due date on the working-day clock has passed goes one level up,
 * 1 → the chiefs of its department (a task without a department: the center's managers), 2 → the
 * center's managers, 3 → the center's supervisors; each level gives one more working day before the
 * next, level 3 is the last. A task under appeal waits (the manager is deciding it); rectifying it, or
 * an appeal upheld, clears `escalate_after`. The sweep claims due tasks with FOR UPDATE SKIP LOCKED on
 * the partial index `rectification_escalation` and writes each level with its audit event and notice in
 * the same transaction, so each level is reached exactly once, whatever the number of instances.
 */
const BATCH = 100;

export async function escalateOverdueRectifications(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  const today = chinaDate(now);
  return ctx.db.transaction().execute(async (tx) => {
    const due = await repo.claimDueRectifications(tx, today, BATCH);
    for (const t of due) {
      const { level, role, to, next } = await nextEscalation(tx, t, today, await repo.centerRegion(tx, t.center_id), 'manager');
      await repo.setTaskEscalation(tx, t.id, level, next, now);
      await appendAudit(tx, { stream: `rectification:${t.id}`, action: 'rectification.escalate', actorId: null, at: now, data: { level, role, to: to.map((u) => u.id), dueDate: t.due_date } });
      await notify(tx, {
        kind: 'rectification.escalated', centerId: t.center_id, caseId: null, userIds: to.map((u) => u.id), departmentId: null,
        title: { zh: `差评整改任务已超期未整改，升级督办（第${level}级）`, en: `A bad-review rectification is overdue: escalated (level ${level})` },
        data: { taskId: t.id, level, dueDate: t.due_date }, at: now,
      });
    }
    return due.length;
  });
}
