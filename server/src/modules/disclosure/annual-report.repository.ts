import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';

/**
 * The SQL of the annual disclosure report (docs/disclosure.md "The annual report"): the figures of one
 * center over one China calendar year [from, to), read from the publications, the request events (the
 * history is the record: a reply, a withdrawal, an extension is an event with its time) and the cases.
 */
type Q = Db | Tx;

export interface CategoryRow { category: string; published: number; withdrawn: number; in_force: number }

/** Per category: published during the year, withdrawn during the year, in force at its end. The annual reports themselves are not counted. */
export async function publicationFigures(db: Q, centerId: string, from: Date, to: Date): Promise<CategoryRow[]> {
  const r = await sql<CategoryRow>`
    SELECT category,
      count(*) FILTER (WHERE published_at >= ${from} AND published_at < ${to})::int AS published,
      count(*) FILTER (WHERE withdrawn_at >= ${from} AND withdrawn_at < ${to})::int AS withdrawn,
      count(*) FILTER (WHERE published_at < ${to} AND (withdrawn_at IS NULL OR withdrawn_at >= ${to}))::int AS in_force
    FROM disclosure_publications
    WHERE center_id = ${centerId} AND category <> 'annual_report' AND published_at < ${to}
    GROUP BY category`.execute(db);
  return r.rows;
}

/** Licences granted (准予行政许可) during the year: the center's approved decisions (cases_center_licences, migration 0081). */
export async function licencesGrantedCount(db: Q, centerId: string, from: Date, to: Date): Promise<number> {
  const r = await db.selectFrom('cases').select((eb) => eb.fn.countAll<string>().as('n')).where('center_id', '=', centerId)
    .where('decided_at', '>=', from).where('decided_at', '<', to).where('decision', '=', 'approved').executeTakeFirstOrThrow();
  return Number(r.n);
}

export interface RequestFigures {
  received: number; carried_over: number; withdrawn: number; corrections_requested: number; corrected: number;
  extensions_requested: number; extensions_approved: number; answered_late: number; carried_forward: number; open_overdue_at_end: number;
  by_type: Record<string, number> | null;
}

/**
 * The requests: received during the year; carried over (open when it began) and forward (open when it
 * ended; of them, those past their due date then); answered by reply type; withdrawn; corrections
 * asked and made; extensions asked and approved; answered after their due date (the due date in force
 * when the reply was given: the last one set by the submission, a correction or an approved extension).
 * `nextYearStart` is the China date the year ends on (exclusive), for the overdue ones at its end.
 */
export async function requestFigures(db: Q, centerId: string, from: Date, to: Date, nextYearStart: string): Promise<RequestFigures> {
  const r = await sql<RequestFigures>`
    WITH reqs AS (SELECT id, created_at FROM disclosure_requests WHERE center_id = ${centerId} AND created_at < ${to}),
    ev AS (SELECT e.id, e.request_id, e.action, e.data, e.at FROM disclosure_request_events e JOIN reqs ON reqs.id = e.request_id WHERE e.at < ${to}),
    open_at AS (
      SELECT reqs.id, reqs.created_at < ${from} AND NOT EXISTS (SELECT 1 FROM ev WHERE ev.request_id = reqs.id AND ev.action IN ('reply', 'withdraw') AND ev.at < ${from}) AS at_start,
        NOT EXISTS (SELECT 1 FROM ev WHERE ev.request_id = reqs.id AND ev.action IN ('reply', 'withdraw') AND ev.at < ${to}) AS at_end
      FROM reqs
    )
    SELECT
      (SELECT count(*) FROM reqs WHERE created_at >= ${from})::int AS received,
      (SELECT count(*) FROM open_at WHERE at_start)::int AS carried_over,
      (SELECT count(*) FROM open_at WHERE at_end)::int AS carried_forward,
      (SELECT count(*) FROM open_at o WHERE o.at_end AND (
        SELECT (c.data->>'dueDate')::date FROM ev c
        WHERE c.request_id = o.id AND c.at < ${to} AND c.action IN ('submit', 'correct', 'approve_extension', 'request_correction')
        ORDER BY c.id DESC LIMIT 1) < ${nextYearStart}::date)::int AS open_overdue_at_end,
      (SELECT count(*) FROM ev WHERE action = 'withdraw' AND at >= ${from})::int AS withdrawn,
      (SELECT count(*) FROM ev WHERE action = 'request_correction' AND at >= ${from})::int AS corrections_requested,
      (SELECT count(*) FROM ev WHERE action = 'correct' AND at >= ${from})::int AS corrected,
      (SELECT count(*) FROM ev WHERE action = 'request_extension' AND at >= ${from})::int AS extensions_requested,
      (SELECT count(*) FROM ev WHERE action = 'approve_extension' AND at >= ${from})::int AS extensions_approved,
      (SELECT count(*) FROM ev r WHERE r.action = 'reply' AND r.at >= ${from}
        AND (r.at AT TIME ZONE 'Asia/Shanghai')::date > (
          SELECT (c.data->>'dueDate')::date FROM ev c
          WHERE c.request_id = r.request_id AND c.id < r.id AND c.action IN ('submit', 'correct', 'approve_extension')
          ORDER BY c.id DESC LIMIT 1))::int AS answered_late,
      (SELECT jsonb_object_agg(t, n) FROM (
        SELECT data->>'replyType' AS t, count(*)::int AS n FROM ev WHERE action = 'reply' AND at >= ${from} GROUP BY 1) x) AS by_type
  `.execute(db);
  return r.rows[0]!;
}

export const publishedReport = (db: Q, centerId: string, year: number) =>
  db.selectFrom('disclosure_publications').select('id').where('center_id', '=', centerId).where('year', '=', year)
    .where('category', '=', 'annual_report').where('status', '=', 'published').executeTakeFirst();
