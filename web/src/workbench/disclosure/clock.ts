import { chinaDay } from '../../components/china-time';

/**
 * The legal clock as the disclosure desk shows it (docs/disclosure.md, "The clock"): the server sets the
 * due date (20 working days on the center's calendar) and says whether a request is overdue; the desk
 * only adds "due soon" — an open request due within DUE_SOON_DAYS calendar days of today in China.
 */
export const DUE_SOON_DAYS = 5;

/** Today's date in China (the date the server's due dates are in), YYYY-MM-DD. */
export const chinaToday = (now = new Date()): string => chinaDay(0, now.getTime());

const dayNumber = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;

export type DueState = 'overdue' | 'soon' | 'ok' | 'none';

/** How a request's due date stands: the server's `overdue` first, then due soon by the China date. */
export function dueState(r: { dueDate: string | null; overdue: boolean }, today = chinaToday()): DueState {
  if (!r.dueDate) return 'none';
  if (r.overdue) return 'overdue';
  return dayNumber(r.dueDate) - dayNumber(today) <= DUE_SOON_DAYS ? 'soon' : 'ok';
}
