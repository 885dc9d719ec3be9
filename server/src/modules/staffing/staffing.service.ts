import type { Db, Tx } from '../../db/database.ts';
import type { StaffShift } from '../../db/types.ts';
import { appendAudit } from '../../lib/audit.ts';
import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors, NOT_FOUND } from '../../lib/errors.ts';
import {
  authorize, hasRole, staffAssignmentPolicy, staffRecordPolicy, staffScope, type Actor, type StaffRecordAction, type StaffRef, type StaffScope,
} from '../../policies/index.ts';
import { hoursOn } from '../hall/hall.service.ts';
import { addDays, chinaInstant, chinaTime, minutesOf } from '../hall/hall.time.ts';
import * as repo from './staffing.repository.ts';
import type { AssignmentBody, ScheduleBody } from './staffing.schemas.ts';
import { nextAssignment } from './staffing.transitions.ts';

/**
 * Window staff under dual management (docs/hall-staff.md): assignments approved by the center and
 * the department of origin, and the week's schedule on the center's calendar. Attendance, leave and
 * the assessment are in their own files beside this one; they share the helpers below.
 */

export const STAFF_NOT_FOUND = () => NOT_FOUND({ zh: '窗口工作人员', en: 'Window staff member' });

/** Every record of a person is on their own audit stream: their file. Writers hold the center's staffing lock. */
export const auditStaff = (tx: Tx, userId: string, action: string, actorId: string, at: Date, data: Record<string, unknown>) =>
  appendAudit(tx, { stream: `staff:${userId}`, action: `staff.${action}`, actorId, at, data });

export function scopeOf(who: Actor | null): StaffScope {
  authorize(staffRecordPolicy, who, 'read');
  return staffScope(who!)!;
}

/** A window staff member of the asker's center, checked against the policy for `action`; 404 for a stranger. */
export async function staffMember(db: Db | Tx, who: Actor | null, userId: string, action: StaffRecordAction) {
  authorize(staffRecordPolicy, who, action);
  const u = await repo.getStaffUser(db, userId);
  if (!u || u.kind !== 'staff' || u.center_id !== who!.centerId || !u.roles.includes('window')) throw STAFF_NOT_FOUND();
  const ref: StaffRef = { centerId: u.center_id!, userId: u.id, departmentIds: await repo.departmentsOfStaff(db, u.id) };
  authorize(staffRecordPolicy, who, action, ref);
  return u;
}

// ---------------------------------------------------------------- shifts and the center's hours

export const SHIFTS: StaffShift[] = ['am', 'pm'];
/** The day splits at noon: the morning shift runs from opening to 12:00, the afternoon from 12:00 to closing (extended hours included). */
const NOON = '12:00';

export interface ShiftTimes { start: string; end: string }

/** A shift's times on a day by the center's hours and calendar; null when the center does not work then (a holiday, a closed weekend, a morning-only Saturday's afternoon). */
export async function shiftTimes(db: Db | Tx, centerId: string, day: string, shift: StaffShift): Promise<ShiftTimes | null> {
  const hours = await hoursOn(db, await repo.getCenter(db, centerId), day);
  if (!hours) return null;
  const t = shift === 'am' ? { start: hours.opens, end: minutesOf(hours.closes) < minutesOf(NOON) ? hours.closes : NOON }
    : { start: minutesOf(hours.opens) > minutesOf(NOON) ? hours.opens : NOON, end: hours.closes };
  return minutesOf(t.start) < minutesOf(t.end) ? t : null;
}

export const todayOf = (ctx: AppContext) => chinaDate(ctx.clock.now());
export const nowMinutes = (ctx: AppContext) => minutesOf(chinaTime(ctx.clock.now()));
export { addDays, chinaInstant };

// ---------------------------------------------------------------- the staff list

export async function staffList(ctx: AppContext, who: Actor | null) {
  const scope = scopeOf(who);
  const [staff, windows, departments] = await Promise.all([
    repo.listStaff(ctx.db, scope), repo.windowsOfCenter(ctx.db, scope.centerId), repo.departmentsOfCenter(ctx.db, scope.centerId),
  ]);
  return {
    staff: staff.map((s) => ({
      id: s.id, name: s.name, username: s.username ?? '', windowId: s.window_id,
      assignment: s.assignment_id ? {
        id: s.assignment_id, status: s.assignment_status!, windowId: s.assigned_window_id!, windowName: { zh: s.window_name!, en: s.window_name_en ?? s.window_name! },
        departmentId: s.department_id!, departmentName: { zh: s.department_name!, en: s.department_name_en ?? s.department_name! }, fromDay: s.from_day!, toDay: s.to_day,
      } : null,
    })),
    windows: windows.map((w) => ({ id: w.id, name: { zh: w.name, en: w.name_en ?? w.name } })),
    departments: departments.map((d) => ({ id: d.id, name: { zh: d.name, en: d.name_en ?? d.name } })),
    canManage: hasRole(who, 'manager'),
  };
}

// ---------------------------------------------------------------- assignments: two approvals

export async function listAssignments(ctx: AppContext, who: Actor | null, q: { status?: 'pending' | 'active' | 'rejected' | 'ended'; page: number; pageSize: number }) {
  authorize(staffAssignmentPolicy, who, 'read');
  const scope = staffScope(who!)!;
  const rows = await repo.listAssignments(ctx.db, scope, q.status, q.page, q.pageSize);
  return {
    page: q.page, pageSize: q.pageSize,
    assignments: rows.map((a) => ({
      id: a.id, userId: a.user_id, userName: a.user_name, windowId: a.window_id, windowName: { zh: a.window_name, en: a.window_name_en ?? a.window_name },
      departmentId: a.department_id, departmentName: { zh: a.department_name, en: a.department_name_en ?? a.department_name },
      fromDay: a.from_day, toDay: a.to_day, status: a.status, proposedSide: a.proposed_side,
      centerApproved: a.center_approved_at !== null, departmentApproved: a.department_approved_at !== null, note: a.note,
      awaiting: awaitingOf(a), createdAt: a.created_at.toISOString(),
    })),
  };
}

const awaitingOf = (a: { status: string; center_approved_at: Date | null; department_approved_at: Date | null }) =>
  a.status !== 'pending' ? null : a.center_approved_at === null ? 'center' as const : a.department_approved_at === null ? 'department' as const : null;

/** The center's manager or the chief of the department of origin proposes; their side's approval is given by proposing. */
export async function proposeAssignment(ctx: AppContext, who: Actor | null, body: AssignmentBody) {
  authorize(staffAssignmentPolicy, who, 'propose');
  const centerId = who!.centerId!;
  const [dept, win, user] = await Promise.all([repo.getDepartment(ctx.db, body.departmentId), repo.getWindow(ctx.db, body.windowId), repo.getStaffUser(ctx.db, body.userId)]);
  if (!dept || dept.center_id !== centerId) throw NOT_FOUND({ zh: '部门', en: 'Department' });
  if (!win || win.center_id !== centerId) throw NOT_FOUND({ zh: '窗口', en: 'Window' });
  authorize(staffAssignmentPolicy, who, 'propose', { centerId, departmentId: dept.id, awaiting: null });
  if (!user || user.kind !== 'staff' || user.center_id !== centerId || !user.roles.includes('window')) throw errors.STAFF_NOT_WINDOW_STAFF({ field: 'userId' });
  const side = hasRole(who, 'manager') ? 'center' as const : 'department' as const;
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    await repo.lockCenterStaff(tx, centerId);
    if (await repo.overlappingAssignment(tx, user.id, body.fromDay, body.toDay ?? null)) throw errors.STAFF_ASSIGNMENT_OVERLAP({ field: 'fromDay' });
    const row = await repo.insertAssignment(tx, {
      center_id: centerId, user_id: user.id, window_id: win.id, department_id: dept.id, from_day: body.fromDay, to_day: body.toDay ?? null,
      status: 'pending', proposed_side: side, proposed_by: who!.id, note: body.note ?? null, created_at: now, updated_at: now,
      ...(side === 'center' ? { center_approved_by: who!.id, center_approved_at: now } : { department_approved_by: who!.id, department_approved_at: now }),
    });
    await auditStaff(tx, user.id, 'assignment.propose', who!.id, now, { assignmentId: row.id, side, windowId: win.id, departmentId: dept.id, fromDay: body.fromDay, toDay: body.toDay ?? null });
    return { id: row.id, status: row.status, awaiting: awaitingOf(row) };
  });
}

/** The other side approves (the assignment becomes active) or rejects it. */
export async function decideAssignment(ctx: AppContext, who: Actor | null, id: string, approve: boolean, note?: string) {
  authorize(staffAssignmentPolicy, who, 'read');
  const found = await repo.getAssignment(ctx.db, id);
  if (!found || found.center_id !== who!.centerId) throw NOT_FOUND({ zh: '进驻安排', en: 'Assignment' });
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    await repo.lockCenterStaff(tx, found.center_id);
    const a = (await repo.getAssignment(tx, id))!;
    const awaiting = awaitingOf(a);
    const status = nextAssignment(a.status, approve ? 'approve' : 'reject');
    authorize(staffAssignmentPolicy, who, 'approve', { centerId: a.center_id, departmentId: a.department_id, awaiting });
    const fields = !approve ? { note: note ?? a.note } : awaiting === 'center'
      ? { center_approved_by: who!.id, center_approved_at: now } : { department_approved_by: who!.id, department_approved_at: now };
    const row = await repo.moveAssignment(tx, id, status, fields, now);
    await auditStaff(tx, a.user_id, approve ? 'assignment.approve' : 'assignment.reject', who!.id, now, { assignmentId: id, side: awaiting, note: note ?? null });
    return { id: row.id, status: row.status, awaiting: awaitingOf(row) };
  });
}

// ---------------------------------------------------------------- the schedule

/** A week (7 days from `from`) of the schedule, with the center's shift times per day (null: closed). */
export async function week(ctx: AppContext, who: Actor | null, from: string) {
  const scope = scopeOf(who);
  const days = Array.from({ length: 7 }, (_, i) => addDays(from, i));
  const [rows, shifts] = await Promise.all([
    repo.schedulesInWeek(ctx.db, scope, days[0]!, days[6]!),
    Promise.all(days.map(async (day) => ({ day, am: await shiftTimes(ctx.db, scope.centerId, day, 'am'), pm: await shiftTimes(ctx.db, scope.centerId, day, 'pm') }))),
  ]);
  return {
    from: days[0]!, days: shifts,
    entries: rows.map((r) => ({
      id: r.id, userId: r.user_id, userName: r.user_name, windowId: r.window_id, day: r.day, shift: r.shift, status: r.status, substituteFor: r.substitute_for,
      signedInAt: r.signed_in_at?.toISOString() ?? null, lateMinutes: r.late_minutes, signedOutAt: r.signed_out_at?.toISOString() ?? null, earlyMinutes: r.early_minutes,
    })),
  };
}

/** Puts a person at a window for a shift: only on a day and shift the center works, only with an active assignment, never twice in one shift, never on leave. */
export async function schedule(ctx: AppContext, who: Actor | null, body: ScheduleBody) {
  const user = await staffMember(ctx.db, who, body.userId, 'manage');
  const win = await repo.getWindow(ctx.db, body.windowId);
  if (!win || win.center_id !== user.center_id) throw NOT_FOUND({ zh: '窗口', en: 'Window' });
  if (!(await shiftTimes(ctx.db, user.center_id!, body.day, body.shift))) throw errors.STAFF_DAY_CLOSED({ day: body.day, shift: body.shift, field: 'day' });
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    await repo.lockCenterStaff(tx, user.center_id!);
    if (!(await repo.activeAssignmentOn(tx, user.id, body.day))) throw errors.STAFF_NOT_ASSIGNED({ day: body.day, field: 'userId' });
    if (await repo.scheduleOf(tx, user.id, body.day, body.shift)) throw errors.STAFF_SHIFT_TAKEN({ day: body.day, shift: body.shift, field: 'shift' });
    if (await repo.approvedLeaveOverlapping(tx, user.id, body.day, body.day)) throw errors.STAFF_ON_LEAVE({ day: body.day, field: 'day' });
    const row = await repo.insertSchedule(tx, { center_id: user.center_id!, user_id: user.id, window_id: win.id, day: body.day, shift: body.shift, created_by: who!.id, created_at: now });
    await auditStaff(tx, user.id, 'schedule.add', who!.id, now, { scheduleId: row.id, windowId: win.id, day: body.day, shift: body.shift });
    return { id: row.id };
  });
}

/** Removes a scheduled shift nobody has signed in for. */
export async function unschedule(ctx: AppContext, who: Actor | null, id: string) {
  authorize(staffRecordPolicy, who, 'manage');
  const found = await repo.getSchedule(ctx.db, id);
  if (!found || found.center_id !== who!.centerId) throw NOT_FOUND({ zh: '排班', en: 'Shift' });
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    await repo.lockCenterStaff(tx, found.center_id);
    if (await repo.attendanceOf(tx, id)) throw errors.STAFF_SCHEDULE_SIGNED();
    await repo.deleteSchedule(tx, id);
    await auditStaff(tx, found.user_id, 'schedule.remove', who!.id, now, { scheduleId: id, windowId: found.window_id, day: found.day, shift: found.shift });
  });
  return { ok: true as const };
}
