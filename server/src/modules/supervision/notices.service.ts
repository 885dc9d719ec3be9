import type { Tx } from '../../db/database.ts';
import { appendAudit } from '../../lib/audit.ts';
import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors, NOT_FOUND } from '../../lib/errors.ts';
import { authorize, noticeListScope, noticePolicy, requireActor, requirePermission, type Actor } from '../../policies/index.ts';
import { caseStream } from '../cases/cases.service.ts';
import { notify } from '../notifications/notifications.ts';
import { staffWithRole } from '../notifications/notifications.repository.ts';
import { countRaised } from './performance.service.ts';
import * as repo from './supervision.repository.ts';

/**
 * Supervision notices (督办通知). A supervisor of the center issues one on a case or a department
 * with a reply deadline; a chief of that department replies; unanswered past the deadline, the
 * escalation job turns it red and notifies the center's managers. A notice on a case is written to
 * the case's audit stream (issued, replied, escalated), so it is part of the case's history; a
 * notice on a department has a stream of its own.
 */
export const noticeStream = (n: { id: string; case_id: string | null }) => (n.case_id ? caseStream(n.case_id) : `notice:${n.id}`);
const noticeNotFound = () => NOT_FOUND({ zh: '督办通知', en: 'Supervision notice' });

export function presentNotice(n: repo.NoticeRow) {
  return {
    id: n.id, departmentId: n.department_id, departmentName: n.department_name, caseId: n.case_id, receiptNo: n.receipt_no,
    subject: n.subject, body: n.body, replyDueDate: n.reply_due_date, status: n.status, light: n.light,
    issuedAt: n.issued_at.toISOString(), reply: n.reply, repliedAt: n.replied_at?.toISOString() ?? null, escalatedAt: n.escalated_at?.toISOString() ?? null,
  };
}

export interface IssueInput { caseId?: string; departmentId?: string; subject: string; body: string; replyDueDate: string }

export async function issueNotice(ctx: AppContext, who: Actor | null, input: IssueInput) {
  const me = requirePermission(who, 'supervision.act');
  const now = ctx.clock.now();
  if (input.replyDueDate < chinaDate(now)) throw errors.REPLY_DUE_IN_PAST({ field: 'replyDueDate' });
  const id = await ctx.db.transaction().execute(async (tx) => {
    let departmentId: string;
    let caseId: string | null = null;
    if (input.caseId) {
      const c = await repo.lockCaseRow(tx, input.caseId);
      if (!c) throw NOT_FOUND({ zh: '办件', en: 'Case' });
      authorize(noticePolicy, me, 'issue', c);
      departmentId = c.department_id;
      caseId = c.id;
    } else {
      const d = input.departmentId ? await repo.getDepartment(tx, input.departmentId) : undefined;
      if (!d) throw NOT_FOUND({ zh: '部门', en: 'Department' });
      authorize(noticePolicy, me, 'issue', { center_id: d.center_id, department_id: d.id });
      departmentId = d.id;
    }
    const newId = await repo.insertNotice(tx, {
      center_id: me.centerId, department_id: departmentId, case_id: caseId, subject: input.subject, body: input.body,
      reply_due_date: input.replyDueDate, issued_by: me.id, issued_at: now,
    });
    await countRaised(tx, 'notices', { center_id: me.centerId, department_id: departmentId, case_id: caseId }, now);
    const stream = noticeStream({ id: newId, case_id: caseId });
    await appendAudit(tx, { stream, action: caseId ? 'case.supervision_notice' : 'notice.issued', actorId: me.id, at: now, data: { noticeId: newId, subject: input.subject, body: input.body, replyDueDate: input.replyDueDate } });
    // The department's shared list reaches its chiefs, who answer, and everyone else there, once each.
    await notify(tx, { kind: 'notice', centerId: me.centerId, caseId, userIds: [], departmentId, title: { zh: `督办通知：${input.subject}`, en: `Supervision notice: ${input.subject}` }, data: { noticeId: newId, replyDueDate: input.replyDueDate }, at: now });
    return newId;
  });
  return presentNotice((await repo.getNotice(ctx.db, id))!);
}

/** A chief of the notice's department answers it, once. */
export async function replyNotice(ctx: AppContext, who: Actor | null, id: string, reply: string) {
  const me = requireActor(who);
  const now = ctx.clock.now();
  const n = await repo.getNotice(ctx.db, id);
  if (!n) throw noticeNotFound();
  authorize(noticePolicy, me, 'reply', n);
  await ctx.db.transaction().execute(async (tx) => {
    // Notice before case, as the escalation job takes them, so the two never deadlock.
    const row = await repo.lockNotice(tx, id);
    if (n.case_id) await repo.lockCaseRow(tx, n.case_id);
    if (row!.status !== 'open') throw errors.NOTICE_ANSWERED();
    await repo.answerNotice(tx, id, reply, me.id, now);
    await appendAudit(tx, { stream: noticeStream(row!), action: row!.case_id ? 'case.supervision_reply' : 'notice.replied', actorId: me.id, at: now, data: { noticeId: id, reply, late: chinaDate(now) > row!.reply_due_date } });
    await notify(tx, { kind: 'notice_reply', centerId: row!.center_id, caseId: row!.case_id, userIds: [row!.issued_by], departmentId: null, title: { zh: `督办通知已答复：${row!.subject}`, en: `Notice answered: ${row!.subject}` }, data: { noticeId: id }, at: now });
  });
  return presentNotice((await repo.getNotice(ctx.db, id))!);
}

export async function getNotice(ctx: AppContext, who: Actor | null, id: string) {
  const n = await repo.getNotice(ctx.db, id);
  if (!n) throw noticeNotFound();
  authorize(noticePolicy, who, 'read', n);
  return presentNotice(n);
}

/** Supervisors and managers see the center's notices; a chief sees the department's. */
export async function listNotices(ctx: AppContext, who: Actor | null, status: 'open' | 'answered' | undefined, page: number, pageSize: number) {
  const scope = noticeListScope(who);
  const { rows, total } = await repo.listNotices(ctx.db, scope, status, pageSize, (page - 1) * pageSize);
  return { notices: rows.map(presentNotice), total, page, pageSize };
}

/**
 * Open notices past their reply deadline turn red and go to the center's managers, once: claimed
 * through a partial index with FOR UPDATE SKIP LOCKED, marked escalated in the same transaction.
 */
export async function escalateOverdueNotices(ctx: AppContext, batch = 100): Promise<number> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const due = await repo.claimOverdueNotices(tx, chinaDate(now), batch);
    for (const n of due) await escalate(tx, n, now);
    return due.length;
  });
}

async function escalate(tx: Tx, n: Awaited<ReturnType<typeof repo.claimOverdueNotices>>[number], now: Date) {
  if (n.case_id) await repo.lockCaseRow(tx, n.case_id);
  await repo.escalateNotice(tx, n.id, now);
  await appendAudit(tx, { stream: noticeStream(n), action: n.case_id ? 'case.supervision_escalated' : 'notice.escalated', actorId: null, at: now, data: { noticeId: n.id, replyDueDate: n.reply_due_date } });
  const managers = await staffWithRole(tx, 'manager', { centerId: n.center_id });
  await notify(tx, {
    kind: 'notice_escalated', centerId: n.center_id, caseId: n.case_id, userIds: [...managers.map((m) => m.id), n.issued_by], departmentId: n.department_id,
    title: { zh: `督办通知逾期未复（红灯）：${n.subject}`, en: `Supervision notice unanswered past its deadline (red): ${n.subject}` }, data: { noticeId: n.id, replyDueDate: n.reply_due_date }, at: now,
  });
}
