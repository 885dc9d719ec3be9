/**
 * China calendar dates as plain `YYYY-MM-DD` strings and as day numbers, without `Date` and so
 * without any time zone: a legal date is the same on a server in UTC, in Beijing or anywhere.
 *
 * The calendar answers for the years FIRST_YEAR … LAST_YEAR. A day number (`dayIndex`) counts
 * the days from FIRST_YEAR-01-01 (= 0).
 */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2199;

const YEARS = LAST_YEAR - FIRST_YEAR + 1;
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Day number of the first day of each month, and of each year (index YEARS = one past the end). */
const monthStart = new Int32Array(YEARS * 12 + 1);
const yearStart = new Int32Array(YEARS + 1);
{
  let n = 0;
  for (let y = 0; y < YEARS; y++) {
    yearStart[y] = n;
    for (let m = 0; m < 12; m++) {
      monthStart[y * 12 + m] = n;
      n += m === 1 && isLeap(FIRST_YEAR + y) ? 29 : MONTH_DAYS[m]!;
    }
  }
  yearStart[YEARS] = n;
  monthStart[YEARS * 12] = n;
}

/** Number of days covered: FIRST_YEAR-01-01 … LAST_YEAR-12-31. */
export const DAY_COUNT = yearStart[YEARS]!;

/** 2000-01-01 was a Saturday: weekday 0 = Sunday … 6 = Saturday. */
export const weekdayOf = (i: number) => (i + 6) % 7;
export const isWeekend = (i: number) => {
  const w = (i + 6) % 7;
  return w === 0 || w === 6;
};

/** The first day number of a year (year must be inside the range, or one past it). */
export const yearStartIndex = (year: number) => yearStart[year - FIRST_YEAR]!;
export const yearEndIndex = (year: number) => yearStart[year - FIRST_YEAR + 1]! - 1;

/** Year of each day number, as an offset from FIRST_YEAR (73 KB, one table lookup per question). */
const yearOffsetOfDay = new Uint8Array(yearStart[YEARS]!);
for (let y = 0; y < YEARS; y++) yearOffsetOfDay.fill(y, yearStart[y]!, yearStart[y + 1]!);

/** The year a day number falls in. */
export const yearOf = (i: number): number => FIRST_YEAR + yearOffsetOfDay[i]!;

const d2 = (s: string, at: number) => {
  const a = s.charCodeAt(at) - 48;
  const b = s.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
};

/**
 * The day number of a `YYYY-MM-DD` string; -1 when it is not a real date, -2 when it is a real
 * date outside FIRST_YEAR … LAST_YEAR. No allocation, no regular expression: the hot path of
 * deadline arithmetic.
 */
export function parseDay(s: string): number {
  if (typeof s !== 'string' || s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return -1;
  const hi = d2(s, 0);
  const lo = d2(s, 2);
  const m = d2(s, 5);
  const d = d2(s, 8);
  if (hi < 0 || lo < 0 || m < 1 || m > 12 || d < 1) return -1;
  const y = hi * 100 + lo;
  if (d > (m === 2 && isLeap(y) ? 29 : MONTH_DAYS[m - 1]!)) return -1;
  if (y < FIRST_YEAR || y > LAST_YEAR) return -2;
  return monthStart[(y - FIRST_YEAR) * 12 + m - 1]! + d - 1;
}

/** True for a real calendar date written YYYY-MM-DD (any year 0000–9999). */
export const isRealDate = (s: string) => parseDay(s) !== -1;

const names: string[] = new Array(DAY_COUNT);

/** The `YYYY-MM-DD` string of a day number (cached: each string is built once per process). */
export function formatDay(i: number): string {
  const cached = names[i];
  if (cached !== undefined) return cached;
  if (!(i >= 0 && i < DAY_COUNT)) throw new RangeError(`day number ${i} is outside ${FIRST_YEAR}–${LAST_YEAR}`);
  const y = yearOf(i);
  const base = (y - FIRST_YEAR) * 12;
  let m = 11;
  while (monthStart[base + m]! > i) m--;
  const d = i - monthStart[base + m]! + 1;
  const s = `${y}-${String(m + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  names[i] = s;
  return s;
}

/** The day number of year-month-day (month 1–12); the caller guarantees a real date in range. */
export const dayIndex = (y: number, m: number, d: number) => monthStart[(y - FIRST_YEAR) * 12 + m - 1]! + d - 1;

/**
 * The instant a limit ending on `date` runs out: the end of that China day, i.e. the next day's
 * 00:00 at UTC+8 (China has kept UTC+8 without daylight saving since 1991).
 */
export function endOfChinaDay(date: string): Date {
  if (parseDay(date) === -1) throw new RangeError(`not a date: ${date}`);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1) - 8 * 3600_000);
}
