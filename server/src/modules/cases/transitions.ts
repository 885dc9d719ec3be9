import type { StaffRole } from '../../policies/index.ts';

/**
 * The case lifecycle: one table of (from-state, action, to-state, who may, guard, clock effect).
 * `cases.service.ts` looks every action up here and nothing else writes a case's status.
 */
export const CASE_STATES = [
  'submitted', 'supplement_requested', 'refused', 'accepted', 'in_review', 'forwarded', 'decided',
  'awaiting_payment', 'ready', 'delivered', 'withdrawn', 'terminated',
  // The e-licence being made (issue 12): the handover of an approved case whose item issues a licence
  // leads here, and the system's `issue` leaves it once the licence is signed and kept.
  'issuing',
] as const;
export type CaseState = (typeof CASE_STATES)[number];

/** Every case starts here, whatever its kind: `insertCase` writes it, and only table rows move it on. */
export const INITIAL_STATE: CaseState = 'submitted';

/**
 * The open states: a case in one of them is still being handled (counted as open by the board,
 * the inboxes and every count). The one definition; SQL takes it as a parameter.
 */
export const OPEN_STATES: readonly CaseState[] = ['submitted', 'supplement_requested', 'accepted', 'in_review', 'forwarded', 'decided', 'awaiting_payment', 'ready', 'issuing'];

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
export const BEFORE_READY_STATES: readonly CaseState[] = [...CLOCK_STATES, 'decided', 'awaiting_payment', 'issuing'];

export type CaseAction =
  | 'request_supplement' | 'resubmit' | 'refuse' | 'accept' | 'deem_accept' | 'review' | 'decide'
  | 'extend' | 'suspend' | 'resume' | 'handover' | 'payment_received' | 'fee_waived' | 'deliver' | 'withdraw' | 'terminate'
  | 'forward' | 'return_result' | 'joint_decide' | 'joint_ready' | 'send_to_department'
  | 'return_refused' | 'return_supplement' | 'issue';

/** Actions only the system takes (cascades between parent and children, deadlines); never shown as buttons. */
export const SYSTEM_ACTIONS: readonly CaseAction[] = ['deem_accept', 'return_result', 'joint_decide', 'joint_ready', 'return_refused', 'return_supplement', 'issue', 'payment_received', 'fee_waived'];

/** `lead` and `coordinator` see a case without acting on it (lead department on a part; green-channel coordinator). */
export type Actor = 'applicant' | StaffRole | 'system' | 'lead' | 'coordinator' | 'receiving_window' | 'delivery_window';
/**
 * 通办 (issue 17, docs/network.md): the window of the center that received a case of another center
 * answers the application (accept, refuse, supplement notice); the window of the center chosen for
 * collection delivers. Neither acts on anything else of the case.
 */
const INTAKE: readonly Actor[] = ['window', 'receiving_window'];

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
  /**
   * Art. 32: the 5 working days to answer an application have run out (today's China date is after the
   * acceptance due date of a case still waiting for its answer), or the case was deemed accepted.
   */
  acceptancePeriodPassed: boolean;
  /** A part of a joint case whose prerequisite parts (same matter) are not decided yet: it cannot be decided. */
  prerequisitesPending?: number;
  /** A reported case the level above sent back for a supplement: the applicant's resubmission sends it up again. */
  returnedFromAbove?: boolean;
  /**
   * Separation of duties (审管分离), judged on who acted on this case (its records), not on roles:
   * the caller accepted it, reviewed it, or may use the item's recorded exception (an instant item
   * decided at the window by the chief representative). Absent: the caller did neither.
   */
  actorAccepted?: boolean;
  actorReviewed?: boolean;
  separationException?: boolean;
  /** 退回部门办理件 (seed 003): the item is decided in the department's own office, and whether the hall has handed it over. */
  inDepartment?: boolean;
  sentToDepartment?: boolean;
  /** Issue 12: the case's item issues an e-licence (a licence type is linked to it): an approval is issued before it moves on. */
  issuesLicence?: boolean;
  /**
   * A decision on the application was taken where this case's own status does not show it yet: a part
   * of the joint case is decided, or the level above decided the reported case and has not handed the
   * result back. The applicant can no longer withdraw (the holder asks for cancellation instead).
   */
  decisionReached?: boolean;
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
  /** States outside `from` where the refusal is a rule of its own (a reason with its code), not a plain STATE conflict; `if` narrows it to some cases. */
  refusedFrom?: { states: readonly CaseState[]; reason: string; if?: (f: CaseFacts) => boolean };
  /** Roles outside `who` whose refusal is a rule of its own (a reason with its code), not a plain 403. */
  refusedTo?: { roles: readonly Actor[]; reason: string };
  clock: ClockEffect;
}

/** After the decision (and the licence, when one is issued): payment where the approved item has fees, else the delivery window. */
const afterIssue = (f: CaseFacts): CaseState => (f.decision === 'approved' && f.hasFees ? 'awaiting_payment' : 'ready');

const notSuspended = (f: CaseFacts) => (f.suspended ? 'CASE_SUSPENDED' : null);

/**
 * Art. 32: the window's answer (accept, refuse, supplement notice) only within the acceptance period;
 * after it the case is accepted by law on the day of receipt, also when the deeming job has not run yet.
 */
const withinAcceptancePeriod = (f: CaseFacts) => (f.acceptancePeriodPassed ? 'ACCEPTANCE_PERIOD_PASSED' : null);
const deemedAlready = { states: ['accepted'] as const, reason: 'ACCEPTANCE_PERIOD_PASSED', if: (f: CaseFacts) => f.acceptancePeriodPassed };
/** A case decided in the department's office is reviewed there only once the hall has handed it over. */
const inDepartmentOffice = (f: CaseFacts) => (f.inDepartment && !f.sentToDepartment ? 'HANDOFF_NOT_IN_DEPARTMENT' : null);

const reviewDone = (f: CaseFacts) => notSuspended(f) ?? (f.reviewsDone < f.reviewSteps ? 'REVIEW_PENDING' : null);

/** 审管分离: whoever accepted or reviewed the case does not decide it, unless the item's exception applies. */
const separated = (f: CaseFacts) => ((f.actorAccepted || f.actorReviewed) && !f.separationException ? 'SEPARATION_OF_DUTIES' : null);

/** Art. 42: once, by the chief, only while the limit has not run out; never for an instant item. */
const extensible = (f: CaseFacts) => (f.extended ? 'ALREADY_EXTENDED' : f.instant ? 'EXTENSION_INSTANT_ITEM' : f.limitPassed ? 'EXTENSION_LIMIT_PASSED' : null);

export const TRANSITIONS: readonly Transition[] = [
  { action: 'request_supplement', kinds: APPLIED_FOR, from: ['submitted'], to: 'supplement_requested', who: INTAKE, clock: 'none', guard: withinAcceptancePeriod, refusedFrom: deemedAlready },
  // A reported case sent back down for a supplement goes up again (already accepted: its acceptance stays).
  { action: 'resubmit', kinds: APPLIED_FOR, from: ['supplement_requested'], to: (f) => (f.returnedFromAbove ? 'forwarded' : 'submitted'), who: ['applicant', ...INTAKE], clock: 'restart_acceptance' },
  { action: 'refuse', kinds: APPLIED_FOR, from: ['submitted'], to: 'refused', who: INTAKE, clock: 'stop', guard: withinAcceptancePeriod, refusedFrom: deemedAlready },
  // A joint parent's acceptance creates its parts, one per department, each accepted on its own clock.
  { action: 'accept', kinds: ['single', 'joint', 'upper'], from: ['submitted'], to: 'accepted', who: INTAKE, clock: 'start', guard: withinAcceptancePeriod, refusedFrom: deemedAlready },
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
    // A part waits for the parts its matter declares as its prerequisites (the licence needs the registration).
    guard: (f) => (f.reportsUpward && f.kind !== 'upper' ? 'DECIDED_ABOVE' : (f.prerequisitesPending ?? 0) > 0 ? 'PREREQUISITE_PENDING' : reviewDone(f) ?? separated(f)),
  },
  // 上报件: the chief signs the first-review opinion and the case goes with its materials to the level above.
  {
    action: 'forward', kinds: ['single'], from: ['in_review'], to: 'forwarded', who: ['chief'], clock: 'stop',
    guard: (f) => (f.reportsUpward ? reviewDone(f) : 'NOT_REPORTED_UPWARD'),
  },
  // The upper level's result comes back: the lower case is decided as the upper level decided it.
  { action: 'return_result', kinds: ['single'], from: ['forwarded'], to: 'decided', who: ['system'], clock: 'none' },
  // The upper level's window refuses a reported case, or asks for a supplement (Art. 32, at the level that decides):
  // its own case ends refused or waits, and the lower case comes back down with the notice for the applicant.
  { action: 'refuse', kinds: ['upper'], from: ['submitted'], to: 'refused', who: ['window'], clock: 'stop', guard: withinAcceptancePeriod, refusedFrom: deemedAlready },
  { action: 'request_supplement', kinds: ['upper'], from: ['submitted'], to: 'supplement_requested', who: ['window'], clock: 'none', guard: withinAcceptancePeriod, refusedFrom: deemedAlready },
  // The applicant's supplement reaches the upper case through the lower one: a new acceptance period above.
  { action: 'resubmit', kinds: ['upper'], from: ['supplement_requested'], to: 'submitted', who: ['system'], clock: 'restart_acceptance' },
  { action: 'return_refused', kinds: ['single'], from: ['forwarded'], to: 'refused', who: ['system'], clock: 'none' },
  { action: 'return_supplement', kinds: ['single'], from: ['forwarded'], to: 'supplement_requested', who: ['system'], clock: 'none' },
  // A joint parent is decided when every part is decided or closed, and ready when every part is.
  {
    action: 'joint_decide', kinds: ['joint'], from: ['accepted'], to: 'decided', who: ['system'], clock: 'stop',
    guard: (f) => (f.partsUndecided > 0 ? 'PARTS_PENDING' : null),
  },
  {
    action: 'joint_ready', kinds: ['joint'], from: ['decided'], to: 'ready', who: ['system'], clock: 'none',
    guard: (f) => (f.partsNotReady > 0 ? 'PARTS_PENDING' : null),
  },
  { action: 'extend', kinds: ['single', 'upper'], from: ['accepted', 'in_review'], to: (f) => f.status, who: ['chief'], clock: 'extend', guard: extensible },
  // Joint handling (Art. 42: 45 working days plus 15): the joint case is extended by the lead department's
  // chief only; the other departments' staff are refused with their own reason.
  // (On a joint case `chief` is the lead department's chief: the joint case is that department's.)
  {
    action: 'extend', kinds: ['joint'], from: ['accepted'], to: (f) => f.status, who: ['chief'], clock: 'extend', guard: extensible,
    refusedTo: { roles: ['lead'], reason: 'EXTENSION_LEAD_CHIEF_ONLY' },
  },
  // A part is extended with its joint case (the system cascades the lead chief's extension), never on its own.
  {
    action: 'extend', kinds: ['part'], from: ['accepted', 'in_review'], to: (f) => f.status, who: ['system'], clock: 'extend',
    // An instant part (即办件) is decided on the spot: the joint case's extension passes it by.
    guard: (f) => (f.extended ? 'ALREADY_EXTENDED' : f.instant ? 'EXTENSION_INSTANT_ITEM' : null),
    refusedTo: { roles: ['chief', 'lead'], reason: 'EXTENSION_LEAD_CHIEF_ONLY' },
  },
  // Art. 45: stopping the legal clock is the chief representative's approval (DESIGN §1), never the reviewer's own
  // call on a case running late; restarting it (in the applicant's favour) may be either's.
  { action: 'suspend', kinds: DECIDED_BY_A_DEPARTMENT, from: ['accepted', 'in_review'], to: (f) => f.status, who: ['chief'], clock: 'suspend', guard: notSuspended },
  {
    action: 'resume', kinds: DECIDED_BY_A_DEPARTMENT, from: ['accepted', 'in_review'], to: (f) => f.status, who: ['approver', 'chief'], clock: 'resume',
    guard: (f) => (f.suspended ? null : 'NOT_SUSPENDED'),
  },
  {
    action: 'handover', kinds: ['single', 'part'], from: ['decided'], who: ['approver', 'chief'], clock: 'none',
    to: (f) => (f.decision === 'approved' && f.issuesLicence ? 'issuing' : afterIssue(f)),
  },
  // Issue 12 (Art. 44): the licence is generated, signed and kept by the issuance job, which then moves the case on once.
  { action: 'issue', kinds: ['single', 'part'], from: ['issuing'], to: (f) => afterIssue(f), who: ['system'], clock: 'none' },
  // The upper level hands its result back to the accepting center: its own case ends there.
  { action: 'handover', kinds: ['upper'], from: ['decided'], to: 'delivered', who: ['approver', 'chief'], clock: 'none' },
  // Issue 11: no window records money. A verified payment of the case's notice moves it on, once, through
  // fees' recordPayment (modules/fees/payments.service.ts), whatever channel it came by.
  { action: 'payment_received', kinds: ['single', 'part'], from: ['awaiting_payment'], to: 'ready', who: ['system'], clock: 'none' },
  // Every fee of the case's standard reduced to nothing (全额减免): no notice; fees move the case on at its fee point.
  { action: 'fee_waived', kinds: ['single', 'part'], from: ['awaiting_payment'], to: 'ready', who: ['system'], clock: 'none' },
  // The window delivers after checking who collects (modules/delivery); the system when the carrier reports a parcel
  // signed for or the cabinet a right pickup code.
  { action: 'deliver', kinds: APPLIED_FOR, from: ['ready'], to: 'delivered', who: ['window', 'delivery_window', 'system'], clock: 'none' },
  // Parts are delivered together, by the delivery of their parent.
  { action: 'deliver', kinds: ['part'], from: ['ready'], to: 'delivered', who: ['system'], clock: 'none' },
  // Withdrawal only before the decision; after it (decided, awaiting payment, ready) it is refused with its own reason
  // (the holder may ask for the licence to be cancelled, 注销, a procedure of its own).
  {
    action: 'withdraw', kinds: APPLIED_FOR, from: BEFORE_DECISION_STATES, to: 'withdrawn', who: ['applicant'], clock: 'stop',
    // Also when a part of the joint case, or the level above, has decided while this case still waits for it.
    guard: (f) => (f.decisionReached ? 'WITHDRAW_AFTER_DECISION' : null),
    refusedFrom: { states: ['decided', 'issuing', 'awaiting_payment', 'ready'], reason: 'WITHDRAW_AFTER_DECISION' },
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
  if (t?.refusedTo && !roles.some((r) => t.who.includes(r)) && roles.some((r) => t.refusedTo!.roles.includes(r))) return { ok: false, reason: t.refusedTo.reason };
  // Who may act is asked first: an action the caller may never take is a 403 in any state.
  if (!TRANSITIONS.some((x) => x.action === action && roles.some((r) => x.who.includes(r)))) return { ok: false, reason: 'ROLE' };
  // A role that may take the action on other kinds of case (a clerk delivering one part of a joint case alone).
  if (!t || !roles.some((r) => t.who.includes(r))) return { ok: false, reason: 'KIND' };
  if (!t.from.includes(f.status)) {
    const rf = t.refusedFrom;
    return { ok: false, reason: rf && rf.states.includes(f.status) && (rf.if?.(f) ?? true) ? rf.reason : 'STATE' };
  }
  const failed = t.guard?.(f);
  if (failed) return { ok: false, reason: failed };
  return { ok: true, to: typeof t.to === 'function' ? t.to(f) : t.to };
}

/** The actions the caller may take now: what the web app shows as buttons, and nothing else. */
export function allowedActions(roles: readonly Actor[], f: CaseFacts): CaseAction[] {
  const actions = new Set(TRANSITIONS.filter((t) => !SYSTEM_ACTIONS.includes(t.action) && t.kinds.includes(f.kind)).map((t) => t.action));
  return [...actions].filter((a) => check(a, roles.filter((r) => r !== 'system'), f).ok);
}
