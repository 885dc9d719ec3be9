import type { Db, Tx } from '../../db/database.ts';
import { VersionedCache, type ConfigVersions } from '../../lib/config-versions.ts';
import { loadCalendar } from '../calendar/calendar.service.ts';
import type { WorkCalendar } from './clock.ts';

const calendars = new VersionedCache<string, WorkCalendar>('calendar');

/**
 * The working-day calendar of a case's region, in the shape the clock rules use. With the
 * configuration versions the request read (a submission's item read), a copy read at that calendar
 * version or later answers without a round trip (lib/config-versions.ts); without, one small query.
 */
export async function calendarFor(db: Db | Tx, regionCode: string, versions?: ConfigVersions): Promise<WorkCalendar> {
  return calendars.get(regionCode, versions, () => loadCalendar(db, regionCode));
}
