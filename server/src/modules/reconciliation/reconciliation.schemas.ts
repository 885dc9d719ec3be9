import { z } from 'zod';
import { isoDate } from '../../lib/schemas.ts';
import { refundKind, refundStatus } from '../fees/fees.schemas.ts';

const channel = z.string().regex(/^[a-z][a-z0-9_]{1,31}$/).describe('the payment channel: sim_bank (online), bank_window, …');
const kind = z.enum(['missing_in_statement', 'missing_payment', 'amount_mismatch', 'duplicate_line', 'duplicate_payment', 'unknown_code']);
const outcome = z.enum(['record_payment', 'write_off', 'refer_to_channel', 'refund']);
const anomalyStatus = z.enum(['open', 'resolved', 'cleared']);

export const statementQuery = z.object({ channel, day: isoDate.describe('the China date the statement covers') });
export const fetchBody = statementQuery;

export const dayView = z.object({
  id: z.uuid(), channel: z.string(), day: z.string(), status: z.enum(['open', 'locked']), importId: z.string().nullable(), runs: z.number().int(),
  lastRunAt: z.string().nullable(), statementLines: z.number().int(), statementFen: z.number().int(), paidCount: z.number().int(), paidFen: z.number().int(),
  matchedCount: z.number().int(), matchedFen: z.number().int(), openAnomalies: z.number().int(), lockedAt: z.string().nullable(),
}).meta({ id: 'ReconciliationDay' });

export const importView = z.object({
  id: z.uuid(), fileId: z.uuid(), sha256: z.string(), lines: z.number().int(), totalFen: z.number().int(), source: z.enum(['upload', 'fetch']), importedAt: z.string(),
});

export const importResponse = z.object({ import: importView, day: dayView, duplicate: z.boolean().describe('true: the same file was imported before; nothing new was written') });

export const dayDetail = dayView.extend({
  statement: importView.nullable(),
  totals: z.array(z.object({
    fiscalAccountId: z.uuid(), accountCode: z.string(), accountName: z.string(), departmentId: z.uuid(), departmentName: z.string(),
    paidCount: z.number().int(), paidFen: z.number().int(), matchedCount: z.number().int(), matchedFen: z.number().int(),
  })),
  anomalyCounts: z.array(z.object({ kind, status: anomalyStatus, count: z.number().int() })),
});

export const runResponse = z.object({
  day: dayView, anomalies: z.record(kind, z.number().int()), cleared: z.number().int().describe('open anomalies this run no longer found'),
  settled: z.number().int().describe('payments recorded but never applied to their case, settled before the run (fees repair)'),
});

export const daysQuery = z.object({
  from: isoDate.optional(), to: isoDate.optional(),
  before: z.string().max(60).regex(/^\d{4}-\d{2}-\d{2}_[a-z0-9_]+$/).optional().describe('the `next` of the previous page'),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export const daysResponse = z.object({ items: z.array(dayView), next: z.string().nullable() });

export const anomalyView = z.object({
  id: z.uuid(), dayId: z.uuid(), day: z.string(), channel: z.string(), dayLocked: z.boolean(), kind, channelTxnId: z.string(), noticeNo: z.string().nullable(),
  lineNo: z.number().int().nullable(), expectedFen: z.number().int().nullable(), actualFen: z.number().int().nullable(), status: anomalyStatus,
  outcome: outcome.nullable(), reason: z.string().nullable(), resolvedAt: z.string().nullable(), foundAt: z.string(),
  outcomes: z.array(outcome).describe('the outcomes this kind of anomaly may be resolved with'),
  refundId: z.uuid().nullable().describe('the refund a `refund` resolution wrote (or found on its way): paid back by the refund job'),
  refund: z.object({ id: z.uuid(), kind: refundKind, status: refundStatus, amountFen: z.number().int() }).nullable()
    .describe('that refund as it stands now (null: no refund resolution)'),
}).meta({ id: 'ReconciliationAnomaly' });

export const anomaliesQuery = z.object({
  dayId: z.uuid().optional(), status: anomalyStatus.optional(), kind: kind.optional(),
  after: z.string().max(80).regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z_[0-9a-f-]{36}$/).optional().describe('the `next` of the previous page'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const anomaliesResponse = z.object({ items: z.array(anomalyView), next: z.string().nullable() });

export const resolveBody = z.object({
  outcome: outcome.describe('record_payment: record the statement line as the payment (a lost notification); write_off: explained and accepted (核销); refer_to_channel: the channel corrects it; refund: money to return'),
  reason: z.string().trim().min(2).max(500),
}).strict();

export const figuresQuery = z.object({ from: isoDate, to: isoDate }).refine((q) => q.from <= q.to, { path: ['to'], message: 'to is before from' })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 <= 366, { path: ['to'], message: 'at most a year' });
export const figuresResponse = z.object({
  from: z.string(), to: z.string(),
  perDay: z.array(z.object({ day: z.string(), paidFen: z.number().int(), paidCount: z.number().int(), matchedFen: z.number().int(),
    openAnomalies: z.number().int(), lockedChannels: z.number().int(), channels: z.number().int() })),
  perAccount: z.array(z.object({ fiscalAccountId: z.uuid(), code: z.string(), name: z.string(), paidFen: z.number().int(), paidCount: z.number().int(), matchedFen: z.number().int() })),
  openAnomalies: z.array(z.object({ kind, count: z.number().int() })),
});
