import type { Actor } from './actor.ts';

/**
 * What of a case's history leaves the staff side: the public progress page (receipt number + query
 * code) and the applicant's own case page show an event only if its action is listed here. A new
 * event type is therefore staff-only until someone decides it is not: supervision's events (lights,
 * findings, notices, the green channel) and the departments' internal ones (pre-review opinions,
 * coordination notes: the applicant gets the window's one notice) are never listed.
 */
export const PUBLIC_CASE_EVENTS: ReadonlySet<string> = new Set([
  'case.submitted',
  // The lifecycle's actions (modules/cases/transitions.ts), each recorded as `case.<action>`.
  'case.request_supplement', 'case.resubmit', 'case.refuse', 'case.accept', 'case.deem_accept',
  'case.review', 'case.decide', 'case.extend', 'case.suspend', 'case.resume', 'case.handover',
  'case.payment_received', 'case.deliver', 'case.withdraw', 'case.terminate',
  'case.forward', 'case.return_result', 'case.joint_decide', 'case.joint_ready',
  'case.return_refused', 'case.return_supplement',
  // A joint part's prerequisite (another part of the matter) approved, or ended while the part goes on.
  'case.prerequisite_met', 'case.prerequisite_failed',
  // 退回部门办理件: the case went to the department's office (its return is the handover).
  'case.send_to_department',
  // A joint case's parts coming into being, and deadlines moved by a calendar change.
  'case.accepted', 'case.parts_created', 'case.clock_recomputed',
  // Cancellation (注销) of the licence after the decision: the holder's request and the department's answer.
  'case.cancellation_requested', 'case.cancellation_granted', 'case.cancellation_refused',
]);

/** Staff-only case events, named so a test can check that every event the code writes is decided. */
export const STAFF_ONLY_CASE_EVENTS: ReadonlySet<string> = new Set([
  'case.light_changed', 'case.finding_raised', 'case.finding_confirmed', 'case.finding_dismissed',
  'case.supervision_notice', 'case.supervision_reply', 'case.supervision_escalated',
  'case.prereviewed', 'case.coordination_note', 'case.green_marked', 'case.green_removed',
]);

export const isPublicCaseEvent = (action: string) => PUBLIC_CASE_EVENTS.has(action);

/** Staff who read a case see its whole history; the applicant and the public the listed events. */
export const caseEventVisibleTo = (who: Actor | null, action: string) => who?.kind === 'staff' || isPublicCaseEvent(action);

/**
 * The green channel is the center's internal priority: who coordinates a case and why it was
 * marked are staff matters. The applicant's case view carries no green details (issue 10).
 */
export const greenDetailsVisibleTo = (who: Actor | null) => who?.kind === 'staff';
