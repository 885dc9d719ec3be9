import { z } from 'zod';
import { FIRST_YEAR, isWeekend, LAST_YEAR, parseDay } from './dates.ts';

/** Limits of the API: about forty years of working days. */
export const MAX_WORKDAYS = 10_000;

type Issue = { code: string; zh: string; en: string };
const issue = (i: Issue) => ({ message: i.en, params: i });

const DATE_INVALID: Issue = { code: 'DATE_INVALID', zh: '日期须为真实日期，格式 YYYY-MM-DD', en: 'The date must be a real date written YYYY-MM-DD' };
const DATE_OUT_OF_RANGE: Issue = { code: 'DATE_OUT_OF_RANGE', zh: `日历只覆盖 ${FIRST_YEAR}—${LAST_YEAR} 年`, en: `The calendar covers the years ${FIRST_YEAR}–${LAST_YEAR} only` };

/** A China calendar date inside the calendar's years; stable codes DATE_INVALID / DATE_OUT_OF_RANGE. */
export const calendarDate = z.string().superRefine((s, ctx) => {
  const i = parseDay(s);
  if (i === -1) ctx.addIssue({ code: 'custom', ...issue(DATE_INVALID) });
  else if (i === -2) ctx.addIssue({ code: 'custom', ...issue(DATE_OUT_OF_RANGE) });
}).describe(`A China date YYYY-MM-DD between ${FIRST_YEAR}-01-01 and ${LAST_YEAR}-12-31`);

/** 'CN' (the national calendar) or a region code of the regions table. */
export const regionCode = z.string().refine((s) => /^(CN|\d{6,12})$/.test(s), issue({
  code: 'REGION_UNKNOWN', zh: '地区代码须为 CN（全国）或 6—12 位行政区划代码', en: 'The region must be CN (national) or a 6–12 digit region code',
})).describe("'CN' for the national calendar, or a region code (e.g. 460100); a region inherits its parents' calendars");

export const workdayCount = z.string().refine((s) => /^\d{1,5}$/.test(s) && Number(s) <= MAX_WORKDAYS, issue({
  code: 'WORKDAYS_INVALID', zh: `工作日数须为 0 至 ${MAX_WORKDAYS} 的整数`, en: `The number of working days must be an integer from 0 to ${MAX_WORKDAYS}`,
})).transform(Number).describe('Working days of the limit, 0 … 10000; the start day is not counted');

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
export const yearQuery = z.object({ year: z.string().refine((s) => /^\d{4}$/.test(s) && +s >= FIRST_YEAR && +s <= LAST_YEAR, issue({
  code: 'YEAR_INVALID', zh: `年份须在 ${FIRST_YEAR}—${LAST_YEAR} 之间`, en: `The year must be between ${FIRST_YEAR} and ${LAST_YEAR}`,
})).transform(Number) });

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

const bad = (ctx: z.RefinementCtx, path: (string | number)[], i: Issue) => ctx.addIssue({ code: 'custom', path, ...issue(i) });

/** The checks a schedule must pass; `year` is the notice's year. */
export function checkSchedule(year: number, s: { holidays: Array<{ from: string; to: string }>; workdays: Array<{ date: string }> }, ctx: z.RefinementCtx) {
  const first = parseDay(`${year - 1}-12-01`);
  const last = parseDay(`${year}-12-31`);
  const inWindow = (i: number) => (first < 0 || i >= first) && i <= last && i >= 0;
  const WINDOW: Issue = {
    code: 'SCHEDULE_DATE_OUTSIDE_YEAR', zh: `日期须在 ${year - 1}年12月1日至${year}年12月31日之间`, en: `Dates must lie between ${year - 1}-12-01 and ${year}-12-31`,
  };
  const seen = new Set<number>();
  const DUP: Issue = { code: 'SCHEDULE_DAY_TWICE', zh: '同一天在安排中出现了两次', en: 'A day appears twice in the schedule' };
  s.holidays.forEach((h, k) => {
    const a = parseDay(h.from);
    const b = parseDay(h.to);
    if (a < 0 || b < 0) return;
    if (b < a || b - a > 30) return bad(ctx, ['holidays', k, 'to'], { code: 'HOLIDAY_RANGE_INVALID', zh: '放假止日须不早于起日，且一段假期不超过31天', en: 'A holiday period ends on or after its start and lasts at most 31 days' });
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
    if (!isWeekend(i)) return bad(ctx, ['workdays', k, 'date'], { code: 'WORKDAY_NOT_WEEKEND', zh: '调休上班日须为星期六或星期日', en: 'A make-up workday is a Saturday or a Sunday' });
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
