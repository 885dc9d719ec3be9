import { z } from 'zod';
import { isoDate, pageQuery } from '../../lib/schemas.ts';

const rate = z.number().nullable();

export const boardQuery = z.object({ centerId: z.uuid().optional().describe("The caller's own center (the default)") });
export const auditCheck = z.object({
  id: z.number(), checkedAt: z.string(), ok: z.boolean(), events: z.number(), streams: z.number(), durationMs: z.number(),
  broken: z.object({ stream: z.string(), seq: z.number(), reason: z.string() }).nullable(),
});
export const board = z.object({
  counts: z.object({ open: z.number(), green: z.number(), yellow: z.number(), red: z.number(), suspended: z.number() }),
  departments: z.array(z.object({ id: z.string(), name: z.string(), open: z.number(), yellow: z.number(), red: z.number(), completed: z.number(), onTimeRate: rate })),
  trend: z.array(z.object({ date: z.string(), accepted: z.number(), completed: z.number(), overdue: z.number() })),
  audit: auditCheck.nullable(),
});

export const performanceQuery = z.object({
  from: isoDate, to: isoDate,
  by: z.enum(['department', 'window', 'staff']).default('department'),
  format: z.enum(['json', 'csv', 'xlsx']).default('json'),
});
export const performanceRow = z.object({
  key: z.string(), name: z.string(), received: z.number(), accepted: z.number(), refused: z.number(), completed: z.number(),
  onTime: z.number(), early: z.number(), overdue: z.number(), instantShare: rate, avgWorkdaysUsed: rate, avgPromisedDays: rate,
  compression: rate, supplementRate: rate, suspensions: z.number(), extensions: z.number(), findings: z.number(), notices: z.number(),
  rated: z.number().describe('ratings (好差评) given in the period, appeals upheld left out'),
  ratedGood: z.number().describe('of them 4 or 5 stars'), ratedBad: z.number().describe('of them 1 or 2 stars'),
  goodRate: rate.describe('ratedGood / rated'), avgLevel: rate.describe('mean stars'),
});
export const performance = z.object({ from: z.string(), to: z.string(), by: z.enum(['department', 'window', 'staff']), rows: z.array(performanceRow) });

export const auditCheckQuery = z.object({ ...pageQuery });
export const auditCheckList = z.object({ checks: z.array(auditCheck), total: z.number(), page: z.number(), pageSize: z.number() });

export const hallQuery = z.object({ centerId: z.uuid() });
export const hallBoard = z.object({
  center: z.object({ id: z.string(), name: z.string() }),
  today: z.object({ date: z.string(), accepted: z.number(), completed: z.number(), onTimeRate: rate }),
  recent: z.array(z.object({
    receiptNo: z.string(), itemName: z.string(), applicantName: z.string().describe('masked: 张*'),
    status: z.enum(['accepted', 'completed']).describe('what happened today'), caseStatus: z.string(), at: z.string(),
  })),
});
