import { createHash, randomBytes } from 'node:crypto';
import type { Db, Tx } from '../../db/database.ts';
import type { HallPriorityReason } from '../../db/types.ts';
import { appendAudit } from '../../lib/audit.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors, NOT_FOUND } from '../../lib/errors.ts';
import { authorize, hallConfigPolicy, windowReaches, zoneScoped, type Actor } from '../../policies/index.ts';
import { loadCalendar } from '../calendar/calendar.service.ts';
import * as repo from './hall.repository.ts';
import type { HoursBody, PriorityBody, SettingsBody, ZoneBody } from './hall.schemas.ts';
import { hhmm, isoWeekday, minutesOf, timeOf } from './hall.time.ts';

/**
 * The hall's configuration (zones, their windows, opening hours, priority rules, kiosks) and the
 * rules every other hall service shares: when the hall is open, which slots a day has, a ticket's
 * priority. See docs/hall.md.
 */

export const DEFAULT_SETTINGS = {
  booking_min_days: 1, booking_max_days: 14, noshow_limit: 3, noshow_window_days: 90, noshow_restrict_days: 30,
  elderly_age: 70, checkin_early_minutes: 30,
  // Migration 0035: the waiting display's light (minutes of estimated wait) and the reminders' lead time.
  light_green_minutes: 15, light_amber_minutes: 30, reminder_hours_ahead: 24,
};
export type Settings = typeof DEFAULT_SETTINGS;

export async function settingsOf(db: Db | Tx, centerId: string): Promise<Settings> {
  const s = await repo.getSettings(db, centerId);
  if (!s) return DEFAULT_SETTINGS;
  const { center_id: _c, updated_at: _u, presence_key: _k, ...rest } = s;
  return rest;
}

export const ZONE_NOT_FOUND = () => NOT_FOUND({ zh: '服务区', en: 'Service zone' });

export async function centerOrThrow(db: Db | Tx, centerId: string) {
  const c = await repo.getCenter(db, centerId);
  if (!c) throw NOT_FOUND({ zh: '政务服务中心', en: 'Service center' });
  return c;
}

/** The zones a clerk's window serves (none without a window): their scope in the queue (policies/hall.policy.ts). */
export const windowZones = async (db: Db | Tx, who: Actor) => (who.windowId ? repo.zonesOfWindow(db, who.windowId) : []);

/**
 * A window clerk acts only on the tickets and appointments of the zones their window serves (or a
 * ticket sent to their window by name); a manager of the center on all of them. Refused `403
 * HALL_ZONE_OUT_OF_SCOPE`, asked before the state and before anything is written.
 */
export async function assertZoneScope(db: Db | Tx, who: Actor, r: { zoneId: string; targetWindowId?: string | null }, zoneIds?: readonly string[]) {
  if (!zoneScoped(who)) return;
  if (!windowReaches({ windowId: who.windowId, zoneIds: zoneIds ?? await windowZones(db, who) }, r)) throw errors.HALL_ZONE_OUT_OF_SCOPE();
}

export interface Hours { opens: string; closes: string; extended: boolean }

/**
 * The hall's hours on a day, or null when closed. The center's working-day calendar decides: a
 * public holiday closes; a working day has its weekday's hours (a make-up weekend workday without
 * hours of its own takes Monday's); a plain weekend day is open only if the center set hours for it
 * (weekend service). Extended hours run to `extended_until`.
 */
export async function hoursOn(db: Db | Tx, center: { id: string; region_code: string }, day: string): Promise<Hours | null> {
  const [rows, cal] = await Promise.all([repo.listHours(db, center.id), loadCalendar(db, center.region_code)]);
  const wd = isoWeekday(day);
  let row;
  if (cal.isWorkday(day)) row = rows.find((r) => r.weekday === wd) ?? rows.find((r) => r.weekday === 1);
  else {
    const holiday = cal.specialDays(Number(day.slice(0, 4))).some((d) => d.date === day && !d.working);
    row = holiday || wd < 6 ? undefined : rows.find((r) => r.weekday === wd);
  }
  if (!row) return null;
  return { opens: hhmm(row.opens), closes: hhmm(row.extended_until ?? row.closes), extended: row.extended_until !== null };
}

/** The appointment slots of a day: from opening, every slot_minutes, each ending by closing time. */
export function slotsOf(hours: Hours, zone: { slot_minutes: number }): Array<{ start: string; end: string }> {
  const out = [];
  for (let m = minutesOf(hours.opens); m + zone.slot_minutes <= minutesOf(hours.closes); m += zone.slot_minutes) {
    out.push({ start: timeOf(m), end: timeOf(m + zone.slot_minutes) });
  }
  return out;
}

/** A ticket's priority: the largest weight among its reasons (rules are the center's data; a reason without a rule weighs 0). */
export function priorityOf(rules: Array<{ reason: HallPriorityReason; weight: number }>, reasons: HallPriorityReason[]): number {
  return Math.max(0, ...reasons.map((r) => rules.find((x) => x.reason === r)?.weight ?? 0));
}

// ---------------------------------------------------------------- the manager's configuration

const audit = (tx: Tx, centerId: string, action: string, actorId: string, at: Date, data: Record<string, unknown>) =>
  appendAudit(tx, { stream: `hall:${centerId}`, action: `hall.${action}`, actorId, at, data });

/** The configuration's audit stream is the center's: changes to it are serialised on the settings row. */
async function lockConfig(tx: Tx, centerId: string, at: Date) {
  await tx.insertInto('hall_settings').values({ center_id: centerId, updated_at: at }).onConflict((oc) => oc.column('center_id').doNothing()).execute();
  await tx.selectFrom('hall_settings').select('center_id').where('center_id', '=', centerId).forUpdate().execute();
}

export async function configuration(ctx: AppContext, who: Actor | null) {
  authorize(hallConfigPolicy, who, 'read');
  const centerId = who!.centerId!;
  const [settings, hours, zones, windows, rules, kiosks] = await Promise.all([
    settingsOf(ctx.db, centerId), repo.listHours(ctx.db, centerId), repo.listZones(ctx.db, centerId),
    repo.windowsOfCenter(ctx.db, centerId), repo.priorityRules(ctx.db, centerId), repo.listKiosks(ctx.db, centerId),
  ]);
  const links = await repo.zoneWindows(ctx.db, zones.map((z) => z.id));
  return {
    centerId, settings: settingsView(settings),
    hours: hours.map((h) => ({ weekday: h.weekday, opens: hhmm(h.opens), closes: hhmm(h.closes), extendedUntil: h.extended_until ? hhmm(h.extended_until) : null })),
    zones: zones.map((z) => ({ ...zoneView(z), windowIds: links.filter((l) => l.zone_id === z.id).map((l) => l.window_id) })),
    windows: windows.map((w) => ({ id: w.id, name: w.name, nameEn: w.name_en })),
    priority: rules.map((r) => ({ reason: r.reason, weight: r.weight })),
    kiosks: kiosks.map((k) => ({ id: k.id, name: k.name, active: k.active })),
  };
}

export const settingsView = (s: Settings) => ({
  bookingMinDays: s.booking_min_days, bookingMaxDays: s.booking_max_days, noShowLimit: s.noshow_limit,
  noShowWindowDays: s.noshow_window_days, noShowRestrictDays: s.noshow_restrict_days, elderlyAge: s.elderly_age,
  checkInEarlyMinutes: s.checkin_early_minutes,
  lightGreenMinutes: s.light_green_minutes, lightAmberMinutes: s.light_amber_minutes, reminderHoursAhead: s.reminder_hours_ahead,
});

export const zoneView = (z: repo.ZoneRow) => ({
  id: z.id, prefix: z.prefix, business: z.business, name: z.name, nameEn: z.name_en, active: z.active,
  slotMinutes: z.slot_minutes, slotCapacity: z.slot_capacity, dayCapacity: z.day_capacity, serviceSeconds: z.service_seconds,
});

export async function saveSettings(ctx: AppContext, who: Actor | null, body: SettingsBody) {
  authorize(hallConfigPolicy, who, 'configure');
  const centerId = who!.centerId!;
  if (body.bookingMinDays > body.bookingMaxDays) throw errors.HALL_BOOKING_WINDOW({ min: body.bookingMinDays, max: body.bookingMaxDays, field: 'bookingMinDays' });
  // The three settings of 0035 are optional in the body: left out, they keep their value.
  const old = await settingsOf(ctx.db, centerId);
  const light = {
    light_green_minutes: body.lightGreenMinutes ?? old.light_green_minutes, light_amber_minutes: body.lightAmberMinutes ?? old.light_amber_minutes,
    reminder_hours_ahead: body.reminderHoursAhead ?? old.reminder_hours_ahead,
  };
  if (light.light_green_minutes >= light.light_amber_minutes) throw errors.HALL_LIGHT_THRESHOLDS({ field: 'lightGreenMinutes' });
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    await lockConfig(tx, centerId, now);
    await repo.upsertSettings(tx, centerId, {
      booking_min_days: body.bookingMinDays, booking_max_days: body.bookingMaxDays, noshow_limit: body.noShowLimit,
      noshow_window_days: body.noShowWindowDays, noshow_restrict_days: body.noShowRestrictDays, elderly_age: body.elderlyAge,
      checkin_early_minutes: body.checkInEarlyMinutes, ...light, updated_at: now,
    });
    await audit(tx, centerId, 'settings', who!.id, now, body);
  });
  return configuration(ctx, who);
}

export async function saveHours(ctx: AppContext, who: Actor | null, body: HoursBody) {
  authorize(hallConfigPolicy, who, 'configure');
  const centerId = who!.centerId!;
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    await lockConfig(tx, centerId, now);
    await repo.replaceHours(tx, centerId, body.hours.map((h) => ({ weekday: h.weekday, opens: h.opens, closes: h.closes, extended_until: h.extendedUntil ?? null })));
    await audit(tx, centerId, 'hours', who!.id, now, body);
  });
  return configuration(ctx, who);
}

export async function savePriority(ctx: AppContext, who: Actor | null, body: PriorityBody) {
  authorize(hallConfigPolicy, who, 'configure');
  const centerId = who!.centerId!;
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    await lockConfig(tx, centerId, now);
    await repo.replacePriorityRules(tx, centerId, body.rules);
    await audit(tx, centerId, 'priority', who!.id, now, body);
  });
  return configuration(ctx, who);
}

/** Creates a zone (no id) or changes one of the manager's center; its windows must be the center's. */
export async function saveZone(ctx: AppContext, who: Actor | null, body: ZoneBody, zoneId?: string) {
  authorize(hallConfigPolicy, who, 'configure');
  const centerId = who!.centerId!;
  if (zoneId) {
    const z = await repo.getZone(ctx.db, zoneId);
    if (!z) throw ZONE_NOT_FOUND();
    authorize(hallConfigPolicy, who, 'configure', { centerId: z.center_id });
  }
  const windows = new Set((await repo.windowsOfCenter(ctx.db, centerId)).map((w) => w.id));
  const foreign = body.windowIds.find((w) => !windows.has(w));
  if (foreign) throw errors.HALL_TRANSFER_TARGET({ field: 'windowIds' });
  const now = ctx.clock.now();
  const values = {
    prefix: body.prefix, business: body.business, name: body.name, name_en: body.nameEn, active: body.active,
    slot_minutes: body.slotMinutes, slot_capacity: body.slotCapacity, day_capacity: body.dayCapacity, service_seconds: body.serviceSeconds, updated_at: now,
  };
  await ctx.db.transaction().execute(async (tx) => {
    await lockConfig(tx, centerId, now);
    let id = zoneId;
    if (id) {
      const clash = (await repo.listZones(tx, centerId)).find((z) => z.prefix === body.prefix && z.id !== id);
      if (clash) throw errors.INPUT_CONFLICT({ field: 'prefix' });
      await repo.updateZone(tx, id, values);
    } else {
      id = await repo.insertZone(tx, centerId, values) ?? undefined;
      if (!id) throw errors.INPUT_CONFLICT({ field: 'prefix' });
    }
    await repo.setZoneWindows(tx, id, [...new Set(body.windowIds)]);
    await audit(tx, centerId, zoneId ? 'zone_change' : 'zone_create', who!.id, now, { zoneId: id, ...body });
  });
  return configuration(ctx, who);
}

export const kioskTokenHash = (token: string) => createHash('sha256').update(token).digest();

/** Registers a kiosk of the manager's center; its token is shown once (only its hash is kept). */
export async function createKiosk(ctx: AppContext, who: Actor | null, name: string) {
  authorize(hallConfigPolicy, who, 'configure');
  const centerId = who!.centerId!;
  const token = randomBytes(24).toString('base64url');
  const now = ctx.clock.now();
  const id = await ctx.db.transaction().execute(async (tx) => {
    await lockConfig(tx, centerId, now);
    const kioskId = (await repo.insertKiosk(tx, { center_id: centerId, name, token_hash: kioskTokenHash(token), created_at: now }))!;
    await audit(tx, centerId, 'kiosk_create', who!.id, now, { kioskId, name });
    return kioskId;
  });
  return { id, name, token };
}

/** The kiosk a request comes from, by its `x-kiosk-token` header; refused without a known one. */
export async function kioskOf(db: Db, token: string | undefined) {
  if (!token || token.length > 200) throw errors.HALL_KIOSK_UNKNOWN();
  const k = await repo.kioskByTokenHash(db, kioskTokenHash(token));
  if (!k) throw errors.HALL_KIOSK_UNKNOWN();
  return k;
}
