import type { Db } from '../../db/database.ts';
import { chinaDate } from '../../lib/clock.ts';
import { addWorkdays } from '../calendar/calendar.service.ts';
import { DEFAULT_RECTIFY_WORKDAYS } from './rectification.service.ts';

/**
 * Demo data of ratings (idempotent): yesterday's four finished visits at the province's intake
 * window 1 (zone A, numbers A901–A904, above any real day's count), rated on the window pad — three
 * good, one very dissatisfied — and the open rectification task of the bad one, the center managers'
 * (an intake window has no department). Returns how many ratings it wrote.
 */
export async function seedRatings(db: Db, centerId: string, now: Date): Promise<number> {
  if (await db.selectFrom('ratings').select('id').where('center_id', '=', centerId).executeTakeFirst()) return 0;
  const zone = await db.selectFrom('hall_zones').select('id').where('center_id', '=', centerId).where('prefix', '=', 'A').executeTakeFirst();
  const clerk = await db.selectFrom('users').select(['id', 'window_id']).where('username', '=', 'window1').executeTakeFirst();
  const center = await db.selectFrom('centers').select('region_code').where('id', '=', centerId).executeTakeFirstOrThrow();
  if (!zone || !clerk?.window_id) return 0;
  const at = new Date(now.getTime() - 86_400_000);
  const day = chinaDate(at);
  const visits = [
    { level: 5, dims: { attitude: 5, efficiency: 5 }, comment: '窗口人员很耐心' },
    { level: 4, dims: { attitude: 4, efficiency: 4 }, comment: null },
    { level: 5, dims: {}, comment: null },
    { level: 1, dims: { efficiency: 1, attitude: 2 }, comment: '排队等了一个多小时，窗口中途离岗' },
  ];
  await db.transaction().execute(async (tx) => {
    for (const [i, v] of visits.entries()) {
      const ticket = await tx.insertInto('hall_tickets').values({
        center_id: centerId, zone_id: zone.id, issued_zone_id: zone.id, day, seq: 901 + i, number: `A${901 + i}`, source: 'kiosk', status: 'done',
        queued_at: at, issued_at: at, first_called_at: at, called_at: at, call_count: 1, finished_at: at, window_id: clerk.window_id, clerk_id: clerk.id,
      }).onConflict((oc) => oc.doNothing()).returning('id').executeTakeFirst();
      if (!ticket) continue;
      const rating = await tx.insertInto('ratings').values({
        ticket_id: ticket.id, stage: 'visit', level: v.level, dimensions: JSON.stringify(v.dims), comment: v.comment, channel: 'pad',
        real_name: false, staff_id: clerk.id, window_id: clerk.window_id, center_id: centerId, created_at: at,
      }).returning('id').executeTakeFirstOrThrow();
      if (v.level <= 2) {
        const due = await addWorkdays(tx, center.region_code, day, DEFAULT_RECTIFY_WORKDAYS);
        await tx.insertInto('rectification_tasks').values({
          rating_id: rating.id, center_id: centerId, department_id: null, status: 'open', real_name: false,
          due_date: due.due, due_provisional: due.provisional, escalate_after: due.due, created_at: at, updated_at: at,
        }).execute();
      }
    }
  });
  return visits.length;
}
