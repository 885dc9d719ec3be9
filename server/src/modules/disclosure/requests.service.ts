import type { Tx } from '../../db/database.ts';
import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors, NOT_FOUND } from '../../lib/errors.ts';
import { authorize, disclosureListScope, disclosurePolicy, disclosureSidesOn, requireActor, type Actor } from '../../policies/index.ts';
import { loadCalendar } from '../calendar/calendar.service.ts';
import { messageApplicant, type ApplicantMessageKind } from '../notifications/applicant-messages.ts';
import { actionsFor, disclosureRow, moveRequest, type DisclosureVerb } from './disclosure.transitions.ts';
import * as repo from './disclosure.repository.ts';
import { THIRD_PARTY_WORKDAYS, type ActionBody, type SubmitBody } from './disclosure.schemas.ts';

/**
 * Requests for disclosure (依申请公开) on the clock of the Disclosure Regulations (政府信息公开条例, 2019):
 * - 第三十三条: the reply within 20 working days of receipt; one extension of at most 20 working days with the
 *   consent of the head of the disclosure office, told to the requester;
 * - 第三十条: a request that is unclear is sent back once for correction (补正); the period runs from the day
 *   the corrected request is received, so the clock stops while the requester corrects and restarts then.
 *   The notice is given once (一次性告知), within 7 working days of receipt; after that the office answers.
 * - 第三十二条: a third party whose rights disclosure may harm is consulted in writing, once, and answers within 15
 *   working days; its objection stops a full disclosure unless the public interest requires it (stated, and told to
 *   the third party). 第三十三条: the consultation's time is not counted, so the clock stops and then resumes with
 *   the working days that were left.
 * Working days come from the same calendar the cases use (modules/calendar), in the center's region.
 * docs/disclosure.md.
 */
export const REPLY_WORKDAYS = 20;
export const MAX_EXTENSION_WORKDAYS = 20;
/** 第三十条: what to correct is told "自收到申请之日起7个工作日内一次性告知". */
export const CORRECTION_NOTICE_WORKDAYS = 7;

const notFound = () => NOT_FOUND({ zh: '政府信息公开申请', en: 'Disclosure request' });
const refOf = (r: repo.RequestRow) => ({ centerId: r.center_id, requesterId: r.requester_id });

async function dueFrom(tx: Tx | AppContext['db'], centerId: string, from: string, workdays: number) {
  const center = await repo.centerOf(tx, centerId);
  return (await loadCalendar(tx, center!.region_code)).addWorkdays(from, workdays);
}

export async function submit(ctx: AppContext, who: Actor | null, body: SubmitBody) {
  authorize(disclosurePolicy, who, 'submit_request');
  const me = who!;
  const now = ctx.clock.now();
  const today = chinaDate(now);
  if (!(await repo.centerOf(ctx.db, body.centerId))) throw NOT_FOUND({ zh: '政务服务中心', en: 'Center' });
  return ctx.db.transaction().execute(async (tx) => {
    const due = await dueFrom(tx, body.centerId, today, REPLY_WORKDAYS);
    const row = await repo.insertRequest(tx, {
      request_no: await repo.nextRequestNo(tx, today), center_id: body.centerId, requester_id: me.id, description: body.description,
      purpose: body.purpose ?? null, delivery: body.delivery, reply_language: body.replyLanguage, status: 'received', received_date: today, due_date: due.due,
      due_provisional: due.provisional, created_at: now, updated_at: now,
    });
    await repo.insertEvent(tx, { requestId: row.id, action: 'submit', from: null, to: 'received', actorId: me.id, data: { dueDate: due.due }, at: now });
    return { id: row.id };
  });
}

/** Sent back for correction and not corrected by the notice's last day: deemed abandoned (第三十条). */
const correctionExpired = (r: repo.RequestRow, today: string) => r.status === 'correction_requested' && r.correction_due_date !== null && today > r.correction_due_date;

/**
 * The two limits of a correction notice (第三十条): its last day (7 working days from receipt, on the center's calendar)
 * and whether one was given already. Read only where a correction is judged or offered: the calendar and the history.
 */
interface CorrectionFacts { lastDay: string; givenBefore: boolean }

async function correctionFacts(db: Tx | AppContext['db'], r: repo.RequestRow, givenBefore: boolean): Promise<CorrectionFacts> {
  return { lastDay: (await dueFrom(db, r.center_id, r.received_date, CORRECTION_NOTICE_WORKDAYS)).due, givenBefore };
}

/** What the time-bound guards judge: today, and the correction's facts when a correction is in question. */
interface ClockFacts { today: string; correction?: CorrectionFacts | undefined }

/**
 * The refusal the regulations give an action today, or null: a second correction notice, one after 7 working days
 * (第三十条), a correction after the period the notice gave (deemed abandoned, 第三十条), an extension asked for or
 * agreed once the reply period has ended (第三十三条: it is agreed within it).
 */
function clockRefusal(r: repo.RequestRow, action: string, f: ClockFacts) {
  switch (action) {
    case 'request_correction': {
      const c = f.correction;
      if (!c) throw new Error('a correction notice is judged with its facts (correctionFacts)');
      if (c.givenBefore) return errors.DISCLOSURE_CORRECTION_ONCE();
      if (f.today > c.lastDay) return errors.DISCLOSURE_CORRECTION_LATE({ lastDay: c.lastDay, details: { lastDay: c.lastDay } });
      return null;
    }
    case 'correct':
      return correctionExpired(r, f.today) ? errors.DISCLOSURE_CORRECTION_EXPIRED({ deadline: r.correction_due_date!, details: { deadline: r.correction_due_date } }) : null;
    case 'request_extension':
    case 'approve_extension':
      return r.due_date !== null && f.today > r.due_date ? errors.DISCLOSURE_EXTENSION_AFTER_DUE({ dueDate: r.due_date, details: { dueDate: r.due_date } }) : null;
    case 'consult_third_party':
      if (r.consulted_date !== null) return errors.DISCLOSURE_ALREADY_CONSULTED();
      return r.due_date !== null && f.today > r.due_date ? errors.DISCLOSURE_CONSULT_AFTER_DUE({ dueDate: r.due_date, details: { dueDate: r.due_date } }) : null;
    default:
      return null;
  }
}

/** Checks of an action's own fields, before anything is written (the table has checked who and from where). */
function guard(r: repo.RequestRow, body: ActionBody, actorId: string, facts: ClockFacts) {
  const late = clockRefusal(r, body.action, facts);
  if (late) throw late;
  switch (body.action) {
    case 'reply':
      if ((body.replyType === 'open' || body.replyType === 'partial') && !body.text) throw errors.DISCLOSURE_REPLY_TEXT_REQUIRED({ field: 'text' });
      if (body.replyType !== 'open' && !body.reason) throw errors.DISCLOSURE_REASON_REQUIRED({ field: 'reason' });
      // 第三十二条: over a third party's objection, a full disclosure only for the public interest, stated.
      if (body.replyType === 'open' && r.third_party_opinion === 'object' && !body.publicInterest) throw errors.DISCLOSURE_THIRD_PARTY_OBJECTED({ field: 'publicInterest' });
      return;
    case 'record_opinion':
      if (body.opinion === 'no_reply' && facts.today <= r.third_party_due_date!) {
        throw errors.DISCLOSURE_THIRD_PARTY_PERIOD_OPEN({ answerBy: r.third_party_due_date!, field: 'opinion', details: { answerBy: r.third_party_due_date } });
      }
      return;
    case 'request_extension':
      if (r.extended) throw errors.DISCLOSURE_ALREADY_EXTENDED();
      if (body.days > MAX_EXTENSION_WORKDAYS) throw errors.DISCLOSURE_EXTENSION_TOO_LONG({ field: 'days' });
      return;
    case 'approve_extension': {
      // The head approves another's request: the one who asked for more time does not grant it to themself.
      const asked = r.extension_requested_by;
      if (asked === actorId) throw errors.FOUR_EYES();
      return;
    }
    default:
      return;
  }
}

/** Takes one lifecycle action on a request, by one row of the transition table. */
export async function act(ctx: AppContext, who: Actor | null, id: string, body: ActionBody) {
  const me = requireActor(who);
  const now = ctx.clock.now();
  const today = chinaDate(now);
  await ctx.db.transaction().execute(async (tx) => {
    const r = await repo.lockRequest(tx, id);
    if (!r) throw notFound();
    authorize(disclosurePolicy, who, 'read_request', refOf(r));
    const row = disclosureRow(r.status, body.action as DisclosureVerb, disclosureSidesOn(me, refOf(r)));
    const correction = body.action === 'request_correction' ? await correctionFacts(tx, r, await repo.hasEvent(tx, r.id, 'request_correction')) : undefined;
    guard(r, body, me.id, { today, correction });
    const fields: repo.RequestFields = {};
    let data: Record<string, unknown> = {};
    let message: { kind: ApplicantMessageKind; title: { zh: string; en: string }; body: { zh: string; en: string } } | null = null;
    switch (body.action) {
      case 'reply': {
        // Disclosed in full over an objection: the reason is kept and the third party's written notice recorded.
        const overObjection = body.replyType === 'open' && r.third_party_opinion === 'object';
        Object.assign(fields, {
          reply_type: body.replyType, reply_text: body.text ?? null, reply_reason: body.reason ?? null, replied_at: now, replied_date: today, replied_by: me.id, due_date: null,
          public_interest_reason: overObjection ? body.publicInterest! : null,
        });
        data = { replyType: body.replyType, ...(overObjection ? { thirdPartyNotice: { to: r.third_party_name, disclosed: body.text, reason: body.publicInterest } } : {}) };
        message = { kind: 'disclosure.reply', title: { zh: '政府信息公开申请已答复', en: 'Your disclosure request was answered' }, body: { zh: `申请 ${r.request_no} 已答复，可下载答复书。`, en: `Request ${r.request_no} was answered; the reply letter can be downloaded.` } };
        break;
      }
      case 'consult_third_party': {
        // 第三十三条: the consultation's time is not counted; the working days left resume when it ends.
        const center = await repo.centerOf(tx, r.center_id);
        const calendar = await loadCalendar(tx, center!.region_code);
        const left = Math.max(0, calendar.countWorkdays(today, r.due_date!).workdays);
        const answerBy = calendar.addWorkdays(today, THIRD_PARTY_WORKDAYS).due;
        Object.assign(fields, { third_party_name: body.thirdParty, third_party_matter: body.matter, consulted_date: today, third_party_due_date: answerBy, consultation_days_left: left, due_date: null });
        data = { thirdParty: body.thirdParty, answerBy, workdaysLeft: left };
        message = {
          kind: 'disclosure.consult_third_party',
          title: { zh: '政府信息公开申请正在征求第三方意见', en: 'A third party is consulted on your disclosure request' },
          body: {
            zh: `申请 ${r.request_no} 涉及第三方合法权益，已书面征求第三方意见（《政府信息公开条例》第三十二条）；征求意见所需时间不计入答复期限，剩余 ${left} 个工作日在征求意见结束后继续计算。`,
            en: `Request ${r.request_no} concerns a third party's lawful rights, which has been consulted in writing (Disclosure Regulations Art. 32); the time this takes is not counted, and the ${left} working days left resume when it ends.`,
          },
        };
        break;
      }
      case 'record_opinion': {
        const due = await dueFrom(tx, r.center_id, today, r.consultation_days_left!);
        Object.assign(fields, { third_party_opinion: body.opinion, third_party_reason: body.reason ?? null, opinion_date: today, consultation_days_left: null, due_date: due.due, due_provisional: due.provisional });
        data = { opinion: body.opinion, dueDate: due.due };
        break;
      }
      case 'request_correction': {
        const by = (await dueFrom(tx, r.center_id, today, body.correctionDays)).due;
        Object.assign(fields, { reply_type: 'correction', correction_note: body.note, correction_due_date: by, replied_at: now, replied_date: today, replied_by: me.id, due_date: null });
        data = { note: body.note, correctionDueDate: by };
        message = {
          kind: 'disclosure.request_correction',
          title: { zh: '政府信息公开申请需补正', en: 'Your disclosure request needs correcting' },
          body: { zh: `申请 ${r.request_no} 需补正：${body.note}。请于 ${by} 前补正，逾期未补正的视为放弃申请。`, en: `Request ${r.request_no} needs correcting: ${body.note}. Correct it by ${by}; a request not corrected in time is deemed abandoned.` },
        };
        break;
      }
      case 'correct': {
        // 第三十条: the period runs afresh from the day the corrected request is received.
        const due = await dueFrom(tx, r.center_id, today, REPLY_WORKDAYS);
        Object.assign(fields, { description: body.description, received_date: today, due_date: due.due, due_provisional: due.provisional, reply_type: null, replied_at: null, replied_date: null, replied_by: null });
        data = { dueDate: due.due };
        break;
      }
      case 'request_extension':
        Object.assign(fields, { extension_days: body.days, extension_reason: body.reason, extension_requested_by: me.id });
        data = { days: body.days, reason: body.reason };
        break;
      case 'approve_extension': {
        const due = await dueFrom(tx, r.center_id, r.due_date!, r.extension_days!);
        Object.assign(fields, { extended: true, extension_approved_by: me.id, due_date: due.due, due_provisional: due.provisional || r.due_provisional });
        data = { days: r.extension_days, dueDate: due.due, note: body.note ?? null };
        message = {
          kind: 'disclosure.approve_extension',
          title: { zh: '政府信息公开申请答复期限延长', en: 'The reply to your disclosure request is extended' },
          body: { zh: `申请 ${r.request_no} 的答复期限经负责人同意延长 ${r.extension_days} 个工作日，至 ${due.due}。理由：${r.extension_reason}`, en: `With the head's consent the reply to request ${r.request_no} is extended by ${r.extension_days} working days, to ${due.due}. Reason: ${r.extension_reason}` },
        };
        break;
      }
      case 'reject_extension':
        Object.assign(fields, { extension_days: null, extension_reason: null, extension_requested_by: null });
        data = { note: body.note ?? null };
        break;
      case 'withdraw':
        Object.assign(fields, { due_date: null, consultation_days_left: null });
        break;
    }
    const moved = await moveRequest(tx, r, row, fields, now);
    await repo.insertEvent(tx, { requestId: r.id, action: body.action, from: row.from, to: row.to, actorId: me.id, data, at: now });
    if (message) {
      await messageApplicant(tx, {
        kind: message.kind, userId: r.requester_id, centerId: r.center_id, title: message.title, body: message.body,
        // The portal's disclosure page opens on the requests tab of the request's center, where the reply is.
        link: `/disclosure?tab=req&center=${r.center_id}`, dedupeKey: `disclosure.${body.action}:${r.id}:${moved.row_version}`, at: now,
      });
    }
  });
  return detail(ctx, who, id);
}

function view(ctx: AppContext, r: repo.RequestRow & { requester_name: string }, centerName: string) {
  const today = chinaDate(ctx.clock.now());
  return {
    id: r.id, requestNo: r.request_no, centerId: r.center_id, centerName, requesterName: r.requester_name, description: r.description,
    purpose: r.purpose, delivery: r.delivery, status: r.status, receivedDate: r.received_date, dueDate: r.due_date,
    dueProvisional: r.due_provisional, overdue: r.due_date !== null && r.due_date < today, extended: r.extended,
    extensionDays: r.extension_days, extensionReason: r.extension_reason, correctionNote: r.correction_note,
    correctionDueDate: r.correction_due_date, correctionExpired: correctionExpired(r, today),
    replyType: r.reply_type, replyText: r.reply_text, replyReason: r.reply_reason, repliedDate: r.replied_date,
    replyDocumentUrl: r.reply_type ? `/api/disclosure/requests/${r.id}/reply.pdf` : null, createdAt: r.created_at.toISOString(),
    replyLanguage: r.reply_language,
    thirdParty: r.consulted_date === null ? null : {
      name: r.third_party_name!, matter: r.third_party_matter!, consultedDate: r.consulted_date, answerBy: r.third_party_due_date!,
      opinion: r.third_party_opinion, reason: r.third_party_reason, opinionDate: r.opinion_date, publicInterest: r.public_interest_reason,
    },
  };
}

export async function detail(ctx: AppContext, who: Actor | null, id: string) {
  requireActor(who);
  const r = await repo.findRequest(ctx.db, id);
  if (!r) throw notFound();
  authorize(disclosurePolicy, who, 'read_request', refOf(r));
  const [requester, center, events] = await Promise.all([repo.requesterOf(ctx.db, r.requester_id), repo.centerOf(ctx.db, r.center_id), repo.eventsOf(ctx.db, id)]);
  const offered = actionsFor(r.status, disclosureSidesOn(who, refOf(r)));
  const correction = offered.includes('request_correction') ? await correctionFacts(ctx.db, r, events.some((e) => e.action === 'request_correction')) : undefined;
  const facts = { today: chinaDate(ctx.clock.now()), correction };
  return {
    ...view(ctx, { ...r, requester_name: requester!.name }, center!.name),
    // The buttons offer only what the clock still allows; the action itself is judged again under the lock.
    actions: offered.filter((a) => clockRefusal(r, a, facts) === null),
    events: events.map((e) => ({ action: e.action, from: e.from_status, to: e.to_status, at: e.at.toISOString(), data: e.data })),
  };
}

/** The requester's own requests, or the center's for its disclosure office and supervisors; `overdue`: open ones past their due date. */
export async function list(ctx: AppContext, who: Actor | null, q: { status?: repo.RequestRow['status']; overdue?: 'true' | 'false'; page: number; pageSize: number }) {
  authorize(disclosurePolicy, who, 'list_requests');
  const scope = disclosureListScope(who);
  if (!scope) throw errors.FORBIDDEN();
  const today = chinaDate(ctx.clock.now());
  const { rows, total } = await repo.listRequests(ctx.db, scope, { status: q.status, overdueBefore: q.overdue === 'true' ? today : undefined }, q.pageSize, (q.page - 1) * q.pageSize);
  const names = new Map<string, string>();
  for (const id of new Set(rows.map((r) => r.center_id))) names.set(id, (await repo.centerOf(ctx.db, id))?.name ?? '');
  return { total, page: q.page, pageSize: q.pageSize, items: rows.map((r) => view(ctx, r, names.get(r.center_id)!)) };
}
