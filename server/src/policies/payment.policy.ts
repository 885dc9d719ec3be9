import { NOT_FOUND, UNAUTHENTICATED, type DomainError } from '../lib/errors.ts';
import { isStaff } from './actor.ts';
import { defaultRefusal, type Policy } from './policy.ts';

/**
 * Paying a payment notice (docs/fees.md, "Payment channels"):
 * - pay_online: the payer of the notice only (another applicant is told it does not exist; staff
 *   never pay for someone online);
 * - bank_lookup, bank_collect: the bank's clerk (`bank`) at the window of the notice's center. No
 *   other role records money: the window clerk (`window`) is refused like everyone else;
 * - bank_refunds, bank_refund_pay: the same bank clerk lists the refunds of window payments of the
 *   center and records one paid out at the counter (the row is the refund's notice).
 */
export const PAYMENT_ACTIONS = ['pay_online', 'bank_lookup', 'bank_collect', 'bank_refunds', 'bank_refund_pay'] as const;
export type PaymentAction = (typeof PAYMENT_ACTIONS)[number];

export interface PayableNoticeRow {
  payer_id: string;
  center_id: string;
}

export const paymentPolicy: Policy<PayableNoticeRow, PaymentAction> = {
  resource: 'payment',
  actions: PAYMENT_ACTIONS,
  can(who, action, n) {
    if (!who) return false;
    switch (action) {
      case 'pay_online': return who.kind !== 'staff' && (!n || n.payer_id === who.id);
      case 'bank_lookup':
      case 'bank_collect':
      case 'bank_refunds':
      case 'bank_refund_pay': return isStaff(who) && who.roles.includes('bank') && (!n || n.center_id === who.centerId);
    }
  },
  refuse(who, action, n): DomainError {
    if (!who) return UNAUTHENTICATED();
    if (n && (action === 'pay_online' ? who.kind !== 'staff' : isStaff(who) && who.roles.includes('bank'))) {
      return NOT_FOUND({ zh: '缴款通知书', en: 'Payment notice' });
    }
    return defaultRefusal(who);
  },
};
