import type { PaymentNoticeStatus } from '../../db/types.ts';

/**
 * The payment notice lifecycle (docs/fees.md "Payment notices"): one table of (from, action, to, who).
 * `moveNotice` in fees.repository.ts is the one update that names a notice's status and only
 * `noticeTransition` (notices.service.ts) calls it, after `checkNotice` here allowed the move.
 *
 *   issued ──pay──────▶ paid ──refund──▶ refunded
 *     │──cancel──▶ cancelled   (the department's staff with a reason, or the system when the case closes)
 *     └──expire──▶ expired ──pay──▶ paid   (the sweep, the day after the due date; paid only by a payment
 *                                            made by the due date and recorded late)
 */
export const NOTICE_STATES = ['issued', 'paid', 'cancelled', 'expired', 'refunded'] as const satisfies readonly PaymentNoticeStatus[];
export type NoticeState = (typeof NOTICE_STATES)[number];
export type NoticeAction = 'pay' | 'cancel' | 'expire' | 'refund';
/** system: recordPayment, the sweeps, the subscribers; staff: the department's approver or chief (the policy says who). */
export type NoticeActor = 'system' | 'staff';

export interface NoticeTransition { action: NoticeAction; from: readonly NoticeState[]; to: NoticeState; who: readonly NoticeActor[] }

export const NOTICE_TRANSITIONS: readonly NoticeTransition[] = [
  // From expired: a payment made by the due date and recorded after the sweep (a late notification, the statement).
  { action: 'pay', from: ['issued', 'expired'], to: 'paid', who: ['system'] },
  // A reissue is a cancel of the old notice and a new notice in the same transaction.
  { action: 'cancel', from: ['issued'], to: 'cancelled', who: ['staff', 'system'] },
  { action: 'expire', from: ['issued'], to: 'expired', who: ['system'] },
  // The whole amount paid back (fees-pay, once its refund succeeded at the channel).
  { action: 'refund', from: ['paid'], to: 'refunded', who: ['system'] },
];

export type NoticeCheck = { ok: true; to: NoticeState } | { ok: false; reason: 'ROLE' | 'STATE' };

export function checkNotice(action: NoticeAction, who: NoticeActor, from: NoticeState): NoticeCheck {
  const t = NOTICE_TRANSITIONS.find((x) => x.action === action);
  if (!t || !t.who.includes(who)) return { ok: false, reason: 'ROLE' };
  if (!t.from.includes(from)) return { ok: false, reason: 'STATE' };
  return { ok: true, to: t.to };
}
