import { addCalendarDays } from '../../lib/clock.ts';
/** China wall-clock helpers for the hall (UTC+8, no daylight saving). Days are 'YYYY-MM-DD', times 'HH:MM'. */
const CHINA_MS = 8 * 3600_000;

export const chinaTime = (d: Date) => new Date(d.getTime() + CHINA_MS).toISOString().slice(11, 16);

/** ISO weekday of a day: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: string): number {
  const d = new Date(`${day}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** A China date moved by n calendar days (lib/clock.ts). */
export const addDays = addCalendarDays;

export const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** The instant of a China wall-clock time on a day. */
export const chinaInstant = (day: string, time: string) => new Date(Date.parse(`${day}T${time.slice(0, 5)}:00Z`) - CHINA_MS);

export const hhmm = (t: string) => t.slice(0, 5);

export const minutesOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
export const timeOf = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Age in whole years on a day, from a birth date (both 'YYYY-MM-DD'). */
export function ageOn(birth: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birth.slice(0, 4));
  return day.slice(5) >= birth.slice(5) ? years : years - 1;
}
