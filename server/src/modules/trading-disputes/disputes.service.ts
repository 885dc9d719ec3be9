import type { Tx } from '../../db/database.ts';
import type { AppContext } from '../../lib/context.ts';
import { appendAudit } from '../../lib/audit.ts';
import { errors, NOT_FOUND } from '../../lib/errors.ts';
import {
  authorize, disputeListScope, requireActor, tenderDisputePolicy, type Actor, type DisputeRef,
} from '../../policies/index.ts';
import { messageApplicant } from '../notifications/applicant-messages.ts';
import { complaintWindow, raiseWindow } from './dispute-windows.ts';
import { disputeStream, transitionDispute } from './dispute.transitions.ts';
import * as repo from './disputes.repository.ts';
import type { DecideBody, RaiseBody } from './disputes.schemas.ts';

/**
 * Questions (质疑), objections (异议) and complaints (投诉) about a tender (docs/trading.md, "Questions,
 * objections and complaints"): raised by a party within its window, answered by the trading staff,
 * complained of to the supervising department, decided there. Every step is an audit event on the
 * hash-chained stream `tender_dispute:<id>`, in the transaction of the change; a refusal writes nothing.
 */
const TENDER = { zh: '招标项目', en: 'Tender' };
const DISPUTE = { zh: '质疑、异议或投诉', en: 'Question, objection or complaint' };

const refOf = (d: repo.DisputeRow): DisputeRef => ({ centerId: d.center_id ?? '', departmentId: d.department_id ?? '', userId: d.user_id, kind: d.kind });

export function view(d: repo.DisputeRow & { tender_title?: string }, who: Actor | null, now: Date) {
  return {
    id: d.id, tenderId: d.tender_id, tenderTitle: d.tender_title ?? '', kind: d.kind, subject: d.subject, status: d.status, parentId: d.parent_id,
    body: d.body, submittedAt: d.submitted_at.toISOString(), answerDue: d.answer_due.toISOString(),
    overdue: d.status === 'open' && now > d.answer_due,
    answer: d.answer, answeredAt: d.answered_at?.toISOString() ?? null, answeredLate: !!d.answered_at && d.answered_at > d.answer_due,
    suspendTender: d.suspend_tender, mine: who?.id === d.user_id,
  };
}

/** A party raises a question or an objection on a published tender, within its window (dispute-windows.ts). */
export async function raise(ctx: AppContext, who: Actor | null, tenderId: string, b: RaiseBody) {
  authorize(tenderDisputePolicy, who, 'raise');
  const me = who!;
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const t = await repo.tenderWithProject(tx, tenderId);
    if (!t || !t.published_at) throw NOT_FOUND(TENDER);
    if (!(await repo.isPartyOf(tx, t.id, me.id))) throw errors.DISPUTE_NOT_PARTY();
    const answerDue = await raiseWindow(tx, t, b.kind, b.subject, now);
    const d = await repo.insertDispute(tx, {
      tender_id: t.id, kind: b.kind, subject: b.subject, user_id: me.id, body: b.body, submitted_at: now, answer_due: answerDue,
      center_id: t.center_id, department_id: t.department_id,
    });
    await appendAudit(tx, { stream: disputeStream(d.id), action: 'tender_dispute.raise', actorId: me.id, at: now, data: { kind: d.kind, subject: d.subject, tenderId: t.id, answerDue: answerDue.toISOString() } });
    return view({ ...d, tender_title: t.title }, who, now);
  });
}

/** The party complains to the supervising department about their own answered (or unanswered, overdue) question or objection. */
export async function complain(ctx: AppContext, who: Actor | null, parentId: string, body: string) {
  authorize(tenderDisputePolicy, who, 'complain');
  const me = who!;
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    // The lock serializes two complaints about one question (the unique index refuses a second anyway).
    const parent = await repo.lockDispute(tx, parentId);
    if (!parent) throw NOT_FOUND(DISPUTE);
    authorize(tenderDisputePolicy, who, 'complain', refOf(parent));
    if (parent.kind === 'complaint') throw errors.COMPLAINT_PARENT_INVALID();
    if (await repo.complaintOf(tx, parent.id)) throw errors.COMPLAINT_EXISTS();
    const t = (await repo.tenderWithProject(tx, parent.tender_id))!;
    const due = await complaintWindow(tx, t, parent, now);
    const d = await repo.insertDispute(tx, {
      tender_id: t.id, kind: 'complaint', subject: parent.subject, parent_id: parent.id, user_id: me.id, body, submitted_at: now, answer_due: due,
      center_id: t.center_id, department_id: t.department_id,
    });
    await appendAudit(tx, { stream: disputeStream(d.id), action: 'tender_dispute.complain', actorId: me.id, at: now, data: { kind: 'complaint', parentId: parent.id, tenderId: t.id, decisionDue: due.toISOString() } });
    return view({ ...d, tender_title: t.title }, who, now);
  });
}

/** Locks a dispute a staff member acts on: unknown or out of their sight is 404, in sight but not theirs to act on 403. */
async function lockedForStaff(tx: Tx, who: Actor | null, id: string, action: 'answer' | 'decide') {
  const d = await repo.lockDispute(tx, id);
  if (!d) throw NOT_FOUND(DISPUTE);
  authorize(tenderDisputePolicy, who, 'read', refOf(d));
  authorize(tenderDisputePolicy, who, action, refOf(d));
  return { d, t: (await repo.tenderWithProject(tx, d.tender_id))! };
}

/** The trading staff answer a question or objection for the buyer and its agent; a late answer is taken and marked late. */
export async function answer(ctx: AppContext, who: Actor | null, id: string, text: string) {
  requireActor(who);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const { d, t } = await lockedForStaff(tx, who, id, 'answer');
    const moved = await transitionDispute(tx, d, 'answer', { answer: text }, { actorId: who!.id, at: now });
    await messageApplicant(tx, {
      kind: 'trading.dispute_answered', userId: d.user_id, centerId: t.center_id,
      title: { zh: `${d.kind === 'question' ? '质疑' : '异议'}已答复：${t.title}`, en: `Your ${d.kind} was answered: ${t.title}` },
      body: { zh: '请在“我的质疑与投诉”中查看答复。对答复不满意的，可在期限内向监督部门投诉。', en: 'Read the answer under "My questions and complaints". If you are not satisfied you may complain to the supervising department within the time limit.' },
      link: `/trading/tenders/${t.id}`, dedupeKey: `tender-dispute-answer:${d.id}`, at: now,
    });
    return view({ ...moved, tender_title: t.title }, who, now);
  });
}

/** The supervising department decides a complaint: upheld or rejected, with a reason; an upheld one may order the tender suspended. */
export async function decide(ctx: AppContext, who: Actor | null, id: string, b: DecideBody) {
  requireActor(who);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const { d, t } = await lockedForStaff(tx, who, id, 'decide');
    const suspendTender = b.outcome === 'upheld' && b.suspendTender;
    const moved = await transitionDispute(tx, d, b.outcome === 'upheld' ? 'uphold' : 'reject', { answer: b.reason, suspendTender }, { actorId: who!.id, at: now });
    await ctx.events.emit(tx, ctx, 'trading.complaint_decided', {
      complaintId: d.id, tenderId: t.id, centerId: t.center_id, outcome: b.outcome, suspendTender, reason: b.reason, actorId: who!.id, at: now,
    });
    await messageApplicant(tx, {
      kind: 'trading.complaint_decided', userId: d.user_id, centerId: t.center_id,
      title: { zh: `投诉已处理：${t.title}`, en: `Your complaint was decided: ${t.title}` },
      body: b.outcome === 'upheld'
        ? { zh: `投诉成立。${suspendTender ? '监督部门责令暂停招标投标活动。' : ''}`, en: `The complaint was upheld.${suspendTender ? ' The supervising department ordered the tender suspended.' : ''}` }
        : { zh: '投诉不成立，驳回。处理理由见“我的质疑与投诉”。', en: 'The complaint was rejected. The reason is under "My questions and complaints".' },
      link: `/trading/tenders/${t.id}`, dedupeKey: `tender-complaint-decided:${d.id}`, at: now,
    });
    return view({ ...moved, tender_title: t.title }, who, now);
  });
}

export async function getDispute(ctx: AppContext, who: Actor | null, id: string) {
  requireActor(who);
  const d = await repo.findDispute(ctx.db, id);
  if (!d) throw NOT_FOUND(DISPUTE);
  authorize(tenderDisputePolicy, who, 'read', refOf(d));
  const t = await repo.tenderWithProject(ctx.db, d.tender_id);
  return view({ ...d, tender_title: t?.title ?? '' }, who, ctx.clock.now());
}

type Page = { page: number; pageSize: number };

/** A party's own questions, objections and complaints (optionally of one tender), newest first. */
export async function myDisputes(ctx: AppContext, who: Actor | null, q: Page & { tenderId?: string }) {
  authorize(tenderDisputePolicy, who, 'raise');
  const now = ctx.clock.now();
  const { rows, total } = await repo.listDisputes(ctx.db, { userId: who!.id, tenderId: q.tenderId, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  return { rows: rows.map((r) => view(r, who, now)), total, page: q.page, pageSize: q.pageSize };
}

/** The staff list of their scope: trading staff the center's questions and objections; the supervising department its projects'; oversight the center's. */
export async function staffDisputes(ctx: AppContext, who: Actor | null, q: Page & { kind?: repo.DisputeRow['kind']; status?: repo.DisputeRow['status']; overdue: boolean }) {
  authorize(tenderDisputePolicy, requireActor(who), 'list');
  const scope = disputeListScope(who)!;
  if (!scope.complaints && q.kind === 'complaint') authorize(tenderDisputePolicy, who, 'decide');
  const now = ctx.clock.now();
  const { rows, total } = await repo.listDisputes(ctx.db, {
    centerId: scope.centerId, departmentId: scope.departmentId, complaints: scope.complaints, kind: q.kind, status: q.status,
    overdueAt: q.overdue ? now : undefined, limit: q.pageSize, offset: (q.page - 1) * q.pageSize,
  });
  return { rows: rows.map((r) => view(r, who, now)), total, page: q.page, pageSize: q.pageSize };
}
