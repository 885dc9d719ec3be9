/**
 * Who may see and do what, in one place (docs/security.md has the table). Services ask here and
 * never decide locally; routes only pass the signed-in actor along.
 */
import { applicationPolicy } from './application.policy.ts';
import { calendarPolicy } from './calendar.policy.ts';
import { casePolicy } from './case.policy.ts';
import { documentPolicy } from './document.policy.ts';
import { filePolicy } from './file.policy.ts';
import { findingPolicy } from './finding.policy.ts';
import { itemPolicy, itemRequestPolicy } from './item.policy.ts';
import { matterPolicy } from './matter.policy.ts';
import { materialCheckPolicy } from './material-check.policy.ts';
import { noticePolicy } from './notice.policy.ts';
import { cancellationPolicy } from './cancellation.policy.ts';
import { elicencePolicy } from './elicence.policy.ts';
import { licenceTypePolicy } from './licence-type.policy.ts';
import { licencePolicy } from './licence.policy.ts';
import { sealPolicy } from './seal.policy.ts';
import { oidcClientPolicy } from './oidc-client.policy.ts';
import { hallAppointmentPolicy, hallConfigPolicy, hallFiguresPolicy, hallTicketPolicy } from './hall.policy.ts';
import { deliveryPolicy } from './delivery.policy.ts';
import { paymentNoticePolicy } from './payment-notice.policy.ts';
import { paymentPolicy } from './payment.policy.ts';
import { reconciliationPolicy } from './reconciliation.policy.ts';
import { applicantMessagePolicy } from './applicant-message.policy.ts';
import { ratingFiguresPolicy, ratingPolicy, rectificationPolicy } from './rating.policy.ts';
import { workOrderPolicy } from './workorder.policy.ts';
import { staffAssignmentPolicy, staffRecordPolicy } from './staffing.policy.ts';
import { myDataPolicy } from './my-data.policy.ts';
import { tradingPolicy } from './trading.policy.ts';
import { tenderDisputePolicy } from './tender-dispute.policy.ts';
import { networkPolicy } from './network.policy.ts';
import { bidPolicy } from './bid.policy.ts';
import { apiClientPolicy } from './api-client.policy.ts';
import { disclosurePolicy } from './disclosure.policy.ts';
import { evaluationPolicy, expertDrawPolicy, expertPoolPolicy } from './expert.policy.ts';

export * from './actor.ts';
export * from './permissions.ts';
export * from './policy.ts';
export * from './scope.ts';
export * from './window.ts';
export * from './public-events.ts';
export * from './case.policy.ts';
export * from './application.policy.ts';
export * from './calendar.policy.ts';
export * from './document.policy.ts';
export * from './file.policy.ts';
export * from './item.policy.ts';
export * from './matter.policy.ts';
export * from './notice.policy.ts';
export * from './finding.policy.ts';
export * from './material-check.policy.ts';
export * from './cancellation.policy.ts';
export * from './elicence.policy.ts';
export * from './licence-type.policy.ts';
export * from './licence.policy.ts';
export * from './seal.policy.ts';
export * from './oidc-client.policy.ts';
export * from './hall.policy.ts';
export * from './delivery.policy.ts';
export * from './payment-notice.policy.ts';
export * from './payment.policy.ts';
export * from './reconciliation.policy.ts';
export * from './applicant-message.policy.ts';
export * from './rating.policy.ts';
export * from './workorder.policy.ts';
export * from './staffing.policy.ts';
export * from './my-data.policy.ts';
export * from './trading.policy.ts';
export * from './network.policy.ts';
export * from './bid.policy.ts';
export * from './api-client.policy.ts';
export * from './disclosure.policy.ts';
export * from './expert.policy.ts';
export * from './tender-dispute.policy.ts';

/** Every resource's policy by name; a new resource adds its entry (and its test table in policies.test.ts). */
export const POLICIES = {
  case: casePolicy, document: documentPolicy, application: applicationPolicy, file: filePolicy,
  item: itemPolicy, item_request: itemRequestPolicy, matter: matterPolicy, notice: noticePolicy, finding: findingPolicy,
  calendar: calendarPolicy, material_check: materialCheckPolicy, cancellation: cancellationPolicy,
  elicence: elicencePolicy,
  licence_type: licenceTypePolicy, licence: licencePolicy,
  seal: sealPolicy,
  hall_config: hallConfigPolicy, hall_ticket: hallTicketPolicy, hall_appointment: hallAppointmentPolicy, hall_figures: hallFiguresPolicy,
  delivery: deliveryPolicy,
  payment_notice: paymentNoticePolicy,
  payment: paymentPolicy,
  reconciliation: reconciliationPolicy,
  applicant_message: applicantMessagePolicy,
  rating: ratingPolicy, rectification: rectificationPolicy, rating_figures: ratingFiguresPolicy,
  work_order: workOrderPolicy,
  staff_record: staffRecordPolicy, staff_assignment: staffAssignmentPolicy,
  my_data: myDataPolicy,
  tender: tradingPolicy,
  oidc_client: oidcClientPolicy,
  network: networkPolicy,
  bid: bidPolicy,
  api_client: apiClientPolicy,
  disclosure: disclosurePolicy,
  expert_pool: expertPoolPolicy, expert_draw: expertDrawPolicy, evaluation: evaluationPolicy,
  tender_dispute: tenderDisputePolicy,
} as const;
