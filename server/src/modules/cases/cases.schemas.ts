import { z } from 'zod';
import { creditCode, idNumber } from '../auth/auth.schemas.ts';
import { pageQuery } from '../../lib/schemas.ts';
import { specialProcedureKind } from '../items/items.schemas.ts';
import { CASE_KINDS, CASE_STATES } from './transitions.ts';
import { LEVEL_STAGES } from './levels.ts';
import { materialRef } from './material-checklist.schemas.ts';
import { STEP_KEYS } from './steps.ts';
import { deliveryChoice } from '../../lib/delivery-choice.ts';
import { MY_CASE_TABS } from './my-case-tabs.ts';

const reason = z.string().trim().min(2).max(2000);
const materialRefs = z.array(materialRef).max(100);

export const submitBody = z.object({
  itemId: z.uuid(),
  form: z.record(z.string().max(40), z.string().max(4000)),
  materials: materialRefs,
  idempotencyKey: z.string().min(8).max(100).describe('made once per application by the client and sent again on every retry'),
  delivery: deliveryChoice.optional().describe('how the applicant wants the result (docs/fees.md, Delivery); none: pickup at the delivery window'),
  // 通办 (issue 17, docs/network.md): the item's scope must allow both; left out, the deciding center itself.
  receivingCenterId: z.uuid().optional().describe('通办: the center where the application is handed in and accepted (at the counter: always the clerk\'s center)'),
  deliveryCenterId: z.uuid().optional().describe('通办: the center whose delivery window hands out the result (pickup)'),
});
export type SubmitInput = z.infer<typeof submitBody>;

const phone = z.string().trim().regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/);
export const applicantInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('person'), name: z.string().trim().min(1).max(50), idNumber, phone }),
  z.object({ kind: z.literal('enterprise'), name: z.string().trim().min(1).max(200), creditCode, legalRepresentative: z.string().trim().min(1).max(50), phone }),
]);
export type ApplicantInput = z.infer<typeof applicantInput>;
export const counterBody = submitBody.extend({
  applicant: applicantInput,
  receivedAt: z.iso.datetime({ offset: true }).optional().describe('when the paper materials were received, if before this registration; the 5-day acceptance period runs from then'),
  ticketId: z.uuid().optional().describe('the hall ticket called at this window that this registration serves: the ticket is linked to the case'),
});

export const actionBody = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('request_supplement'), note: z.string().max(2000).optional(),
    items: z.array(z.object({ key: z.string().min(1).max(40), reason })).max(100).describe("every missing or wrong material; a joint case's notice adds the departments' pre-review lines"),
  }),
  z.object({ action: z.literal('resubmit'), materials: materialRefs.min(1) }),
  z.object({ action: z.literal('refuse'), reason, remedies: reason }),
  z.object({ action: z.literal('accept') }),
  z.object({ action: z.literal('deem_accept') }),
  z.object({ action: z.literal('review'), opinion: reason, proposal: z.enum(['approve', 'deny']) }),
  z.object({ action: z.literal('decide'), result: z.enum(['approved', 'denied']), reason }),
  z.object({ action: z.literal('extend'), reason }),
  z.object({
    action: z.literal('suspend'), kind: specialProcedureKind.describe('a special procedure the item declares (Art. 45)'), reason,
    expectedDays: z.number().int().min(1).max(365).describe("working days it takes, at most the item's declared longest"),
    hearing: z.object({ date: z.iso.date(), place: z.string().trim().min(2).max(300) }).optional()
      .describe('a hearing (听证, Art. 46-48): the date and place told to the applicant, at least 7 days ahead'),
  }),
  z.object({ action: z.literal('resume') }),
  z.object({ action: z.literal('handover') }),
  z.object({ action: z.literal('send_to_department'), note: z.string().trim().max(500).optional().describe('the hand-over record: what goes with the case to the department') }),
  z.object({ action: z.literal('deliver'), method: z.enum(['pickup', 'post', 'cabinet']), trackingNo: z.string().trim().min(4).max(60).optional() }),
  z.object({ action: z.literal('withdraw'), reason }),
  z.object({ action: z.literal('terminate'), reason }),
  z.object({ action: z.literal('forward'), opinion: reason.describe("the first-review opinion sent up with the materials") }),
]);
export type ActionBody = z.infer<typeof actionBody>;

/** Actions only the system takes, as consequences of other cases' actions (never accepted from a client). */
export type SystemActionBody =
  | { action: 'return_result'; result: 'approved' | 'denied'; reason: string; upperCaseId: string }
  | { action: 'joint_decide'; result: 'approved' | 'denied' | 'partial'; reason: string }
  | { action: 'return_refused'; reason: string; remedies: string; upperCaseId: string }
  | { action: 'return_supplement'; items: Array<{ key: string; reason: string }>; note?: string; upperCaseId: string }
  | { action: 'joint_ready' }
  // Issue 12: the issuance job, once the case's e-licence is signed and kept.
  | { action: 'issue'; licenceId: string; identifier: string }
  // The case's payment notice paid (fees' recordPayment): the only way out of awaiting_payment.
  | { action: 'payment_received'; noticeNo: string; paymentId: string; amountFen: number; paymentChannel: string }
  | { action: 'fee_waived'; feeCodes: string[]; reductions: string[] }
  // A part of a joint case, accepted (or deemed accepted) with its parent.
  | { action: 'accept' | 'deem_accept'; jointCaseId: string };
export type AnyActionBody = ActionBody | SystemActionBody;

const bilingual = z.object({ zh: z.string(), en: z.string() });
export const formFieldView = z.object({
  key: z.string(), label: bilingual, type: z.string(), required: z.boolean(),
  options: z.array(z.object({ value: z.string(), label: bilingual })).optional(),
});

export const formResponse = z.object({
  itemId: z.string(),
  version: z.number(),
  fields: z.array(formFieldView),
  materials: z.array(z.object({
    key: z.string(), name: z.string(), requirement: z.string(), condition: z.string().optional(), originalOrCopy: z.string(),
    copies: z.number(), eLicenceAccepted: z.boolean(), templateFileId: z.string().optional(),
    eLicenceTypes: z.array(z.string()).optional().describe('the e-licence types that replace it; none listed: any type, when eLicenceAccepted'),
  })),
});

const light = z.enum(['green', 'yellow', 'red']).nullable();
const decisionView = z.object({ result: z.enum(['approved', 'denied', 'partial']), reason: z.string(), decidedAt: z.string() });
export const caseSummary = z.object({
  id: z.string(), receiptNo: z.string().nullable(),
  submissionNo: z.string().nullable().describe('提交编号: given at submission, before the receipt number; the progress query takes it too'),
  itemId: z.string().nullable().describe('null for a joint parent, which is named after its matter'),
  itemName: z.string(), itemNameEn: z.string().nullable(), itemVersion: z.number().nullable(),
  kind: z.enum(CASE_KINDS).describe('single · joint (parent of a joint matter) · part (one department of a joint case) · upper (the deciding level of a reported case)'),
  parentId: z.string().nullable(), green: z.boolean().describe('green channel (major project): first in every inbox'),
  departmentId: z.string(), departmentName: z.string(), departmentNameEn: z.string().nullable(), status: z.enum(CASE_STATES), suspended: z.boolean(),
  channel: z.enum(['online', 'counter', 'forwarded']), applicantName: z.string(), submittedAt: z.string(), acceptedDate: z.string().nullable(),
  dueDate: z.string().nullable(), warningDate: z.string().nullable(), light, provisional: z.boolean(), processingMode: z.string(),
  acceptanceDueDate: z.string(),
  completion: z.enum(['on_time', 'late']).nullable().describe('a decided case: its decision on or before its due date (按时办结) or after it (超期办结); null before the decision'),
});

export const caseDetail = caseSummary.extend({
  queryCode: z.string().nullable(),
  centerName: z.string(),
  tongban: z.object({
    receivedAt: z.object({ id: z.string(), name: z.string(), nameEn: z.string().nullable() }).nullable(),
    deliveryAt: z.object({ id: z.string(), name: z.string(), nameEn: z.string().nullable() }).nullable(),
  }).nullable().describe('通办 (docs/network.md): the center that received the case and the one that hands out its result, when not the case\'s own'),
  form: z.record(z.string(), z.string()),
  formFields: z.array(formFieldView),
  materials: z.array(z.object({
    key: z.string(), name: z.string(), requirement: z.string(),
    departmentIds: z.array(z.string()).describe('the departments whose items need it (a joint case: one upload may serve several)'),
    status: z.enum(['missing', 'submitted', 'to_supplement', 'accepted']),
    files: z.array(z.object({ id: z.string(), name: z.string(), size: z.number() })),
    reason: z.string().optional(),
  })),
  supplement: z.object({
    round: z.number(), note: z.string(), issuedAt: z.string(),
    items: z.array(z.object({ key: z.string(), name: z.string(), reason: z.string(), departments: z.array(z.string()).describe('joint case: the departments that asked for it') })),
  }).nullable(),
  decision: decisionView.nullable(),
  extension: z.object({ days: z.number(), reason: z.string() }).nullable(),
  suspensions: z.array(z.object({
    kind: z.string(), reason: z.string(), expectedDays: z.number(), startedDate: z.string(), endedDate: z.string().nullable(), workdays: z.number().nullable(),
    legalBasis: z.string().nullable(), maxWorkdays: z.number().nullable(),
    hearing: z.object({ date: z.string(), place: z.string() }).nullable(),
  })),
  reviews: z.array(z.object({ step: z.number(), name: z.string(), opinion: z.string(), proposal: z.string(), by: z.string(), at: z.string() })),
  procedure: z.array(z.object({ name: z.string(), role: z.string().nullable() })),
  specialProcedures: z.array(z.object({ kind: z.string(), description: z.string(), legalBasis: z.string().nullable(), maxWorkdays: z.number().nullable() }))
    .describe('the special procedures (Art. 45) the item declares: the only ones a suspension may name'),
  statutoryDueDate: z.string().nullable(),
  promisedLimitDays: z.number(),
  deemedAccepted: z.boolean(),
  delivery: z.object({ method: z.string(), trackingNo: z.string().nullable() }).nullable(),
  timeline: z.array(z.object({ at: z.string(), action: z.string(), actor: z.string().nullable(), data: z.unknown() })),
  documents: z.array(z.object({ kind: z.string(), url: z.string() })),
  allowedActions: z.array(z.string()),
  cancellation: z.object({
    status: z.enum(['requested', 'cancelled', 'refused']), reason: z.string(), requestedAt: z.string(), decidedAt: z.string().nullable(), decisionReason: z.string().nullable(),
  }).nullable().describe('the latest request to cancel (注销) the licence after the decision'),
  cancellationActions: z.array(z.enum(['request', 'grant', 'refuse'])).describe('request: the holder; grant/refuse: the chief of the department'),
  steps: z.array(z.object({
    key: z.enum(STEP_KEYS), state: z.enum(['done', 'current', 'todo']), at: z.string().nullable(),
    dueDate: z.string().nullable().describe('a hand-over: the last day of its limit'), light: z.enum(['green', 'yellow', 'red', 'on_time', 'late']).nullable(),
  })).describe('the stepper: the stages of the case in order, the current one marked'),
  handoffs: z.array(z.object({
    direction: z.enum(['to_department', 'to_hall']), startedDate: z.string(), limitDays: z.number(), dueDate: z.string(), handedAt: z.string(), handedDate: z.string(),
    late: z.boolean(), by: z.string().nullable(), note: z.string(), materials: z.array(z.object({ key: z.string(), name: z.string(), files: z.number() })),
  })).describe('退回部门办理件: the recorded hand-overs between the hall and the department'),
  handledInDepartment: z.boolean().describe("退回部门办理件: the item is decided in the department's own office"),
  children: z.array(caseSummary.extend({ centerName: z.string(), decision: decisionView.nullable(), closeReason: z.string().nullable() }))
    .describe('a joint case: its parts, one per department; a reported case: its case at the deciding level'),
  parent: caseSummary.nullable(),
  matter: z.object({
    matterId: z.string(), key: z.string(), version: z.number(), name: z.string(), nameEn: z.string().nullable(),
    leadDepartmentId: z.string(), denialRule: z.enum(['continue', 'stop_all']), answers: z.record(z.string(), z.string()),
    items: z.array(z.object({ itemId: z.string(), name: z.string(), nameEn: z.string().nullable(), departmentId: z.string(), departmentName: z.string() })),
  }).nullable(),
  levels: z.array(z.object({
    stage: z.enum(LEVEL_STAGES), centerName: z.string(), departmentName: z.string(),
    from: z.string().nullable(), to: z.string().nullable().describe('null while the stage runs'),
    workdays: z.number().nullable().describe('working days used, on the calendar of the level; null before the stage starts'),
    limitDays: z.number(), overdue: z.boolean(),
  })).describe('a reported case: the time each level and each hand-over took, against its own limit'),
  green: z.object({ coordinatorId: z.string().nullable(), coordinatorName: z.string().nullable(), reason: z.string() }).nullable(),
});

export const caseResponse = z.object({ case: caseDetail });
/**
 * A submission's answer: the case's whole detail, or with `Prefer: return=minimal` its summary as the
 * lists show it (`Preference-Applied: return=minimal` says which). The detail comes first: it is also
 * a valid summary, and the answer is encoded by the first shape that fits.
 */
export const submissionResponse = z.union([caseResponse, z.object({ case: caseSummary })]);
export const submissionHeaders = z.object({
  prefer: z.string().optional().describe('RFC 7240; `return=minimal` answers the case summary (as in My cases) instead of its whole detail'),
});
export const caseList = z.object({ cases: z.array(caseSummary), total: z.number(), page: z.number(), pageSize: z.number() });
/** Issue 14: My cases by status tab (modules/cases/my-case-tabs.ts) and search, with the count of each tab. */
export const myCasesQuery = z.object({
  ...pageQuery,
  tab: z.enum(MY_CASE_TABS).optional(),
  q: z.string().trim().max(60).optional().describe('part of the item name, or a whole receipt or submission number'),
});
export const myCaseList = caseList.extend({ counts: z.record(z.enum(MY_CASE_TABS), z.number()) });
/** The handover box and the delivery window's "coming" list: decided cases on their way to the window, and why they are not there yet. */
export const handoverList = z.object({
  cases: z.array(caseSummary.extend({
    decidedAt: z.string().nullable(),
    handoverDueDate: z.string().nullable().describe('seed 004: the last working day for the result to reach the delivery window'),
    handoverLight: z.enum(['green', 'yellow', 'red']).nullable(),
    reasons: z.array(z.enum(['not_handed_over', 'in_department', 'awaiting_payment', 'parts_pending'])).describe('why it cannot be delivered yet'),
  })),
  total: z.number(), page: z.number(), pageSize: z.number(),
});
export const inboxQuery = z.object({ box: z.enum(['intake', 'review', 'decide', 'delivery', 'green']).describe('green: the green channel (managers: the center; anyone else: the cases they coordinate)'), ...pageQuery });
export const pageOnly = z.object({ ...pageQuery });
export const cancellationQueue = z.object({
  requests: z.array(z.object({ id: z.string(), reason: z.string(), requestedAt: z.string(), case: caseSummary })).describe('open cancellation (注销) requests, oldest first'),
  total: z.number(), page: z.number(), pageSize: z.number(),
});
export const progressQuery = z.object({ receiptNo: z.string().trim().min(6).max(40), queryCode: z.string().trim().regex(/^\d{6}$/) });
export const progressResponse = z.object({
  receiptNo: z.string().nullable().describe('null until the case is accepted'), submissionNo: z.string().nullable(), itemName: z.string(), departmentName: z.string(), status: z.enum(CASE_STATES), applicantName: z.string(),
  acceptedDate: z.string().nullable(), dueDate: z.string().nullable(), steps: z.array(z.object({ at: z.string(), action: z.string() })),
  parts: z.array(z.object({ itemName: z.string(), departmentName: z.string(), centerName: z.string(), status: z.enum(CASE_STATES), dueDate: z.string().nullable() })),
});
export const documentKind = z.enum(['receipt', 'supplement', 'refusal', 'decision', 'extension', 'suspension', 'cancellation']);
export const cancellationRequestBody = z.object({ reason: z.string().trim().min(2).max(2000) });
export const cancellationDecisionBody = z.object({ approve: z.boolean(), reason: z.string().trim().min(2).max(2000) });
