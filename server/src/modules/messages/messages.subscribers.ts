import type { Tx } from '../../db/database.ts';
import type { EventBus } from '../../events/bus.ts';
import type { AppContext } from '../../lib/context.ts';
import { messageApplicant, type ApplicantMessageKind } from '../notifications/applicant-messages.ts';
import * as repo from './messages.repository.ts';
import * as text from './messages.texts.ts';

/**
 * The steps of a case that concern its applicant, each a message in the portal's message centre (and
 * by SMS when their preferences allow), written in the transaction of the step. One dedupe key per
 * event (`case.accept:<caseId>`, a supplement round, a payment notice…), so a step heard twice (a
 * cascade, a retried transaction, a second instance) still makes one message.
 *
 * Which cases: those the applicant applied for (single, joint parent). A joint case's parts report
 * through their parent, except what each part produces on its own (a payment notice, a licence), which
 * links to the parent's page. An upper case (reported upward) reports through the lower case's
 * `return_*` steps.
 */
export const CASE_MESSAGE_KINDS = [
  'case.accepted', 'case.supplement_requested', 'case.refused', 'case.decided', 'fee.due', 'licence.issued',
  'case.ready', 'case.delivered', 'case.withdrawn', 'case.terminated',
] as const satisfies readonly ApplicantMessageKind[];
export type CaseMessageKind = (typeof CASE_MESSAGE_KINDS)[number];

const APPLIED_FOR = new Set(['single', 'joint']);

interface Send { caseId: string; kind: CaseMessageKind; dedupeKey: string; at: Date; partsToo?: boolean; compose: (c: repo.CaseFacts) => Promise<text.MessageText> | text.MessageText }

async function send(tx: Tx, s: Send): Promise<void> {
  const c = await repo.caseFacts(tx, s.caseId);
  if (!c) return;
  if (!APPLIED_FOR.has(c.kind) && !(s.partsToo && c.kind === 'part')) return;
  const { title, body } = await s.compose(c);
  await messageApplicant(tx, {
    kind: s.kind, userId: c.applicant_id, centerId: c.center_id, caseId: c.id, title, body,
    link: `/my/cases/${c.kind === 'part' && c.parent_id ? c.parent_id : c.id}`, dedupeKey: s.dedupeKey, at: s.at,
  });
}

export function subscribeMessages(bus: EventBus<AppContext>) {
  bus.on('case.accept', (tx, e) => send(tx, { caseId: e.before.id, kind: 'case.accepted', dedupeKey: `case.accept:${e.before.id}`, at: e.at, compose: (c) => text.accepted(c, e.data.acceptedDate, false) }));
  bus.on('case.deem_accept', (tx, e) => send(tx, { caseId: e.before.id, kind: 'case.accepted', dedupeKey: `case.deem_accept:${e.before.id}`, at: e.at, compose: (c) => text.accepted(c, e.data.acceptedDate, true) }));

  const supplement = (name: string) => (tx: Tx, e: { before: { id: string }; at: Date; data: { round: number; items: Array<{ key: string; reason: string }> } }) => send(tx, {
    caseId: e.before.id, kind: 'case.supplement_requested', dedupeKey: `${name}:${e.before.id}:${e.data.round}`, at: e.at,
    compose: async (c) => {
      const names = await repo.materialNames(tx, c.item_id, c.item_version);
      return text.supplementRequested(c, e.data.items.map((i) => ({ name: names.get(i.key) ?? i.key, reason: i.reason })));
    },
  });
  bus.on('case.request_supplement', supplement('case.request_supplement'));
  bus.on('case.return_supplement', supplement('case.return_supplement'));

  bus.on('case.refuse', (tx, e) => send(tx, { caseId: e.before.id, kind: 'case.refused', dedupeKey: `case.refuse:${e.before.id}`, at: e.at, compose: (c) => text.refused(c, e.data.reason, e.data.remedies) }));
  bus.on('case.return_refused', (tx, e) => send(tx, { caseId: e.before.id, kind: 'case.refused', dedupeKey: `case.return_refused:${e.before.id}`, at: e.at, compose: (c) => text.refused(c, e.data.reason, e.data.remedies) }));

  bus.on('case.decide', (tx, e) => send(tx, { caseId: e.before.id, kind: 'case.decided', dedupeKey: `case.decide:${e.before.id}`, at: e.at, compose: (c) => text.decided(c, e.data.result, e.data.reason) }));
  bus.on('case.return_result', (tx, e) => send(tx, { caseId: e.before.id, kind: 'case.decided', dedupeKey: `case.return_result:${e.before.id}`, at: e.at, compose: (c) => text.decided(c, e.data.result, e.data.reason) }));
  bus.on('case.joint_decide', (tx, e) => send(tx, { caseId: e.before.id, kind: 'case.decided', dedupeKey: `case.joint_decide:${e.before.id}`, at: e.at, compose: (c) => text.decided(c, e.data.result, e.data.reason) }));

  // A notice reissued is a new notice: a new message with its own amount and code.
  bus.on('fee.notice_issued', (tx, e) => send(tx, { caseId: e.caseId, kind: 'fee.due', dedupeKey: `fee.notice_issued:${e.noticeId}`, at: e.at, partsToo: true, compose: (c) => text.feeDue(c, e.totalFen, e.dueDate, e.noticeNo) }));
  bus.on('case.issue', (tx, e) => send(tx, { caseId: e.before.id, kind: 'licence.issued', dedupeKey: `case.issue:${e.before.id}:${e.data.licenceId}`, at: e.at, partsToo: true, compose: (c) => text.licenceIssued(c, e.data.identifier) }));

  // The result is ready whatever step brought it there (handover, licence issued, paid, fee waived, a joint case's last part).
  const ready = (tx: Tx, e: { before: { id: string }; at: Date; data: { from: string; to: string } }) =>
    e.data.to === 'ready' && e.data.from !== 'ready'
      ? send(tx, { caseId: e.before.id, kind: 'case.ready', dedupeKey: `case.ready:${e.before.id}`, at: e.at, compose: (c) => text.ready(c) })
      : Promise.resolve();
  for (const name of ['case.handover', 'case.issue', 'case.payment_received', 'case.fee_waived', 'case.joint_ready'] as const) bus.on(name, ready);

  bus.on('case.deliver', (tx, e) => send(tx, { caseId: e.before.id, kind: 'case.delivered', dedupeKey: `case.deliver:${e.before.id}`, at: e.at, compose: (c) => text.delivered(c, e.data.method, e.data.trackingNo) }));
  bus.on('case.withdraw', (tx, e) => send(tx, { caseId: e.before.id, kind: 'case.withdrawn', dedupeKey: `case.withdraw:${e.before.id}`, at: e.at, compose: (c) => text.closed(c, 'withdrawn', e.data.reason) }));
  bus.on('case.terminate', (tx, e) => send(tx, { caseId: e.before.id, kind: 'case.terminated', dedupeKey: `case.terminate:${e.before.id}`, at: e.at, compose: (c) => text.closed(c, 'terminated', e.data.reason) }));
}
