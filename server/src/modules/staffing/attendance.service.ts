import type { AppContext } from '../../lib/context.ts';
import { errors } from '../../lib/errors.ts';
import { authorize, staffRecordPolicy, type Actor } from '../../policies/index.ts';
import { minutesOf } from '../hall/hall.time.ts';
import * as repo from './staffing.repository.ts';
import { addDays, auditStaff, nowMinutes, SHIFTS, shiftTimes, staffMember, todayOf } from './staffing.service.ts';

/**
 * Sign-in and sign-out at the window (docs/hall-staff.md, Attendance). The clerk signs in from the
 * workbench at a window they are scheduled at, for the shift under way (from 30 minutes before it
 * starts until it ends), once per shift; late and early minutes are measured against the shift's
 * times from the center's hours. An absence is a scheduled shift without a sign-in, counted once its
 * day is over, so it is derived, never written.
 */
export const SIGN_IN_EARLY_MINUTES = 30;

/** The clerk's scheduled shift at `windowId` now, with its times; null when none is under way. */
async function currentShift(ctx: AppContext, userId: string, centerId: string, windowId: string) {
  const today = todayOf(ctx);
  const now = nowMinutes(ctx);
  for (const shift of SHIFTS) {
    const s = await repo.scheduleOf(ctx.db, userId, today, shift);
    if (!s || s.status !== 'scheduled' || s.window_id !== windowId) continue;
    const t = await shiftTimes(ctx.db, centerId, today, shift);
    if (t && now >= minutesOf(t.start) - SIGN_IN_EARLY_MINUTES && now < minutesOf(t.end)) return { schedule: s, times: t };
  }
  return null;
}

export async function signIn(ctx: AppContext, who: Actor | null, windowId: string | undefined) {
  authorize(staffRecordPolicy, who, 'sign');
  const me = who!;
  const at = windowId ?? me.windowId;
  const cur = at ? await currentShift(ctx, me.id, me.centerId!, at) : null;
  if (!cur) throw errors.STAFF_NOT_SCHEDULED();
  const now = ctx.clock.now();
  const late = Math.max(0, nowMinutes(ctx) - minutesOf(cur.times.start));
  return ctx.db.transaction().execute(async (tx) => {
    await repo.lockCenterStaff(tx, me.centerId!);
    if (await repo.attendanceOf(tx, cur.schedule.id)) throw errors.STAFF_ALREADY_SIGNED_IN();
    const row = await repo.insertAttendance(tx, {
      schedule_id: cur.schedule.id, center_id: me.centerId!, user_id: me.id, window_id: cur.schedule.window_id, day: cur.schedule.day, shift: cur.schedule.shift,
      signed_in_at: now, late_minutes: late,
    });
    await auditStaff(tx, me.id, 'attendance.sign_in', me.id, now, { scheduleId: cur.schedule.id, windowId: row.window_id, lateMinutes: late });
    return attendanceView(row);
  });
}

export async function signOut(ctx: AppContext, who: Actor | null) {
  authorize(staffRecordPolicy, who, 'sign');
  const me = who!;
  const today = todayOf(ctx);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    await repo.lockCenterStaff(tx, me.centerId!);
    const open = await repo.openAttendance(tx, me.id, today);
    if (!open) throw errors.STAFF_NOT_SIGNED_IN();
    const t = await shiftTimes(tx, me.centerId!, today, open.shift);
    const early = t ? Math.max(0, minutesOf(t.end) - nowMinutes(ctx)) : 0;
    const row = await repo.signOut(tx, open.schedule_id, now, early);
    await auditStaff(tx, me.id, 'attendance.sign_out', me.id, now, { scheduleId: open.schedule_id, earlyMinutes: early });
    return attendanceView(row);
  });
}

const attendanceView = (a: { schedule_id: string; window_id: string; day: string; shift: 'am' | 'pm'; signed_in_at: Date; late_minutes: number; signed_out_at: Date | null; early_minutes: number | null }) => ({
  scheduleId: a.schedule_id, windowId: a.window_id, day: a.day, shift: a.shift, signedInAt: a.signed_in_at.toISOString(), lateMinutes: a.late_minutes,
  signedOutAt: a.signed_out_at?.toISOString() ?? null, earlyMinutes: a.early_minutes,
});

/** A person's shifts of a period with what happened: signed in (late, early), on leave, absent, or still to come. */
export async function attendanceOf(ctx: AppContext, who: Actor | null, userId: string, from: string | undefined, to: string | undefined) {
  await staffMember(ctx.db, who, userId, 'read');
  const today = todayOf(ctx);
  const end = to ?? addDays(today, 14);
  const start = from ?? addDays(today, -30);
  const rows = await repo.attendanceRows(ctx.db, userId, start, end);
  return {
    from: start, to: end,
    shifts: rows.map((r) => ({
      scheduleId: r.id, day: r.day, shift: r.shift, windowId: r.window_id, windowName: { zh: r.window_name, en: r.window_name_en ?? r.window_name },
      substituteFor: r.substitute_for, signedInAt: r.signed_in_at?.toISOString() ?? null, lateMinutes: r.late_minutes,
      signedOutAt: r.signed_out_at?.toISOString() ?? null, earlyMinutes: r.early_minutes,
      state: r.status === 'on_leave' ? 'leave' as const : r.signed_in_at ? (r.late_minutes! > 0 ? 'late' as const : 'present' as const) : r.day < today ? 'absent' as const : 'upcoming' as const,
    })),
  };
}

/** The clerk's own page: today's shifts with their times and sign-in, and the colleagues who may substitute. */
export async function myDay(ctx: AppContext, who: Actor | null) {
  authorize(staffRecordPolicy, who, 'sign');
  const me = who!;
  const today = todayOf(ctx);
  const [rows, colleagues] = await Promise.all([repo.attendanceRows(ctx.db, me.id, today, today), repo.listStaff(ctx.db, { centerId: me.centerId! })]);
  const shifts = await Promise.all(rows.reverse().map(async (r) => ({
    scheduleId: r.id, day: r.day, shift: r.shift, windowId: r.window_id, windowName: { zh: r.window_name, en: r.window_name_en ?? r.window_name },
    status: r.status, times: await shiftTimes(ctx.db, me.centerId!, today, r.shift),
    signedInAt: r.signed_in_at?.toISOString() ?? null, lateMinutes: r.late_minutes, signedOutAt: r.signed_out_at?.toISOString() ?? null, earlyMinutes: r.early_minutes,
  })));
  return { userId: me.id, today, shifts, colleagues: colleagues.filter((c) => c.id !== me.id).map((c) => ({ id: c.id, name: c.name })) };
}
