import { z } from 'zod';

/** Request and response schemas of the payment routes (validation and the OpenAPI document). */
export const noticeNoParam = z.object({ noticeNo: z.string().trim().min(4).max(40).regex(/^[\w-]+$/) });
export const orderNoParam = z.object({ orderNo: z.string().min(4).max(64).regex(/^[\w-]+$/) });
export const channelParam = z.object({ channel: z.string().min(1).max(64).describe('the channel code, e.g. sim_bank; another answers 404') });

export const startedPayment = z.object({
  orderNo: z.string(), cashierUrl: z.string().describe("the channel's cashier page: send the payer's browser there"),
  amountFen: z.number().int(), expiresAt: z.date(),
});

export const orderView = z.object({
  orderNo: z.string(), status: z.enum(['created', 'paid', 'closed']), amountFen: z.number().int(),
  noticeNo: z.string(), noticeStatus: z.string(), caseId: z.string(),
});

export const bankNoticeView = z.object({
  noticeNo: z.string(), status: z.string(), dueDate: z.string(), totalFen: z.number().int(),
  payable: z.boolean(), refusal: z.string().nullable().describe('the error code paying would be refused with'),
  payee: z.object({ name: z.string(), bank: z.string() }),
  payer: z.object({ name: z.string(), code: z.string() }).describe('masked'),
  lines: z.array(z.object({ lineNo: z.number().int(), name: z.string(), quantity: z.string(), unit: z.string(), amountFen: z.number().int() })),
});

export const bankCollectBody = z.object({
  amountFen: z.number().int().positive().max(99_999_999_999).describe('the amount taken, in fen: must equal the notice'),
  idempotencyKey: z.uuid().describe('one per slip: a repeat records nothing new'),
});

export const bankCollected = z.object({
  paymentId: z.string(), noticeNo: z.string(), amountFen: z.number().int(), channelTxnId: z.string(), paidAt: z.date(), repeated: z.boolean(),
});

export const caseIdParam = z.object({ caseId: z.uuid() });
export const payerNoticeView = z.object({
  noticeNo: z.string(), totalFen: z.number().int(), dueDate: z.string(), status: z.string(), payable: z.boolean(),
});

// ---- refunds paid out at the bank's window
export const refundIdParam = z.object({ id: z.uuid() });
export const bankRefundsQuery = z.object({
  after: z.string().max(80).regex(/^[\w:.-]+_[0-9a-f-]{36}$/).optional().describe('the `next` of the previous page'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const bankRefundList = z.object({
  items: z.array(z.object({
    id: z.string(), noticeNo: z.string(), caseId: z.string(), receiptNo: z.string().nullable(), amountFen: z.number().int(), reason: z.string(),
    status: z.literal('requested'), requestedAt: z.date(),
    payer: z.object({ name: z.string(), code: z.string() }).describe('masked'),
    payment: z.object({ channelTxnId: z.string(), paidAt: z.date() }),
  })),
  next: z.string().nullable(),
});
export const bankRefundPaidBody = z.object({
  bankReference: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/).describe("the bank's reference of the payout (its slip or transaction number)"),
});
export const bankRefundPaid = z.object({
  id: z.string(), noticeNo: z.string(), amountFen: z.number().int(), status: z.literal('succeeded'), bankReference: z.string(), completedAt: z.date(),
});

// ---- the finance clerk's notification log
export const NOTIFICATION_VERDICTS = ['accepted', 'duplicate', 'stale', 'bad_signature', 'malformed', 'unknown_order', 'unknown_notice', 'wrong_amount',
  'not_payable', 'paid_twice', 'refused', 'refund_recorded', 'unknown_refund', 'order_closed'] as const;
export const notificationLogQuery = z.object({
  verdict: z.enum(NOTIFICATION_VERDICTS).optional(),
  before: z.string().max(80).regex(/^[\w:.-]+_[0-9a-f-]{36}$/).optional().describe('the `next` of the previous page'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const notificationLog = z.object({
  items: z.array(z.object({
    id: z.string(), channel: z.string(), receivedAt: z.date(), kind: z.enum(['payment', 'refund', 'unknown']), signatureOk: z.boolean(),
    orderNo: z.string().nullable(), noticeNo: z.string().nullable(), channelTxnId: z.string().nullable(), amountFen: z.number().int().nullable(),
    verdict: z.enum(NOTIFICATION_VERDICTS), errorCode: z.string().nullable(), paymentId: z.string().nullable(),
  })),
  next: z.string().nullable(),
});
