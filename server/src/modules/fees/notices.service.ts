import { randomUUID } from 'node:crypto';
import type { Tx } from '../../db/database.ts';
import { appendAudit } from '../../lib/audit.ts';
import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors, NOT_FOUND, UNAUTHENTICATED } from '../../lib/errors.ts';
import { authorize, paymentNoticePolicy, type Actor } from '../../policies/index.ts';
import { loadCalendar } from '../calendar/calendar.service.ts';
import type { CaseRow } from '../cases/cases.repository.ts';
import { getCase, lockCaseWaiting } from '../cases/cases.repository.ts';
import { cascade, retryOnDeadlock } from '../cases/cases.service.ts';
import type { ItemContent } from '../items/items.schemas.ts';
import { getVersion } from '../items/items.repository.ts';
import { notify } from '../notifications/notifications.ts';
import { raiseFinding } from '../supervision/findings.service.ts';
import { computeFees, type FeeComputation } from './compute.ts';
import * as repo from './fees.repository.ts';
import { noticeStream, noticeTransition } from './notice-lifecycle.ts';
import { newPaymentCode } from './payment-code.ts';
import { requestRefund } from './payments.service.ts';

const noticeNotFound = () => NOT_FOUND({ zh: '缴款通知书', en: 'Payment notice' });

/** The fee standard of the case's own item version and what it charges for the case's answers. */
async function computeForCase(tx: Tx, c: CaseRow): Promise<FeeComputation | null> {
  if (!c.item_id || c.item_version === null) return null;
  const v = await getVersion(tx, c.item_id, c.item_version);
  if (!v) return null;
  return computeFees((v.content as ItemContent).fees ?? [], (c.form ?? {}) as Record<string, string>);
}

/**
 * Issues the case's payment notice at its fee point (the case has just entered awaiting_payment), in
 * the transaction of that move. Nothing when the case has a live notice already (a second delivery of
 * the event, another instance), or when its item version's fees are text only (published before
 * fee standards were computable: docs/fees.md). Refused with FEE_STANDARD_INVALID (the move with it)
 * when the standard names no active fiscal account of the center or a quantity is missing.
 */
export async function issueAtFeePoint(ctx: AppContext, tx: Tx, caseId: string, issuedBy: string | null = null, replaces: repo.NoticeRow | null = null): Promise<repo.NoticeRow | null> {
  const c = (await lockCaseWaiting(tx, caseId))!;
  if (await repo.liveNoticeOfCase(tx, c.id)) return null;
  const fees = await computeForCase(tx, c);
  if (!fees || !fees.computable) return null;
  if (fees.totalFen === 0) {
    // 全额减免: nothing to pay, so no notice; the case goes on to delivery at once.
    await cascade(ctx, tx, c.id, { action: 'fee_waived', feeCodes: fees.lines.map((l) => l.feeCode), reductions: fees.lines.flatMap((l) => (l.reductionCode ? [l.reductionCode] : [])) }, issuedBy);
    return null;
  }
  return insertNotice(ctx, tx, c, fees, issuedBy, replaces);
}

async function insertNotice(ctx: AppContext, tx: Tx, c: CaseRow, fees: FeeComputation, issuedBy: string | null, replaces: repo.NoticeRow | null) {
  const now = ctx.clock.now();
  const today = chinaDate(now);
  const accountCode = fees.lines[0]!.fiscalAccount;
  const account = await repo.fiscalAccountByCode(tx, c.center_id, accountCode);
  if (!account) throw errors.FEE_STANDARD_INVALID({ detail: `fiscal account ${accountCode} is not an active account of the center` });
  const payer = await tx.selectFrom('users').select(['name', 'id_number', 'credit_code']).where('id', '=', c.applicant_id).executeTakeFirstOrThrow();
  const cal = await loadCalendar(tx, c.region_code);
  const dueDate = cal.addWorkdays(today, ctx.config.FEE_DUE_WORKDAYS).due;
  let noticeNo = newPaymentCode(today.slice(0, 4));
  // 10^17 codes a year: a clash is all but impossible, and the UNIQUE column refuses one anyway.
  while (await repo.noticeByNo(tx, noticeNo)) noticeNo = newPaymentCode(today.slice(0, 4));
  const n = await repo.insertNotice(tx, {
    notice_no: noticeNo, case_id: c.id, center_id: c.center_id, department_id: c.department_id, payer_id: c.applicant_id,
    payer_name: payer.name, payer_code: payer.credit_code ?? payer.id_number ?? '', fiscal_account_id: account.id, total_fen: fees.totalFen,
    due_date: dueDate, replaces_id: replaces?.id ?? null, issued_by: issuedBy, issued_at: now,
  }, fees.lines.map((l) => ({
    line_no: l.lineNo, fee_code: l.feeCode, name: l.name, basis: l.basis, quantity: l.quantity, unit: l.unit,
    standard_fen: l.standardFen, reduction_fen: l.reductionFen, reduction_basis: l.reductionBasis, amount_fen: l.amountFen,
  })));
  await appendAudit(tx, {
    stream: noticeStream(n.id), action: 'payment_notice.issued', actorId: issuedBy, at: now,
    data: { noticeNo, caseId: c.id, totalFen: fees.totalFen, dueDate, fiscalAccount: account.code, replaces: replaces?.id ?? null, lines: fees.lines.map((l) => ({ feeCode: l.feeCode, amountFen: l.amountFen, reductionFen: l.reductionFen })) },
  });
  await notify(tx, {
    kind: 'payment_notice', centerId: c.center_id, caseId: c.id, userIds: [c.applicant_id], departmentId: null,
    title: { zh: `请于 ${dueDate} 前缴纳 ${(fees.totalFen / 100).toFixed(2)} 元（缴款码 ${noticeNo}）`, en: `Please pay CNY ${(fees.totalFen / 100).toFixed(2)} by ${dueDate} (payment code ${noticeNo})` },
    data: { noticeId: n.id, noticeNo, totalFen: fees.totalFen, dueDate }, at: now,
  });
  // Others (the applicant's messages) hear of the notice in its transaction.
  await ctx.events.emit(tx, ctx, 'fee.notice_issued', { noticeId: n.id, noticeNo, caseId: c.id, payerId: c.applicant_id, centerId: c.center_id, totalFen: fees.totalFen, dueDate, actorId: issuedBy, at: now });
  return n;
}

/**
 * The case has closed (withdrawn, terminated): its payable notice is cancelled by the system, and every
 * payment of a paid notice gets a refund record `requested` (fees-pay executes it through the channel).
 */
export async function closeFeesOfCase(ctx: AppContext, tx: Tx, caseId: string, closedAs: string, reason: string) {
  const n0 = await repo.liveNoticeOfCase(tx, caseId);
  if (!n0) return;
  const n = (await repo.lockNotice(tx, n0.id))!;
  const why = closedAs === 'withdrawn' ? '办件已撤回' : '办件已终止';
  if (n.status === 'issued') {
    await noticeTransition(ctx, tx, n, 'cancel', 'system', null, { cancelled_at: ctx.clock.now(), cancel_reason: `${why}：${reason}` });
  } else if (n.status === 'paid') {
    for (const p of await repo.paymentsOfNotice(tx, n.id)) await requestRefund(ctx, tx, p, n, `${why}，退还已缴费用`);
  }
}

// ---- the department's staff: cancel and reissue ----------------------------------------------------

async function lockForStaff(ctx: AppContext, tx: Tx, who: Actor, noticeId: string, action: 'cancel' | 'reissue') {
  const found = await repo.noticeById(tx, noticeId);
  if (!found) throw noticeNotFound();
  authorize(paymentNoticePolicy, who, action, found);
  await lockCaseWaiting(tx, found.case_id);
  return (await repo.lockNotice(tx, found.id))!;
}

/** Cancels a payable notice with a reason (the department's approver or chief). */
export async function cancelNotice(ctx: AppContext, who: Actor | null, noticeId: string, reason: string) {
  if (!who) throw UNAUTHENTICATED();
  return retryOnDeadlock(() => ctx.db.transaction().execute(async (tx) => {
    const n = await lockForStaff(ctx, tx, who, noticeId, 'cancel');
    const moved = await noticeTransition(ctx, tx, n, 'cancel', 'staff', who.id, { cancelled_by: who.id, cancelled_at: ctx.clock.now(), cancel_reason: reason }, { reason });
    return moved.id;
  }));
}

export interface ProposedLine { feeCode: string; amountFen: number }

/**
 * Reissues a notice with a reason: a payable one is cancelled and replaced in one transaction, a
 * cancelled or expired one replaced, always recomputed from the case's item version standard. Lines
 * the staff member proposes must each be a fee of that standard with exactly its computed amount:
 * otherwise FEE_NOT_IN_STANDARD, nothing written, and a supervision finding recorded (afterwards, in
 * a transaction of its own, so the refusal itself stays clean).
 */
export async function reissueNotice(ctx: AppContext, who: Actor | null, noticeId: string, input: { reason: string; lines?: ProposedLine[] }) {
  if (!who) throw UNAUTHENTICATED();
  try {
    return await retryOnDeadlock(() => ctx.db.transaction().execute(async (tx) => {
      let n = await lockForStaff(ctx, tx, who, noticeId, 'reissue');
      const c = (await getCase(tx, n.case_id))!;
      if (c.status !== 'awaiting_payment' || (n.status !== 'issued' && n.status !== 'cancelled' && n.status !== 'expired')) {
        throw errors.NOTICE_STATE_CONFLICT({ status: n.status, action: 'reissue', details: { reason: 'STATE', status: n.status, caseStatus: c.status } });
      }
      const live = await repo.liveNoticeOfCase(tx, c.id);
      if (live && live.id !== n.id) throw errors.NOTICE_STATE_CONFLICT({ status: n.status, action: 'reissue', details: { reason: 'REPLACED', status: n.status } });
      const fees = await computeForCase(tx, c);
      const standard = new Map((fees?.lines ?? []).map((l) => [l.feeCode, l.amountFen]));
      const bad = (input.lines ?? []).find((l) => standard.get(l.feeCode) !== l.amountFen);
      if (bad) throw errors.FEE_NOT_IN_STANDARD({ feeCode: bad.feeCode, field: 'lines', details: { feeCode: bad.feeCode, amountFen: bad.amountFen, standardFen: standard.get(bad.feeCode) ?? null } });
      if (!fees || !fees.computable || fees.totalFen === 0) throw errors.FEE_STANDARD_INVALID({ detail: 'the item version charges nothing for this case' });
      if (n.status === 'issued') n = await noticeTransition(ctx, tx, n, 'cancel', 'staff', who.id, { cancelled_by: who.id, cancelled_at: ctx.clock.now(), cancel_reason: input.reason }, { reason: input.reason, reissue: true });
      const fresh = await insertNotice(ctx, tx, c, fees, who.id, n);
      await appendAudit(tx, { stream: noticeStream(n.id), action: 'payment_notice.reissued', actorId: who.id, at: ctx.clock.now(), data: { noticeNo: n.notice_no, caseId: c.id, reason: input.reason, newNoticeId: fresh.id, newNoticeNo: fresh.notice_no } });
      return fresh.id;
    }));
  } catch (err) {
    if ((err as { code?: string }).code === 'FEE_NOT_IN_STANDARD') await recordChargeAttempt(ctx, who, noticeId, input, err as { details?: unknown });
    throw err;
  }
}

/** The finding of an attempted charge outside the standard, raised on the notice's case. */
async function recordChargeAttempt(ctx: AppContext, who: Actor, noticeId: string, input: { reason: string; lines?: ProposedLine[] }, err: { details?: unknown }) {
  await ctx.db.transaction().execute(async (tx) => {
    const n = (await repo.noticeById(tx, noticeId))!;
    await lockCaseWaiting(tx, n.case_id);
    const now = ctx.clock.now();
    await raiseFinding(tx, {
      caseId: n.case_id, centerId: n.center_id, departmentId: n.department_id, rule: 'fee_not_in_standard', at: now, responsibleId: who.id,
      // Every attempt is an occurrence of its own.
      dedupeKey: `reissue:${n.id}:${randomUUID()}`,
      evidence: { event: 'payment_notice.reissue', noticeNo: n.notice_no, attemptedBy: who.id, reason: input.reason, lines: input.lines ?? [], refused: err.details ?? null },
    });
  });
}

// ---- the expiry sweep ------------------------------------------------------------------------------

/**
 * Notices still payable after their due date (China date of the injected clock) become expired. Claimed
 * with FOR UPDATE SKIP LOCKED on payment_notices_due, so instances share the work; recordPayment
 * refuses such a notice already by its date, the sweep makes the status say so.
 */
export async function expireOverdueNotices(ctx: AppContext, batch = 100): Promise<number> {
  const today = chinaDate(ctx.clock.now());
  return ctx.db.transaction().execute(async (tx) => {
    const due = await repo.claimExpiredNotices(tx, today, batch);
    for (const n of due) await noticeTransition(ctx, tx, n, 'expire', 'system', null, {}, { dueDate: n.due_date });
    return due.length;
  });
}
