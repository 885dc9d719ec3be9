import type { StaffRole } from '../auth/policy.ts';

/**
 * The case lifecycle: one table of (from-state, action, to-state, who may, guard, clock effect).
 * `cases.service.ts` looks every action up here and nothing else writes a case's status.
 */
export const CASE_STATES = [
  'submitted', 'supplement_requested', 'refused', 'accepted', 'in_review', 'decided',
  'awaiting_payment', 'issuing', 'ready', 'delivered', 'withdrawn', 'terminated',
] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const OPEN_STATES: readonly CaseState[] = ['submitted', 'supplement_requested', 'accepted', 'in_review', 'decided', 'awaiting_payment', 'issuing', 'ready'];
/** States in which the legal clock of the decision runs (unless suspended). */
export const CLOCK_STATES: readonly CaseState[] = ['accepted', 'in_review'];

export type CaseAction =
  | 'request_supplement' | 'resubmit' | 'refuse' | 'accept' | 'deem_accept' | 'review' | 'decide'
  | 'extend' | 'suspend' | 'resume' | 'handover' | 'confirm_payment' | 'deliver' | 'withdraw' | 'terminate';

export type Actor = 'applicant' | StaffRole | 'system';

/** What the guard sees: the facts of the case a rule depends on. */
export interface CaseFacts {
  status: CaseState;
  suspended: boolean;
  extended: boolean;
  reviewsDone: number;
  reviewSteps: number;
  decision: 'approved' | 'denied' | null;
  hasFees: boolean;
}

/** How the action moves the clock; the service turns it into dates with the calendar. */
export type ClockEffect = 'none' | 'start' | 'start_deemed' | 'extend' | 'suspend' | 'resume' | 'stop';

export interface Transition {
  action: CaseAction;
  from: readonly CaseState[];
  /** The next state; a function when it depends on the case (e.g. fees). */
  to: CaseState | ((f: CaseFacts) => CaseState);
  who: readonly Actor[];
  /** A rule beyond the state; returns the reason it fails, or null. */
  guard?: (f: CaseFacts) => string | null;
  clock: ClockEffect;
}

const notSuspended = (f: CaseFacts) => (f.suspended ? 'CASE_SUSPENDED' : null);

export const TRANSITIONS: readonly Transition[] = [
  { action: 'request_supplement', from: ['submitted'], to: 'supplement_requested', who: ['window'], clock: 'none' },
  { action: 'resubmit', from: ['supplement_requested'], to: 'submitted', who: ['applicant', 'window'], clock: 'none' },
  { action: 'refuse', from: ['submitted'], to: 'refused', who: ['window'], clock: 'stop' },
  { action: 'accept', from: ['submitted'], to: 'accepted', who: ['window'], clock: 'start' },
  // Art. 32: no answer within 5 working days of receipt counts as acceptance on the day of receipt.
  { action: 'deem_accept', from: ['submitted'], to: 'accepted', who: ['system'], clock: 'start_deemed' },
  {
    action: 'review', from: ['accepted', 'in_review'], to: 'in_review', who: ['approver', 'chief'], clock: 'none',
    guard: (f) => notSuspended(f) ?? (f.reviewsDone >= f.reviewSteps ? 'REVIEW_COMPLETE' : null),
  },
  {
    action: 'decide', from: ['in_review'], to: 'decided', who: ['chief'], clock: 'stop',
    guard: (f) => notSuspended(f) ?? (f.reviewsDone < f.reviewSteps ? 'REVIEW_PENDING' : null),
  },
  {
    action: 'extend', from: ['accepted', 'in_review'], to: (f) => f.status, who: ['chief'], clock: 'extend',
    guard: (f) => (f.extended ? 'ALREADY_EXTENDED' : null),
  },
  { action: 'suspend', from: ['accepted', 'in_review'], to: (f) => f.status, who: ['approver', 'chief'], clock: 'suspend', guard: notSuspended },
  {
    action: 'resume', from: ['accepted', 'in_review'], to: (f) => f.status, who: ['approver', 'chief'], clock: 'resume',
    guard: (f) => (f.suspended ? null : 'NOT_SUSPENDED'),
  },
  {
    action: 'handover', from: ['decided'], who: ['approver', 'chief'], clock: 'none',
    to: (f) => (f.decision === 'approved' && f.hasFees ? 'awaiting_payment' : 'ready'),
  },
  { action: 'confirm_payment', from: ['awaiting_payment'], to: 'ready', who: ['window'], clock: 'none' },
  { action: 'deliver', from: ['ready'], to: 'delivered', who: ['window'], clock: 'none' },
  { action: 'withdraw', from: OPEN_STATES, to: 'withdrawn', who: ['applicant'], clock: 'stop' },
  { action: 'terminate', from: OPEN_STATES, to: 'terminated', who: ['window', 'chief', 'manager'], clock: 'stop' },
];

export function findTransition(action: CaseAction): Transition {
  const t = TRANSITIONS.find((x) => x.action === action);
  if (!t) throw new Error(`no transition ${action}`);
  return t;
}

export type Check = { ok: true; to: CaseState } | { ok: false; reason: 'STATE' | 'ROLE' | string };

/** Whether `actor` may take `action` on a case with these facts, and where it leads. */
export function check(action: CaseAction, roles: readonly Actor[], f: CaseFacts): Check {
  const t = findTransition(action);
  // Who may act is asked first: an action the caller may never take is a 403 in any state.
  if (!roles.some((r) => t.who.includes(r))) return { ok: false, reason: 'ROLE' };
  if (!t.from.includes(f.status)) return { ok: false, reason: 'STATE' };
  const failed = t.guard?.(f);
  if (failed) return { ok: false, reason: failed };
  return { ok: true, to: typeof t.to === 'function' ? t.to(f) : t.to };
}

/** The actions the caller may take now: what the web app shows as buttons, and nothing else. */
export function allowedActions(roles: readonly Actor[], f: CaseFacts): CaseAction[] {
  return TRANSITIONS.filter((t) => t.action !== 'deem_accept' && check(t.action, roles, f).ok).map((t) => t.action);
}
