import { appendAudit } from '../../lib/audit.ts';
import { messageApplicant } from '../notifications/applicant-messages.ts';
import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors, NOT_FOUND } from '../../lib/errors.ts';
import { authorize, hallAppointmentPolicy, windowReaches, zoneScoped, type Actor } from '../../policies/index.ts';
import { assertZoneScope, centerOrThrow, hoursOn, settingsOf, slotsOf, windowZones, ZONE_NOT_FOUND, zoneView } from './hall.service.ts';
import * as repo from './hall.repository.ts';
import { addDays, chinaInstant, chinaTime, daysBetween, hhmm } from './hall.time.ts';
import { moveAppointment } from './hall.transitions.ts';

/**
 * Appointments in the portal (docs/hall.md): real-name personal accounts only; a day within the
 * center's booking window; a slot of that day; one active booking per person, zone and day; never
 * more than a slot's or a zone-day's capacity (the counters' CHECK, whatever the concurrency);
 * repeated no-shows suspend booking for a while (the rule is the center's data).
 */

const APPOINTMENT_NOT_FOUND = () => NOT_FOUND({ zh: '预约', en: 'Appointment' });

/** Has a slot of a day begun at `now` (China time)? Only a slot of today can have. */
const slotBegun = (day: string, start: string, now: Date) => chinaInstant(day, start) <= now;

/** The public view of a zone's day: open or not, its slots with the places left. */
export async function zoneDay(ctx: AppContext, zoneId: string, day: string) {
  const zone = await repo.getZone(ctx.db, zoneId);
  if (!zone || !zone.active) throw ZONE_NOT_FOUND();
  const center = await centerOrThrow(ctx.db, zone.center_id);
  const [hours, counts, dayCount, settings] = await Promise.all([
    hoursOn(ctx.db, center, day), repo.slotCounts(ctx.db, zone.id, day), repo.dayCount(ctx.db, zone.id, day), settingsOf(ctx.db, center.id),
  ]);
  const now = ctx.clock.now();
  const today = chinaDate(now);
  const ahead = daysBetween(today, day);
  const bookable = !!hours && ahead >= settings.booking_min_days && ahead <= settings.booking_max_days;
  const dayBooked = dayCount?.booked ?? 0;
  const dayCapacity = dayCount?.capacity ?? zone.day_capacity;
  return {
    zone: zoneView(zone), day, open: !!hours, bookable, hours,
    dayCapacity, dayBooked,
    slots: hours ? slotsOf(hours, zone).map((s) => {
      const c = counts.find((x) => hhmm(x.slot_start) === s.start);
      const capacity = c?.capacity ?? zone.slot_capacity;
      const booked = c?.booked ?? 0;
      return { start: s.start, end: s.end, capacity, booked, available: bookable && booked < capacity && dayBooked < dayCapacity && !slotBegun(day, s.start, now) };
    }) : [],
  };
}

/** Public: the zones of a center with its booking window, for the booking page. */
export async function centerZones(ctx: AppContext, centerId: string) {
  const center = await centerOrThrow(ctx.db, centerId);
  const [zones, settings] = await Promise.all([repo.listZones(ctx.db, centerId), settingsOf(ctx.db, centerId)]);
  const today = chinaDate(ctx.clock.now());
  return {
    center: { id: center.id, name: center.name, nameEn: center.name_en },
    today, bookingMinDays: settings.booking_min_days, bookingMaxDays: settings.booking_max_days,
    firstDay: addDays(today, settings.booking_min_days), lastDay: addDays(today, settings.booking_max_days),
    zones: zones.filter((z) => z.active).map(zoneView),
  };
}

/** The day booking is suspended until, or null: `noshow_limit` no-shows within `noshow_window_days` suspend it for `noshow_restrict_days` from the last. */
export async function restrictedUntil(ctx: AppContext, personId: string, centerId: string, today: string): Promise<string | null> {
  const s = await settingsOf(ctx.db, centerId);
  const days = await repo.noShowDays(ctx.db, personId, addDays(today, -s.noshow_window_days));
  if (days.length < s.noshow_limit) return null;
  const until = addDays(days[0]!, s.noshow_restrict_days);
  return until > today ? until : null;
}

export async function book(ctx: AppContext, who: Actor | null, body: { zoneId: string; day: string; slotStart: string }) {
  authorize(hallAppointmentPolicy, who, 'book');
  const person = who!;
  const zone = await repo.getZone(ctx.db, body.zoneId);
  if (!zone || !zone.active) throw ZONE_NOT_FOUND();
  const center = await centerOrThrow(ctx.db, zone.center_id);
  const now = ctx.clock.now();
  const today = chinaDate(now);
  const settings = await settingsOf(ctx.db, center.id);
  const ahead = daysBetween(today, body.day);
  if (ahead < settings.booking_min_days || ahead > settings.booking_max_days) {
    throw errors.HALL_BOOKING_WINDOW({ min: settings.booking_min_days, max: settings.booking_max_days, field: 'day' });
  }
  const hours = await hoursOn(ctx.db, center, body.day);
  if (!hours) throw errors.HALL_DAY_CLOSED({ day: body.day, field: 'day' });
  const slot = slotsOf(hours, zone).find((s) => s.start === body.slotStart);
  if (!slot) throw errors.HALL_SLOT_UNKNOWN({ field: 'slotStart' });
  // A booking window that starts today (booking_min_days 0) still offers only the slots to come:
  // a slot that has begun would be missed at once and count as a no-show.
  if (slotBegun(body.day, slot.start, now)) throw errors.HALL_SLOT_BEGUN({ field: 'slotStart' });
  const until = await restrictedUntil(ctx, person.id, center.id, today);
  if (until) throw errors.HALL_BOOKING_RESTRICTED({ until });

  const appointment = await ctx.db.transaction().execute(async (tx) => {
    // The booking first: a second click of the same person meets the unique index and waits on it.
    const a = await repo.insertAppointment(tx, {
      center_id: center.id, zone_id: zone.id, person_id: person.id, day: body.day, slot_start: slot.start, slot_end: slot.end,
      green_channel: false, created_at: now,
    });
    if (!a) throw errors.HALL_BOOKING_EXISTS();
    // Then the place: throwing rolls the booking back, so a refusal writes nothing.
    const full = await repo.takePlace(tx, { zoneId: zone.id, day: body.day, slotStart: slot.start, slotCapacity: zone.slot_capacity, dayCapacity: zone.day_capacity });
    if (full === 'slot') throw errors.HALL_SLOT_FULL();
    if (full === 'day') throw errors.HALL_DAY_FULL();
    await appendAudit(tx, { stream: `hall_appointment:${a.id}`, action: 'hall.appointment.book', actorId: person.id, at: now, data: { zoneId: zone.id, day: a.day, slot: slot.start } });
    return a;
  });
  return appointmentView(appointment, zone);
}

export async function cancel(ctx: AppContext, who: Actor | null, id: string) {
  authorize(hallAppointmentPolicy, who, 'cancel');
  const now = ctx.clock.now();
  const moved = await ctx.db.transaction().execute(async (tx) => {
    const a = await repo.lockAppointment(tx, id);
    if (!a) throw APPOINTMENT_NOT_FOUND();
    authorize(hallAppointmentPolicy, who, 'cancel', { centerId: a.center_id, personId: a.person_id });
    // A slot that has begun is no longer cancelled: it is kept, or missed.
    if (chinaInstant(a.day, a.slot_start) <= now) throw errors.HALL_APPOINTMENT_STATE({ action: 'cancel', status: 'started' });
    const m = await moveAppointment(tx, a, 'cancel', 'person', now);
    await repo.releasePlace(tx, { zoneId: a.zone_id, day: a.day, slotStart: a.slot_start });
    await appendAudit(tx, { stream: `hall_appointment:${a.id}`, action: 'hall.appointment.cancel', actorId: who!.id, at: now, data: {} });
    return m;
  });
  return appointmentView(moved, (await repo.getZone(ctx.db, moved.zone_id))!);
}

export async function myAppointments(ctx: AppContext, who: Actor | null) {
  authorize(hallAppointmentPolicy, who, 'read');
  const rows = await repo.appointmentsOfPerson(ctx.db, who!.id);
  const zones = new Map<string, repo.ZoneRow>();
  for (const r of rows) if (!zones.has(r.zone_id)) zones.set(r.zone_id, (await repo.getZone(ctx.db, r.zone_id))!);
  const today = chinaDate(ctx.clock.now());
  const centers = [...new Set(rows.map((r) => r.center_id))];
  const restrictions = await Promise.all(centers.map(async (c) => ({ centerId: c, until: await restrictedUntil(ctx, who!.id, c, today) })));
  return { appointments: rows.map((r) => appointmentView(r, zones.get(r.zone_id)!)), restrictions: restrictions.filter((r) => r.until) as Array<{ centerId: string; until: string }> };
}

export const appointmentView = (a: { id: string; center_id: string; day: string; slot_start: string; slot_end: string; status: 'booked' | 'checked_in' | 'cancelled' | 'no_show' }, zone: repo.ZoneRow) => ({
  id: a.id, centerId: a.center_id, day: a.day, slotStart: hhmm(a.slot_start), slotEnd: hhmm(a.slot_end), status: a.status,
  zone: { id: zone.id, prefix: zone.prefix, name: zone.name, nameEn: zone.name_en },
});

/**
 * The sweep: booked appointments whose slot ended without a check-in become no-shows (claimed in
 * batches with SKIP LOCKED, each its own transaction; run by the hall's job timer on every instance).
 */
export async function markMissedAppointments(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const missed = await repo.claimMissed(tx, chinaDate(now), chinaTime(now));
    for (const a of missed) {
      await moveAppointment(tx, a, 'miss', 'system', now);
      await appendAudit(tx, { stream: `hall_appointment:${a.id}`, action: 'hall.appointment.miss', actorId: null, at: now, data: {} });
    }
    return missed.length;
  });
}

// ---------------------------------------------------------------- the center's staff

const maskId = (id: string | null) => (id ? `${id.slice(0, 3)}***********${id.slice(-4)}` : null);

/** The center's appointments of a day (window clerks and managers), a page at a time in slot order; `inScope`: the caller may act on it (a clerk: a zone their window serves). */
export async function dayAppointments(ctx: AppContext, who: Actor | null, q: { day: string; cursor?: string | undefined; limit: number }) {
  authorize(hallAppointmentPolicy, who, 'manage');
  const centerId = who!.centerId!;
  // The cursor's shape is checked by the route's schema: 'HH:MM:SS|<uuid>'.
  const [slotStart, id] = q.cursor ? q.cursor.split('|') : [];
  const after = slotStart && id ? { slotStart, id } : undefined;
  const rows = await repo.appointmentsOfDay(ctx.db, { centerId, day: q.day, after, limit: q.limit + 1 });
  const page = rows.slice(0, q.limit);
  const zones = new Map((await repo.listZones(ctx.db, centerId)).map((z) => [z.id, z]));
  const scope = zoneScoped(who) ? { windowId: who!.windowId, zoneIds: await windowZones(ctx.db, who!) } : null;
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      ...appointmentView(r, zones.get(r.zone_id)!), person: { name: r.person_name, idNumber: maskId(r.id_number) }, cancelReason: r.cancel_reason,
      inScope: !scope || windowReaches(scope, { zoneId: r.zone_id }),
    })),
    nextCursor: rows.length > q.limit && last ? `${last.slot_start}|${last.id}` : null,
  };
}

/**
 * A window clerk (of the zones their window serves) or a manager cancels a booked appointment of their center, with a reason: the
 * place is given back and the person is told (messageApplicant, in the same transaction). A slot
 * that has ended is not cancelled (the sweep makes it a no-show); a checked-in one is served or missed.
 */
export async function staffCancel(ctx: AppContext, who: Actor | null, id: string, reason: string) {
  authorize(hallAppointmentPolicy, who, 'manage');
  const why = reason.trim();
  if (!why) throw errors.HALL_CANCEL_REASON({ field: 'reason' });
  const now = ctx.clock.now();
  const moved = await ctx.db.transaction().execute(async (tx) => {
    const a = await repo.lockAppointment(tx, id);
    if (!a) throw APPOINTMENT_NOT_FOUND();
    authorize(hallAppointmentPolicy, who, 'manage', { centerId: a.center_id, personId: a.person_id });
    await assertZoneScope(tx, who!, { zoneId: a.zone_id });
    if (chinaInstant(a.day, a.slot_end) <= now) throw errors.HALL_APPOINTMENT_STATE({ action: 'cancel', status: 'ended' });
    const m = await moveAppointment(tx, a, 'cancel', 'window', now);
    await repo.recordStaffCancel(tx, a.id, { reason: why, by: who!.id });
    await repo.releasePlace(tx, { zoneId: a.zone_id, day: a.day, slotStart: a.slot_start });
    const zone = (await repo.getZone(tx, a.zone_id))!;
    const when = `${a.day} ${hhmm(a.slot_start)}–${hhmm(a.slot_end)}`;
    await messageApplicant(tx, {
      kind: 'hall.appointment_cancelled', userId: a.person_id, centerId: a.center_id,
      title: { zh: '您的预约已被取消', en: 'Your appointment was cancelled' },
      body: {
        zh: `您在「${zone.name}」${when} 的预约已由服务中心取消，原因：${why}。如需办理，请重新预约或到现场取号。`,
        en: `Your appointment in ${zone.name_en} on ${when} was cancelled by the service center. Reason: ${why}. Book again or take a ticket at the hall.`,
      },
      link: '/my/hall', dedupeKey: `hall.cancel:${a.id}`, at: now,
    });
    await appendAudit(tx, { stream: `hall_appointment:${a.id}`, action: 'hall.appointment.staff_cancel', actorId: who!.id, at: now, data: { reason: why } });
    return m;
  });
  return appointmentView(moved, (await repo.getZone(ctx.db, moved.zone_id))!);
}
