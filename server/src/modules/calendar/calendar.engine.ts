import { errors } from '../../lib/errors.ts';
import { MAX_WORKDAYS } from './calendar.schemas.ts';
import {
  DAY_COUNT, FIRST_YEAR, formatDay, isWeekend, LAST_YEAR, parseDay, yearEndIndex, yearOf, yearStartIndex,
} from './dates.ts';
import { statutoryHolidays } from './holiday-rules.ts';

/**
 * The working-day calendar of one region as a pure, synchronous structure (no I/O).
 *
 * A day is a working day unless it is a Saturday or Sunday, with these layers on top, each one
 * overriding the ones before it:
 *   1. for a year without a loaded official schedule ("provisional"), the statutory holidays
 *      computed from the national holiday rules (holiday-rules.ts);
 *   2. the days of the national calendar ('CN': the official schedules' holidays and make-up workdays);
 *   3. the local days of each ancestor region, from the province down;
 *   4. the local days of the region itself.
 *
 * Deadline arithmetic is O(1) whatever the number of days: for every day number i the structure
 * keeps C[i] = the number of working days before day i (a prefix count) and W[k] = the day
 * number of the k-th working day. Then
 *   working days in (a, b]               = C[b+1] − C[a+1]
 *   the n-th working day after a (n ≥ 1) = W[C[a+1] + n − 1]
 * The arrays are filled from 2000-01-01 up to a few years past the newest data, and extended on
 * demand (years computed from the rules) up to LAST_YEAR.
 */
export interface DayEntry {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
}

export interface CalendarLayer {
  /** 'CN' for the national calendar, else the region code. */
  region: string;
  days: readonly DayEntry[];
}

export interface CalendarInput {
  /** Years whose official national schedule is loaded. */
  officialYears: Iterable<number>;
  /** National layer first, then the ancestors from the top down, the region itself last. */
  layers: readonly CalendarLayer[];
}

export type DaySource = 'official' | 'computed' | 'local';

export interface SpecialDay {
  date: string;
  working: boolean;
  name: string;
  /** official: a national schedule; computed: the holiday rules (provisional year); local: a region's own change. */
  source: DaySource;
  /** Where the entry comes from: 'CN' for official and computed days, else the region code. */
  region: string;
}

export interface Due { due: string; provisional: boolean }
export interface Count { workdays: number; provisional: boolean }

interface Override { working: boolean; name: string; source: DaySource; region: string }

const dateInvalid = (field: string, value: unknown) => errors.DATE_INVALID({ field, details: { value } });

export const outOfRange = (field: string) => errors.DATE_OUT_OF_RANGE({ first: FIRST_YEAR, last: LAST_YEAR, field });

function dayOf(field: string, date: string): number {
  const i = parseDay(date);
  if (i === -1) throw dateInvalid(field, date);
  if (i === -2) throw outOfRange(field);
  return i;
}

/** Years filled beyond the newest data when a calendar is built, and per extension. */
const AHEAD_YEARS = 5;

export class Calendar {
  /** Years without an official schedule, FIRST_YEAR … LAST_YEAR: their holidays are computed. */
  readonly provisionalYears: Set<number>;
  readonly officialYears: ReadonlySet<number>;
  private readonly overrides = new Map<number, Override>();
  /** provisionalBefore[y - FIRST_YEAR] = number of provisional years before y. */
  private readonly provisionalBefore: Int32Array;
  /** C[i] = working days before day i, for i ≤ built. */
  private C: Int32Array;
  /** W[k] = day number of the k-th working day, k < workdayCount. */
  private W: Int32Array;
  private workdayCount = 0;
  /** Days 0 … built−1 are filled. */
  private built = 0;

  constructor(input: CalendarInput) {
    this.officialYears = new Set(input.officialYears);
    this.provisionalYears = new Set();
    this.provisionalBefore = new Int32Array(LAST_YEAR - FIRST_YEAR + 2);
    for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) {
      const provisional = !this.officialYears.has(y);
      if (provisional) this.provisionalYears.add(y);
      this.provisionalBefore[y - FIRST_YEAR + 1] = this.provisionalBefore[y - FIRST_YEAR]! + (provisional ? 1 : 0);
    }
    let newest = FIRST_YEAR;
    for (const y of this.officialYears) if (y > newest && y <= LAST_YEAR) newest = y;
    for (const layer of input.layers) {
      const source: DaySource = layer.region === 'CN' ? 'official' : 'local';
      for (const d of layer.days) {
        const i = dayOf('date', d.date);
        this.overrides.set(i, { working: d.kind === 'workday', name: d.name, source, region: layer.region });
        newest = Math.max(newest, yearOf(i));
      }
    }
    const days = yearEndIndex(Math.min(LAST_YEAR, newest + AHEAD_YEARS)) + 1;
    this.C = new Int32Array(days + 1);
    this.W = new Int32Array(days);
    this.fill(days);
  }

  /** Whether the day is a working day, before any cache: the layers applied to one day. */
  private working(i: number, computed: ReadonlySet<number> | null): boolean {
    const o = this.overrides.get(i);
    if (o) return o.working;
    if (computed?.has(i)) return false;
    return !isWeekend(i);
  }

  /** Fills days built … end−1, growing the arrays if needed. */
  private fill(end: number) {
    if (end <= this.built) return;
    if (this.C.length < end + 1) {
      const C = new Int32Array(end + 1);
      C.set(this.C.subarray(0, this.built + 1));
      this.C = C;
    }
    if (this.W.length < end) {
      const W = new Int32Array(end);
      W.set(this.W.subarray(0, this.workdayCount));
      this.W = W;
    }
    let i = this.built;
    let count = this.C[i]!;
    while (i < end) {
      const year = yearOf(i);
      const yearEnd = Math.min(end, yearEndIndex(year) + 1);
      const computed = this.provisionalYears.has(year) ? new Set(statutoryHolidays(year).map((h) => h.day)) : null;
      for (; i < yearEnd; i++) {
        if (this.working(i, computed)) this.W[count++] = i;
        this.C[i + 1] = count;
      }
    }
    this.workdayCount = count;
    this.built = end;
  }

  /** Makes sure day i (and the count after it) is filled. */
  private cover(i: number) {
    if (i < this.built) return;
    this.fill(Math.min(DAY_COUNT, yearEndIndex(Math.min(LAST_YEAR, yearOf(Math.min(i, DAY_COUNT - 1)) + AHEAD_YEARS)) + 1));
  }

  /** Makes sure the k-th working day exists, or throws when it would fall after LAST_YEAR. */
  private workday(k: number, field: string): number {
    if (k < 0) throw outOfRange(field);
    while (k >= this.workdayCount && this.built < DAY_COUNT) this.cover(this.built);
    if (k >= this.workdayCount) throw outOfRange(field);
    return this.W[k]!;
  }

  /** True if any year from year(a) to year(b) (day numbers, a ≤ b) is provisional. */
  private touchesProvisional(a: number, b: number): boolean {
    if (a > b) return false;
    const p = this.provisionalBefore;
    return p[yearOf(b) - FIRST_YEAR + 1]! - p[yearOf(a) - FIRST_YEAR]! > 0;
  }

  /**
   * The due date of a limit of n working days starting on `from`: the first day is not counted,
   * so for n ≥ 1 it is the n-th working day after `from`. n = 0 gives the first working day on or
   * after `from` (an instant item received on a holiday is due on the next working day); n < 0
   * the |n|-th working day before `from`. Provisional when any day the answer depends on lies
   * in a provisional year.
   */
  addWorkdays(from: string, n: number): Due {
    if (!Number.isInteger(n)) throw errors.WORKDAYS_INVALID({ max: MAX_WORKDAYS, field: 'workdays' });
    const f = dayOf('from', from);
    this.cover(f + 1 < DAY_COUNT ? f + 1 : f);
    let d: number;
    let provisional: boolean;
    if (n > 0) {
      d = this.workday(this.C[Math.min(f + 1, this.built)]! + n - 1, 'workdays');
      provisional = this.touchesProvisional(f + 1, d);
    } else if (n === 0) {
      d = this.workday(this.C[f]!, 'workdays');
      provisional = this.touchesProvisional(f, d);
    } else {
      d = this.workday(this.C[f]! + n, 'workdays');
      provisional = this.touchesProvisional(d, f - 1);
    }
    return { due: formatDay(d), provisional };
  }

  /**
   * Working days in (from, to]: `from` excluded, `to` included, so countWorkdays(a, addWorkdays(a, n).due)
   * is n. Signed: with to before from the answer is minus the working days in (to, from].
   */
  countWorkdays(from: string, to: string): Count {
    const a = dayOf('from', from);
    const b = dayOf('to', to);
    this.cover(Math.max(a, b));
    const workdays = this.C[b + 1]! - this.C[a + 1]!;
    return { workdays, provisional: a < b ? this.touchesProvisional(a + 1, b) : this.touchesProvisional(b + 1, a) };
  }

  isWorkday(date: string): boolean {
    const i = dayOf('date', date);
    this.cover(i);
    return this.C[i + 1]! - this.C[i]! === 1;
  }

  /** Whether the date's year has no official schedule (its holidays are computed). */
  isProvisional(date: string): boolean {
    return this.provisionalYears.has(yearOf(dayOf('date', date)));
  }

  /**
   * The days of a year that differ from "Monday–Friday work" or carry an entry: holidays and
   * make-up workdays with their source, in date order (the effective entry of each day).
   */
  specialDays(year: number): SpecialDay[] {
    if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) throw outOfRange('year');
    const out: SpecialDay[] = [];
    const computed = this.provisionalYears.has(year) ? new Map(statutoryHolidays(year).map((h) => [h.day, h])) : null;
    for (let i = yearStartIndex(year), end = yearEndIndex(year); i <= end; i++) {
      const o = this.overrides.get(i);
      if (o) {
        out.push({ date: formatDay(i), working: o.working, name: o.name, source: o.source, region: o.region });
        continue;
      }
      const c = computed?.get(i);
      if (c) out.push({ date: formatDay(i), working: false, name: c.substitute ? `${c.name}（补假）` : c.name, source: 'computed', region: 'CN' });
    }
    return out;
  }
}

export const buildCalendar = (input: CalendarInput) => new Calendar(input);

/** The days of an official schedule: each day of each holiday period, then the make-up workdays, by date. */
export function scheduleDays(s: {
  holidays: ReadonlyArray<{ name: string; nameEn?: string; from: string; to: string }>;
  workdays?: ReadonlyArray<{ name: string; nameEn?: string; date: string }>;
}): Array<DayEntry & { nameEn: string | null }> {
  const days: Array<DayEntry & { nameEn: string | null }> = [];
  for (const h of s.holidays) {
    for (let i = dayOf('from', h.from), end = dayOf('to', h.to); i <= end; i++) days.push({ date: formatDay(i), kind: 'holiday', name: h.name, nameEn: h.nameEn ?? null });
  }
  for (const w of s.workdays ?? []) days.push({ date: w.date, kind: 'workday', name: w.name, nameEn: w.nameEn ?? null });
  return days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** The national layer of a set of official schedules (what the database holds under 'CN'). */
export const nationalLayer = (schedules: ReadonlyArray<Parameters<typeof scheduleDays>[0]>): CalendarLayer =>
  ({ region: 'CN', days: schedules.flatMap(scheduleDays) });
