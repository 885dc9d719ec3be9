import { FORBIDDEN, NOT_FOUND, UNAUTHENTICATED, type DomainError } from '../lib/errors.ts';
import { hasRole, isStaff, type Actor, type StaffActor } from './actor.ts';
import { hasPermission } from './permissions.ts';
import { defaultRefusal, type Policy } from './policy.ts';
import { inCenter } from './scope.ts';

/**
 * Payment notices (电子非税收入一般缴款书) and what hangs off them (their payments and refunds, read
 * as the notice is read). docs/fees.md "The finance role" has the table.
 * - read: the payer (the case's applicant); in the notice's center its finance clerks, managers,
 *   supervisors and windows; the approvers and chiefs of the notice's department (their cases).
 *   Another applicant is told the notice does not exist.
 * - list: the center's lists of notices, payments and refunds (`fees.read`: the finance role).
 * - cancel / reissue: the staff of the notice's department (approver, chief) in its center.
 * - reconcile: the center's finance clerks (`fees.reconcile`), for fees-recon's statements.
 */
export const PAYMENT_NOTICE_ACTIONS = ['read', 'list', 'cancel', 'reissue', 'reconcile'] as const;
export type PaymentNoticeAction = (typeof PAYMENT_NOTICE_ACTIONS)[number];

/** What the rules need of a notice row. */
export interface PaymentNoticeScopeRow { payer_id: string; center_id: string; department_id: string }

const departmentStaffOf = (who: Actor | null, n: PaymentNoticeScopeRow) =>
  inCenter(who, n.center_id) && hasRole(who, 'approver', 'chief') && who.departmentId === n.department_id;

export const paymentNoticePolicy: Policy<PaymentNoticeScopeRow, PaymentNoticeAction> = {
  resource: 'payment_notice',
  actions: PAYMENT_NOTICE_ACTIONS,
  can(who, action, n) {
    if (!who) return false;
    switch (action) {
      case 'read':
        if (who.kind !== 'staff') return !n || n.payer_id === who.id;
        if (!n) return isStaff(who);
        return departmentStaffOf(who, n) || (inCenter(who, n.center_id) && hasRole(who, 'finance', 'manager', 'supervisor', 'window'));
      case 'list': return hasPermission(who, 'fees.read') && (!n || inCenter(who, n.center_id));
      case 'reconcile': return hasPermission(who, 'fees.reconcile') && (!n || inCenter(who, n.center_id));
      case 'cancel':
      case 'reissue':
        return isStaff(who) && hasRole(who, 'approver', 'chief') && who.departmentId !== null && (!n || departmentStaffOf(who, n));
    }
  },
  // Another payer's notice does not exist for an applicant; staff outside the scope are refused.
  refuse(who, _action, n): DomainError {
    if (!who) return UNAUTHENTICATED();
    if (n && who.kind !== 'staff') return NOT_FOUND({ zh: '缴款通知书', en: 'Payment notice' });
    return defaultRefusal(who);
  },
};

/** The center whose notices, payments and refunds a finance clerk lists: their own, never another. */
export function financeScope(who: Actor | null): { centerId: string } {
  if (!who) throw UNAUTHENTICATED();
  if (!paymentNoticePolicy.can(who, 'list')) throw FORBIDDEN();
  return { centerId: (who as StaffActor).centerId };
}

/** The center a finance clerk reconciles (fees-recon): their own. */
export function reconcileScope(who: Actor | null): { centerId: string } {
  if (!who) throw UNAUTHENTICATED();
  if (!paymentNoticePolicy.can(who, 'reconcile')) throw FORBIDDEN();
  return { centerId: (who as StaffActor).centerId };
}
