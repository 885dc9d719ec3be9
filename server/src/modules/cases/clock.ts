/**
 * The legal clock of a case (DESIGN §5) as pure date arithmetic over a working-day calendar:
 * every date is recomputed from the acceptance date and the counted adjustments, so a calendar
 * change or a late correction gives the same answer as if it had always been known.
 */
export interface WorkCalendar {
  /** The N-th working day after `from` (the first day is not counted), and whether it rests on a computed year. */
  addWorkdays(from: string, n: number): { due: string; provisional: boolean };
  /** Working days in (from, to]. */
  countWorkdays(from: string, to: string): { workdays: number; provisional: boolean };
}

/** Art. 32: the window answers within 5 working days of receiving the materials. */
export const ACCEPTANCE_WORKDAYS = 5;
/** Art. 42: one extension, 10 working days (15 for joint handling). */
export const extensionDays = (joint: boolean) => (joint ? 15 : 10);
/** The warning share: yellow when the remaining time falls under 20 % of the limit or one working day. */
export const WARNING_SHARE = 0.2;

export interface ClockInput {
  acceptedDate: string;
  promisedDays: number;
  statutoryDays: number;
  extensionDays: number;
  suspendedWorkdays: number;
}

export interface ClockDates {
  dueDate: string;
  statutoryDueDate: string;
  warningDate: string;
  provisional: boolean;
}

export function caseDates(cal: WorkCalendar, c: ClockInput): ClockDates {
  const limit = c.promisedDays + c.extensionDays;
  const shift = c.suspendedWorkdays;
  const due = cal.addWorkdays(c.acceptedDate, limit + shift);
  const statutory = cal.addWorkdays(c.acceptedDate, c.statutoryDays + c.extensionDays + shift);
  const threshold = Math.max(1, Math.ceil(limit * WARNING_SHARE));
  const warning = limit - threshold <= 0 ? { due: c.acceptedDate, provisional: false } : cal.addWorkdays(c.acceptedDate, limit - threshold + shift);
  return {
    dueDate: due.due,
    statutoryDueDate: statutory.due,
    warningDate: warning.due,
    provisional: due.provisional || statutory.provisional || warning.provisional,
  };
}

export type Light = 'green' | 'yellow' | 'red';

/** The light of an open case on a China date; a limit ends at the end of its last working day. */
export function lightOf(today: string, dueDate: string | null, warningDate: string | null): Light | null {
  if (!dueDate) return null;
  if (today > dueDate) return 'red';
  if (warningDate && today >= warningDate) return 'yellow';
  return 'green';
}
