import type { Tx } from '../../db/database.ts';
import type { RectificationStatus } from '../../db/types.ts';
import { errors } from '../../lib/errors.ts';
import * as repo from './ratings.repository.ts';

/**
 * The lifecycle of a bad review's rectification task (整改). This table is the only writer of its
 * status: `repo.moveTask` is called from here only. `who`: `department` works the task (its approvers
 * and chiefs, or the center's managers for a task without a department), `manager` decides appeals,
 * `person` rates the fix. The guards say what must be on record first.
 *
 * After an appeal is rejected the task continues where the national rules want it (callback,
 * verification, rectification); a second appeal is refused by the appeal row's guard, whatever state
 * the task has reached since (a review is appealed once).
 */
export type RectificationAction = 'call_back' | 'verify' | 'rectify' | 'rate_fix' | 'close' | 'appeal' | 'uphold_appeal' | 'reject_appeal';
export type RectificationSide = 'department' | 'manager' | 'person';

export interface TaskFacts {
  realName: boolean; calledBack: boolean; appealed: boolean;
  /** A real-name review's fix, rectified less than FIX_RATING_DAYS ago: the person may still rate it. */
  fixRatingOpen?: boolean;
}

/** Days the person who gave a real-name bad review has to rate the fix before a manager may close the task. */
export const FIX_RATING_DAYS = 7;
export interface RectificationRow {
  from: readonly RectificationStatus[]; action: RectificationAction; to: RectificationStatus; who: RectificationSide;
  /** A refusal when the facts do not allow it (nothing written). */
  guard?: (f: TaskFacts) => void;
}

const BEFORE_VERIFICATION: readonly RectificationStatus[] = ['open', 'appeal_rejected'];

export const RECTIFICATION_TRANSITIONS: readonly RectificationRow[] = [
  { from: BEFORE_VERIFICATION, action: 'call_back', to: 'called_back', who: 'department' },
  {
    from: ['called_back', ...BEFORE_VERIFICATION], action: 'verify', to: 'verified', who: 'department',
    // Every real-name bad review gets a callback before it is verified (national rules, 2019).
    guard: (f) => { if (f.realName && !f.calledBack) throw errors.RECTIFICATION_CALLBACK_REQUIRED(); },
  },
  { from: ['verified'], action: 'rectify', to: 'rectified', who: 'department' },
  { from: ['rectified'], action: 'rate_fix', to: 'rated_by_person', who: 'person' },
  // The person did not rate the fix (or could not: an anonymous review): the manager closes the task, a
  // real-name one only once the person has had FIX_RATING_DAYS to rate it (the result is the person's to judge).
  {
    from: ['rectified'], action: 'close', to: 'closed', who: 'manager',
    guard: (f) => { if (f.fixRatingOpen) throw errors.RECTIFICATION_FIX_RATING_OPEN({ days: FIX_RATING_DAYS }); },
  },
  {
    from: ['open', 'called_back', 'verified'], action: 'appeal', to: 'appealed', who: 'department',
    // Once per review: after a rejected appeal the task goes back to callback and verification, not to a second appeal.
    guard: (f) => { if (f.appealed) throw errors.RECTIFICATION_APPEAL_ONCE(); },
  },
  { from: ['appealed'], action: 'uphold_appeal', to: 'appeal_upheld', who: 'manager' },
  { from: ['appealed'], action: 'reject_appeal', to: 'appeal_rejected', who: 'manager' },
];

export const FINAL_STATES: readonly RectificationStatus[] = ['rated_by_person', 'closed', 'appeal_upheld'];

/** The row for this action from this state, its guard passed; refuses with a stable code otherwise. */
export function rectificationRow(from: RectificationStatus, action: RectificationAction, facts: TaskFacts): RectificationRow {
  const row = RECTIFICATION_TRANSITIONS.find((r) => r.action === action && r.from.includes(from));
  if (!row) throw errors.RECTIFICATION_STATE({ action, status: from });
  row.guard?.(facts);
  return row;
}

export const sideOf = (action: RectificationAction): RectificationSide => RECTIFICATION_TRANSITIONS.find((r) => r.action === action)!.who;

/** Moves a locked task by one row of the table at `now`; `fields` are the action's own columns. */
export async function moveTask(tx: Tx, task: repo.TaskRow, action: RectificationAction, fields: repo.TaskFields, now: Date) {
  const fixRatingOpen = task.real_name && task.rectified_at !== null && now.getTime() < task.rectified_at.getTime() + FIX_RATING_DAYS * 86_400_000;
  const row = rectificationRow(task.status, action, { realName: task.real_name, calledBack: task.called_back_at !== null, appealed: task.appealed_at !== null, fixRatingOpen });
  return repo.moveTask(tx, task.id, task.status, row.to, fields);
}
