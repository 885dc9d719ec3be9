import { appendAudit } from '../../lib/audit.ts';
import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import { messageApplicant } from '../notifications/applicant-messages.ts';
import { addDays, hhmm } from './hall.time.ts';
import * as repo from './reminders.repository.ts';

/**
 * Appointment reminders (docs/hall.md "Reminders"): each booked appointment is told once, the
 * center's `reminder_hours_ahead` hours (default 24: the day before) before its slot. A batch is
 * claimed with SKIP LOCKED and marked `reminded_at` in the transaction that writes the message;
 * the message's dedupe key `hall.remind:<appointmentId>` makes a second send write nothing even so.
 * An appointment booked later than the lead time is reminded at the next sweep.
 */
export async function sendDueReminders(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  const today = chinaDate(now);
  return ctx.db.transaction().execute(async (tx) => {
    const due = await repo.claimDueReminders(tx, now, today, addDays(today, 8));
    for (const a of due) {
      await repo.markReminded(tx, a.id, now);
      const when = `${a.day} ${hhmm(a.slot_start)}–${hhmm(a.slot_end)}`;
      await messageApplicant(tx, {
        kind: 'hall.appointment_reminder', userId: a.person_id, centerId: a.center_id,
        title: { zh: '预约提醒', en: 'Appointment reminder' },
        body: {
          zh: `您预约了${a.center_name}「${a.zone_name}」${when}。请携带身份证按时到达，在取号机凭身份证签到；如不能前来，请提前取消预约。`,
          en: `Your appointment at ${a.center_name_en ?? a.center_name}, ${a.zone_name_en}, is on ${when}. Bring your ID card and check in at the kiosk; if you cannot come, please cancel it beforehand.`,
        },
        link: '/my/hall', dedupeKey: `hall.remind:${a.id}`, at: now,
      });
      await appendAudit(tx, { stream: `hall_appointment:${a.id}`, action: 'hall.appointment.remind', actorId: null, at: now, data: {} });
    }
    return due.length;
  });
}
