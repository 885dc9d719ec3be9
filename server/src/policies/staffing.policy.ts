import { hasRole, isStaff, type Actor } from './actor.ts';
import type { Policy } from './policy.ts';

/**
 * Window staff (issue 15, docs/hall-staff.md), under dual management: the center that runs the hall
 * and the department each staff member comes from.
 *
 * - A staff member's records (schedule, attendance, leave, training, assessment): the center's
 *   managers read all of their center's; a department's chief reads the staff their department sent
 *   (an assignment from that department) and nobody else; a window clerk reads their own.
 * - The center's managers keep the schedule, record training, approve leave and write the
 *   assessment; no other role does, whatever its department.
 * - A window clerk signs in at the window and asks for leave, for themselves only.
 * - An assignment is approved by both sides: the center's manager and the chief of the department
 *   of origin. Whoever proposes it approves their side; only the other side approves or rejects it.
 */
export interface StaffRef { centerId: string; userId: string; departmentIds: string[] }

export const STAFF_RECORD_ACTIONS = ['read', 'manage', 'approve_leave', 'assess', 'sign', 'request_leave'] as const;
export type StaffRecordAction = (typeof STAFF_RECORD_ACTIONS)[number];

const chiefOf = (who: Actor | null, departmentIds: string[]) =>
  hasRole(who, 'chief') && who!.departmentId !== null && departmentIds.includes(who!.departmentId);

export const staffRecordPolicy: Policy<StaffRef, StaffRecordAction> = {
  resource: 'staff_record',
  actions: STAFF_RECORD_ACTIONS,
  can(who, action, r) {
    if (!isStaff(who) || (r && r.centerId !== who.centerId)) return false;
    switch (action) {
      case 'read':
        if (hasRole(who, 'manager')) return true;
        if (!r) return hasRole(who, 'chief', 'window');
        return chiefOf(who, r.departmentIds) || (hasRole(who, 'window') && r.userId === who.id);
      case 'manage': case 'approve_leave': case 'assess':
        return hasRole(who, 'manager');
      case 'sign': case 'request_leave':
        return hasRole(who, 'window') && (!r || r.userId === who.id);
    }
  },
};

/** An assignment: which side has yet to approve decides who may approve or reject it. */
export interface AssignmentRef { centerId: string; departmentId: string; awaiting: 'center' | 'department' | null }

export const STAFF_ASSIGNMENT_ACTIONS = ['propose', 'approve', 'read'] as const;
export type StaffAssignmentAction = (typeof STAFF_ASSIGNMENT_ACTIONS)[number];

export const staffAssignmentPolicy: Policy<AssignmentRef, StaffAssignmentAction> = {
  resource: 'staff_assignment',
  actions: STAFF_ASSIGNMENT_ACTIONS,
  can(who, action, r) {
    if (!isStaff(who) || (r && r.centerId !== who.centerId)) return false;
    const manager = hasRole(who, 'manager');
    const chief = hasRole(who, 'chief') && who.departmentId !== null && (!r || r.departmentId === who.departmentId);
    if (action === 'read' || action === 'propose') return manager || chief;
    if (!r) return manager || chief;
    if (r.awaiting === 'center') return manager;
    if (r.awaiting === 'department') return chief;
    return false;
  },
};

/** What a list shows to whom: the whole center, one department's staff, or the clerk alone. */
export type StaffScope = { centerId: string } | { centerId: string; departmentId: string } | { centerId: string; userId: string };

export function staffScope(who: Actor): StaffScope | null {
  if (!isStaff(who)) return null;
  if (hasRole(who, 'manager')) return { centerId: who.centerId };
  if (hasRole(who, 'chief') && who.departmentId) return { centerId: who.centerId, departmentId: who.departmentId };
  if (hasRole(who, 'window')) return { centerId: who.centerId, userId: who.id };
  return null;
}
