import { z } from 'zod';
import type { RefundKind } from '../../db/types.ts';
import { isoDate } from '../../lib/schemas.ts';
import { keysetQuery } from '../../lib/keyset.ts';
import { NOTICE_STATES } from './notice-transitions.ts';

/** Request and response shapes of the fees endpoints (validation and OpenAPI from one place). Amounts in fen. */
const fen = z.number().int().describe('an amount in fen (分)');

export const noticeLine = z.object({
  lineNo: z.number().int(), feeCode: z.string(), name: z.string(), basis: z.string(), quantity: z.string(), unit: z.string(),
  standardFen: fen, reductionFen: fen, reductionBasis: z.string().nullable(), amountFen: fen,
});

export const paymentView = z.object({
  id: z.string(), noticeId: z.string(), noticeNo: z.string(), channel: z.string(), channelTxnId: z.string(), amountFen: fen,
  paidAt: z.string(), recordedAt: z.string(), settled: z.boolean(),
});

export const refundStatus = z.enum(['requested', 'sent', 'succeeded', 'failed']);
export const refundKind = z.enum(['payment', 'excess'] as const satisfies readonly RefundKind[])
  .describe('payment: a whole payment given back (a duplicate, or a case that ended after it paid); excess: what a channel took beyond the payment (reconciliation)');

export const refundView = z.object({
  id: z.string(), paymentId: z.string(), noticeId: z.string(), noticeNo: z.string(), caseId: z.string(), kind: refundKind, amountFen: fen, reason: z.string(),
  status: refundStatus, requestedAt: z.string(), completedAt: z.string().nullable(), failure: z.string().nullable(),
});

export const noticeSummary = z.object({
  id: z.string(), noticeNo: z.string(), caseId: z.string(), receiptNo: z.string().nullable(), itemName: z.string().nullable(),
  payerName: z.string(), totalFen: fen, dueDate: z.string(), status: z.enum(NOTICE_STATES), issuedAt: z.string(), paidAt: z.string().nullable(),
});

export const noticeDetail = noticeSummary.extend({
  payerCode: z.string().describe('masked for everyone but the payer'),
  departmentId: z.string(),
  fiscalAccount: z.object({ code: z.string(), name: z.string(), bank: z.string(), accountNo: z.string(), agencyCode: z.string() }),
  replacesId: z.string().nullable(),
  cancelledAt: z.string().nullable(), cancelReason: z.string().nullable(),
  lines: z.array(noticeLine),
  payments: z.array(paymentView),
  refunds: z.array(refundView),
  payUrl: z.string().describe('the page that pays this notice online (also in the QR code)'),
  pdfUrl: z.string(),
  /** What the caller may do with it now. */
  canCancel: z.boolean(), canReissue: z.boolean(), canPay: z.boolean(),
});

export const caseNotices = z.object({ notices: z.array(noticeDetail) });

/** A keyset page (docs/fees.md): `nextCursor` is given back as `cursor` for the page after; null on the last page. No count: a center has millions of rows. */
const list = <T extends z.ZodTypeAny>(row: T) => z.object({
  rows: z.array(row), nextCursor: z.string().nullable().describe('the cursor of the page after this one; null: no more rows'),
});
export const noticeList = list(noticeSummary);
/** A refund as the finance payments list shows it under its payment (the refunds list has the rest). */
export const paymentRefund = refundView.pick({ id: true, kind: true, status: true, amountFen: true, requestedAt: true });
export const paymentList = list(paymentView.extend({
  payerName: z.string(), caseId: z.string(), noticeStatus: z.enum(NOTICE_STATES),
  refunds: z.array(paymentRefund).describe('every refund of the payment (any kind or status), newest first; empty when none'),
}));
export const refundList = list(refundView.extend({ payerName: z.string() }));

const dateRange = { from: isoDate.optional().describe('China date, inclusive'), to: isoDate.optional().describe('China date, inclusive') };

const keyset = keysetQuery;

export const noticeQuery = z.object({ status: z.enum(NOTICE_STATES).optional(), ...dateRange, ...keyset });
export const paymentQuery = z.object({
  channel: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/).optional(), ...dateRange,
  refunded: z.enum(['true', 'false']).optional().transform((v) => (v === undefined ? undefined : v === 'true'))
    .describe('true: payments with at least one refund (any kind or status); false: payments with none'),
  ...keyset,
});
export const refundQuery = z.object({ status: refundStatus.optional(), ...dateRange, ...keyset });
export const myNoticeQuery = z.object({ ...keyset });

const reason = z.string().trim().min(2).max(500);
export const cancelBody = z.object({ reason });
export const reissueBody = z.object({
  reason,
  lines: z.array(z.object({ feeCode: z.string().trim().min(1).max(32), amountFen: z.number().int().min(0).max(99_999_999_999) })).max(30).optional()
    .describe('the lines the staff member expects; each must be a fee of the standard with its computed amount'),
});
export const idResponse = z.object({ id: z.string() });
