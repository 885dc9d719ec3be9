import { replicaDb, type AppContext } from '../../lib/context.ts';
import { errors, NOT_FOUND } from '../../lib/errors.ts';
import { maskAddress, maskName, maskPhone, maskPublicText } from '../../lib/mask.ts';
import { authorize, workOrderPolicy, type Actor } from '../../policies/index.ts';
import { isCalledBack } from './workorder.transitions.ts';
import { refOf } from './workorders.service.ts';
import * as repo from './workorders.repository.ts';

/**
 * Complaints against staff (their record, read by the assessment) and the exposure and correction
 * column (曝光纠错): a manager publishes a closed order with its fix; the public list masks personal data,
 * and shows the place without its house and room numbers (it may be the caller's home).
 */
export async function complaintsAgainst(ctx: AppContext, who: Actor | null, staffId: string, page: { page: number; pageSize: number }) {
  authorize(workOrderPolicy, who, 'read_complaints');
  // Not the complaints against oneself (the policy: who complained stays unknown to the one complained about).
  authorize(workOrderPolicy, who, 'read_complaints', { centerId: who!.centerId!, departmentId: null, callerUserId: null, againstStaffId: staffId });
  const staff = await repo.staffOf(ctx.db, staffId, who!.centerId!);
  if (!staff) throw NOT_FOUND({ zh: '工作人员', en: 'Staff member' });
  const { rows, total } = await repo.complaintsAgainst(ctx.db, staffId, who!.centerId!, page.pageSize, (page.page - 1) * page.pageSize);
  return {
    rows: rows.map((r) => ({
      id: r.id, orderNo: r.order_no, status: r.status, topic: r.topic, content: r.content, reply: r.reply, satisfaction: r.satisfaction,
      createdAt: r.created_at.toISOString(), repliedAt: r.replied_at?.toISOString() ?? null,
    })),
    total, page: page.page, pageSize: page.pageSize,
  };
}

export async function publish(ctx: AppContext, who: Actor | null, id: string, fix: string) {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const o = await repo.lockOrder(tx, id);
    if (!o) throw NOT_FOUND({ zh: '工单', en: 'Work order' });
    authorize(workOrderPolicy, who, 'publish', refOf(o));
    if (!isCalledBack(o.status)) throw errors.WORKORDER_STATE({ action: 'publish', status: o.status });
    await repo.updateOrder(tx, o.id, { published_at: now, published_fix: fix }, now);
    await repo.insertEvent(tx, { orderId: o.id, action: 'publish', from: o.status, to: o.status, actorId: who!.id, data: { fix }, at: now });
  });
  return { id };
}

export async function exposureList(ctx: AppContext, q: { centerId?: string; page: number; pageSize: number }) {
  const { rows, total } = await repo.publishedOrders(replicaDb(ctx), q.centerId ?? null, q.pageSize, (q.page - 1) * q.pageSize);
  return {
    rows: rows.map((r) => {
      // A staff name of one character would mask that character everywhere; such names are not masked in text.
      const others = r.people.filter((n) => Array.from(n.trim()).length >= 2);
      // The caller's own number first, as stored (any shape); then the one public-text rule (lib/mask.ts).
      const m = (s: string) => maskPublicText(s.split(r.caller_phone).join(maskPhone(r.caller_phone)), [r.caller_name, ...others]);
      return {
        id: r.id, orderNo: r.order_no, kind: r.kind, caller: maskName(r.caller_name), place: m(maskAddress(r.place)), topic: m(r.topic), content: m(r.content),
        reply: r.reply === null ? null : m(r.reply), fix: r.published_fix === null ? null : m(r.published_fix),
        category: r.category_name ? { name: r.category_name, nameEn: r.category_name_en } : null,
        department: r.department_name ? { name: r.department_name, nameEn: r.department_name_en } : null,
        publishedAt: r.published_at!.toISOString(), createdAt: r.created_at.toISOString(),
      };
    }),
    total, page: q.page, pageSize: q.pageSize,
  };
}
