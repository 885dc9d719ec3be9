import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';

/**
 * The hall's figures, read from the columns every ticket records (issued_at, first_called_at,
 * called_at, finished_at, status, window_id) on the index `hall_tickets_by_center_day` (0035).
 * Waiting time = first call − issue; service time = finish − last call (done tickets only). Cases:
 * those registered at the counter from the tickets (0061 `hall_ticket_cases`, on its primary key):
 * a visit may register several.
 */
export type FiguresBy = 'zone' | 'window' | 'hour' | 'total';

const GROUP: Record<FiguresBy, RawBuilder<unknown>> = {
  zone: sql`t.zone_id::text`,
  window: sql`t.window_id::text`,
  // Hours of the day in China time (the hall's wall clock).
  hour: sql`extract(hour FROM t.issued_at AT TIME ZONE 'Asia/Shanghai')::int::text`,
  total: sql`'all'`,
};

export interface TicketFiguresRow {
  key: string | null; issued: number; served: number; no_show: number; cancelled: number; open: number; cases: number;
  wait_n: number; wait_mean: number | null; wait_p90: number | null; service_mean: number | null; service_p90: number | null;
}

export async function ticketFigures(db: Db, centerId: string, from: string, to: string, by: FiguresBy): Promise<TicketFiguresRow[]> {
  const key = GROUP[by];
  const r = await sql<TicketFiguresRow>`
    SELECT ${key} AS key,
      count(*)::int AS issued,
      count(*) FILTER (WHERE t.status = 'done')::int AS served,
      count(*) FILTER (WHERE t.status = 'no_show')::int AS no_show,
      count(*) FILTER (WHERE t.status = 'cancelled')::int AS cancelled,
      count(*) FILTER (WHERE t.status IN ('waiting', 'called'))::int AS open,
      coalesce(sum((SELECT count(*) FROM hall_ticket_cases l WHERE l.ticket_id = t.id)), 0)::int AS cases,
      count(t.first_called_at)::int AS wait_n,
      avg(extract(epoch FROM t.first_called_at - t.issued_at))::float8 AS wait_mean,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM t.first_called_at - t.issued_at))::float8 AS wait_p90,
      avg(extract(epoch FROM t.finished_at - t.called_at)) FILTER (WHERE t.status = 'done')::float8 AS service_mean,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM t.finished_at - t.called_at)) FILTER (WHERE t.status = 'done')::float8 AS service_p90
    FROM hall_tickets t
    WHERE t.center_id = ${centerId} AND t.day BETWEEN ${from}::date AND ${to}::date
    GROUP BY 1 ORDER BY 1`.execute(db);
  return r.rows;
}

export interface AppointmentFiguresRow { status: 'booked' | 'checked_in' | 'cancelled' | 'no_show'; n: number }

export async function appointmentFigures(db: Db, centerId: string, from: string, to: string): Promise<AppointmentFiguresRow[]> {
  return db.selectFrom('hall_appointments').select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('center_id', '=', centerId).where('day', '>=', from).where('day', '<=', to).groupBy('status').execute();
}

export const centerWithRegion = (db: Db, id: string) =>
  db.selectFrom('centers').select(['id', 'name', 'name_en', 'region_code']).where('id', '=', id).executeTakeFirst();

export const zoneNames = (db: Db, centerId: string) =>
  db.selectFrom('hall_zones').select(['id', 'prefix', 'name', 'name_en']).where('center_id', '=', centerId).execute();

export const windowNames = (db: Db, centerId: string) =>
  db.selectFrom('windows').select(['id', 'name', 'name_en']).where('center_id', '=', centerId).execute();
