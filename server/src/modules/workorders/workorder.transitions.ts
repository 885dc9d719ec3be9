import type { Tx } from '../../db/database.ts';
import type { WorkOrderKind, WorkOrderSatisfaction, WorkOrderStatus } from '../../db/types.ts';
import { DomainError, errors, FORBIDDEN } from '../../lib/errors.ts';
import type { WorkOrderSide } from '../../policies/workorder.policy.ts';
import * as repo from './workorders.repository.ts';

/**
 * The lifecycle of a work order after 国办发〔2020〕53号: accept → dispatch → handle → reply → (supervise)
 * → close after the callback → evaluate; a department may return a wrongly dispatched order, and the
 * hotline center's lead decides the dispute (reassign or keep); a duplicate appeal is merged into its main
 * order and follows it; a called-back order a caller of the round (its own or a merged one) rated dissatisfied goes
 * back to its department for re-handling (重办), a bounded number of times. This table is the only writer of `work_orders.status` (`repo.moveOrder` is called
 * from here only); `who` names the sides that may take the action (policies/workorder.policy.ts `sidesOn`).
 */
export type WorkOrderVerb =
  | 'dispatch' | 'answer' | 'return' | 'redispatch' | 'keep' | 'start' | 'reply' | 'callback' | 'evaluate' | 'reopen' | 'merge';

/** How many times the lead may send one order back for re-handling (重办); the next one is refused. */
export const MAX_REOPENS = 2;

/** What the guards judge: facts of the order's history (`orderFacts`). */
export interface OrderFacts {
  /** The order's kind (consultation, request, complaint, suggestion, praise). */
  kind: WorkOrderKind;
  /** The last dispatch decision on the order is the lead's keep: the dispute is decided. */
  dispatchKept: boolean;
  /** The order's satisfaction as last recorded (the evaluation, on an evaluated order); null when none. */
  satisfaction: WorkOrderSatisfaction | null;
  /** A caller of this round (the order's own, or one merged into it) evaluated it dissatisfied (`round_dissatisfied`). */
  roundDissatisfied: boolean;
  /** The department the order is with (null: answered on the call, never dispatched). */
  hasDepartment: boolean;
  /** How many times the order was sent back for re-handling (its `reopen` events). */
  reopens: number;
  /** A merged order: its main order is called back (closed or evaluated), so its caller may evaluate the reply they got. */
  mainClosed: boolean;
  /**
   * The order's caller already evaluated this round's reply: on this order (a merged order's own satisfaction, cleared
   * when the main is re-handled), or on another of their orders of the same appeal (they called twice).
   */
  callerEvaluated: boolean;
}

export interface WorkOrderRow {
  from: WorkOrderStatus; action: WorkOrderVerb; to: WorkOrderStatus; who: readonly WorkOrderSide[];
  /** A refusal when the facts do not allow it (nothing written); the detail does not offer the action then. */
  guard?: (f: OrderFacts) => void;
}

/** The events that decide where an order goes: the operator's dispatch, the lead's reassignment or keep. */
export const DISPATCH_DECISIONS: readonly string[] = ['dispatch', 'redispatch', 'keep'];

/** One order of an appeal as the evaluation rules read it. */
export interface AppealOrder { status: WorkOrderStatus; satisfaction: WorkOrderSatisfaction | null; merged_into: string | null }

/**
 * Whether an order of an appeal holds its caller's evaluation of the round in progress: the main order once it is
 * evaluated (a satisfaction the callback noted is not an evaluation), a merged order once its satisfaction is set
 * (its only writer is its caller's evaluation; a re-handling of the main clears it).
 */
export const evaluatedThisRound = (o: AppealOrder) => (o.merged_into === null ? o.status === 'evaluated' : o.satisfaction !== null);

/**
 * Who a caller is, across the orders of one appeal: their account, or (a phone caller) the number they gave, spaces
 * and hyphens left out. The same caller is told an event once (reply-fanout.ts) and evaluates a round once.
 */
export const callerKey = (o: { caller_user_id: string | null; caller_phone: string }) =>
  (o.caller_user_id ? `user:${o.caller_user_id}` : `phone:${callerPhone(o)}`);

/** A caller's number as written down (spaces and hyphens left out): the SMS goes to it and the same number is the same caller. */
export const callerPhone = (o: { caller_phone: string }) => o.caller_phone.replace(/[\s-]/g, '');

/**
 * The facts of an order from its kind and its events, oldest first (as loaded for the action and for the
 * detail): the one place the rules read them, so the refusal and the offered actions cannot disagree.
 * `main` is a merged order's main; `sameCaller`, the other orders of the appeal (main and merged) of the same caller.
 */
export function orderFacts(
  o: Omit<AppealOrder, 'status'> & { kind: WorkOrderKind; department_id: string | null; round_dissatisfied: boolean },
  events: ReadonlyArray<{ action: string }>,
  main?: { status: WorkOrderStatus } | null,
  sameCaller: readonly AppealOrder[] = [],
): OrderFacts {
  return {
    kind: o.kind, satisfaction: o.satisfaction, roundDissatisfied: o.round_dissatisfied, hasDepartment: o.department_id !== null,
    dispatchKept: events.filter((e) => DISPATCH_DECISIONS.includes(e.action)).at(-1)?.action === 'keep',
    reopens: events.filter((e) => e.action === 'reopen').length,
    mainClosed: !!main && isCalledBack(main.status),
    callerEvaluated: (o.merged_into !== null && o.satisfaction !== null) || sameCaller.some(evaluatedThisRound),
  };
}

/**
 * Re-handling (重办, 国办发〔2020〕53号): an appeal a caller rated dissatisfied goes back to the department that handled
 * it. Any caller of the round counts, the main order's or a merged one's (each was told the reply and evaluates it);
 * the main order is re-handled for all of them. At most MAX_REOPENS times (then the dissatisfaction stands and goes
 * to the assessment).
 */
function reopenGuard(f: OrderFacts) {
  if (!f.roundDissatisfied) throw errors.WORKORDER_REOPEN_NOT_DISSATISFIED({ satisfaction: f.satisfaction ?? 'none' });
  if (f.reopens >= MAX_REOPENS) throw errors.WORKORDER_REOPEN_LIMIT({ limit: MAX_REOPENS });
  // An order answered on the call has no department to go back to.
  if (!f.hasDepartment) throw errors.WORKORDER_REOPEN_NO_DEPARTMENT();
}

/** The states of an order whose reply was called back: its callers may evaluate it (a merged order's caller too). */
export const CALLED_BACK_STATES = ['closed', 'evaluated'] as const satisfies readonly WorkOrderStatus[];
/** The order was called back (closed, then perhaps evaluated): its round of handling is over. */
export const isCalledBack = (status: WorkOrderStatus): boolean => (CALLED_BACK_STATES as readonly string[]).includes(status);

/** The open states: an order in one of them can be dispatched, handled, escalated, suggested as a duplicate or merged. */
export const OPEN_WORKORDER_STATES = ['accepted', 'dispatched', 'returned', 'handling'] as const satisfies readonly WorkOrderStatus[];
export const INITIAL_WORKORDER_STATE: WorkOrderStatus = 'accepted';

export const WORKORDER_TRANSITIONS: readonly WorkOrderRow[] = [
  { from: 'accepted', action: 'dispatch', to: 'dispatched', who: ['hotline'] },
  // A consultation answered on the call (from the knowledge base): no department needed. Any other appeal
  // (a request, a complaint, a suggestion, praise) is handled by the department it is dispatched to: an
  // operator closing a complaint with their own words would leave it unverified by anyone responsible.
  {
    from: 'accepted', action: 'answer', to: 'replied', who: ['hotline'],
    guard: (f) => { if (f.kind !== 'consultation') throw errors.WORKORDER_ANSWER_CONSULTATION_ONLY({ kind: f.kind }); },
  },
  {
    from: 'dispatched', action: 'return', to: 'returned', who: ['department'],
    // The lead's keep decided the dispute: the same department does not return the order again (each return
    // would stop the clock anew). A reassignment opens a new dispute for the new department.
    guard: (f) => { if (f.dispatchKept) throw errors.WORKORDER_DISPATCH_KEPT(); },
  },
  // The dispute: the hotline center's lead reassigns to another department, or keeps the dispatch.
  { from: 'returned', action: 'redispatch', to: 'dispatched', who: ['lead'] },
  { from: 'returned', action: 'keep', to: 'dispatched', who: ['lead'] },
  { from: 'dispatched', action: 'start', to: 'handling', who: ['department'] },
  { from: 'dispatched', action: 'reply', to: 'replied', who: ['department'] },
  { from: 'handling', action: 'reply', to: 'replied', who: ['department'] },
  // The callback (回访): the operator calls the caller back and records it; the order is closed.
  { from: 'replied', action: 'callback', to: 'closed', who: ['hotline'] },
  // Satisfaction: told on the callback, or given by the caller in the portal; once a round by each caller, whichever
  // of their orders of the appeal they evaluate (a person who called twice).
  {
    from: 'closed', action: 'evaluate', to: 'evaluated', who: ['hotline', 'caller'],
    guard: (f) => { if (f.callerEvaluated) throw errors.WORKORDER_ALREADY_EVALUATED(); },
  },
  // A merged order's caller evaluates the reply they were told (国办发〔2020〕53号: every caller is called back and
  // evaluates), once the main order is called back, once per round of handling; recorded on their own order. The
  // order stays merged (it follows its main): the row writes the same status, and the satisfaction is the action's field.
  {
    from: 'merged', action: 'evaluate', to: 'merged', who: ['hotline', 'caller'],
    guard: (f) => {
      if (!f.mainClosed) throw errors.WORKORDER_MAIN_NOT_CLOSED();
      if (f.callerEvaluated) throw errors.WORKORDER_ALREADY_EVALUATED();
    },
  },
  // Re-handling (重办): back to the department that handled it, on a fresh limit, then called back and evaluated
  // again; the hotline center's lead decides it (reopenGuard). From a closed order too: a merged caller may be
  // dissatisfied while the main order's own caller has not evaluated (and may never).
  { from: 'closed', action: 'reopen', to: 'dispatched', who: ['lead'], guard: reopenGuard },
  { from: 'evaluated', action: 'reopen', to: 'dispatched', who: ['lead'], guard: reopenGuard },
  ...OPEN_WORKORDER_STATES.map((from) => ({ from, action: 'merge' as const, to: 'merged' as const, who: ['hotline'] as const })),
];

/**
 * The row for `action` from `from` taken by one of `sides`, its guard passed on `facts`. A side that never
 * takes the action is refused (403); a side that may take it, but not from this state, gets WORKORDER_STATE
 * (409); a guard refuses with its own code.
 */
export function workOrderRow(from: WorkOrderStatus, action: WorkOrderVerb, sides: readonly WorkOrderSide[], facts: OrderFacts): WorkOrderRow {
  const mine = WORKORDER_TRANSITIONS.filter((r) => r.action === action && r.who.some((w) => sides.includes(w)));
  if (!mine.length) throw FORBIDDEN();
  const row = mine.find((r) => r.from === from);
  if (!row) throw errors.WORKORDER_STATE({ action, status: from });
  row.guard?.(facts);
  return row;
}

/** The actions one of `sides` may take now: the rows from `from` that name a side and whose guard passes (the detail's buttons). */
export function offeredActions(from: WorkOrderStatus, sides: readonly WorkOrderSide[], facts: OrderFacts): WorkOrderVerb[] {
  const rows = WORKORDER_TRANSITIONS.filter((r) => r.from === from && r.who.some((w) => sides.includes(w)) && guardPasses(r, facts));
  return [...new Set(rows.map((r) => r.action))];
}

function guardPasses(row: WorkOrderRow, facts: OrderFacts): boolean {
  try {
    row.guard?.(facts);
    return true;
  } catch (err) {
    if (err instanceof DomainError) return false;
    throw err;
  }
}

/** Moves a locked order by one row of the table; `fields` are the action's own columns. */
export async function moveOrder(tx: Tx, order: { id: string; status: WorkOrderStatus }, row: WorkOrderRow, fields: repo.OrderFields, at: Date) {
  if (row.from !== order.status) throw errors.WORKORDER_STATE({ action: row.action, status: order.status });
  return repo.moveOrder(tx, order.id, row.from, row.to, fields, at);
}
