import type { Tx } from '../../db/database.ts';
import type { RectificationStatus } from '../../db/types.ts';
import { appendAudit } from '../../lib/audit.ts';
import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import { NOT_FOUND } from '../../lib/errors.ts';
import { authorize, hasRole, rectificationPolicy, requireStaff, showsRatedCase, type Actor, type RectificationRef } from '../../policies/index.ts';
import { addWorkdays } from '../calendar/calendar.service.ts';
import { messageApplicant } from '../notifications/applicant-messages.ts';
import * as repo from './ratings.repository.ts';
import { moveTask, sideOf, type RectificationAction } from './rectification.transitions.ts';

/**
 * A bad review's rectification (整改, national 好差评 rules of 2019): the department of the rated case
 * calls the person back (required for a real-name review), verifies, rectifies within the center's
 * limit in working days, and the person rates the fix; the department may appeal a malicious review
 * and a center manager decides. Every step: policy first, then the transition table, then the audit
 * event, in one transaction; a refusal writes nothing.
 */
export const DEFAULT_RECTIFY_WORKDAYS = 5;
const TASK_NOT_FOUND = () => NOT_FOUND({ zh: '整改任务', en: 'Rectification task' });

/** Opens the task of a bad review, due after the center's limit in working days (first day not counted). */
export async function openTask(ctx: AppContext, tx: Tx, r: repo.RatingRow, regionCode: string) {
  const workdays = (await repo.rectifyWorkdays(tx, r.center_id)) ?? DEFAULT_RECTIFY_WORKDAYS;
  const due = await addWorkdays(tx, regionCode, chinaDate(r.created_at), workdays);
  const task = await repo.insertTask(tx, {
    rating_id: r.id, center_id: r.center_id, department_id: r.department_id, status: 'open', real_name: r.real_name,
    due_date: due.due, due_provisional: due.provisional, escalate_after: due.due, created_at: r.created_at, updated_at: r.created_at,
  });
  await appendAudit(tx, { stream: `rectification:${task.id}`, action: 'rectification.open', actorId: null, at: r.created_at, data: { ratingId: r.id, due: due.due } });
  return task;
}

const refOf = (d: { center_id: string; department_id: string | null; applicant_id: string | null }): RectificationRef =>
  ({ centerId: d.center_id, departmentId: d.department_id, applicantId: d.applicant_id });

export async function getTask(ctx: AppContext, who: Actor | null, id: string) {
  authorize(rectificationPolicy, who, 'read');
  const d = await repo.taskDetail(ctx.db, id);
  if (!d) throw TASK_NOT_FOUND();
  authorize(rectificationPolicy, who, 'read', refOf(d));
  return taskView(d, who);
}

export interface TaskListQuery { status?: 'open' | 'closed' | RectificationStatus | undefined; page: number; pageSize: number }
const OPEN: readonly RectificationStatus[] = ['open', 'called_back', 'verified', 'rectified', 'appealed', 'appeal_rejected'];
const DONE: readonly RectificationStatus[] = ['rated_by_person', 'closed', 'appeal_upheld'];

/** Tasks in the caller's scope: a department's approvers and chiefs see theirs; managers and supervisors the center's. */
export async function listTasks(ctx: AppContext, who: Actor | null, q: TaskListQuery) {
  authorize(rectificationPolicy, who, 'read');
  const staff = requireStaff(who);
  const scope: repo.TaskScope = hasRole(staff, 'manager', 'supervisor') ? { centerId: staff.centerId } : { centerId: staff.centerId, departmentId: staff.departmentId };
  const statuses = q.status === 'open' ? OPEN : q.status === 'closed' ? DONE : q.status ? [q.status] : null;
  const { rows, total } = await repo.listTasks(ctx.db, scope, statuses, q.page, q.pageSize);
  return {
    total, page: q.page, pageSize: q.pageSize,
    tasks: rows.map((t) => ({
      id: t.id, status: t.status, dueDate: t.due_date, realName: t.real_name, createdAt: t.created_at.toISOString(),
      level: t.level, stage: t.stage, receiptNo: showsRatedCase(who, t.real_name) ? t.receipt_no : null, escalationLevel: t.escalation_level,
      overdue: OPEN.includes(t.status) && chinaDate(ctx.clock.now()) > t.due_date,
    })),
  };
}

export type StaffStep = Exclude<RectificationAction, 'rate_fix'>;

/** A step of the department (call back, verify, rectify, appeal) or of a manager (decide an appeal, close). */
export async function actOnTask(ctx: AppContext, who: Actor | null, id: string, body: { action: StaffStep; note: string }) {
  const need = sideOf(body.action) === 'manager' ? 'decide_appeal' : 'work';
  authorize(rectificationPolicy, who, need);
  const now = ctx.clock.now();
  const note = body.note.trim();
  await ctx.db.transaction().execute(async (tx) => {
    const t = await repo.lockTask(tx, id);
    if (!t) throw TASK_NOT_FOUND();
    const d = (await repo.taskDetail(tx, id))!;
    authorize(rectificationPolicy, who, 'read', refOf(d));
    authorize(rectificationPolicy, who, need, refOf(d));
    const by = who!.id;
    switch (body.action) {
      case 'call_back': await moveTask(tx, t, 'call_back', { callback_note: note, called_back_at: now, called_back_by: by, updated_at: now }, now); break;
      case 'verify': await moveTask(tx, t, 'verify', { verification_note: note, verified_at: now, verified_by: by, updated_at: now }, now); break;
      case 'rectify':
        await moveTask(tx, t, 'rectify', { rectification_note: note, rectified_at: now, rectified_date: chinaDate(now), rectified_by: by, escalate_after: null, updated_at: now }, now);
        if (d.applicant_id) await inviteFixRating(tx, d, now);
        break;
      case 'appeal': await moveTask(tx, t, 'appeal', { appeal_reason: note, appealed_at: now, appealed_by: by, updated_at: now }, now); break;
      case 'uphold_appeal':
        await moveTask(tx, t, 'uphold_appeal', { appeal_decision_note: note, appeal_decided_at: now, appeal_decided_by: by, closed_at: now, escalate_after: null, updated_at: now }, now);
        // A malicious review counts nowhere: voided, out of every figure.
        await repo.voidRating(tx, t.rating_id, now);
        break;
      case 'reject_appeal': await moveTask(tx, t, 'reject_appeal', { appeal_decision_note: note, appeal_decided_at: now, appeal_decided_by: by, updated_at: now }, now); break;
      case 'close': await moveTask(tx, t, 'close', { closed_at: now, updated_at: now }, now); break;
    }
    await appendAudit(tx, { stream: `rectification:${id}`, action: `rectification.${body.action}`, actorId: by, at: now, data: { from: t.status, note } });
  });
  return getTask(ctx, who, id);
}

/** The person served rates the fix; the task is then done. */
export async function rateFix(ctx: AppContext, who: Actor | null, id: string, body: { level: number; comment?: string | undefined }) {
  authorize(rectificationPolicy, who, 'rate_fix');
  const now = ctx.clock.now();
  const ratingId = await ctx.db.transaction().execute(async (tx) => {
    const t = await repo.lockTask(tx, id);
    if (!t) throw TASK_NOT_FOUND();
    const d = (await repo.taskDetail(tx, id))!;
    authorize(rectificationPolicy, who, 'rate_fix', refOf(d));
    await moveTask(tx, t, 'rate_fix', { person_level: body.level, person_comment: body.comment?.trim() || null, person_rated_at: now, closed_at: now, updated_at: now }, now);
    await appendAudit(tx, { stream: `rectification:${id}`, action: 'rectification.rate_fix', actorId: who!.id, at: now, data: { from: t.status, level: body.level } });
    return t.rating_id;
  });
  // The person's own view, as on the rating page: never the staff view (callback, verification, appeal).
  return (await taskForPerson(ctx, ratingId))!;
}

async function inviteFixRating(tx: Tx, d: repo.TaskDetail, at: Date) {
  await messageApplicant(tx, {
    kind: 'rating.fix_invited', userId: d.applicant_id!, centerId: d.center_id, caseId: d.case_id,
    title: { zh: '您的差评已整改，请评价整改结果', en: 'Your bad review was rectified: please rate the fix' },
    body: {
      zh: `您对办件 ${d.receipt_no ?? ''} 的差评，部门已完成整改。请评价整改结果。`,
      en: `The department has rectified what your bad review of case ${d.receipt_no ?? ''} reported. Please rate the fix.`,
    },
    link: `/my/ratings/${d.case_id}/${d.stage}`, dedupeKey: `rating.fix:${d.id}`, at,
  });
}

/** What the person sees of the task on their rating page (no staff names). */
export async function taskForPerson(ctx: AppContext, ratingId: string) {
  const t = await repo.taskOfRating(ctx.db, ratingId);
  return t ? personView(t) : null;
}

/**
 * The one view of a task the person served gets, from every endpoint: its state, due date, the fix and
 * their rating of it. Not the callback or verification notes, nor an appeal (the department's reason,
 * the manager's decision): those are the staff view (`GET /api/rectifications/:id`, staff only).
 */
function personView(t: NonNullable<Awaited<ReturnType<typeof repo.taskOfRating>>>) {
  return {
    id: t.id, status: t.status, dueDate: t.due_date, rectificationNote: t.rectification_note,
    rectifiedAt: t.rectified_at?.toISOString() ?? null, personLevel: t.person_level, personComment: t.person_comment,
  };
}

function taskView(d: repo.TaskDetail, who: Actor | null) {
  // An anonymous review never names its case, visit or rater to staff (the case names its applicant).
  const shown = showsRatedCase(who, d.real_name);
  const iso = (x: Date | null) => x?.toISOString() ?? null;
  return {
    id: d.id, status: d.status, dueDate: d.due_date, dueProvisional: d.due_provisional, realName: d.real_name, escalationLevel: d.escalation_level,
    department: d.department_id ? { id: d.department_id, name: d.department_name ?? '', nameEn: d.department_name_en } : null,
    rating: {
      caseId: shown ? d.case_id : null, ticketId: shown ? d.ticket_id : null, receiptNo: shown ? d.receipt_no : null, stage: d.stage, level: d.level, dimensions: d.dimensions,
      comment: d.comment, channel: d.channel, ratedAt: d.rated_at.toISOString(), voided: d.voided_at !== null,
      raterName: shown && d.real_name ? d.rater_name : null,
    },
    callback: d.called_back_at ? { note: d.callback_note, at: iso(d.called_back_at) } : null,
    verification: d.verified_at ? { note: d.verification_note, at: iso(d.verified_at) } : null,
    rectification: d.rectified_at ? { note: d.rectification_note, at: iso(d.rectified_at), onTime: (d.rectified_date ?? '') <= d.due_date } : null,
    personRating: d.person_rated_at ? { level: d.person_level, comment: d.person_comment, at: iso(d.person_rated_at) } : null,
    appeal: d.appealed_at ? { reason: d.appeal_reason, at: iso(d.appealed_at), decisionNote: d.appeal_decision_note, decidedAt: iso(d.appeal_decided_at) } : null,
    closedAt: iso(d.closed_at), createdAt: d.created_at.toISOString(),
  };
}

// ---------------------------------------------------------------- the center's limit

export async function settings(ctx: AppContext, who: Actor | null) {
  const s = requireStaff(who);
  return { rectifyWorkdays: (await repo.rectifyWorkdays(ctx.db, s.centerId)) ?? DEFAULT_RECTIFY_WORKDAYS };
}

export async function saveSettings(ctx: AppContext, who: Actor | null, body: { rectifyWorkdays: number }) {
  authorize(rectificationPolicy, who, 'decide_appeal');
  const s = requireStaff(who);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    await repo.saveSettings(tx, s.centerId, body.rectifyWorkdays, s.id, now);
    await appendAudit(tx, { stream: `org:${s.centerId}`, action: 'rating.settings', actorId: s.id, at: now, data: body });
  });
  return settings(ctx, who);
}
