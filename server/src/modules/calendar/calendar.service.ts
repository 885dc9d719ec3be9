import { createHash } from 'node:crypto';
import type { Db, Tx } from '../../db/database.ts';
import { appendAudit, canonicalJson } from '../../lib/audit.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors, schemaError } from '../../lib/errors.ts';
import { authorize, calendarPolicy, requirePermission, type Actor } from '../../policies/index.ts';
import { Calendar, scheduleDays, type Count, type Due } from './calendar.engine.ts';
import * as repo from './calendar.repository.ts';
import { officialSchedule, type LocalDayBody, type OfficialSchedule, type ScheduleBody } from './calendar.schemas.ts';
import { parseDay, yearOf } from './dates.ts';
import { OFFICIAL_SCHEDULES } from './official-schedules.ts';

export { Calendar, type Count, type Due } from './calendar.engine.ts';
export { endOfChinaDay } from './dates.ts';
export { NATIONAL } from './calendar.repository.ts';

/**
 * The working-day calendar: public service API for the other modules (cases), the manager's
 * changes, and the seed. See docs/calendar.md.
 *
 * `db` may be the Kysely instance or a transaction: inside a transaction the calendar is read as
 * that transaction sees it.
 */

// ---------------------------------------------------------------- the calendar of a region

/**
 * Built calendars by the versions of the regions they are made of (region@token|…). Regions
 * without local days share their nearest ancestor's calendar object. Every change writes a new
 * random token, so an entry is never reused for other data, even after a rolled-back change.
 */
const cache = new Map<string, Promise<Calendar>>();
const CACHE_LIMIT = 64;

const regionUnknown = (region: string) => errors.REGION_UNKNOWN({ region, field: 'region' });

/**
 * The calendar of a region: its own local days over its ancestors' over the national calendar.
 * Costs one small query when the calendar is cached; the answer is synchronous from then on.
 */
export async function loadCalendar(db: Db | Tx, regionCode: string): Promise<Calendar> {
  const chain = await repo.chainWithVersions(db, regionCode);
  if (chain.length === 0) throw regionUnknown(regionCode);
  const withData = chain.filter((l) => l.token !== null).sort((a, b) => b.depth - a.depth); // national first
  const key = withData.map((l) => `${l.region}@${l.token}`).join('|');
  let hit = cache.get(key);
  if (hit) {
    // Most recently used last, so the oldest entry is the one dropped.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  hit = (async () => {
    const regions = withData.map((l) => l.region);
    const [days, years] = await Promise.all([repo.listDays(db, regions), repo.officialYears(db)]);
    return new Calendar({
      officialYears: years,
      layers: regions.map((region) => ({ region, days: days.filter((d) => d.region === region).map((d) => ({ date: d.day, kind: d.kind, name: d.name })) })),
    });
  })();
  cache.set(key, hit);
  hit.catch(() => cache.delete(key));
  while (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  return hit;
}

/** The due date of a limit of `workdays` working days from `from` (the first day not counted). */
export async function addWorkdays(db: Db | Tx, regionCode: string, from: string, workdays: number): Promise<Due> {
  return (await loadCalendar(db, regionCode)).addWorkdays(from, workdays);
}

/** Working days in (from, to]: from excluded, to included (negative when to is before from). */
export async function countWorkdays(db: Db | Tx, regionCode: string, from: string, to: string): Promise<Count> {
  return (await loadCalendar(db, regionCode)).countWorkdays(from, to);
}

export async function isWorkday(db: Db | Tx, regionCode: string, date: string): Promise<boolean> {
  return (await loadCalendar(db, regionCode)).isWorkday(date);
}

/** The region and all regions below it, whose deadlines a change of `region` moves (null: all, for 'CN'). */
export const regionsAffectedBy = (db: Db | Tx, region: string) => repo.regionsUnder(db, region);

// ---------------------------------------------------------------- change notification

export interface CalendarChange {
  /** 'CN' or the region whose local days changed; the region's descendants are affected too. */
  region: string;
  /** The years whose days changed (the deadlines touching them may move). */
  years: number[];
  /** For a schedule load: the year that is now official (its deadlines are no longer provisional). */
  scheduleYear: number | null;
  action: 'calendar.schedule_loaded' | 'calendar.day_set' | 'calendar.day_removed';
  version: number;
  actorId: string | null;
  at: Date;
}

export type CalendarChangeListener = (tx: Tx, change: CalendarChange) => Promise<void>;
const listeners = new Set<CalendarChangeListener>();

/**
 * Calls `listener` inside the transaction of every calendar change, after the change and its audit
 * event: the cases module marks the affected open cases there (their deadlines read as provisional
 * from the commit on) and recomputes them after the commit (afterCalendarChange).
 * Returns a function that removes the listener.
 */
export function onCalendarChange(listener: CalendarChangeListener): () => void {
  listeners.add(listener);
  return () => { listeners.delete(listener); };
}

async function notify(tx: Tx, change: CalendarChange) {
  for (const l of listeners) await l(tx, change);
}

export type CalendarSettleListener = (db: Db, at: Date) => Promise<void>;
const settleListeners = new Set<CalendarSettleListener>();

/**
 * Calls `listener` after a calendar change has committed, outside its transaction: the cases
 * module recomputes the deadlines it marked there, in batches of their own transactions.
 */
export function afterCalendarChange(listener: CalendarSettleListener): () => void {
  settleListeners.add(listener);
  return () => { settleListeners.delete(listener); };
}

async function settle(db: Db, at: Date) {
  for (const l of settleListeners) {
    // The change has committed: a failure here leaves the work marked, and the background jobs
    // (which log) finish it; the manager's change is not reported as failed.
    await l(db, at).catch(() => {});
  }
}

const stream = (region: string) => `calendar:${region}`;

// ---------------------------------------------------------------- reading (staff)

export async function listSpecialDays(ctx: AppContext, who: Actor | null, region: string, year: number) {
  requirePermission(who, 'org.read');
  const cal = await loadCalendar(ctx.db, region);
  const schedule = await repo.findSchedule(ctx.db, year);
  return { region, year, provisional: cal.provisionalYears.has(year), notice: schedule?.notice ?? null, days: cal.specialDays(year) };
}

export async function listSchedules(ctx: AppContext, who: Actor | null) {
  requirePermission(who, 'org.read');
  const rows = await repo.listSchedules(ctx.db);
  return {
    schedules: rows.map((r) => ({
      year: r.year, notice: r.notice, loadedAt: new Date(r.loaded_at).toISOString(), holidays: Number(r.holidays), workdays: Number(r.workdays),
    })),
  };
}

// ---------------------------------------------------------------- local changes (manager)

/** The manager's own calendar region: the region of their center; any other region is 403. */
function ownRegion(who: Actor | null, region: string) {
  const actor = requirePermission(who, 'calendar.edit');
  authorize(calendarPolicy, actor, 'edit_region', { region });
  return actor;
}

/** Adds or replaces a local holiday or working day of the manager's own region. */
export async function setLocalDay(ctx: AppContext, who: Actor | null, region: string, date: string, body: LocalDayBody) {
  const actor = ownRegion(who, region);
  const now = ctx.clock.now();
  const done = await ctx.db.transaction().execute(async (tx) => {
    const version = await repo.bumpVersion(tx, region, now);
    const previous = await repo.findDay(tx, region, date);
    await repo.upsertLocalDay(tx, { region, day: date, kind: body.kind, name: body.name, nameEn: body.nameEn ?? null, by: actor.id, now });
    const data = {
      date, kind: body.kind, name: body.name, nameEn: body.nameEn ?? null, version,
      previous: previous ? { kind: previous.kind, name: previous.name } : null,
    };
    await appendAudit(tx, { stream: stream(region), action: 'calendar.day_set', actorId: actor.id, at: now, data });
    await notify(tx, { region, years: [Number(date.slice(0, 4))], scheduleYear: null, action: 'calendar.day_set', version, actorId: actor.id, at: now });
    return { region, version };
  });
  await settle(ctx.db, now);
  return done;
}

export async function removeLocalDay(ctx: AppContext, who: Actor | null, region: string, date: string) {
  const actor = ownRegion(who, region);
  const now = ctx.clock.now();
  const done = await ctx.db.transaction().execute(async (tx) => {
    const version = await repo.bumpVersion(tx, region, now);
    const previous = await repo.findDay(tx, region, date);
    if (!previous || !(await repo.deleteDay(tx, region, date))) {
      throw errors.CALENDAR_DAY_NOT_FOUND({ region, date, field: 'date' });
    }
    await appendAudit(tx, {
      stream: stream(region), action: 'calendar.day_removed', actorId: actor.id, at: now,
      data: { date, version, previous: { kind: previous.kind, name: previous.name } },
    });
    await notify(tx, { region, years: [Number(date.slice(0, 4))], scheduleYear: null, action: 'calendar.day_removed', version, actorId: actor.id, at: now });
    return { region, version };
  });
  await settle(ctx.db, now);
  return done;
}

// ---------------------------------------------------------------- official schedules

/** Validates a schedule; the first problem becomes a 400 with its stable code. */
export function parseSchedule(input: unknown) {
  const r = officialSchedule.safeParse(input);
  if (r.success) return r.data;
  const first = r.error.issues[0]!;
  const field = first.path.join('.') || undefined;
  throw schemaError({ field, rule: first.code, message: first.message, params: (first as { params?: unknown }).params });
}

type Schedule = ReturnType<typeof parseSchedule>;

async function applySchedule(tx: Tx, s: Schedule, actorId: string | null, now: Date, note?: string) {
  const days = scheduleDays(s).map((d) => ({ day: d.date, kind: d.kind, name: d.name, nameEn: d.nameEn }));
  const version = await repo.bumpVersion(tx, repo.NATIONAL, now);
  const clash = await repo.daysOfOtherSchedules(tx, s.year, days.map((d) => d.day));
  if (clash.length) {
    throw errors.SCHEDULE_DAY_OF_OTHER_YEAR({ day: clash[0]!.day, year: clash[0]!.schedule_year!, details: { days: clash } });
  }
  const sha256 = createHash('sha256').update(canonicalJson(s)).digest('hex');
  const replaced = await repo.replaceSchedule(tx, { year: s.year, notice: s.notice, sha256, by: actorId, now, days });
  const holidays = days.filter((d) => d.kind === 'holiday').length;
  const workdays = days.length - holidays;
  await appendAudit(tx, {
    stream: stream(repo.NATIONAL), action: 'calendar.schedule_loaded', actorId, at: now,
    data: { year: s.year, notice: s.notice, sha256, holidays, workdays, replaced, version, schedule: { holidays: s.holidays, workdays: s.workdays }, ...(note ? { source: note } : {}) },
  });
  const years = [...new Set(days.map((d) => yearOf(parseDay(d.day))).concat(s.year))].sort((a, b) => a - b);
  await notify(tx, { region: repo.NATIONAL, years, scheduleYear: s.year, action: 'calendar.schedule_loaded', version, actorId, at: now });
  return { year: s.year, version, holidays, workdays, replaced };
}

/**
 * Loads (or replaces) the official national schedule of a year. Allowed to a manager of a
 * province-level center: the schedule is the State Council's, the same for the whole country.
 */
export async function loadSchedule(ctx: AppContext, who: Actor | null, year: number, body: ScheduleBody) {
  const actor = requirePermission(who, 'calendar.edit');
  authorize(calendarPolicy, actor, 'load_national');
  if (body.year !== undefined && body.year !== year) {
    throw errors.YEAR_MISMATCH({ field: 'year' });
  }
  const schedule = parseSchedule({ ...body, year });
  const now = ctx.clock.now();
  const done = await ctx.db.transaction().execute((tx) => applySchedule(tx, schedule, actor.id, now));
  await settle(ctx.db, now);
  return done;
}

/**
 * Seeds the official schedules shipped with the code (2004–2026) that are not loaded yet.
 * Idempotent and cheap when done: one query. A year loaded by a manager is never overwritten.
 */
export async function seedCalendar(db: Db, now: Date, schedules: readonly OfficialSchedule[] = OFFICIAL_SCHEDULES): Promise<{ loaded: number[] }> {
  const have = new Set(await repo.officialYears(db));
  const missing = schedules.filter((s) => !have.has(s.year));
  if (missing.length === 0) return { loaded: [] };
  await db.transaction().execute(async (tx) => {
    for (const s of missing) await applySchedule(tx, parseSchedule(s), null, now, 'seed: official schedules shipped with OneWindow');
  });
  await settle(db, now);
  return { loaded: missing.map((s) => s.year) };
}
