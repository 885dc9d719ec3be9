import { z } from 'zod';
import { schemaIssue } from '../../lib/errors.ts';
import { FIRST_YEAR, isWeekend, LAST_YEAR, parseDay } from './dates.ts';

/** Limits of the API: about forty years of working days. */
export const MAX_WORKDAYS = 10_000;

type Issue = ReturnType<typeof schemaIssue>;
const YEARS = { first: FIRST_YEAR, last: LAST_YEAR };

/** A China calendar date inside the calendar's years; stable codes DATE_INVALID / DATE_OUT_OF_RANGE. */
export const calendarDate = z.string().superRefine((s, ctx) => {
  const i = parseDay(s);
  if (i === -1) ctx.addIssue({ code: 'custom', ...schemaIssue('DATE_INVALID') });
  else if (i === -2) ctx.addIssue({ code: 'custom', ...schemaIssue('DATE_OUT_OF_RANGE', YEARS) });
}).describe(`A China date YYYY-MM-DD between ${FIRST_YEAR}-01-01 and ${LAST_YEAR}-12-31`);

/** 'CN' (the national calendar) or a region code of the regions table. */
export const regionCode = z.string().superRefine((s, ctx) => {
  if (!/^(CN|\d{6,12})$/.test(s)) ctx.addIssue({ code: 'custom', ...schemaIssue('REGION_UNKNOWN', { region: s }) });
}).describe("'CN' for the national calendar, or a region code (e.g. 460100); a region inherits its parents' calendars");

export const workdayCount = z.string().refine((s) => /^\d{1,5}$/.test(s) && Number(s) <= MAX_WORKDAYS, schemaIssue('WORKDAYS_INVALID', { max: MAX_WORKDAYS }))
  .transform(Number).describe('Working days of the limit, 0 … 10000; the start day is not counted');

export const dueQuery = z.object({ from: calendarDate, workdays: workdayCount, region: regionCode.default('CN') });
export const dueResponse = z.object({
  due: z.string().describe('The last day of the limit (the limit ends at the end of this China day)'),
  provisional: z.boolean().describe('True when a year the answer depends on has no official schedule loaded'),
});

export const workdaysQuery = z.object({ from: calendarDate, to: calendarDate, region: regionCode.default('CN') });
export const workdaysResponse = z.object({
  workdays: z.number().int().describe('Working days in (from, to]: from excluded, to included; negative when to is before from'),
  provisional: z.boolean(),
});

export const yearValue = z.number().int().min(FIRST_YEAR).max(LAST_YEAR);
export const yearQuery = z.object({ year: z.string().refine((s) => /^\d{4}$/.test(s) && +s >= FIRST_YEAR && +s <= LAST_YEAR, schemaIssue('YEAR_INVALID', YEARS))
  .transform(Number) });

export const regionParam = z.object({ region: regionCode });
export const regionDayParam = z.object({ region: regionCode, date: calendarDate });
export const yearParam = z.object({ year: yearQuery.shape.year });

const name = z.string().trim().min(1).max(100);
const nameEn = z.string().trim().max(200).optional();

export const localDayBody = z.object({
  kind: z.enum(['holiday', 'workday']).describe('holiday: a non-working day; workday: a working day (e.g. a local make-up Saturday)'),
  name: name.describe('e.g. 三月三'),
  nameEn,
}).strict();
export type LocalDayBody = z.infer<typeof localDayBody>;

export const specialDay = z.object({
  date: z.string(),
  working: z.boolean(),
  name: z.string(),
  source: z.enum(['official', 'computed', 'local']),
  region: z.string(),
});

export const specialDaysResponse = z.object({
  region: z.string(),
  year: z.number(),
  provisional: z.boolean().describe('No official schedule is loaded for the year: its holidays are computed from the rules'),
  notice: z.string().nullable(),
  days: z.array(specialDay),
});

export const versionResponse = z.object({ region: z.string(), version: z.number() });

// ---- official schedules ----

const holidayRange = z.object({ name, nameEn, from: calendarDate, to: calendarDate }).strict();
const makeUpDay = z.object({ name, nameEn, date: calendarDate }).strict();

const scheduleFields = {
  notice: z.string().trim().min(1).max(500).describe('The notice, e.g. 国务院办公厅关于2027年部分节假日安排的通知'),
  holidays: z.array(holidayRange).min(1).max(60).describe('Holiday periods (放假), weekend days inside a period may be included'),
  workdays: z.array(makeUpDay).max(30).default([]).describe('Make-up workdays (调休上班): Saturdays or Sundays that are worked'),
};

const bad = (ctx: z.RefinementCtx, path: (string | number)[], i: Issue) => ctx.addIssue({ code: 'custom', path, ...i });

/** The checks a schedule must pass; `year` is the notice's year. */
export function checkSchedule(year: number, s: { holidays: Array<{ from: string; to: string }>; workdays: Array<{ date: string }> }, ctx: z.RefinementCtx) {
  const first = parseDay(`${year - 1}-12-01`);
  const last = parseDay(`${year}-12-31`);
  const inWindow = (i: number) => (first < 0 || i >= first) && i <= last && i >= 0;
  const WINDOW = schemaIssue('SCHEDULE_DATE_OUTSIDE_YEAR', { year });
  const seen = new Set<number>();
  const DUP = schemaIssue('SCHEDULE_DAY_TWICE');
  s.holidays.forEach((h, k) => {
    const a = parseDay(h.from);
    const b = parseDay(h.to);
    if (a < 0 || b < 0) return;
    if (b < a || b - a > 30) return bad(ctx, ['holidays', k, 'to'], schemaIssue('HOLIDAY_RANGE_INVALID'));
    if (!inWindow(a) || !inWindow(b)) return bad(ctx, ['holidays', k, 'from'], WINDOW);
    for (let i = a; i <= b; i++) {
      if (seen.has(i)) return bad(ctx, ['holidays', k], DUP);
      seen.add(i);
    }
  });
  s.workdays.forEach((w, k) => {
    const i = parseDay(w.date);
    if (i < 0) return;
    if (!inWindow(i)) return bad(ctx, ['workdays', k, 'date'], WINDOW);
    if (!isWeekend(i)) return bad(ctx, ['workdays', k, 'date'], schemaIssue('WORKDAY_NOT_WEEKEND'));
    if (seen.has(i)) return bad(ctx, ['workdays', k], DUP);
    seen.add(i);
  });
}

/** Body of PUT /api/admin/calendar/schedules/:year (the year is in the path; if repeated here it must match). */
export const scheduleBody = z.object({ year: z.number().int().optional(), ...scheduleFields }).strict();
export type ScheduleBody = z.infer<typeof scheduleBody>;

/** A complete schedule (the seed data, the service's input). */
export const officialSchedule = z.object({ year: yearValue, ...scheduleFields }).strict()
  .superRefine((s, ctx) => checkSchedule(s.year, s, ctx));
export type OfficialSchedule = z.input<typeof officialSchedule>;

export const scheduleLoadedResponse = z.object({
  year: z.number(),
  version: z.number(),
  holidays: z.number().describe('Holiday days stored'),
  workdays: z.number().describe('Make-up workdays stored'),
  replaced: z.number().describe('Days of an earlier load of the same year that were replaced'),
});

export const schedulesResponse = z.object({
  schedules: z.array(z.object({ year: z.number(), notice: z.string(), loadedAt: z.string(), holidays: z.number(), workdays: z.number() })),
});
