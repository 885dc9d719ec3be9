import type { LightRule } from '../../db/types.ts';
import { RESULT_TO_WINDOW_WORKDAYS, type WorkCalendar } from '../cases/clock.ts';
import { addCalendarDays, chinaDate } from '../../lib/clock.ts';

/**
 * Which deadline a case is judged on in each state, and its light on a China date (DESIGN §5):
 * - submitted: acceptance within 5 working days of receipt (Art. 32), yellow on the last day;
 * - accepted / in review: the decision's due and warning dates kept by the clock (suspended: the
 *   clock stands, the light is kept and not judged until the case resumes);
 * - decided: the result reaches the delivery window within 3 working days of the decision (handover);
 * - approved and awaiting payment or issuing: the licence is issued within 10 working days of the
 *   decision (Art. 44). "Issued" = the case reaches `ready`: the licence exists and waits at the
 *   delivery window or is posted.
 * A limit ends at the end of its last working day: red from the day after.
 */
export type Light = 'green' | 'yellow' | 'red';
export const HANDOVER_WORKDAYS = RESULT_TO_WINDOW_WORKDAYS;
export const ISSUE_WORKDAYS = 10;

export interface LightFacts {
  status: string;
  suspended_since: string | null;
  acceptance_due_date: string;
  due_date: string | null;
  warning_date: string | null;
  decided_at: Date | null;
  decision: 'approved' | 'denied' | 'partial' | null;
  light: Light | null;
  light_rule: LightRule | null;
}

export interface Judgement {
  light: Light | null;
  rule: LightRule | null;
  dueDate: string | null;
  warningDate: string | null;
  /** The next China date on which the light may change; null when only an action can change it. */
  next: string | null;
}

const NONE: Judgement = { light: null, rule: null, dueDate: null, warningDate: null, next: null };

/** A date moved by n calendar days (lib/clock.ts). */
export const addDays = addCalendarDays;


function judgeDates(rule: LightRule, today: string, dueDate: string, warningDate: string): Judgement {
  if (today > dueDate) return { light: 'red', rule, dueDate, warningDate, next: null };
  if (today >= warningDate) return { light: 'yellow', rule, dueDate, warningDate, next: addDays(dueDate, 1) };
  return { light: 'green', rule, dueDate, warningDate, next: warningDate };
}

/** The light a case should carry today. `cal` is its region's calendar (for the post-decision limits). */
export function judge(c: LightFacts, today: string, cal: WorkCalendar): Judgement {
  switch (c.status) {
    case 'submitted':
      return judgeDates('acceptance', today, c.acceptance_due_date, c.acceptance_due_date);
    case 'accepted':
    case 'in_review':
      if (c.suspended_since) return { light: c.light, rule: c.light_rule, dueDate: c.due_date, warningDate: c.warning_date, next: null };
      if (!c.due_date) return NONE;
      return judgeDates('decision', today, c.due_date, c.warning_date ?? c.due_date);
    case 'decided': {
      const due = cal.addWorkdays(chinaDate(c.decided_at!), HANDOVER_WORKDAYS).due;
      return judgeDates('handover', today, due, due);
    }
    case 'awaiting_payment':
    case 'issuing': {
      if (c.decision !== 'approved' || !c.decided_at) return NONE;
      const due = cal.addWorkdays(chinaDate(c.decided_at), ISSUE_WORKDAYS).due;
      return judgeDates('issue', today, due, due);
    }
    default:
      return NONE;
  }
}

/**
 * Whether a change of light is an event worth recording and notifying: a case turning yellow or
 * red, or going back to green on the same rule (an extension or a resumption moved its dates).
 * The first green of a case, or green on the next stage's rule, is not news.
 */
export function isLightEvent(before: { light: Light | null; rule: LightRule | null }, after: Judgement): boolean {
  if (after.light === null || after.light === before.light && after.rule === before.rule) return false;
  if (after.light === 'green') return before.light !== null && before.light !== 'green' && before.rule === after.rule;
  return true;
}
