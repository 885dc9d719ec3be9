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

/** A step with a limit: its light while open, and whether it finished on time once done (done on the due date is on time). */
export type StepLight = Light | 'on_time' | 'late';
export function stepLight(today: string, dueDate: string, doneDate: string | null): StepLight {
  if (doneDate !== null) return doneDate > dueDate ? 'late' : 'on_time';
  return lightOf(today, dueDate, dueDate)!;
}

/**
 * A decided case is judged on its decision date against its due date: "completed on time" (按时办结)
 * or "completed late" (超期办结), shown instead of a light once the clock has stopped.
 */
export function completionOf(decidedDate: string | null, dueDate: string | null): 'on_time' | 'late' | null {
  if (!decidedDate || !dueDate) return null;
  return decidedDate > dueDate ? 'late' : 'on_time';
}

/** Seed 004: the result reaches the delivery window within 3 working days of the decision. */
export const RESULT_TO_WINDOW_WORKDAYS = 3;
