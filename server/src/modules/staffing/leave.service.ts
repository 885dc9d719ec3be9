import type { Tx } from '../../db/database.ts';
import type { StaffLeaveStatus } from '../../db/types.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors, NOT_FOUND } from '../../lib/errors.ts';
import { authorize, staffRecordPolicy, type Actor } from '../../policies/index.ts';
import { notify } from '../notifications/notifications.ts';
import * as repo from './staffing.repository.ts';
import type { LeaveBody } from './staffing.schemas.ts';
import { nextLeave } from './staffing.transitions.ts';
import { auditStaff, scopeOf, todayOf } from './staffing.service.ts';

/**
 * Leave (docs/hall-staff.md, Leave and substitutes). A window clerk asks; only the center's manager
 * approves; the department of origin is told. Whoever is scheduled in the period names a substitute
 * who is window staff of the center, not on leave then and not scheduled in any of those shifts.
 * The rules are checked when the leave is asked for and again when it is approved (the schedule may
 * have changed in between); on approval the leaver's shifts are marked on leave and the substitute
 * is scheduled in them at the same windows.
 */
const LEAVE_NOT_FOUND = () => NOT_FOUND({ zh: '请假申请', en: 'Leave request' });

/** The guards of a leave, in the order a person would fix them; throws the first that fails. */
async function checkLeave(tx: Tx, leave: { user_id: string; center_id: string; from_day: string; to_day: string; substitute_id: string | null; id?: string }) {
  if (await repo.approvedLeaveOverlapping(tx, leave.user_id, leave.from_day, leave.to_day, leave.id)) throw errors.STAFF_LEAVE_OVERLAP({ field: 'fromDay' });
  const shifts = await repo.schedulesOfUser(tx, leave.user_id, leave.from_day, leave.to_day, 'scheduled');
  if (shifts.length && !leave.substitute_id) throw errors.STAFF_SUBSTITUTE_REQUIRED({ shifts: shifts.length, field: 'substituteId' });
  if (leave.substitute_id) {
    const sub = await repo.getStaffUser(tx, leave.substitute_id);
    if (!sub || sub.kind !== 'staff' || sub.center_id !== leave.center_id || !sub.roles.includes('window') || sub.id === leave.user_id) {
      throw errors.STAFF_NOT_WINDOW_STAFF({ field: 'substituteId' });
    }
    if (await repo.approvedLeaveOverlapping(tx, sub.id, leave.from_day, leave.to_day)) throw errors.STAFF_SUBSTITUTE_ON_LEAVE({ field: 'substituteId' });
    for (const s of shifts) {
      if (await repo.scheduleOf(tx, sub.id, s.day, s.shift)) throw errors.STAFF_SUBSTITUTE_BUSY({ day: s.day, shift: s.shift, field: 'substituteId' });
    }
  }
  return shifts;
}

export async function requestLeave(ctx: AppContext, who: Actor | null, body: LeaveBody) {
  authorize(staffRecordPolicy, who, 'request_leave');
  const me = who!;
  if (body.fromDay < todayOf(ctx)) throw errors.STAFF_LEAVE_PAST({ field: 'fromDay' });
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    await repo.lockCenterStaff(tx, me.centerId!);
    const draft = { user_id: me.id, center_id: me.centerId!, from_day: body.fromDay, to_day: body.toDay, substitute_id: body.substituteId ?? null };
    await checkLeave(tx, draft);
    const dept = await repo.activeAssignmentOn(tx, me.id, body.fromDay);
    const row = await repo.insertLeave(tx, { ...draft, department_id: dept?.department_id ?? null, kind: body.kind, reason: body.reason, status: 'requested', requested_at: now });
    await auditStaff(tx, me.id, 'leave.request', me.id, now, { leaveId: row.id, fromDay: body.fromDay, toDay: body.toDay, substituteId: row.substitute_id });
    return { id: row.id, status: row.status };
  });
}

export async function decideLeave(ctx: AppContext, who: Actor | null, id: string, approve: boolean, note: string | undefined) {
  authorize(staffRecordPolicy, who, 'approve_leave');
  const found = await repo.getLeave(ctx.db, id);
  if (!found || found.center_id !== who!.centerId) throw LEAVE_NOT_FOUND();
  authorize(staffRecordPolicy, who, 'approve_leave', { centerId: found.center_id, userId: found.user_id, departmentIds: [] });
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    await repo.lockCenterStaff(tx, found.center_id);
    const leave = (await repo.getLeave(tx, id))!;
    const status = nextLeave(leave.status, approve ? 'approve' : 'reject');
    if (approve) {
      const shifts = await checkLeave(tx, leave);
      await repo.markOnLeave(tx, shifts.map((s) => s.id), leave.id);
      for (const s of shifts) {
        await repo.insertSchedule(tx, {
          center_id: leave.center_id, user_id: leave.substitute_id!, window_id: s.window_id, day: s.day, shift: s.shift,
          leave_id: leave.id, substitute_for: leave.user_id, created_by: who!.id, created_at: now,
        });
      }
      if (leave.substitute_id && shifts.length) {
        await auditStaff(tx, leave.substitute_id, 'schedule.substitute', who!.id, now, { leaveId: leave.id, for: leave.user_id, shifts: shifts.map((s) => `${s.day}:${s.shift}`) });
      }
    }
    const row = await repo.moveLeave(tx, id, status, { decided_by: who!.id, decided_at: now, decision_note: note ?? null });
    await auditStaff(tx, leave.user_id, approve ? 'leave.approve' : 'leave.reject', who!.id, now, { leaveId: id, note: note ?? null });
    // Dual management: the department of origin is told of its staff member's leave.
    if (leave.department_id) {
      const name = (await repo.getStaffUser(tx, leave.user_id))!.name;
      await notify(tx, {
        kind: approve ? 'staff.leave_approved' : 'staff.leave_rejected', centerId: leave.center_id, caseId: null, userIds: [leave.user_id], departmentId: leave.department_id,
        title: approve
          ? { zh: `${name} 请假 ${leave.from_day} 至 ${leave.to_day} 已获中心批准`, en: `${name}'s leave ${leave.from_day} to ${leave.to_day} was approved by the center` }
          : { zh: `${name} 请假 ${leave.from_day} 至 ${leave.to_day} 未获批准`, en: `${name}'s leave ${leave.from_day} to ${leave.to_day} was not approved` },
        data: { leaveId: id }, at: now,
      });
    }
    return { id: row.id, status: row.status };
  });
}

/** The requester withdraws a leave not yet decided. */
export async function cancelLeave(ctx: AppContext, who: Actor | null, id: string) {
  authorize(staffRecordPolicy, who, 'request_leave');
  const found = await repo.getLeave(ctx.db, id);
  if (!found || found.user_id !== who!.id) throw LEAVE_NOT_FOUND();
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    await repo.lockCenterStaff(tx, found.center_id);
    const leave = (await repo.getLeave(tx, id))!;
    const row = await repo.moveLeave(tx, id, nextLeave(leave.status, 'cancel'), {});
    await auditStaff(tx, leave.user_id, 'leave.cancel', who!.id, now, { leaveId: id });
    return { id: row.id, status: row.status };
  });
}

export async function listLeaves(ctx: AppContext, who: Actor | null, q: { status?: StaffLeaveStatus; page: number; pageSize: number }) {
  const scope = scopeOf(who);
  const rows = await repo.listLeaves(ctx.db, scope, q.status, q.page, q.pageSize);
  return {
    page: q.page, pageSize: q.pageSize,
    leaves: rows.map((l) => ({
      id: l.id, userId: l.user_id, userName: l.user_name, fromDay: l.from_day, toDay: l.to_day, kind: l.kind, reason: l.reason,
      substituteId: l.substitute_id, substituteName: l.substitute_name, status: l.status, requestedAt: l.requested_at.toISOString(),
      decidedAt: l.decided_at?.toISOString() ?? null, decisionNote: l.decision_note,
    })),
  };
}
