import type { AppContext } from '../../lib/context.ts';
import { requirePermission, requireStaff, type Actor } from '../../policies/index.ts';
import * as repo from './supervision.repository.ts';

/** The signed-in staff member's notifications: their own and their department's shared ones. */
export async function myNotifications(ctx: AppContext, who: Actor | null, unreadOnly: boolean, page: number, pageSize: number) {
  const me = requireStaff(who);
  const { rows, total, unread } = await repo.listNotifications(ctx.db, me, unreadOnly, pageSize, (page - 1) * pageSize);
  return {
    notifications: rows.map((r) => ({
      id: Number(r.id), kind: r.kind, caseId: r.case_id, toDepartment: r.user_id === null, title: r.title as { zh: string; en: string },
      data: r.data as Record<string, unknown>, createdAt: r.created_at.toISOString(), readAt: r.read_at?.toISOString() ?? null,
    })),
    total, unread, page, pageSize,
  };
}

export async function markNotificationsRead(ctx: AppContext, who: Actor | null, ids: number[] | 'all') {
  const me = requireStaff(who);
  return { marked: await repo.markRead(ctx.db, me, ids, ctx.clock.now()) };
}

/** The center's yellow or red cases, the nearest deadline first. */
export async function litCases(ctx: AppContext, who: Actor | null, light: 'yellow' | 'red', page: number, pageSize: number, departmentId?: string) {
  const me = requirePermission(who, 'supervision.watch');
  const [rows, count] = await repo.listLitCases(ctx.db, me.centerId, light, pageSize, (page - 1) * pageSize, departmentId);
  return {
    cases: rows.map((r) => ({
      id: r.id, receiptNo: r.receipt_no, status: r.status, departmentId: r.department_id, departmentName: r.department_name,
      light: r.light as 'yellow' | 'red', rule: r.light_rule, dueDate: r.light_due_date, since: r.light_changed_at?.toISOString() ?? null,
    })),
    total: Number(count.n), page, pageSize,
  };
}
