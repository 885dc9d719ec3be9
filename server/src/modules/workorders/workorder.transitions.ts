import type { Tx } from '../../db/database.ts';
import type { WorkOrderStatus } from '../../db/types.ts';
import { errors, FORBIDDEN } from '../../lib/errors.ts';
import type { WorkOrderSide } from '../../policies/workorder.policy.ts';
import * as repo from './workorders.repository.ts';

/**
 * The lifecycle of a work order after 国办发〔2020〕53号: accept → dispatch → handle → reply → (supervise)
 * → close after the callback → evaluate; a department may return a wrongly dispatched order, and the
 * hotline center's lead decides the dispute (reassign or keep); a duplicate appeal is merged into its main
 * order and follows it. This table is the only writer of `work_orders.status` (`repo.moveOrder` is called
 * from here only); `who` names the sides that may take the action (policies/workorder.policy.ts `sidesOn`).
 */
export type WorkOrderVerb =
  | 'dispatch' | 'answer' | 'return' | 'redispatch' | 'keep' | 'start' | 'reply' | 'callback' | 'evaluate' | 'merge';

export interface WorkOrderRow { from: WorkOrderStatus; action: WorkOrderVerb; to: WorkOrderStatus; who: readonly WorkOrderSide[] }

/** The open states: an order in one of them can be dispatched, handled, escalated, suggested as a duplicate or merged. */
export const OPEN_WORKORDER_STATES = ['accepted', 'dispatched', 'returned', 'handling'] as const satisfies readonly WorkOrderStatus[];
export const INITIAL_WORKORDER_STATE: WorkOrderStatus = 'accepted';

export const WORKORDER_TRANSITIONS: readonly WorkOrderRow[] = [
  { from: 'accepted', action: 'dispatch', to: 'dispatched', who: ['hotline'] },
  // A consultation answered on the call (from the knowledge base): no department needed.
  { from: 'accepted', action: 'answer', to: 'replied', who: ['hotline'] },
  { from: 'dispatched', action: 'return', to: 'returned', who: ['department'] },
  // The dispute: the hotline center's lead reassigns to another department, or keeps the dispatch.
  { from: 'returned', action: 'redispatch', to: 'dispatched', who: ['lead'] },
  { from: 'returned', action: 'keep', to: 'dispatched', who: ['lead'] },
  { from: 'dispatched', action: 'start', to: 'handling', who: ['department'] },
  { from: 'dispatched', action: 'reply', to: 'replied', who: ['department'] },
  { from: 'handling', action: 'reply', to: 'replied', who: ['department'] },
  // The callback (回访): the operator calls the caller back and records it; the order is closed.
  { from: 'replied', action: 'callback', to: 'closed', who: ['hotline'] },
  // Satisfaction: told on the callback, or given by the caller in the portal.
  { from: 'closed', action: 'evaluate', to: 'evaluated', who: ['hotline', 'caller'] },
  ...OPEN_WORKORDER_STATES.map((from) => ({ from, action: 'merge' as const, to: 'merged' as const, who: ['hotline'] as const })),
];

/**
 * The row for `action` from `from` taken by one of `sides`. A side that never takes the action is refused
 * (403); a side that may take it, but not from this state, gets WORKORDER_STATE (409).
 */
export function workOrderRow(from: WorkOrderStatus, action: WorkOrderVerb, sides: readonly WorkOrderSide[]): WorkOrderRow {
  const mine = WORKORDER_TRANSITIONS.filter((r) => r.action === action && r.who.some((w) => sides.includes(w)));
  if (!mine.length) throw FORBIDDEN();
  const row = mine.find((r) => r.from === from);
  if (!row) throw errors.WORKORDER_STATE({ action, status: from });
  return row;
}

/** May one of `sides` take `action` from `from` at all (the row exists and names one of them)? */
export const sideMayAct = (from: WorkOrderStatus, action: WorkOrderVerb, sides: readonly WorkOrderSide[]) =>
  WORKORDER_TRANSITIONS.some((r) => r.from === from && r.action === action && r.who.some((w) => sides.includes(w)));

/** Moves a locked order by one row of the table; `fields` are the action's own columns. */
export async function moveOrder(tx: Tx, order: { id: string; status: WorkOrderStatus }, row: WorkOrderRow, fields: repo.OrderFields, at: Date) {
  if (row.from !== order.status) throw errors.WORKORDER_STATE({ action: row.action, status: order.status });
  return repo.moveOrder(tx, order.id, row.from, row.to, fields, at);
}
