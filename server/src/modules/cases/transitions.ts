import type { StaffRole } from '../../policies/index.ts';

/**
 * The case lifecycle: one table of (from-state, action, to-state, who may, guard, clock effect).
 * `cases.service.ts` looks every action up here and nothing else writes a case's status.
 */
export const CASE_STATES = [
  'submitted', 'supplement_requested', 'refused', 'accepted', 'in_review', 'forwarded', 'decided',
  'awaiting_payment', 'ready', 'delivered', 'withdrawn', 'terminated',
] as const;
// `issuing` (the licence being made, between decision and delivery) comes back with e-licences (issue 12):
// until a row leads into it, it is not a state of the table. The database still accepts it.
export type CaseState = (typeof CASE_STATES)[number];

/** Every case starts here, whatever its kind: `insertCase` writes it, and only table rows move it on. */
export const INITIAL_STATE: CaseState = 'submitted';

/**
 * The open states: a case in one of them is still being handled (counted as open by the board,
 * the inboxes and every count). The one definition; SQL takes it as a parameter.
 */
export const OPEN_STATES: readonly CaseState[] = ['submitted', 'supplement_requested', 'accepted', 'in_review', 'forwarded', 'decided', 'awaiting_payment', 'ready'];

/**
 * single: one item in one department · joint: the parent of a joint matter, which has no item of
 * its own and moves only when its parts do · part: one department's share of a joint case ·
 * upper: the deciding level's case of a reported (上报) one, whose result returns to the lower case.
 */
export const CASE_KINDS = ['single', 'joint', 'part', 'upper'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];
const ALL_KINDS = CASE_KINDS;
/** Cases that are examined and decided by one department (not the joint parent). */
const DECIDED_BY_A_DEPARTMENT: readonly CaseKind[] = ['single', 'part', 'upper'];
/** Cases the applicant or a window brings in: a part is accepted with its parent, an upper case arrives forwarded. */
const APPLIED_FOR: readonly CaseKind[] = ['single', 'joint'];
/** States in which the legal clock of the decision runs (unless suspended): the case is not decided yet. */
export const CLOCK_STATES: readonly CaseState[] = ['accepted', 'in_review'];
/** States with a running deadline a calendar change can move: the acceptance period, then the decision's clock. */
export const DEADLINE_STATES: readonly CaseState[] = ['submitted', ...CLOCK_STATES];
/** Open states before the decision: the applicant may withdraw only from these (after it, the licence is cancelled, 注销). */
export const BEFORE_DECISION_STATES: readonly CaseState[] = ['submitted', 'supplement_requested', 'accepted', 'in_review', 'forwarded'];
/** Decided (or about to be) but not yet at the delivery window: a joint parent waits for its parts to leave these. */
export const BEFORE_READY_STATES: readonly CaseState[] = [...CLOCK_STATES, 'decided', 'awaiting_payment'];

export type CaseAction =
  | 'request_supplement' | 'resubmit' | 'refuse' | 'accept' | 'deem_accept' | 'review' | 'decide'
  | 'extend' | 'suspend' | 'resume' | 'handover' | 'confirm_payment' | 'deliver' | 'withdraw' | 'terminate'
  | 'forward' | 'return_result' | 'joint_decide' | 'joint_ready' | 'send_to_department';

/** Actions only the system takes (cascades between parent and children, deadlines); never shown as buttons. */
export const SYSTEM_ACTIONS: readonly CaseAction[] = ['deem_accept', 'return_result', 'joint_decide', 'joint_ready'];

/** `lead` and `coordinator` see a case without acting on it (lead department on a part; green-channel coordinator). */
export type Actor = 'applicant' | StaffRole | 'system' | 'lead' | 'coordinator';

/** What the guard sees: the facts of the case a rule depends on. */
export interface CaseFacts {
  status: CaseState;
  suspended: boolean;
  extended: boolean;
  reviewsDone: number;
  reviewSteps: number;
  decision: 'approved' | 'denied' | 'partial' | null;
  hasFees: boolean;
  kind: CaseKind;
  /** The item is decided at the level above (上报件): the chief forwards instead of deciding. */
  reportsUpward: boolean;
  /** Joint parent: parts not yet decided (or closed), and parts not yet ready for delivery (or closed). */
  partsUndecided: number;
  partsNotReady: number;
  /** The statutory limit has run out: today's China date is after the case's statutory due date (Art. 42). */
  limitPassed: boolean;
  /** An instant item (即办件), decided on the spot: never extended. */
  instant: boolean;
  /** 退回部门办理件 (seed 003): the item is decided in the department's own office, and whether the hall has handed it over. */
  inDepartment?: boolean;
  sentToDepartment?: boolean;
}

/** How the action moves the clock; the service turns it into dates with the calendar. */
export type ClockEffect = 'none' | 'start' | 'start_deemed' | 'restart_acceptance' | 'extend' | 'suspend' | 'resume' | 'stop';

export interface Transition {
  action: CaseAction;
  /** The kinds of case the row is for; an action can have one row per kind with different rules. */
  kinds: readonly CaseKind[];
  from: readonly CaseState[];
  /** The next state; a function when it depends on the case (e.g. fees). */
  to: CaseState | ((f: CaseFacts) => CaseState);
  who: readonly Actor[];
  /** A rule beyond the state; returns the reason it fails, or null. */
  guard?: (f: CaseFacts) => string | null;
  /** States outside `from` where the refusal is a rule of its own (a reason with its code), not a plain STATE conflict. */
  refusedFrom?: { states: readonly CaseState[]; reason: string };
  clock: ClockEffect;
}

const notSuspended = (f: CaseFacts) => (f.suspended ? 'CASE_SUSPENDED' : null);

/** A case decided in the department's office is reviewed there only once the hall has handed it over. */
const inDepartmentOffice = (f: CaseFacts) => (f.inDepartment && !f.sentToDepartment ? 'HANDOFF_NOT_IN_DEPARTMENT' : null);

const reviewDone = (f: CaseFacts) => notSuspended(f) ?? (f.reviewsDone < f.reviewSteps ? 'REVIEW_PENDING' : null);

export const TRANSITIONS: readonly Transition[] = [
  { action: 'request_supplement', kinds: APPLIED_FOR, from: ['submitted'], to: 'supplement_requested', who: ['window'], clock: 'none' },
  { action: 'resubmit', kinds: APPLIED_FOR, from: ['supplement_requested'], to: 'submitted', who: ['applicant', 'window'], clock: 'restart_acceptance' },
  { action: 'refuse', kinds: APPLIED_FOR, from: ['submitted'], to: 'refused', who: ['window'], clock: 'stop' },
  // A joint parent's acceptance creates its parts, one per department, each accepted on its own clock.
  { action: 'accept', kinds: ['single', 'joint', 'upper'], from: ['submitted'], to: 'accepted', who: ['window'], clock: 'start' },
  // A part is created with its parent's acceptance and accepted at once by the system, on the parent's day.
  { action: 'accept', kinds: ['part'], from: ['submitted'], to: 'accepted', who: ['system'], clock: 'start' },
  // Art. 32: no answer within 5 working days of receipt counts as acceptance on the day of receipt
  // (and a part of a joint case deemed accepted is deemed accepted with it).
  { action: 'deem_accept', kinds: ALL_KINDS, from: ['submitted'], to: 'accepted', who: ['system'], clock: 'start_deemed' },
  {
    action: 'review', kinds: DECIDED_BY_A_DEPARTMENT, from: ['accepted', 'in_review'], to: 'in_review', who: ['approver', 'chief'], clock: 'none',
    guard: (f) => notSuspended(f) ?? inDepartmentOffice(f) ?? (f.reviewsDone >= f.reviewSteps ? 'REVIEW_COMPLETE' : null),
  },
  // 退回部门办理件: the window hands the accepted case with its materials to the department's office (a recorded step).
  {
    action: 'send_to_department', kinds: ['single'], from: ['accepted'], to: (f) => f.status, who: ['window'], clock: 'none',
    guard: (f) => (!f.inDepartment ? 'HANDOFF_NOT_DEPARTMENT_ITEM' : f.sentToDepartment ? 'HANDOFF_ALREADY_SENT' : null),
  },
  {
    action: 'decide', kinds: DECIDED_BY_A_DEPARTMENT, from: ['in_review'], to: 'decided', who: ['chief'], clock: 'stop',
    guard: (f) => (f.reportsUpward && f.kind !== 'upper' ? 'DECIDED_ABOVE' : reviewDone(f)),
  },
  // 上报件: the chief signs the first-review opinion and the case goes with its materials to the level above.
  {
    action: 'forward', kinds: ['single'], from: ['in_review'], to: 'forwarded', who: ['chief'], clock: 'stop',
    guard: (f) => (f.reportsUpward ? reviewDone(f) : 'NOT_REPORTED_UPWARD'),
  },
  // The upper level's result comes back: the lower case is decided as the upper level decided it.
  { action: 'return_result', kinds: ['single'], from: ['forwarded'], to: 'decided', who: ['system'], clock: 'none' },
  // A joint parent is decided when every part is decided or closed, and ready when every part is.
  {
    action: 'joint_decide', kinds: ['joint'], from: ['accepted'], to: 'decided', who: ['system'], clock: 'stop',
    guard: (f) => (f.partsUndecided > 0 ? 'PARTS_PENDING' : null),
  },
  {
    action: 'joint_ready', kinds: ['joint'], from: ['decided'], to: 'ready', who: ['system'], clock: 'none',
    guard: (f) => (f.partsNotReady > 0 ? 'PARTS_PENDING' : null),
  },
  {
    action: 'extend', kinds: ALL_KINDS, from: ['accepted', 'in_review'], to: (f) => f.status, who: ['chief'], clock: 'extend',
    // Art. 42: once, by the chief, only while the limit has not run out; never for an instant item.
    guard: (f) => (f.extended ? 'ALREADY_EXTENDED' : f.instant ? 'EXTENSION_INSTANT_ITEM' : f.limitPassed ? 'EXTENSION_LIMIT_PASSED' : null),
  },
  { action: 'suspend', kinds: DECIDED_BY_A_DEPARTMENT, from: ['accepted', 'in_review'], to: (f) => f.status, who: ['approver', 'chief'], clock: 'suspend', guard: notSuspended },
  {
    action: 'resume', kinds: DECIDED_BY_A_DEPARTMENT, from: ['accepted', 'in_review'], to: (f) => f.status, who: ['approver', 'chief'], clock: 'resume',
    guard: (f) => (f.suspended ? null : 'NOT_SUSPENDED'),
  },
  {
    action: 'handover', kinds: ['single', 'part'], from: ['decided'], who: ['approver', 'chief'], clock: 'none',
    to: (f) => (f.decision === 'approved' && f.hasFees ? 'awaiting_payment' : 'ready'),
  },
  // The upper level hands its result back to the accepting center: its own case ends there.
  { action: 'handover', kinds: ['upper'], from: ['decided'], to: 'delivered', who: ['approver', 'chief'], clock: 'none' },
  { action: 'confirm_payment', kinds: ['single', 'part'], from: ['awaiting_payment'], to: 'ready', who: ['window'], clock: 'none' },
  { action: 'deliver', kinds: APPLIED_FOR, from: ['ready'], to: 'delivered', who: ['window'], clock: 'none' },
  // Parts are delivered together, by the delivery of their parent.
  { action: 'deliver', kinds: ['part'], from: ['ready'], to: 'delivered', who: ['system'], clock: 'none' },
  // Withdrawal only before the decision; after it (decided, awaiting payment, ready) it is refused with its own reason
  // (the holder may ask for the licence to be cancelled, 注销, a procedure of its own).
  {
    action: 'withdraw', kinds: APPLIED_FOR, from: BEFORE_DECISION_STATES, to: 'withdrawn', who: ['applicant'], clock: 'stop',
    refusedFrom: { states: ['decided', 'awaiting_payment', 'ready'], reason: 'WITHDRAW_AFTER_DECISION' },
  },
  { action: 'terminate', kinds: APPLIED_FOR, from: OPEN_STATES, to: 'terminated', who: ['window', 'chief', 'manager'], clock: 'stop' },
  // A part or an upper case ends with its parent, or by the denial rule of its joint matter.
  { action: 'terminate', kinds: ['part', 'upper'], from: OPEN_STATES, to: 'terminated', who: ['system', 'manager'], clock: 'stop' },
];

/** The row of an action for a kind of case, or undefined when that kind of case has no such action. */
export function findTransition(action: CaseAction, kind: CaseKind = 'single'): Transition | undefined {
  return TRANSITIONS.find((x) => x.action === action && x.kinds.includes(kind));
}

export type Check = { ok: true; to: CaseState } | { ok: false; reason: 'STATE' | 'ROLE' | string };

/** Whether `actor` may take `action` on a case with these facts, and where it leads. */
export function check(action: CaseAction, roles: readonly Actor[], f: CaseFacts): Check {
  const t = findTransition(action, f.kind);
  // Who may act is asked first: an action the caller may never take is a 403 in any state.
  if (!TRANSITIONS.some((x) => x.action === action && roles.some((r) => x.who.includes(r)))) return { ok: false, reason: 'ROLE' };
  // A role that may take the action on other kinds of case (a clerk delivering one part of a joint case alone).
  if (!t || !roles.some((r) => t.who.includes(r))) return { ok: false, reason: 'KIND' };
  if (!t.from.includes(f.status)) return { ok: false, reason: t.refusedFrom?.states.includes(f.status) ? t.refusedFrom.reason : 'STATE' };
  const failed = t.guard?.(f);
  if (failed) return { ok: false, reason: failed };
  return { ok: true, to: typeof t.to === 'function' ? t.to(f) : t.to };
}

/** The actions the caller may take now: what the web app shows as buttons, and nothing else. */
export function allowedActions(roles: readonly Actor[], f: CaseFacts): CaseAction[] {
  const actions = new Set(TRANSITIONS.filter((t) => !SYSTEM_ACTIONS.includes(t.action) && t.kinds.includes(f.kind)).map((t) => t.action));
  return [...actions].filter((a) => check(a, roles.filter((r) => r !== 'system'), f).ok);
}
