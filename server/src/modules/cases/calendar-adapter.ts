import type { Db, Tx } from '../../db/database.ts';
import { loadCalendar } from '../calendar/calendar.service.ts';
import type { WorkCalendar } from './clock.ts';

/** The working-day calendar of a case's region, in the shape the clock rules use. */
export async function calendarFor(db: Db | Tx, regionCode: string): Promise<WorkCalendar> {
  return loadCalendar(db, regionCode);
}
