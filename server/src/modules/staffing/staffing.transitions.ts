import type { StaffAssignmentStatus, StaffLeaveStatus } from '../../db/types.ts';
import { errors } from '../../lib/errors.ts';

/**
 * The two lifecycles of window staff (docs/hall-staff.md): an assignment (dual approval) and a leave.
 * `nextAssignment` and `nextLeave` are the only way a new status is chosen; the repository's
 * `moveAssignment` / `moveLeave` are called only with their answer.
 *
 * Who may take a row is the policy's (policies/staffing.policy.ts): the side that has not approved
 * an assignment approves or rejects it; the center's manager decides a leave; its owner cancels it.
 */
export type AssignmentAction = 'approve' | 'reject' | 'end';
export const ASSIGNMENT_TRANSITIONS: ReadonlyArray<{ from: StaffAssignmentStatus; action: AssignmentAction; to: StaffAssignmentStatus }> = [
  { from: 'pending', action: 'approve', to: 'active' },
  { from: 'pending', action: 'reject', to: 'rejected' },
  { from: 'active', action: 'end', to: 'ended' },
];

export type LeaveAction = 'approve' | 'reject' | 'cancel';
export const LEAVE_TRANSITIONS: ReadonlyArray<{ from: StaffLeaveStatus; action: LeaveAction; to: StaffLeaveStatus }> = [
  { from: 'requested', action: 'approve', to: 'approved' },
  { from: 'requested', action: 'reject', to: 'rejected' },
  { from: 'requested', action: 'cancel', to: 'cancelled' },
];

export function nextAssignment(from: StaffAssignmentStatus, action: AssignmentAction): StaffAssignmentStatus {
  const row = ASSIGNMENT_TRANSITIONS.find((t) => t.from === from && t.action === action);
  if (!row) throw errors.STAFF_ASSIGNMENT_STATE({ status: from });
  return row.to;
}

export function nextLeave(from: StaffLeaveStatus, action: LeaveAction): StaffLeaveStatus {
  const row = LEAVE_TRANSITIONS.find((t) => t.from === from && t.action === action);
  if (!row) throw errors.STAFF_LEAVE_STATE({ status: from });
  return row.to;
}
