import { NOT_FOUND } from '../lib/errors.ts';
import { hasRole, isStaff, type Actor } from './actor.ts';
import { defaultRefusal, type Policy } from './policy.ts';

/**
 * 12345 work orders (issue 13, docs/hotline.md), scoped by center:
 * - the hotline's operators (`hotline`) and its lead (`hotline_lead`) take calls, read and act on every
 *   order of their center; only the lead decides a returned order (dispatch disputes);
 * - a department's staff (approver, chief) read and handle the orders dispatched to their department only;
 * - the center's managers and supervisors read the center's orders; managers publish a closed order in the
 *   exposure column and read the complaints against a staff member (the assessment);
 * - a person or an enterprise submits from the portal and reads their own orders only: another caller's
 *   order does not exist for them (404);
 * - the hotline lead and the managers edit their own center's category tree and time limits (`configure`);
 *   another center's configuration is refused like another center's order (403);
 * - a staff member a complaint names (`againstStaffId`) neither reads nor acts on that order, whatever their
 *   role, and does not read the complaints against themselves: they would learn who complained and could
 *   answer for themselves (the complaint is handled by the others of their department and by the center).
 * Which side may take which lifecycle action is the transition table's (workorders/workorder.transitions.ts);
 * `sidesOn` says which sides an actor holds on an order.
 */
export const WORKORDER_ACTIONS = ['take_call', 'submit', 'read', 'publish', 'read_complaints', 'knowledge', 'configure'] as const;
export type WorkOrderAction = (typeof WORKORDER_ACTIONS)[number];

export interface WorkOrderRef {
  centerId: string; departmentId: string | null; callerUserId: string | null;
  /** The staff member a complaint is against: they hold no side on it (left out: none). */
  againstStaffId?: string | null;
}

/** The staff member the order's complaint names. */
const namedIn = (who: Actor, r?: WorkOrderRef) => who.kind === 'staff' && !!r?.againstStaffId && r.againstStaffId === who.id;

export type WorkOrderSide = 'hotline' | 'lead' | 'department' | 'caller' | 'system';

const isHotline = (who: Actor | null) => hasRole(who, 'hotline', 'hotline_lead');

/** The sides an actor holds on one order (none outside its scope). */
export function sidesOn(who: Actor | null, r: WorkOrderRef): WorkOrderSide[] {
  if (!who) return [];
  if (who.kind !== 'staff') return r.callerUserId === who.id ? ['caller'] : [];
  if (who.centerId !== r.centerId || namedIn(who, r)) return [];
  const sides: WorkOrderSide[] = [];
  if (isHotline(who)) sides.push('hotline');
  if (hasRole(who, 'hotline_lead')) sides.push('lead');
  if (hasRole(who, 'approver', 'chief') && who.departmentId && who.departmentId === r.departmentId) sides.push('department');
  return sides;
}

export const workOrderPolicy: Policy<WorkOrderRef, WorkOrderAction> = {
  resource: 'work_order',
  actions: WORKORDER_ACTIONS,
  can(who, action, r) {
    if (!who) return false;
    if (namedIn(who, r)) return false;
    const inCenter = isStaff(who) && (!r || r.centerId === who.centerId);
    switch (action) {
      case 'take_call':
      case 'knowledge':
        return isHotline(who) && inCenter;
      case 'submit':
        return who.kind !== 'staff';
      case 'publish':
        return hasRole(who, 'manager') && inCenter;
      case 'read_complaints':
        return hasRole(who, 'manager', 'supervisor') && inCenter;
      case 'configure':
        // The center's category tree and time limits (configuration, 0051): its hotline lead and managers.
        return hasRole(who, 'hotline_lead', 'manager') && inCenter;
      case 'read':
        if (who.kind !== 'staff') return !r || r.callerUserId === who.id;
        if (!inCenter) return false;
        if (isHotline(who) || hasRole(who, 'manager', 'supervisor')) return true;
        return hasRole(who, 'approver', 'chief') && !!who.departmentId && (!r || r.departmentId === who.departmentId);
    }
  },
  refuse(who, _action, r) {
    if (who && who.kind !== 'staff' && r && r.callerUserId !== who.id) return NOT_FOUND({ zh: '工单', en: 'Work order' });
    return defaultRefusal(who);
  },
};

/** Which orders a list may hold: the caller's own, a department's, or the whole center's. Null: no list at all. */
export type WorkOrderListScope = { callerUserId: string } | { centerId: string; departmentId: string | null; notAgainstStaffId: string };

export function workOrderListScope(who: Actor | null): WorkOrderListScope | null {
  if (!who) return null;
  if (who.kind !== 'staff') return { callerUserId: who.id };
  if (!isStaff(who)) return null;
  // Never the complaints against the reader themself.
  if (isHotline(who) || hasRole(who, 'manager', 'supervisor')) return { centerId: who.centerId, departmentId: null, notAgainstStaffId: who.id };
  if (hasRole(who, 'approver', 'chief') && who.departmentId) return { centerId: who.centerId, departmentId: who.departmentId, notAgainstStaffId: who.id };
  return null;
}
