import { sql } from 'kysely';
import type { Tx } from '../../db/database.ts';

/** A booked appointment due for its reminder, with what the message names. */
export interface DueReminder {
  id: string; person_id: string; center_id: string; day: string; slot_start: string; slot_end: string;
  zone_name: string; zone_name_en: string; center_name: string; center_name_en: string | null;
}

/**
 * Booked appointments not yet reminded whose slot begins within the center's `reminder_hours_ahead`
 * (and has not begun), claimed with FOR UPDATE SKIP LOCKED on the partial index
 * `hall_appointments_to_remind` (0035): concurrent sweeps on several instances take different rows.
 * `maxDay` bounds the index scan (the lead time is at most 168 hours).
 */
export async function claimDueReminders(tx: Tx, now: Date, today: string, maxDay: string, limit = 100): Promise<DueReminder[]> {
  const r = await sql<DueReminder>`
    SELECT a.id, a.person_id, a.center_id, a.day::text AS day, a.slot_start::text AS slot_start, a.slot_end::text AS slot_end,
      z.name AS zone_name, z.name_en AS zone_name_en, c.name AS center_name, c.name_en AS center_name_en
    FROM hall_appointments a
    JOIN hall_zones z ON z.id = a.zone_id
    JOIN centers c ON c.id = a.center_id
    LEFT JOIN hall_settings s ON s.center_id = a.center_id
    WHERE a.status = 'booked' AND a.reminded_at IS NULL AND a.day BETWEEN ${today}::date AND ${maxDay}::date
      AND ((a.day + a.slot_start) AT TIME ZONE 'Asia/Shanghai') > ${now}
      AND ((a.day + a.slot_start) AT TIME ZONE 'Asia/Shanghai') - make_interval(hours => coalesce(s.reminder_hours_ahead, 24)) <= ${now}
    ORDER BY a.day, a.slot_start
    LIMIT ${limit}
    FOR UPDATE OF a SKIP LOCKED`.execute(tx);
  return r.rows;
}

export async function markReminded(tx: Tx, id: string, at: Date) {
  await tx.updateTable('hall_appointments').set({ reminded_at: at }).where('id', '=', id).where('reminded_at', 'is', null).execute();
}
