import type { Selectable } from 'kysely';
import type { CasesTable } from '../db/types.ts';
import type { ConfigVersions } from '../lib/config-versions.ts';
import type { DeliveryChoice } from '../lib/delivery-choice.ts';

/**
 * The domain events: every event one module announces and others may react to, each with its own
 * payload. An event's name is the audit action it is recorded as (`case.accept`, …), and its `data`
 * is what that audit event records, so a listener reads the same facts a reader of the history does.
 * This file imports no module: a module that emits and a module that listens both import it, never
 * each other.
 */

/** A case as its row was when the event happened (before the action's own changes). */
export type CaseRow = Selectable<CasesTable>;
export type CaseStatus = CasesTable['status'];

type Reason = { reason: string };
/** One hand-over between the hall and a department's office: its limit, due date, and whether it was late. */
export type HandoffData = { direction: 'to_department' | 'to_hall'; startedDate: string; limitDays: number; dueDate: string; handedDate: string; late: boolean };
type Material = { key: string; fileId: string };

/** What each case action records, beyond `from` and `to`. One entry per row action of the transition table. */
export interface CaseActionData {
  /** `items` are the window's own lines (a joint case's notice also carries the departments' pre-review lines). */
  request_supplement: { items: Array<{ key: string; reason: string }>; note?: string; round: number; repeated: boolean };
  resubmit: { materials: Material[] };
  refuse: Reason & { remedies: string };
  /** `jointCaseId`: a part accepted with its joint parent. */
  /** `tongban`: accepted by the receiving center's window for the deciding center; the materials go over electronically. */
  accept: { receiptNo: string; acceptedDate: string; jointCaseId?: string; tongban?: { receivedAtCenterId: string; materials: 'electronic' } };
  deem_accept: { receiptNo: string; acceptedDate: string; jointCaseId?: string };
  review: { opinion: string; proposal: 'approve' | 'deny'; step: number };
  decide: Reason & { result: 'approved' | 'denied' };
  extend: Reason & { days: number };
  suspend: Reason & { kind: string; expectedDays: number; hearing?: { date: string; place: string }; seq?: number; legalBasis?: string | null; maxWorkdays?: number | null };
  resume: { workdays: number };
  /** `handoff`: the department → hall step of a case decided in the department's office (退回部门办理件). */
  handover: { handoff?: HandoffData };
  /** 退回部门办理件: the hall → department step, with what was handed over. */
  send_to_department: { note?: string; handoff: HandoffData };
  /** The case's payment notice was paid (fees: recordPayment), by this payment. */
  payment_received: { noticeNo: string; paymentId: string; amountFen: number; paymentChannel: string };
  /** Every fee of the case's standard reduced to nothing (全额减免): the fee codes and the reductions that applied. */
  fee_waived: { feeCodes: string[]; reductions: string[] };
  deliver: { method: 'pickup' | 'post' | 'cabinet'; trackingNo?: string };
  withdraw: Reason;
  terminate: Reason;
  forward: { opinion: string };
  return_result: Reason & { result: 'approved' | 'denied'; upperCaseId: string };
  joint_decide: Reason & { result: 'approved' | 'denied' | 'partial' };
  joint_ready: Record<never, never>;
  /** The level above refused (不予受理) or asked for a supplement on a reported case: the lower case comes back down. */
  return_refused: Reason & { remedies: string; upperCaseId: string };
  return_supplement: { items: Array<{ key: string; reason: string }>; note?: string; round: number; upperCaseId: string };
  /** Issue 12: the case's e-licence was issued (signed and kept); the case moves on to payment or delivery. */
  issue: { licenceId: string; identifier: string };
}
export type CaseActionName = keyof CaseActionData;

interface CaseEventBase {
  before: CaseRow;
  /** Who acted (null: the system on its own); a cascade carries the person whose action caused it. */
  actorId: string | null;
  at: Date;
  /** The China date of `at`. */
  today: string;
}

/** A case moved by one row of the transition table (including a row that keeps its state, such as extend). */
export interface CaseActed<A extends CaseActionName> extends CaseEventBase {
  action: A;
  data: CaseActionData[A] & { from: CaseStatus; to: CaseStatus };
}

/**
 * A case came into being: online, at the counter, forwarded from the level below, or as a part of a
 * joint case (a part's submission is announced but not recorded: its parent's history holds it).
 */
export interface CaseSubmitted extends CaseEventBase {
  action: 'submit';
  data: {
    to: 'submitted';
    channel?: string;
    /** When the materials were received (a counter clerk may record paper received earlier). */
    receivedAt?: string;
    itemVersion?: number;
    forwardedFrom?: string;
    opinion?: string;
    /** 通办 (issue 17): handed in at this center, the result collected at that one (the case is the deciding center's). */
    receivedAtCenterId?: string;
    deliveryCenterId?: string;
    matterId?: string;
    matterVersion?: number;
    answers?: Record<string, string>;
    itemIds?: string[];
    jointCaseId?: string;
    /** Registered at the counter from this hall ticket (issue 15): the hall links the ticket. */
    ticketId?: string;
  };
  /** The applicant's choice of delivery made with the application (not audited here: the delivery module records it). */
  delivery?: DeliveryChoice;
  /**
   * The e-licence references of the application as stored (round 0, one per material), when the
   * submitter stored them in this transaction: the e-licence check need not read them back. Absent: read.
   */
  licences?: Array<{ key: string; type: string; number: string }>;
  /**
   * The configuration versions the submission read before its transaction (lib/config-versions.ts): a
   * listener may answer from its process's copy of configuration read at that version or later. Absent: read.
   */
  config?: ConfigVersions;
}

/**
 * The window recorded what it received of a case's materials before acceptance (issue 10's counter
 * checklist); the status does not move (`to` is the status it stays in). Issue 12 verifies each
 * e-licence it names against the library and records the use (modules/elicences/reuse.ts).
 */
export interface CaseMaterialsChecked extends CaseEventBase {
  action: 'materials_checked';
  data: { to: CaseStatus; items: Array<{ key: string; state: string; eLicence?: { type: string; number: string } }> };
}

/**
 * Fees: a payment notice was issued to its payer (at the case's fee point, or a reissue), in the
 * transaction that wrote it. Not a case event: the case does not move (`onEvery` does not hear it).
 */
export interface FeeNoticeIssued {
  noticeId: string;
  noticeNo: string;
  caseId: string;
  payerId: string;
  centerId: string;
  totalFen: number;
  /** The China date the notice must be paid by. */
  dueDate: string;
  actorId: string | null;
  at: Date;
}

/**
 * Trading (docs/trading.md, "Questions, objections and complaints"): the supervising department decided a
 * complaint about a tender, in the transaction that recorded it. `suspendTender`: an upheld complaint orders
 * the tender suspended (招标投标法实施条例 第六十二条); the trading module's listener (trading/suspension.ts)
 * suspends it in the same transaction, its status unchanged. `reason`: the decision's reason.
 */
export interface TenderComplaintDecided {
  complaintId: string;
  tenderId: string;
  centerId: string;
  outcome: 'upheld' | 'rejected';
  suspendTender: boolean;
  reason: string;
  actorId: string;
  at: Date;
}

/** Every case event by name. */
export type CaseEvents = { 'case.submitted': CaseSubmitted; 'case.materials_checked': CaseMaterialsChecked } & { [A in CaseActionName as `case.${A}`]: CaseActed<A> };
/** Every event by name: the case events, and the events of other domains. */
export type DomainEvents = CaseEvents & { 'fee.notice_issued': FeeNoticeIssued; 'trading.complaint_decided': TenderComplaintDecided };
export type EventName = keyof DomainEvents;
