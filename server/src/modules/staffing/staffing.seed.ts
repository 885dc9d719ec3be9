import type { Db } from '../../db/database.ts';
import type { StaffShift } from '../../db/types.ts';
import { chinaDate } from '../../lib/clock.ts';
import { addDays, isoWeekday } from '../hall/hall.time.ts';
import { shiftTimes } from './staffing.service.ts';

/**
 * Demo data of window staff (idempotent): each demo window clerk seconded from a department (both
 * sides approved), and scheduled at their own window for every shift the center works in the current
 * week (from today) and the next, from the center's hours and calendar (no shift on a holiday).
 */
const DEMO: Array<{ username: string; department: string }> = [
  { username: 'window1', department: 'p-market' }, { username: 'delivery1', department: 'p-housing' },
  { username: 'hk.window1', department: 'h-market' }, { username: 'hk.proxy1', department: 'h-fire' },
];

export async function seedStaffing(db: Db, departmentIds: Map<string, { id: string }>, now: Date): Promise<number> {
  const today = chinaDate(now);
  const monday = addDays(today, 1 - isoWeekday(today));
  let created = 0;
  for (const d of DEMO) {
    const user = await db.selectFrom('users').select(['id', 'center_id', 'window_id']).where('username', '=', d.username).executeTakeFirst();
    const dept = departmentIds.get(d.department);
    if (!user?.center_id || !user.window_id || !dept) continue;
    const exists = await db.selectFrom('staff_assignments').select('id').where('user_id', '=', user.id).executeTakeFirst();
    if (exists) continue;
    const manager = await db.selectFrom('users').select('id').where('center_id', '=', user.center_id).where('username', 'like', '%manager').orderBy('username').executeTakeFirstOrThrow();
    const slots: Array<{ day: string; shift: StaffShift }> = [];
    for (let i = 0; i < 14; i++) {
      const day = addDays(monday, i);
      if (day < today) continue; // past days without sign-ins would read as absences
      for (const shift of ['am', 'pm'] as const) if (await shiftTimes(db, user.center_id, day, shift)) slots.push({ day, shift });
    }
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('staff_assignments').values({
        center_id: user.center_id!, user_id: user.id, window_id: user.window_id!, department_id: dept.id, from_day: addDays(monday, -28), to_day: null,
        status: 'active', proposed_side: 'center', proposed_by: manager.id, center_approved_by: manager.id, center_approved_at: now,
        department_approved_by: manager.id, department_approved_at: now, note: '演示数据', created_at: now, updated_at: now,
      }).execute();
      if (slots.length) {
        await tx.insertInto('staff_schedules').values(slots.map((s) => ({
          center_id: user.center_id!, user_id: user.id, window_id: user.window_id!, day: s.day, shift: s.shift, created_by: manager.id, created_at: now,
        }))).onConflict((oc) => oc.doNothing()).execute();
      }
    });
    created++;
  }
  return created;
}
