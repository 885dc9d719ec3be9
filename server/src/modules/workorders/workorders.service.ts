import type { Db, Tx } from '../../db/database.ts';
import type { WorkOrderKind, WorkOrderSource, WorkOrderUrgency } from '../../db/types.ts';
import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors, NOT_FOUND } from '../../lib/errors.ts';
import { maskPhone } from '../../lib/mask.ts';
import { authorize, requireActor, sidesOn, workOrderListScope, workOrderPolicy, type Actor, type WorkOrderRef } from '../../policies/index.ts';
import { loadCalendar } from '../calendar/calendar.service.ts';
import { requestFingerprint, sameRequestOrThrow } from '../cases/idempotency.ts';
import { assertCategoryChoosable } from './config.service.ts';
import { fanOutReply, tellCallers } from './reply-fanout.ts';
import { callerKey, evaluatedThisRound, isCalledBack, moveOrder, offeredActions, OPEN_WORKORDER_STATES, orderFacts, workOrderRow } from './workorder.transitions.ts';
import * as repo from './workorders.repository.ts';
import type { ActionBody, TakeCallBody, WebBody } from './workorders.schemas.ts';

/** The rules of the 12345 work orders (docs/hotline.md): taking a call, the lifecycle actions, reading. */

export const refOf = (o: repo.OrderRow): WorkOrderRef => ({ centerId: o.center_id, departmentId: o.department_id, callerUserId: o.caller_user_id, againstStaffId: o.against_staff_id });

interface NewOrder {
  centerId: string; source: WorkOrderSource; kind: WorkOrderKind; urgency: WorkOrderUrgency; categoryId: string | null;
  callerName: string; callerPhone: string; callerUserId: string | null; place: string; topic: string; content: string;
  againstStaffId: string | null; createdBy: string;
  /** A portal appeal's key and the fingerprint of its body (docs/hotline.md, "A web appeal is submitted once"). */
  idempotency?: { key: string; fingerprint: string };
}

async function createOrder(ctx: AppContext, o: NewOrder): Promise<{ id: string; created: boolean }> {
  const now = ctx.clock.now();
  if (o.categoryId) await assertCategoryChoosable(ctx.db, o.centerId, o.categoryId);
  if (o.againstStaffId && !(await repo.staffOf(ctx.db, o.againstStaffId, o.centerId))) throw errors.WORKORDER_STAFF_UNKNOWN({ field: 'againstStaffId' });
  const id = await ctx.db.transaction().execute(async (tx) => {
    const row = await repo.insertOrder(tx, {
      order_no: await repo.nextOrderNo(tx, chinaDate(now)), center_id: o.centerId, source: o.source, kind: o.kind, urgency: o.urgency,
      category_id: o.categoryId, caller_name: o.callerName, caller_phone: o.callerPhone, caller_user_id: o.callerUserId,
      place: o.place, topic: o.topic, content: o.content, against_staff_id: o.kind === 'complaint' ? o.againstStaffId : null,
      status: 'accepted', created_by: o.createdBy, created_at: now, updated_at: now,
      idempotency_key: o.idempotency?.key ?? null, idempotency_fingerprint: o.idempotency?.fingerprint ?? null,
    });
    // The key was taken meanwhile (a concurrent duplicate): nothing written here.
    if (!row) return null;
    await repo.insertEvent(tx, { orderId: row.id, action: 'accept', from: null, to: 'accepted', actorId: o.createdBy, data: { source: o.source }, at: now });
    return row.id;
  });
  if (id) return { id, created: true };
  // A concurrent submission with the same key won the insert: its order, if it stood for the same body.
  return sameKeyOrder((await repo.orderByIdempotencyKey(ctx.db, o.callerUserId!, o.idempotency!.key))!, o.idempotency!.fingerprint);
}

/** The order a caller's key already made: the same order for the same body, 422 IDEMPOTENCY_KEY_REUSED for another. */
function sameKeyOrder(existing: { id: string; idempotency_fingerprint: string | null }, fingerprint: string) {
  sameRequestOrThrow(existing.idempotency_fingerprint, fingerprint);
  return { id: existing.id, created: false };
}

/** An operator enters a call (or a hall clerk a visit): the order is accepted, ready to dispatch. */
export async function takeCall(ctx: AppContext, who: Actor | null, body: TakeCallBody) {
  authorize(workOrderPolicy, who, 'take_call');
  const me = who!;
  const { id } = await createOrder(ctx, {
    centerId: me.centerId!, source: body.source, kind: body.kind, urgency: body.urgency, categoryId: body.categoryId ?? null,
    callerName: body.callerName, callerPhone: body.callerPhone, callerUserId: null, place: body.place, topic: body.topic, content: body.content,
    againstStaffId: body.againstStaffId ?? null, createdBy: me.id,
  });
  return { id };
}

/**
 * A person or an enterprise submits an appeal from the portal; name and phone come from the account.
 * Idempotent per key: the key sent again with the same body answers the order it made (`created: false`),
 * with another body 422 IDEMPOTENCY_KEY_REUSED; nothing is written either way.
 */
export async function submitFromWeb(ctx: AppContext, who: Actor | null, body: WebBody) {
  authorize(workOrderPolicy, who, 'submit');
  const me = who!;
  const { idempotencyKey, ...asked } = body;
  const idempotency = { key: idempotencyKey, fingerprint: requestFingerprint(asked) };
  const existing = await repo.orderByIdempotencyKey(ctx.db, me.id, idempotencyKey);
  if (existing) return sameKeyOrder(existing, idempotency.fingerprint);
  if (!(await ctx.db.selectFrom('centers').select('id').where('id', '=', body.centerId).executeTakeFirst())) throw NOT_FOUND({ zh: '政务服务中心', en: 'Center' });
  const contact = await repo.userContact(ctx.db, me.id);
  return createOrder(ctx, {
    centerId: body.centerId, source: 'web', kind: body.kind, urgency: 'normal', categoryId: body.categoryId ?? null,
    callerName: contact?.name ?? me.name, callerPhone: body.phone ?? contact?.phone ?? '-', callerUserId: me.id,
    place: body.place, topic: body.topic, content: body.content, againstStaffId: null, createdBy: me.id, idempotency,
  });
}

/** The due date of an order dispatched today: the configured limit of its kind and urgency, on the working-day calendar. */
async function dueDateOf(tx: Tx, o: repo.OrderRow, today: string) {
  const [limit, region] = await Promise.all([repo.limitFor(tx, o.center_id, o.kind, o.urgency), repo.centerRegion(tx, o.center_id)]);
  const cal = await loadCalendar(tx, region);
  return cal.addWorkdays(today, limit);
}

/**
 * The other orders of an order's appeal (its main and the orders merged into that main, or the orders merged into
 * it) that are the same caller's: someone who called twice evaluates each round once (`orderFacts`, callerEvaluated).
 */
async function sameCallerOrders(db: Db | Tx, o: repo.OrderRow, main: repo.OrderRow | null | undefined) {
  const appeal = main ? [main, ...(await repo.mergedInto(db, main.id))] : await repo.mergedInto(db, o.id);
  return appeal.filter((x) => x.id !== o.id && callerKey(x) === callerKey(o));
}

/** Takes one lifecycle action on an order, by one row of the transition table. */
export async function act(ctx: AppContext, who: Actor | null, id: string, body: ActionBody) {
  requireActor(who);
  const now = ctx.clock.now();
  const today = chinaDate(now);
  await ctx.db.transaction().execute(async (tx) => {
    // A merge locks two orders: always in id order, so two operators merging A into B and B into A never deadlock.
    if (body.action === 'merge' && body.mainId < id) await repo.lockOrder(tx, body.mainId);
    // A merged caller's evaluation is judged with the appeal's other evaluations and may mark its main order: the main
    // is locked first, as a re-handling locks the main and then its merged orders, so every evaluation of one appeal,
    // and its re-handling, take their turn (a re-handled main then refuses it: WORKORDER_MAIN_NOT_CLOSED).
    const peek = body.action === 'evaluate' ? await repo.findOrder(tx, id) : undefined;
    if (peek?.merged_into) await repo.lockOrder(tx, peek.merged_into);
    const o = await repo.lockOrder(tx, id);
    if (!o) throw NOT_FOUND({ zh: '工单', en: 'Work order' });
    authorize(workOrderPolicy, who, 'read', refOf(o));
    // A merged order follows its main: its caller's evaluation waits for the main's callback. (Locked above, unless the
    // order was merged on meanwhile, which only an open main allows: the evaluation is then refused anyway.)
    const main = o.merged_into ? await repo.findOrder(tx, o.merged_into) : null;
    const facts = orderFacts(o, await repo.listEventActions(tx, o.id), main, body.action === 'evaluate' ? await sameCallerOrders(tx, o, main) : []);
    const row = workOrderRow(o.status, body.action, sidesOn(who, refOf(o)), facts);
    let fields: repo.OrderFields = {};
    const data: Record<string, unknown> = {};
    switch (body.action) {
      case 'dispatch':
      case 'redispatch': {
        const dept = await repo.departmentOf(tx, body.departmentId, o.center_id);
        if (!dept) throw errors.WORKORDER_DEPARTMENT_UNKNOWN({ field: 'departmentId' });
        if (body.action === 'redispatch' && dept.id === o.department_id) throw errors.WORKORDER_SAME_DEPARTMENT({ field: 'departmentId' });
        const due = await dueDateOf(tx, o, today);
        fields = { department_id: dept.id, due_date: due.due, due_provisional: due.provisional, escalate_after: due.due, return_reason: null };
        Object.assign(data, { departmentId: dept.id, department: dept.name, dueDate: due.due, ...(body.action === 'redispatch' ? { note: body.note ?? null, from: o.department_id } : {}) });
        break;
      }
      case 'keep': {
        // The dispatch stands: the department handles it, on a fresh limit from today.
        const due = await dueDateOf(tx, o, today);
        fields = { due_date: due.due, due_provisional: due.provisional, escalate_after: due.due };
        Object.assign(data, { note: body.note, dueDate: due.due });
        break;
      }
      case 'return':
        // (Not after the lead's keep: the row's guard.) The clock stops while the lead decides; the reason is the department's.
        fields = { return_reason: body.reason, escalate_after: null };
        data.reason = body.reason;
        break;
      case 'start':
        break;
      case 'answer':
      case 'reply': {
        if (body.articleId) {
          const a = await repo.articleOf(tx, body.articleId, o.center_id);
          if (!a) throw errors.WORKORDER_ARTICLE_UNKNOWN({ field: 'articleId' });
          await repo.useArticle(tx, a.id);
          data.articleId = a.id;
          data.articleSourceOrderId = a.source_order_id;
        }
        fields = { reply: body.reply, replied_at: now, escalate_after: null, article_id: body.articleId ?? null };
        break;
      }
      case 'callback':
        fields = body.satisfaction ? { satisfaction: body.satisfaction } : {};
        Object.assign(data, { note: body.note, satisfaction: body.satisfaction ?? null });
        break;
      case 'evaluate': {
        // (A merged order: after the main's callback; each caller once per round, whichever of their orders: the row's
        // guard.) Each caller's own satisfaction, on their own order; the main order's history names it for the lead.
        // A dissatisfied one, by any caller, makes the main order a candidate for 重办 (round_dissatisfied).
        const dissatisfied = body.satisfaction === 'dissatisfied';
        fields = { satisfaction: body.satisfaction, ...(dissatisfied && !main ? { round_dissatisfied: true } : {}) };
        Object.assign(data, { satisfaction: body.satisfaction, comment: body.comment ?? null, ...(main ? { mainId: main.id, mainOrderNo: main.order_no } : {}) });
        if (main) {
          if (dissatisfied && !main.round_dissatisfied) await repo.updateOrder(tx, main.id, { round_dissatisfied: true }, now);
          await repo.insertEvent(tx, {
            orderId: main.id, action: 'merged_evaluated', from: main.status, to: main.status, actorId: who!.id,
            data: { orderId: o.id, orderNo: o.order_no, satisfaction: body.satisfaction }, at: now,
          });
        }
        break;
      }
      case 'reopen': {
        // (Only when a caller of the round, this order's or a merged one's, was dissatisfied; at most MAX_REOPENS
        // times: the row's guard.) Back to the same department on a fresh limit from today, as a dispatch sets it;
        // the escalation starts again from the first level. The satisfaction is cleared for the next callback and
        // evaluation, and the round's dissatisfaction with it; the previous reply stays on the order until the
        // department's new reply replaces it, and the history keeps it, the evaluation and whose dissatisfaction it was.
        const due = await dueDateOf(tx, o, today);
        const merged = await repo.lockMergedInto(tx, o.id);
        fields = { satisfaction: null, round_dissatisfied: false, due_date: due.due, due_provisional: due.provisional, escalate_after: due.due, escalation_level: 0 };
        // An order in the exposure column leaves it while it is handled again: its reply and fix were what the caller
        // was dissatisfied with. The manager publishes it again, with the new fix, once it is closed again.
        if (o.published_at !== null) {
          Object.assign(fields, { published_at: null, published_fix: null });
          data.withdrawnPublication = { publishedAt: o.published_at.toISOString(), fix: o.published_fix };
        }
        Object.assign(data, {
          reason: body.reason, round: facts.reopens + 1, departmentId: o.department_id, dueDate: due.due,
          previousSatisfaction: o.satisfaction, previousReply: o.reply, previousRepliedAt: o.replied_at?.toISOString() ?? null,
          dissatisfied: [o, ...merged].filter((x) => evaluatedThisRound(x) && x.satisfaction === 'dissatisfied').map((x) => ({ orderId: x.id, orderNo: x.order_no })),
        });
        // The merged callers evaluate the new round's reply too: their evaluations of this round are cleared (kept
        // in each merged order's history), their status unchanged (they stay merged, following this order).
        for (const m of merged) {
          if (m.satisfaction !== null) await repo.updateOrder(tx, m.id, { satisfaction: null }, now);
          await repo.insertEvent(tx, {
            orderId: m.id, action: 'main_reopened', from: m.status, to: m.status, actorId: who!.id,
            data: { mainId: o.id, mainOrderNo: o.order_no, round: facts.reopens + 1, previousSatisfaction: m.satisfaction }, at: now,
          });
        }
        break;
      }
      case 'merge': {
        const main = body.mainId === o.id ? null : await repo.lockOrder(tx, body.mainId);
        if (!main || main.center_id !== o.center_id || !(OPEN_WORKORDER_STATES as readonly string[]).includes(main.status)) {
          throw errors.WORKORDER_MERGE_TARGET({ field: 'mainId' });
        }
        fields = { merged_into: main.id, escalate_after: null };
        data.mainId = main.id;
        data.mainOrderNo = main.order_no;
        // Orders already merged into this one follow the new main too.
        await repo.reparentMerged(tx, o.id, main.id, now);
        await repo.insertEvent(tx, { orderId: main.id, action: 'merged_in', from: main.status, to: main.status, actorId: who!.id, data: { orderId: o.id, orderNo: o.order_no }, at: now });
        break;
      }
    }
    const moved = await moveOrder(tx, o, row, fields, now);
    await repo.insertEvent(tx, { orderId: o.id, action: body.action, from: row.from, to: row.to, actorId: who!.id, data, at: now });
    // Each round of handling (the first, then each re-handling) tells the callers its own reply and closing.
    if (row.to === 'replied') await fanOutReply(tx, moved, who!.id, now, facts.reopens);
    if (body.action === 'callback') await tellCallers(tx, moved, 'closed', who!.id, now, facts.reopens);
    // Every caller (main and merged) is told that their appeal is handled again, once per round.
    if (body.action === 'reopen') await tellCallers(tx, moved, 'reopened', who!.id, now, facts.reopens + 1);
  });
  return orderDetail(ctx, who, id);
}

/** One order as its reader may see it, with the actions they may take now. */
export async function orderDetail(ctx: AppContext, who: Actor | null, id: string) {
  const o = await repo.findOrder(ctx.db, id);
  if (!o) throw NOT_FOUND({ zh: '工单', en: 'Work order' });
  authorize(workOrderPolicy, who, 'read', refOf(o));
  const [events, merged, main, dept, article] = await Promise.all([
    repo.listEvents(ctx.db, o.id), repo.mergedInto(ctx.db, o.id),
    o.merged_into ? repo.findOrder(ctx.db, o.merged_into) : undefined,
    o.department_id ? repo.departmentOf(ctx.db, o.department_id, o.center_id) : undefined,
    o.article_id ? repo.articleOf(ctx.db, o.article_id, o.center_id) : undefined,
  ]);
  const sides = sidesOn(who, refOf(o));
  const actions = offeredActions(o.status, sides, orderFacts(o, events, main, await sameCallerOrders(ctx.db, o, main)));
  const applicant = who?.kind !== 'staff';
  // The caller's phone: in full for the hotline (who call back) and the caller themself; masked for everyone else.
  const phoneInFull = applicant || sides.includes('hotline');
  return {
    ...summary(o, dept ? { id: dept.id, name: dept.name, name_en: dept.name_en } : null, !applicant),
    centerId: o.center_id, categoryId: o.category_id, callerPhone: phoneInFull ? o.caller_phone : maskPhone(o.caller_phone), callerUserId: o.caller_user_id, content: o.content,
    againstStaffId: applicant ? null : o.against_staff_id, dueProvisional: o.due_provisional, reply: o.reply, repliedAt: o.replied_at?.toISOString() ?? null,
    returnReason: o.return_reason, satisfaction: o.satisfaction, publishedAt: o.published_at?.toISOString() ?? null, publishedFix: o.published_fix,
    canPublish: !applicant && isCalledBack(o.status) && workOrderPolicy.can(who, 'publish', refOf(o)),
    article: article ? { id: article.id, question: article.question, sourceOrderId: article.source_order_id } : null,
    main: main ? { id: main.id, orderNo: main.order_no, status: main.status, reply: main.reply, repliedAt: main.replied_at?.toISOString() ?? null } : null,
    // An applicant sees neither the other callers of a merged appeal nor the staff's internal history.
    // Each merged caller's own evaluation of this round's reply (null: not yet), for the lead deciding on 重办.
    merged: applicant ? [] : merged.map((m) => ({ id: m.id, orderNo: m.order_no, callerName: m.caller_name, satisfaction: m.satisfaction })),
    actions,
    events: events.filter((e) => !applicant || PUBLIC_EVENTS.has(e.action)).map((e) => ({
      action: e.action, from: e.from_status, to: e.to_status, actorName: applicant && e.actor_kind === 'staff' ? null : e.actor_name,
      at: e.at.toISOString(), data: applicant ? {} : e.data,
    })),
  };
}

const PUBLIC_EVENTS = new Set(['accept', 'dispatch', 'redispatch', 'keep', 'start', 'answer', 'reply', 'callback', 'evaluate', 'reopen', 'merge', 'main_replied', 'main_reopened']);

/** An order's summary; `staff` reads whether a caller of the round was dissatisfied (an applicant reads their own evaluation only). */
export function summary(o: repo.OrderRow, dept: { id: string; name: string; name_en: string | null } | null, staff: boolean) {
  return {
    id: o.id, orderNo: o.order_no, source: o.source, kind: o.kind, urgency: o.urgency, status: o.status, topic: o.topic, place: o.place,
    callerName: o.caller_name, department: dept ? { id: dept.id, name: dept.name, nameEn: dept.name_en } : null,
    dueDate: o.due_date, escalationLevel: o.escalation_level, mergedInto: o.merged_into, satisfaction: o.satisfaction,
    roundDissatisfied: staff ? o.round_dissatisfied : null, createdAt: o.created_at.toISOString(),
  };
}

export async function listOrders(ctx: AppContext, who: Actor | null, q: { status?: repo.OrderRow['status']; kind?: WorkOrderKind; q?: string; disputes: boolean; overdue: boolean; dissatisfied: boolean; page: number; pageSize: number }) {
  requireActor(who);
  const scope = workOrderListScope(who);
  if (!scope) authorize(workOrderPolicy, who, 'read');
  const { rows, total } = await repo.listOrders(ctx.db, scope!, {
    status: q.status, kind: q.kind, q: q.q || undefined, disputes: q.disputes, dissatisfied: q.dissatisfied, overdueOn: q.overdue ? chinaDate(ctx.clock.now()) : undefined,
    limit: q.pageSize, offset: (q.page - 1) * q.pageSize,
  });
  return {
    rows: rows.map((r) => summary(r, r.department_id ? { id: r.department_id, name: r.department_name!, name_en: r.department_name_en } : null, who!.kind === 'staff')),
    total, page: q.page, pageSize: q.pageSize,
  };
}
