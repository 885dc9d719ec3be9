import { sql, type Insertable, type Selectable, type UpdateObject } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { DB, RatingInvitationsTable, RatingsTable, RectificationStatus, RectificationTasksTable } from '../../db/types.ts';

type Q = Db | Tx;
export type RatingRow = Selectable<RatingsTable>;
export type TaskRow = Selectable<RectificationTasksTable>;
export type TaskFields = Omit<UpdateObject<DB, 'rectification_tasks', 'rectification_tasks'>, 'status' | 'id'>;

// ---------------------------------------------------------------- cases, tickets, configuration

export const caseForRating = (db: Q, id: string) =>
  db.selectFrom('cases').select(['id', 'applicant_id', 'center_id', 'department_id', 'status', 'kind', 'receipt_no', 'region_code'])
    .where('id', '=', id).executeTakeFirst();

export const staffWindow = (db: Q, userId: string) =>
  db.selectFrom('users').select(['window_id']).where('id', '=', userId).where('kind', '=', 'staff').executeTakeFirst();

const TICKET_FOR_RATING = ['id', 'center_id', 'day', 'status', 'window_id', 'clerk_id', 'finished_at', 'person_id'] as const;
export type TicketForRating = NonNullable<Awaited<ReturnType<typeof lockTicket>>>;

export const lockTicket = (tx: Tx, id: string) =>
  tx.selectFrom('hall_tickets').select(TICKET_FOR_RATING).where('id', '=', id).forUpdate().executeTakeFirst();

/** The ticket of a slip's rating token (its hash, 0073's unique index), of the day only: a code of another day is unknown. */
export const lockTicketByToken = (tx: Tx, tokenHash: Buffer, day: string) =>
  tx.selectFrom('hall_tickets').select(TICKET_FOR_RATING).where('rating_token_hash', '=', tokenHash).where('day', '=', day).forUpdate().executeTakeFirst();

/** What the rating page of a slip shows: the visit's number, service (zone), window, day and state, and whether it is rated. */
export const visitByToken = (db: Q, tokenHash: Buffer, day: string) =>
  db.selectFrom('hall_tickets as t')
    .innerJoin('hall_zones as z', 'z.id', 't.zone_id')
    .leftJoin('windows as w', 'w.id', 't.window_id')
    .leftJoin('ratings as r', 'r.ticket_id', 't.id')
    .select(['t.number', 't.day', 't.status', 't.finished_at', 'z.name as zone_name', 'z.name_en as zone_name_en', 'w.name as window_name', 'w.name_en as window_name_en', 'r.id as rating_id'])
    .where('t.rating_token_hash', '=', tokenHash).where('t.day', '=', day).executeTakeFirst();

/**
 * The person's visits finished on a China day, each with its rating if given (`hall_tickets_by_person`,
 * then the ratings' unique ticket index): what "rate today's visit" on My hall offers.
 */
export const finishedVisitsOfPerson = (db: Q, personId: string, day: string, limit = 20) =>
  db.selectFrom('hall_tickets as t')
    .leftJoin('ratings as r', 'r.ticket_id', 't.id')
    .select(['t.id', 't.number', 't.finished_at', 'r.level', 'r.created_at as rated_at'])
    .where('t.person_id', '=', personId).where('t.day', '=', day).where('t.status', '=', 'done')
    .orderBy('t.issued_at', 'desc').limit(limit).execute();

/** Whether the window has called another ticket of the day since `since` (the visitor at its pad is no longer this one). */
export async function windowCalledSince(db: Q, t: { id: string; window_id: string | null; day: string }, since: Date) {
  if (!t.window_id) return false;
  return !!(await db.selectFrom('hall_tickets').select('id').where('window_id', '=', t.window_id).where('day', '=', t.day).where('id', '!=', t.id)
    .where('called_at', '>', since).limit(1).executeTakeFirst());
}

export const windowDepartment = async (db: Q, windowId: string | null) =>
  windowId ? (await db.selectFrom('windows').select('department_id').where('id', '=', windowId).executeTakeFirst())?.department_id ?? null : null;

export const activeDimensions = (db: Q) =>
  db.selectFrom('rating_dimensions').select(['key', 'name', 'name_en']).where('active', '=', true).orderBy('sort').execute();

export const centerRegion = async (db: Q, centerId: string) =>
  (await db.selectFrom('centers').select('region_code').where('id', '=', centerId).executeTakeFirstOrThrow()).region_code;

export const rectifyWorkdays = async (db: Q, centerId: string) =>
  (await db.selectFrom('rating_settings').select('rectify_workdays').where('center_id', '=', centerId).executeTakeFirst())?.rectify_workdays ?? null;

export async function saveSettings(tx: Tx, centerId: string, workdays: number, by: string, at: Date) {
  await tx.insertInto('rating_settings').values({ center_id: centerId, rectify_workdays: workdays, updated_by: by, updated_at: at })
    .onConflict((oc) => oc.column('center_id').doUpdateSet({ rectify_workdays: workdays, updated_by: by, updated_at: at })).execute();
}

// ---------------------------------------------------------------- invitations and ratings

/** Written once per case and stage; a repeat (a listener heard twice) writes nothing. */
export async function insertInvitation(tx: Tx, v: Insertable<RatingInvitationsTable>) {
  const r = await tx.insertInto('rating_invitations').values(v).onConflict((oc) => oc.columns(['case_id', 'stage']).doNothing()).returning('case_id').executeTakeFirst();
  return !!r;
}

export const invitation = (db: Q, caseId: string, stage: 'acceptance' | 'completion') =>
  db.selectFrom('rating_invitations').selectAll().where('case_id', '=', caseId).where('stage', '=', stage).executeTakeFirst();

export const invitationsOfCase = (db: Q, caseId: string) =>
  db.selectFrom('rating_invitations').select(['stage', 'invited_at']).where('case_id', '=', caseId).orderBy('invited_at').execute();

export const ratingsOfCase = (db: Q, caseId: string) =>
  db.selectFrom('ratings').selectAll().where('case_id', '=', caseId).execute();

/** The one rating of its case and stage (or ticket): null when one exists already (the unique indexes decide, under any concurrency). */
export async function insertRating(tx: Tx, v: Insertable<RatingsTable>) {
  return (await tx.insertInto('ratings').values(v).onConflict((oc) => oc.doNothing()).returningAll().executeTakeFirst()) ?? null;
}

export async function voidRating(tx: Tx, id: string, at: Date) {
  await tx.updateTable('ratings').set({ voided_at: at }).where('id', '=', id).execute();
}

// ---------------------------------------------------------------- rectification tasks

export async function insertTask(tx: Tx, v: Insertable<RectificationTasksTable>) {
  return tx.insertInto('rectification_tasks').values(v).returningAll().executeTakeFirstOrThrow();
}

export const lockTask = (tx: Tx, id: string) =>
  tx.selectFrom('rectification_tasks').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export const taskOfRating = (db: Q, ratingId: string) =>
  db.selectFrom('rectification_tasks').selectAll().where('rating_id', '=', ratingId).executeTakeFirst();

/** Only rectification.transitions.ts calls this: the one update that names a task's status. */
export async function moveTask(tx: Tx, id: string, from: RectificationStatus, to: RectificationStatus, fields: TaskFields) {
  return tx.updateTable('rectification_tasks').set({ ...fields, status: to }).where('id', '=', id).where('status', '=', from)
    .returningAll().executeTakeFirstOrThrow();
}

// ---------------------------------------------------------------- escalation of overdue tasks (0047)

/** Not yet rectified: these escalate once overdue (an appeal being decided waits; rectify clears the column). */
const UNRECTIFIED: readonly RectificationStatus[] = ['open', 'called_back', 'verified', 'appeal_rejected'];

/**
 * Claims the unrectified tasks whose escalation is due (`escalate_after` before today) on the partial
 * index, FOR UPDATE SKIP LOCKED: two sweeps never take the same task, and one that comes after the
 * commit re-reads `escalate_after` (moved on) and skips it. Held until the caller commits.
 */
export const claimDueRectifications = (tx: Tx, today: string, limit: number) =>
  tx.selectFrom('rectification_tasks').selectAll()
    .where('escalate_after', '<', today).where('status', 'in', UNRECTIFIED)
    .orderBy('escalate_after').limit(limit).forUpdate().skipLocked().execute();

/** The escalation columns only (never the status: the transition table writes that). */
export async function setTaskEscalation(tx: Tx, id: string, level: number, next: string | null, at: Date) {
  await tx.updateTable('rectification_tasks').set({ escalation_level: level, escalate_after: next, updated_at: at }).where('id', '=', id).execute();
}

/** A task with its rating, the rated case's receipt number and applicant, and (real-name only) the rater's name. */
export const taskDetail = (db: Q, id: string) =>
  db.selectFrom('rectification_tasks as t').innerJoin('ratings as r', 'r.id', 't.rating_id')
    .leftJoin('cases as c', 'c.id', 'r.case_id')
    .leftJoin('users as u', 'u.id', 'r.rater_id')
    .leftJoin('departments as d', 'd.id', 't.department_id')
    .selectAll('t')
    .select(['r.case_id', 'r.ticket_id', 'r.stage', 'r.level', 'r.dimensions', 'r.comment', 'r.channel', 'r.created_at as rated_at', 'r.voided_at',
      'c.receipt_no', 'c.applicant_id', 'u.name as rater_name', 'd.name as department_name', 'd.name_en as department_name_en'])
    .where('t.id', '=', id).executeTakeFirst();
export type TaskDetail = NonNullable<Awaited<ReturnType<typeof taskDetail>>>;

export interface TaskScope { centerId: string; departmentId?: string | null | undefined }

/** A page of tasks in scope, open ones first by due date; served by rectification_by_department / _by_center. */
export async function listTasks(db: Q, scope: TaskScope, statuses: readonly RectificationStatus[] | null, page: number, pageSize: number) {
  let q = db.selectFrom('rectification_tasks as t').where('t.center_id', '=', scope.centerId);
  if (scope.departmentId !== undefined) q = scope.departmentId === null ? q.where('t.department_id', 'is', null) : q.where('t.department_id', '=', scope.departmentId);
  if (statuses) q = q.where('t.status', 'in', statuses);
  const [rows, total] = await Promise.all([
    q.innerJoin('ratings as r', 'r.id', 't.rating_id').leftJoin('cases as c', 'c.id', 'r.case_id')
      .select(['t.id', 't.status', 't.due_date', 't.real_name', 't.created_at', 't.escalation_level', 'r.level', 'r.stage', 'c.receipt_no'])
      .orderBy('t.due_date').orderBy('t.id').limit(pageSize).offset((page - 1) * pageSize).execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

// ---------------------------------------------------------------- figures

export type FiguresBy = 'department' | 'window' | 'staff';
const COLUMN = { department: 'department_id', window: 'window_id', staff: 'staff_id' } as const;

/**
 * Per department, window or staff member of a center, ratings given in [from, to): counts, mean,
 * satisfied (4–5), bad (1–2), bad reviews rectified by their due date, and the invited stages
 * (the coverage's denominator). Each part is one grouped scan of its index (center, key, time).
 */
export async function figures(db: Q, centerId: string, by: FiguresBy, from: Date, to: Date) {
  const col = sql.ref(COLUMN[by]);
  const [rated, invited, tasks] = await Promise.all([
    sql<{ key: string | null; ratings: string; case_ratings: string; satisfied: string; bad: string; mean: string | null }>`
      SELECT ${col} AS key, count(*) AS ratings, count(case_id) AS case_ratings,
             count(*) FILTER (WHERE level >= 4) AS satisfied, count(*) FILTER (WHERE level <= 2) AS bad, avg(level)::numeric(4,2) AS mean
      FROM ratings WHERE center_id = ${centerId} AND voided_at IS NULL AND created_at >= ${from} AND created_at < ${to}
      GROUP BY 1`.execute(db),
    sql<{ key: string | null; invited: string }>`
      SELECT ${col} AS key, count(*) AS invited FROM rating_invitations
      WHERE center_id = ${centerId} AND invited_at >= ${from} AND invited_at < ${to} GROUP BY 1`.execute(db),
    sql<{ key: string | null; on_time: string }>`
      SELECT r.${col} AS key, count(*) AS on_time FROM ratings r JOIN rectification_tasks t ON t.rating_id = r.id
      WHERE r.center_id = ${centerId} AND r.voided_at IS NULL AND r.created_at >= ${from} AND r.created_at < ${to}
        AND t.rectified_date IS NOT NULL AND t.rectified_date <= t.due_date
      GROUP BY 1`.execute(db),
  ]);
  return { rated: rated.rows, invited: invited.rows, onTime: tasks.rows };
}

export async function namesOf(db: Q, by: FiguresBy, ids: string[]) {
  if (ids.length === 0) return new Map<string, { name: string; nameEn: string | null }>();
  const rows = by === 'department'
    ? await db.selectFrom('departments').select(['id', 'name', 'name_en']).where('id', 'in', ids).execute()
    : by === 'window'
      ? await db.selectFrom('windows').select(['id', 'name', 'name_en']).where('id', 'in', ids).execute()
      : (await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute()).map((u) => ({ ...u, name_en: null }));
  return new Map(rows.map((r) => [r.id, { name: r.name, nameEn: r.name_en }]));
}
