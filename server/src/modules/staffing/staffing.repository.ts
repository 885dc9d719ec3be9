import { sql, type Insertable, type SelectQueryBuilder } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type {
  AssessmentResult, DB, StaffAssignmentStatus, StaffAssignmentsTable, StaffLeaveStatus, StaffLeavesTable, StaffSchedulesTable, StaffShift,
} from '../../db/types.ts';
import type { StaffScope } from '../../policies/index.ts';

type Q = Db | Tx;

/** Every write of window staff of a center waits here: leave, schedule and substitute rules read rows of two people. */
export async function lockCenterStaff(tx: Tx, centerId: string) {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`staffing:${centerId}`}))`.execute(tx);
}

// ---------------------------------------------------------------- people and places

export const getStaffUser = (db: Q, id: string) =>
  db.selectFrom('users').select(['id', 'name', 'kind', 'center_id', 'roles', 'window_id', 'department_id']).where('id', '=', id).executeTakeFirst();

export const getWindow = (db: Q, id: string) =>
  db.selectFrom('windows').select(['id', 'center_id', 'name', 'name_en']).where('id', '=', id).executeTakeFirst();

export const getDepartment = (db: Q, id: string) =>
  db.selectFrom('departments').select(['id', 'center_id', 'name', 'name_en']).where('id', '=', id).executeTakeFirst();

export const getCenter = (db: Q, id: string) =>
  db.selectFrom('centers').select(['id', 'region_code']).where('id', '=', id).executeTakeFirstOrThrow();

/** The departments a staff member was sent from (any assignment not rejected): whose chiefs see them. */
export async function departmentsOfStaff(db: Q, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('staff_assignments').select('department_id').distinct()
    .where('user_id', '=', userId).where('status', '!=', 'rejected').execute();
  return rows.map((r) => r.department_id);
}

/** Restricts a query over rows with `center_id` and `user_id` columns to the scope (center, a department's staff, one clerk). */
function scoped<D, T extends keyof D & string, O>(q: SelectQueryBuilder<D, T, O>, table: string, scope: StaffScope): SelectQueryBuilder<D, T, O> {
  let out = q.where(sql<boolean>`${sql.ref(`${table}.center_id`)} = ${scope.centerId}`);
  if ('userId' in scope) out = out.where(sql<boolean>`${sql.ref(`${table}.user_id`)} = ${scope.userId}`);
  if ('departmentId' in scope) {
    out = out.where(sql<boolean>`EXISTS (SELECT 1 FROM staff_assignments a WHERE a.user_id = ${sql.ref(`${table}.user_id`)}
      AND a.department_id = ${scope.departmentId} AND a.status <> 'rejected')`);
  }
  return out;
}

/** The center's window staff in scope, each with their newest assignment (if any). */
export async function listStaff(db: Q, scope: StaffScope) {
  let q = db.selectFrom('users as u')
    .leftJoinLateral((eb) => eb.selectFrom('staff_assignments as a').selectAll('a').whereRef('a.user_id', '=', 'u.id')
      .where('a.status', 'in', ['pending', 'active']).orderBy('a.from_day', 'desc').limit(1).as('a'), (j) => j.onTrue())
    .leftJoin('windows as w', 'w.id', 'a.window_id')
    .leftJoin('departments as d', 'd.id', 'a.department_id')
    .select(['u.id', 'u.name', 'u.username', 'u.window_id', 'a.id as assignment_id', 'a.status as assignment_status', 'a.window_id as assigned_window_id',
      'w.name as window_name', 'w.name_en as window_name_en', 'a.department_id', 'd.name as department_name', 'd.name_en as department_name_en', 'a.from_day', 'a.to_day'])
    .where('u.kind', '=', 'staff').where('u.center_id', '=', scope.centerId).where(sql<boolean>`'window' = ANY(u.roles)`);
  if ('userId' in scope) q = q.where('u.id', '=', scope.userId);
  if ('departmentId' in scope) {
    q = q.where(sql<boolean>`EXISTS (SELECT 1 FROM staff_assignments x WHERE x.user_id = u.id AND x.department_id = ${scope.departmentId} AND x.status <> 'rejected')`);
  }
  return q.orderBy('u.username').limit(500).execute();
}

export const windowsOfCenter = (db: Q, centerId: string) =>
  db.selectFrom('windows').select(['id', 'name', 'name_en']).where('center_id', '=', centerId).orderBy('name').execute();

export const departmentsOfCenter = (db: Q, centerId: string) =>
  db.selectFrom('departments').select(['id', 'name', 'name_en']).where('center_id', '=', centerId).orderBy('name').execute();

// ---------------------------------------------------------------- assignments

export const insertAssignment = (tx: Tx, row: Insertable<StaffAssignmentsTable>) =>
  tx.insertInto('staff_assignments').values(row).returningAll().executeTakeFirstOrThrow();

export const getAssignment = (db: Q, id: string) =>
  db.selectFrom('staff_assignments').selectAll().where('id', '=', id).executeTakeFirst();

/** Pending or active assignments of a person whose period meets [from, to] (to null = open-ended). */
export const overlappingAssignment = (db: Q, userId: string, from: string, to: string | null, exceptId?: string) => {
  let q = db.selectFrom('staff_assignments').select('id').where('user_id', '=', userId).where('status', 'in', ['pending', 'active'])
    .where((eb) => eb.or([eb('to_day', 'is', null), eb('to_day', '>=', from)]));
  if (to !== null) q = q.where('from_day', '<=', to);
  if (exceptId) q = q.where('id', '!=', exceptId);
  return q.executeTakeFirst();
};

/** Only the transition table's answer is written here (staffing.transitions.ts). */
export const moveAssignment = (tx: Tx, id: string, status: StaffAssignmentStatus, fields: Partial<{
  center_approved_by: string; center_approved_at: Date; department_approved_by: string; department_approved_at: Date; note: string | null;
}>, at: Date) =>
  tx.updateTable('staff_assignments').set({ ...fields, status, updated_at: at }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

export const activeAssignmentOn = (db: Q, userId: string, day: string) =>
  db.selectFrom('staff_assignments').select(['id', 'department_id', 'window_id']).where('user_id', '=', userId).where('status', '=', 'active')
    .where('from_day', '<=', day).where((eb) => eb.or([eb('to_day', 'is', null), eb('to_day', '>=', day)])).executeTakeFirst();

export function listAssignments(db: Q, scope: StaffScope, status: StaffAssignmentStatus | undefined, page: number, pageSize: number) {
  let q = db.selectFrom('staff_assignments as a').innerJoin('users as u', 'u.id', 'a.user_id').innerJoin('windows as w', 'w.id', 'a.window_id')
    .innerJoin('departments as d', 'd.id', 'a.department_id')
    .select(['a.id', 'a.user_id', 'u.name as user_name', 'a.window_id', 'w.name as window_name', 'w.name_en as window_name_en', 'a.department_id',
      'd.name as department_name', 'd.name_en as department_name_en', 'a.from_day', 'a.to_day', 'a.status', 'a.proposed_side',
      'a.center_approved_at', 'a.department_approved_at', 'a.note', 'a.created_at'])
    .where('a.center_id', '=', scope.centerId);
  if ('departmentId' in scope) q = q.where('a.department_id', '=', scope.departmentId);
  if ('userId' in scope) q = q.where('a.user_id', '=', scope.userId);
  if (status) q = q.where('a.status', '=', status);
  return q.orderBy('a.created_at', 'desc').orderBy('a.id').limit(pageSize).offset((page - 1) * pageSize).execute();
}

// ---------------------------------------------------------------- schedules

export const insertSchedule = (tx: Tx, row: Insertable<StaffSchedulesTable>) =>
  tx.insertInto('staff_schedules').values(row).returningAll().executeTakeFirstOrThrow();

export const getSchedule = (db: Q, id: string) => db.selectFrom('staff_schedules').selectAll().where('id', '=', id).executeTakeFirst();

export const scheduleOf = (db: Q, userId: string, day: string, shift: StaffShift) =>
  db.selectFrom('staff_schedules').selectAll().where('user_id', '=', userId).where('day', '=', day).where('shift', '=', shift).executeTakeFirst();

export async function deleteSchedule(tx: Tx, id: string) {
  await tx.deleteFrom('staff_schedules').where('id', '=', id).execute();
}

/** A person's rows (scheduled or on leave) in a period, in day and shift order. */
export const schedulesOfUser = (db: Q, userId: string, from: string, to: string, status?: 'scheduled' | 'on_leave') => {
  let q = db.selectFrom('staff_schedules').selectAll().where('user_id', '=', userId).where('day', '>=', from).where('day', '<=', to);
  if (status) q = q.where('status', '=', status);
  return q.orderBy('day').orderBy('shift').execute();
};

export const schedulesInWeek = (db: Q, scope: StaffScope, from: string, to: string) =>
  scoped(db.selectFrom('staff_schedules').innerJoin('users as u', 'u.id', 'staff_schedules.user_id')
    .leftJoin('staff_attendance as att', 'att.schedule_id', 'staff_schedules.id')
    .select(['staff_schedules.id', 'staff_schedules.user_id', 'u.name as user_name', 'staff_schedules.window_id', 'staff_schedules.day',
      'staff_schedules.shift', 'staff_schedules.status', 'staff_schedules.substitute_for', 'att.signed_in_at', 'att.late_minutes', 'att.signed_out_at', 'att.early_minutes']),
  'staff_schedules', scope).where('staff_schedules.day', '>=', from).where('staff_schedules.day', '<=', to)
    .orderBy('staff_schedules.day').orderBy('staff_schedules.shift').orderBy('staff_schedules.window_id').limit(2000).execute();

export async function markOnLeave(tx: Tx, ids: string[], leaveId: string) {
  if (ids.length) await tx.updateTable('staff_schedules').set({ status: 'on_leave', leave_id: leaveId }).where('id', 'in', ids).execute();
}

// ---------------------------------------------------------------- attendance

export const attendanceOf = (db: Q, scheduleId: string) =>
  db.selectFrom('staff_attendance').selectAll().where('schedule_id', '=', scheduleId).executeTakeFirst();

export const insertAttendance = (tx: Tx, row: Insertable<DB['staff_attendance']>) =>
  tx.insertInto('staff_attendance').values(row).returningAll().executeTakeFirstOrThrow();

/** The attendance row a sign-out closes: signed in today and not yet out. */
export const openAttendance = (db: Q, userId: string, day: string) =>
  db.selectFrom('staff_attendance').selectAll().where('user_id', '=', userId).where('day', '=', day).where('signed_out_at', 'is', null)
    .orderBy('signed_in_at', 'desc').limit(1).executeTakeFirst();

export const signOut = (tx: Tx, scheduleId: string, at: Date, earlyMinutes: number) =>
  tx.updateTable('staff_attendance').set({ signed_out_at: at, early_minutes: earlyMinutes }).where('schedule_id', '=', scheduleId).returningAll().executeTakeFirstOrThrow();

/** A person's shifts of a period with their attendance, for their page and the assessment. */
export const attendanceRows = (db: Q, userId: string, from: string, to: string) =>
  db.selectFrom('staff_schedules as s').leftJoin('staff_attendance as a', 'a.schedule_id', 's.id').innerJoin('windows as w', 'w.id', 's.window_id')
    .select(['s.id', 's.day', 's.shift', 's.status', 's.window_id', 'w.name as window_name', 'w.name_en as window_name_en', 's.substitute_for',
      'a.signed_in_at', 'a.late_minutes', 'a.signed_out_at', 'a.early_minutes'])
    .where('s.user_id', '=', userId).where('s.day', '>=', from).where('s.day', '<=', to)
    .orderBy('s.day', 'desc').orderBy('s.shift', 'desc').limit(1000).execute();

/** Counts of a person's shifts in [from, to]; a scheduled shift without sign-in counts absent once its day is over (before `today`). */
export async function attendanceFigures(db: Q, userId: string, from: string, to: string, today: string) {
  const r = await db.selectFrom('staff_schedules as s').leftJoin('staff_attendance as a', 'a.schedule_id', 's.id')
    .select((eb) => [
      eb.fn.count<string>('s.id').filterWhere('s.status', '=', 'scheduled').as('scheduled'),
      eb.fn.count<string>('a.schedule_id').as('attended'),
      eb.fn.count<string>('a.schedule_id').filterWhere('a.late_minutes', '>', 0).as('late'),
      eb.fn.count<string>('a.schedule_id').filterWhere('a.early_minutes', '>', 0).as('early'),
      eb.fn.count<string>('s.id').filterWhere((w) => w.and([w('s.status', '=', 'scheduled'), w('a.schedule_id', 'is', null), w('s.day', '<', today)])).as('absent'),
      eb.fn.count<string>('s.id').filterWhere('s.status', '=', 'on_leave').as('leave'),
    ])
    .where('s.user_id', '=', userId).where('s.day', '>=', from).where('s.day', '<=', to).executeTakeFirstOrThrow();
  return { scheduled: Number(r.scheduled), attended: Number(r.attended), late: Number(r.late), early: Number(r.early), absent: Number(r.absent), leave: Number(r.leave) };
}

// ---------------------------------------------------------------- leave

export const insertLeave = (tx: Tx, row: Insertable<StaffLeavesTable>) =>
  tx.insertInto('staff_leaves').values(row).returningAll().executeTakeFirstOrThrow();

export const getLeave = (db: Q, id: string) => db.selectFrom('staff_leaves').selectAll().where('id', '=', id).executeTakeFirst();

/** An approved leave of the person meeting [from, to]. */
export const approvedLeaveOverlapping = (db: Q, userId: string, from: string, to: string, exceptId?: string) => {
  let q = db.selectFrom('staff_leaves').select(['id', 'from_day', 'to_day']).where('user_id', '=', userId).where('status', '=', 'approved')
    .where('from_day', '<=', to).where('to_day', '>=', from);
  if (exceptId) q = q.where('id', '!=', exceptId);
  return q.executeTakeFirst();
};

export const moveLeave = (tx: Tx, id: string, status: StaffLeaveStatus, fields: Partial<{ decided_by: string; decided_at: Date; decision_note: string | null }>) =>
  tx.updateTable('staff_leaves').set({ ...fields, status }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

export function listLeaves(db: Q, scope: StaffScope, status: StaffLeaveStatus | undefined, page: number, pageSize: number) {
  let q = scoped(db.selectFrom('staff_leaves').innerJoin('users as u', 'u.id', 'staff_leaves.user_id')
    .leftJoin('users as sub', 'sub.id', 'staff_leaves.substitute_id')
    .selectAll('staff_leaves').select(['u.name as user_name', 'sub.name as substitute_name']), 'staff_leaves', scope);
  if (status) q = q.where('staff_leaves.status', '=', status);
  return q.orderBy('staff_leaves.requested_at', 'desc').orderBy('staff_leaves.id').limit(pageSize).offset((page - 1) * pageSize).execute();
}

// ---------------------------------------------------------------- training and the assessment

export const insertTraining = (tx: Tx, row: Insertable<DB['staff_trainings']>) =>
  tx.insertInto('staff_trainings').values(row).returningAll().executeTakeFirstOrThrow();

export function listTrainings(db: Q, scope: StaffScope, userId: string | undefined, page: number, pageSize: number) {
  let q = scoped(db.selectFrom('staff_trainings').innerJoin('users as u', 'u.id', 'staff_trainings.user_id')
    .selectAll('staff_trainings').select('u.name as user_name'), 'staff_trainings', scope);
  if (userId) q = q.where('staff_trainings.user_id', '=', userId);
  return q.orderBy('staff_trainings.day', 'desc').orderBy('staff_trainings.id').limit(pageSize).offset((page - 1) * pageSize).execute();
}

export const trainingFigures = async (db: Q, userId: string, from: string, to: string) => {
  const r = await db.selectFrom('staff_trainings').select((eb) => [eb.fn.count<string>('id').as('courses'), eb.fn.coalesce(eb.fn.sum<string>('hours'), sql<string>`0`).as('hours')])
    .where('user_id', '=', userId).where('day', '>=', from).where('day', '<=', to).executeTakeFirstOrThrow();
  return { courses: Number(r.courses), hours: Number(r.hours) };
};

export const getAssessment = (db: Q, userId: string, year: number) =>
  db.selectFrom('staff_assessments').selectAll().where('user_id', '=', userId).where('year', '=', year).executeTakeFirst();

export const insertAssessment = (tx: Tx, row: Insertable<DB['staff_assessments']>) =>
  tx.insertInto('staff_assessments').values(row).returningAll().executeTakeFirstOrThrow();

export const rewriteAssessment = (tx: Tx, id: string, v: { result: AssessmentResult; comment: string; figures: string; written_by: string; written_at: Date }) =>
  tx.updateTable('staff_assessments').set({ ...v, status: 'final' }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

export const reopenAssessment = (tx: Tx, id: string, by: string, at: Date, reason: string) =>
  tx.updateTable('staff_assessments').set({ status: 'reopened', reopened_by: by, reopened_at: at, reopen_reason: reason }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

// ---------------------------------------------------------------- assessment inputs from other domains

/** Cases handled by the person in a period, from supervision's performance rollups (perf_daily, migration 0005). */
export async function supervisionFigures(db: Q, userId: string, from: string, to: string) {
  const r = await db.selectFrom('perf_daily').select((eb) => [
    eb.fn.coalesce(eb.fn.sum<string>('received'), sql<string>`0`).as('received'),
    eb.fn.coalesce(eb.fn.sum<string>('accepted'), sql<string>`0`).as('accepted'),
    eb.fn.coalesce(eb.fn.sum<string>('completed'), sql<string>`0`).as('completed'),
    eb.fn.coalesce(eb.fn.sum<string>('on_time'), sql<string>`0`).as('on_time'),
    eb.fn.coalesce(eb.fn.sum<string>('overdue'), sql<string>`0`).as('overdue'),
    eb.fn.coalesce(eb.fn.sum<string>('findings'), sql<string>`0`).as('findings'),
  ]).where('staff_id', '=', userId).where('day', '>=', from).where('day', '<=', to).executeTakeFirstOrThrow();
  return { received: Number(r.received), accepted: Number(r.accepted), completed: Number(r.completed), onTime: Number(r.on_time), overdue: Number(r.overdue), findings: Number(r.findings) };
}

/** The columns a table has, or an empty list when it does not exist (tables other helpers add). */
/** Complaints (12345 work orders of kind complaint) against the person in [from, to) (instants); a merged duplicate is not counted again. */
export async function complaintCount(db: Q, userId: string, from: Date, to: Date): Promise<number> {
  const r = await db.selectFrom('work_orders').select((e) => e.fn.countAll<string>().as('n'))
    .where('kind', '=', 'complaint').where('against_staff_id', '=', userId).where('status', '<>', 'merged')
    .where('created_at', '>=', from).where('created_at', '<', to).executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Ratings of the person's work in [from, to): how many and their average level; null when none. A review voided on appeal counts nowhere. */
export async function ratingFigures(db: Q, userId: string, from: Date, to: Date): Promise<{ count: number; average: number } | null> {
  const r = await db.selectFrom('ratings').select((e) => [e.fn.countAll<string>().as('n'), sql<number | null>`avg(level)::float8`.as('avg')])
    .where('staff_id', '=', userId).where('voided_at', 'is', null)
    .where('created_at', '>=', from).where('created_at', '<', to).executeTakeFirst();
  const n = Number(r?.n ?? 0);
  return n === 0 || r?.avg === null || r?.avg === undefined ? null : { count: n, average: Number(r.avg) };
}
