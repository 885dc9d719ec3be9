import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { OPEN_STATES } from '../cases/transitions.ts';
import { OPEN_WORKORDER_STATES } from '../workorders/workorder.transitions.ts';

/**
 * The figures /metrics reads from the database. Every query runs on an index the sweeps or the
 * supervision board already use, so a scrape costs a few index look-ups, never a table scan.
 */

/** Open cases by warning light (index cases_center_board, made on OPEN_STATES); a case with no light yet counts as `none`. */
export async function openCasesByLight(db: Db): Promise<Array<{ light: string; n: number }>> {
  const rows = await db.selectFrom('cases').where('status', 'in', [...OPEN_STATES])
    .select([sql<string>`coalesce(light, 'none')`.as('light'), (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('light').execute();
  return rows.map((r) => ({ light: r.light, n: Number(r.n) }));
}

/**
 * For each periodic sweep, since when its oldest due row has been waiting (null: nothing due). A
 * date column is due from the start of the next day in the center's time zone (the sweeps claim
 * `date < today`); a timestamp column from that instant. Each line is the sweep's own claim
 * condition, reading the minimum off the index that claim uses.
 */
export async function oldestDue(db: Db, today: string, now: Date, timeZone: string): Promise<Record<string, Date | null>> {
  const dayAfter = (d: ReturnType<typeof sql>) => sql`((${d} + 1)::timestamp AT TIME ZONE ${timeZone})`;
  const r = await sql<Record<string, Date | null>>`SELECT
    ${dayAfter(sql`(SELECT min(acceptance_due_date) FROM cases WHERE status = 'submitted' AND acceptance_due_date < ${today}::date)`)} AS case_acceptance,
    (SELECT min(light_check_date) FROM cases WHERE light_check_date <= ${today}::date AND light_check_date > '-infinity')::timestamp AT TIME ZONE ${timeZone} AS warning_lights,
    ${dayAfter(sql`(SELECT min(reply_due_date) FROM supervision_notices WHERE status = 'open' AND escalated_at IS NULL AND reply_due_date < ${today}::date)`)} AS supervision_notices,
    ${dayAfter(sql`(SELECT min(due_date) FROM payment_notices WHERE status = 'issued' AND due_date < ${today}::date)`)} AS fee_notices,
    ${dayAfter(sql`(SELECT min(escalate_after) FROM work_orders WHERE status IN (${sql.join([...OPEN_WORKORDER_STATES])}) AND escalate_after < ${today}::date)`)} AS work_orders,
    ${dayAfter(sql`(SELECT min(hold_until_date) FROM case_deliveries WHERE method = 'cabinet' AND status = 'out' AND hold_until_date < ${today}::date)`)} AS cabinet_holds,
    (SELECT min(next_attempt_at) FROM elicence_issuances WHERE status = 'pending' AND next_attempt_at <= ${now}) AS elicence_issuance,
    (SELECT min(query_at) FROM payment_orders WHERE status = 'created' AND query_at <= ${now}) AS payment_queries,
    (SELECT min(registry_recheck_at) FROM bidder_declarations WHERE registry_recheck_at <= ${now}) AS declaration_rechecks
  `.execute(db);
  return r.rows[0] ?? {};
}

/**
 * The job queue (lib/jobs.ts, graphile-worker's table): jobs still to run (not given up), and the
 * oldest that is due and not taken by a worker.
 */
export async function jobQueueBacklog(db: Db, now: Date): Promise<{ pending: number; oldestDue: Date | null; locked: number }> {
  const r = await sql<{ pending: number; oldest: Date | null; locked: number }>`SELECT
      count(*) FILTER (WHERE attempts < max_attempts)::int AS pending,
      min(run_at) FILTER (WHERE attempts < max_attempts AND locked_at IS NULL AND run_at <= ${now}) AS oldest,
      count(*) FILTER (WHERE locked_at IS NOT NULL)::int AS locked
    FROM graphile_worker._private_jobs`.execute(db);
  const row = r.rows[0];
  return { pending: row?.pending ?? 0, oldestDue: row?.oldest ?? null, locked: row?.locked ?? 0 };
}
