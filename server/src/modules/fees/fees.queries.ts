import type { AppContext } from '../../lib/context.ts';
import { NOT_FOUND, UNAUTHENTICATED } from '../../lib/errors.ts';
import { maskMiddle, maskName } from '../../lib/mask.ts';
import { keysetPage, type TimeCursor } from '../../lib/keyset.ts';
import { authorize, financeScope, paymentNoticePolicy, type Actor } from '../../policies/index.ts';
import { getCase } from '../cases/cases.repository.ts';
import { chinaDate } from '../../lib/clock.ts';
import { findCenter } from '../org/org.repository.ts';
import * as repo from './fees.repository.ts';
import { renderNoticePdf } from './notice-pdf.ts';

/** The read side of fees: a notice with its lines, payments and refunds; the finance console's and the payer's lists. */
const noticeNotFound = () => NOT_FOUND({ zh: '缴款通知书', en: 'Payment notice' });
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Where the applicant pays a notice online (fees-pay's page); also what its QR code holds. */
export const payPath = (noticeNo: string) => `/pay/${noticeNo}`;
export function payUrl(ctx: AppContext, noticeNo: string) {
  return `${ctx.config.PUBLIC_URL ?? `http://localhost:${ctx.config.PORT}`}${payPath(noticeNo)}`;
}

/** A China date's start, as the instant bounds of a date filter ([from 00:00, to + 1 day 00:00) in UTC+8). */
export function chinaDayStart(date: string, plusDays = 0): Date {
  return new Date(Date.parse(`${date}T00:00:00+08:00`) + plusDays * 86_400_000);
}

const presentPayment = (p: repo.PaymentRow, noticeNo: string) => ({
  id: p.id, noticeId: p.notice_id, noticeNo, channel: p.channel, channelTxnId: p.channel_txn_id, amountFen: p.amount_fen,
  paidAt: p.paid_at.toISOString(), recordedAt: p.recorded_at.toISOString(), settled: p.settled,
});

const presentRefund = (r: repo.RefundRow, noticeNo: string) => ({
  id: r.id, paymentId: r.payment_id, noticeId: r.notice_id, noticeNo, caseId: r.case_id, kind: r.kind, amountFen: r.amount_fen, reason: r.reason,
  status: r.status, requestedAt: r.requested_at.toISOString(), completedAt: iso(r.completed_at), failure: r.failure,
});

const summary = (n: repo.NoticeRow, extra: { receipt_no: string | null; item_name: string | null }) => ({
  id: n.id, noticeNo: n.notice_no, caseId: n.case_id, receiptNo: extra.receipt_no, itemName: extra.item_name, payerName: n.payer_name,
  totalFen: n.total_fen, dueDate: n.due_date, status: n.status, issuedAt: n.issued_at.toISOString(), paidAt: iso(n.paid_at),
});

/** One notice as the caller may see it (the payer's code masked for everyone but the payer). */
export async function noticeView(ctx: AppContext, who: Actor, n: repo.NoticeRow) {
  const [c, account, lines, payments, refunds] = await Promise.all([
    getCase(ctx.db, n.case_id), repo.fiscalAccount(ctx.db, n.fiscal_account_id), repo.linesOf(ctx.db, [n.id]),
    repo.paymentsOfNotice(ctx.db, n.id), repo.refundsOfNotice(ctx.db, n.id),
  ]);
  const item = c?.item_id ? await ctx.db.selectFrom('items').select('name').where('id', '=', c.item_id).executeTakeFirst() : undefined;
  const today = chinaDate(ctx.clock.now());
  const payable = n.status === 'issued' && today <= n.due_date;
  return {
    ...summary(n, { receipt_no: c?.receipt_no ?? null, item_name: item?.name ?? null }),
    payerCode: who.id === n.payer_id ? n.payer_code : maskMiddle(n.payer_code, 4, 2),
    departmentId: n.department_id,
    fiscalAccount: { code: account!.code, name: account!.name, bank: account!.bank, accountNo: account!.account_no, agencyCode: account!.agency_code },
    replacesId: n.replaces_id, cancelledAt: iso(n.cancelled_at), cancelReason: n.cancel_reason,
    lines: lines.map((l) => ({
      lineNo: l.line_no, feeCode: l.fee_code, name: l.name, basis: l.basis, quantity: l.quantity, unit: l.unit,
      standardFen: l.standard_fen, reductionFen: l.reduction_fen, reductionBasis: l.reduction_basis, amountFen: l.amount_fen,
    })),
    payments: payments.map((p) => presentPayment(p, n.notice_no)),
    refunds: refunds.map((r) => presentRefund(r, n.notice_no)),
    payUrl: payUrl(ctx, n.notice_no),
    pdfUrl: `/api/payment-notices/${n.id}/pdf`,
    canCancel: n.status === 'issued' && paymentNoticePolicy.can(who, 'cancel', n),
    canReissue: c?.status === 'awaiting_payment' && ['issued', 'cancelled', 'expired'].includes(n.status) && paymentNoticePolicy.can(who, 'reissue', n),
    canPay: payable && who.id === n.payer_id,
  };
}

/** A notice the caller may read (404 to an applicant who is not its payer, 403 to staff out of scope). */
export async function readableNotice(ctx: AppContext, who: Actor | null, id: string) {
  if (!who) throw UNAUTHENTICATED();
  const n = await repo.noticeById(ctx.db, id);
  if (!n) throw noticeNotFound();
  authorize(paymentNoticePolicy, who, 'read', n);
  return n;
}

export async function getNotice(ctx: AppContext, who: Actor | null, id: string) {
  const n = await readableNotice(ctx, who, id);
  return noticeView(ctx, who!, n);
}

/**
 * A case's notices, newest first, as the caller may read them: the payer sees theirs, the case's
 * department and the center's staff see them; anyone else is refused as the notices' policy says.
 */
export async function caseNotices(ctx: AppContext, who: Actor | null, caseId: string) {
  if (!who) throw UNAUTHENTICATED();
  const c = await getCase(ctx.db, caseId);
  if (!c) throw NOT_FOUND({ zh: '办件', en: 'Case' });
  const notices = await repo.noticesOfCase(ctx.db, caseId);
  // The case's scope row decides for a case without notices too: the payer is the applicant.
  const scope = { payer_id: c.applicant_id, center_id: c.center_id, department_id: c.department_id };
  authorize(paymentNoticePolicy, who, 'read', scope);
  return { notices: await Promise.all(notices.map((n) => noticeView(ctx, who, n))) };
}

type Cursor = TimeCursor | undefined;
const range = (f: { from?: string | undefined; to?: string | undefined }) => ({ from: f.from ? chinaDayStart(f.from) : undefined, to: f.to ? chinaDayStart(f.to, 1) : undefined });


/** The payer's own notices, newest first. */
export async function myNotices(ctx: AppContext, who: Actor | null, q: { cursor?: Cursor; pageSize: number }) {
  if (!who) throw UNAUTHENTICATED();
  const r = keysetPage(await repo.payerNotices(ctx.db, who.id, { after: q.cursor, limit: q.pageSize + 1 }), q.pageSize);
  return { rows: r.page.map((n) => summary(n, n)), nextCursor: r.nextCursor };
}

/** The finance console: its center's notices. */
export async function centerNotices(ctx: AppContext, who: Actor | null, q: { status?: repo.NoticeFilter['status']; from?: string; to?: string; cursor?: Cursor; pageSize: number }) {
  const { centerId } = financeScope(who);
  const r = keysetPage(await repo.centerNotices(ctx.db, centerId, { status: q.status, ...range(q) }, { after: q.cursor, limit: q.pageSize + 1 }), q.pageSize);
  // The finance role's lists name the payer masked (DESIGN §6): money is traced by the payment code, not the person.
  return { rows: r.page.map((n) => ({ ...summary(n, n), payerName: maskName(n.payer_name) })), nextCursor: r.nextCursor };
}

/** The finance console's payments, each with what was given back of it (its refunds, read for the page at once). */
export async function centerPayments(ctx: AppContext, who: Actor | null, q: { channel?: string; from?: string; to?: string; refunded?: boolean | undefined; cursor?: Cursor; pageSize: number }) {
  const { centerId } = financeScope(who);
  const r = keysetPage(await repo.centerPayments(ctx.db, centerId, { channel: q.channel, refunded: q.refunded, ...range(q) }, { after: q.cursor, limit: q.pageSize + 1 }), q.pageSize);
  const refunds = new Map<string, repo.RefundRow[]>();
  for (const y of await repo.refundsOfPayments(ctx.db, r.page.map((x) => x.id))) refunds.set(y.payment_id, [...(refunds.get(y.payment_id) ?? []), y]);
  return {
    rows: r.page.map((x) => ({
      ...presentPayment(x, x.notice_no), payerName: maskName(x.payer_name), caseId: x.case_id, noticeStatus: x.notice_status,
      refunds: (refunds.get(x.id) ?? []).map((y) => ({ id: y.id, kind: y.kind, status: y.status, amountFen: y.amount_fen, requestedAt: y.requested_at.toISOString() })),
    })),
    nextCursor: r.nextCursor,
  };
}

export async function centerRefunds(ctx: AppContext, who: Actor | null, q: { status?: repo.RefundFilter['status']; from?: string; to?: string; cursor?: Cursor; pageSize: number }) {
  const { centerId } = financeScope(who);
  const r = keysetPage(await repo.centerRefunds(ctx.db, centerId, { status: q.status, ...range(q) }, { after: q.cursor, limit: q.pageSize + 1 }), q.pageSize);
  return { rows: r.page.map((x) => ({ ...presentRefund(x, x.notice_no), payerName: maskName(x.payer_name) })), nextCursor: r.nextCursor };
}

/** The notice's PDF (电子非税收入一般缴款书), for whoever may read the notice. */
export async function noticePdf(ctx: AppContext, who: Actor | null, id: string) {
  const n = await readableNotice(ctx, who, id);
  const view = await noticeView(ctx, who!, n);
  const center = await findCenter(ctx.db, n.center_id);
  return { noticeNo: n.notice_no, pdf: await renderNoticePdf(ctx, view, center?.name ?? '') };
}
