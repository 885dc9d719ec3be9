import type { Db, Tx } from '../../db/database.ts';
import { chinaDate } from '../../lib/clock.ts';
import { calendarFor } from './calendar-adapter.ts';
import { ACCEPTANCE_WORKDAYS, type WorkCalendar } from './clock.ts';
import { findLevelCase, findUpperOf, type LevelRow } from './reported.repository.ts';

/**
 * The stages of a reported (上报) case, each judged on its own limit: when a reported case is late,
 * the applicant and supervision need to see which level and which hand-over held it, not one total.
 * first_review: accepted → forwarded at the accepting level (its promised limit) · materials_handover:
 * forwarded → accepted above (the 5-day acceptance period) · upper_decision: accepted → decided
 * above (the upper item's promised limit) · result_return: decided above → result back at the
 * accepting level (3 working days, seed 004), after which the accepting center delivers.
 */
export const LEVEL_STAGES = ['first_review', 'materials_handover', 'upper_decision', 'result_return'] as const;
export const RESULT_RETURN_WORKDAYS = 3;

export interface LevelStage {
  stage: (typeof LEVEL_STAGES)[number];
  centerName: string;
  departmentName: string;
  /** China dates; `to` is null while the stage runs (its working days are counted to today). */
  from: string | null;
  to: string | null;
  workdays: number | null;
  limitDays: number;
  overdue: boolean;
}

const dateOf = (d: Date | null) => (d ? chinaDate(d) : null);

function stage(name: LevelStage['stage'], at: LevelRow, cal: WorkCalendar, today: string, from: string | null, to: string | null, limitDays: number, notCounted = 0): LevelStage {
  const base = { stage: name, centerName: at.center_name, departmentName: at.department_name, from, to, limitDays };
  if (!from) return { ...base, workdays: null, overdue: false };
  const end = to ?? today;
  // Suspended days (special procedures) are not counted against the limit (Art. 45).
  const workdays = end <= from ? 0 : Math.max(0, cal.countWorkdays(from, end).workdays - notCounted);
  return { ...base, workdays, overdue: workdays > limitDays };
}

/** For a case with an upper case (or an upper case itself): its levels, on each level's calendar. */
export async function levelsOf(db: Db | Tx, c: { id: string; kind: string; parent_id: string | null }, today: string): Promise<LevelStage[]> {
  if (c.kind !== 'single' && c.kind !== 'upper') return [];
  const [lower, upper] = c.kind === 'upper'
    ? await Promise.all([findLevelCase(db, c.parent_id!), findLevelCase(db, c.id)])
    : await Promise.all([findLevelCase(db, c.id), findUpperOf(db, c.id)]);
  if (!lower || !upper) return [];
  const [below, above] = await Promise.all([calendarFor(db, lower.region_code), calendarFor(db, upper.region_code)]);
  const forwarded = dateOf(lower.forwarded_at);
  const decidedAbove = dateOf(upper.decided_at);
  return [
    stage('first_review', lower, below, today, lower.accepted_date, forwarded, lower.promised_days + lower.extension_days, lower.suspended_workdays),
    stage('materials_handover', upper, above, today, forwarded, upper.accepted_date, ACCEPTANCE_WORKDAYS),
    stage('upper_decision', upper, above, today, upper.accepted_date, decidedAbove, upper.promised_days + upper.extension_days, upper.suspended_workdays),
    stage('result_return', upper, above, today, decidedAbove, dateOf(lower.result_returned_at), RESULT_RETURN_WORKDAYS),
  ];
}
