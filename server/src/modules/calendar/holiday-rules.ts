import { LunarDay, SolarTerm } from 'tyme4ts';
import { dayIndex, FIRST_YEAR, isWeekend, LAST_YEAR } from './dates.ts';

/**
 * The statutory holidays of 《全国年节及纪念日放假办法》 for a year whose official schedule
 * (国务院办公厅关于部分节假日安排的通知) is not loaded. The lunar dates and the Qingming
 * solar term are computed astronomically by tyme4ts (China time), for any year.
 *
 * Each version of the rules applies to the years it was in force, so a computed year before 2025
 * follows the rules of its time (this is how the computation is checked against the official
 * schedules of 2004–2026 in the tests):
 *   1999 version (2000–2007): 元旦 1, 春节 3 (正月初一–初三), 劳动节 3 (5/1–5/3), 国庆节 3.
 *   2007 version (2008–2013): 元旦 1, 春节 3 (除夕–正月初二), 清明 1, 劳动节 1, 端午 1, 中秋 1, 国庆节 3.
 *   2013 version (2014–2024): as 2007 but 春节 正月初一–初三.
 *   2024 version (2025– ):    元旦 1, 春节 4 (除夕–正月初三), 清明 1, 劳动节 2 (5/1–5/2), 端午 1, 中秋 1, 国庆节 3.
 *
 * Article 6 of every version: a holiday of all citizens falling on a Saturday or a Sunday is made
 * up on a working day (补假). Here each such day — and each day on which two holidays fall
 * together, such as 中秋 on 10月1日 — gives the first following weekday that is not already a
 * holiday. Make-up workdays (调休补班) are not invented: they exist only in official schedules.
 */
export interface ComputedHoliday {
  /** Day number (see dates.ts). */
  day: number;
  name: string;
  /** True for a substitute day given under Article 6 (补假). */
  substitute: boolean;
}

interface Entitlement { day: number; name: string }

const lunar = (y: number, m: number, d: number) => {
  const s = LunarDay.fromYmd(y, m, d).getSolarDay();
  return { y: s.getYear(), m: s.getMonth(), d: s.getDay() };
};

function entitlements(year: number): Entitlement[] {
  const out: Entitlement[] = [];
  const add = (name: string, y: number, m: number, d: number, days = 1) => {
    const first = dayIndex(y, m, d);
    for (let k = 0; k < days; k++) out.push({ day: first + k, name });
  };
  const newYear = lunar(year, 1, 1);
  const firstDay = dayIndex(newYear.y, newYear.m, newYear.d);
  const spring = (fromOffset: number, days: number) => {
    for (let k = 0; k < days; k++) out.push({ day: firstDay + fromOffset + k, name: '春节' });
  };
  const qingming = () => {
    const s = SolarTerm.fromName(year, '清明').getSolarDay();
    add('清明节', s.getYear(), s.getMonth(), s.getDay());
  };
  const lunarDay = (name: string, m: number, d: number) => {
    const s = lunar(year, m, d);
    add(name, s.y, s.m, s.d);
  };

  add('元旦', year, 1, 1);
  if (year <= 2007) {
    spring(0, 3);
    add('劳动节', year, 5, 1, 3);
  } else {
    if (year <= 2013) spring(-1, 3);
    else if (year <= 2024) spring(0, 3);
    else spring(-1, 4);
    qingming();
    add('劳动节', year, 5, 1, year >= 2025 ? 2 : 1);
    lunarDay('端午节', 5, 5);
    lunarDay('中秋节', 8, 15);
  }
  add('国庆节', year, 10, 1, 3);
  return out.sort((a, b) => a.day - b.day);
}

const cache = new Map<number, readonly ComputedHoliday[]>();

/** The computed statutory holidays of a year, substitutes included, sorted by day (memoised). */
export function statutoryHolidays(year: number): readonly ComputedHoliday[] {
  if (year < FIRST_YEAR || year > LAST_YEAR) throw new RangeError(`year ${year} is outside ${FIRST_YEAR}–${LAST_YEAR}`);
  const hit = cache.get(year);
  if (hit) return hit;
  const days = new Map<number, ComputedHoliday>();
  const owed: Entitlement[] = [];
  for (const e of entitlements(year)) {
    if (days.has(e.day) || isWeekend(e.day)) owed.push(e);
    if (!days.has(e.day)) days.set(e.day, { day: e.day, name: e.name, substitute: false });
  }
  // Placed in order, so two owed days of one festival take two following weekdays.
  for (const e of owed) {
    let d = e.day + 1;
    while (isWeekend(d) || days.has(d)) d++;
    days.set(d, { day: d, name: e.name, substitute: true });
  }
  const list = [...days.values()].sort((a, b) => a.day - b.day);
  cache.set(year, list);
  return list;
}
