import type { EventName } from '../../events/catalogue.ts';
import { isPublicCaseEvent } from '../../policies/public-events.ts';

/**
 * The case events a consuming system may subscribe to: the case events of the catalogue that the
 * public progress page may show (policies/public-events.ts), so a subscriber learns no more of a
 * case's steps than its public progress tells. Checked against the catalogue both ways by tsc.
 */
const ALL = {
  'case.submitted': true, 'case.materials_checked': true, 'case.request_supplement': true, 'case.resubmit': true, 'case.refuse': true,
  'case.accept': true, 'case.deem_accept': true, 'case.review': true, 'case.decide': true, 'case.extend': true, 'case.suspend': true,
  'case.resume': true, 'case.handover': true, 'case.send_to_department': true, 'case.payment_received': true, 'case.fee_waived': true,
  'case.deliver': true, 'case.withdraw': true, 'case.terminate': true, 'case.forward': true, 'case.return_result': true,
  'case.joint_decide': true, 'case.joint_ready': true, 'case.return_refused': true, 'case.return_supplement': true, 'case.issue': true,
} satisfies Record<Exclude<EventName, 'fee.notice_issued' | 'trading.complaint_decided'>, true>;

export const SUBSCRIBABLE_EVENTS = (Object.keys(ALL) as Array<keyof typeof ALL>).filter(isPublicCaseEvent);
export type SubscribableEvent = (typeof SUBSCRIBABLE_EVENTS)[number];
