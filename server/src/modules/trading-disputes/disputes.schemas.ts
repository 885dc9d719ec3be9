import { z } from 'zod';
import { pageQuery } from '../../lib/schemas.ts';

/** Request and response shapes of questions, objections and complaints (docs/trading.md). */

export const KINDS = ['question', 'objection', 'complaint'] as const;
export const SUBJECTS = ['documents', 'procedure', 'candidates', 'result'] as const;
export const STATUSES = ['open', 'answered', 'upheld', 'rejected'] as const;
const text = z.string().trim().min(1).max(5000);

export const raiseBody = z.object({
  kind: z.enum(['question', 'objection']).describe('question (质疑, government procurement) or objection (异议, the other kinds)'),
  subject: z.enum(SUBJECTS).describe('documents (招标文件), procedure (开标等过程), candidates (中标候选人, objections), result (采购结果, questions)'),
  body: text,
}).strict();
export type RaiseBody = z.infer<typeof raiseBody>;

export const complainBody = z.object({ body: text }).strict();
export const answerBody = z.object({ answer: text }).strict();
export const decideBody = z.object({
  outcome: z.enum(['upheld', 'rejected']), reason: text,
  suspendTender: z.boolean().default(false).describe('an upheld complaint may order the tender suspended (recorded, and a domain event)'),
}).strict();
export type DecideBody = z.infer<typeof decideBody>;

export const dispute = z.object({
  id: z.uuid(), tenderId: z.uuid(), tenderTitle: z.string(), kind: z.enum(KINDS), subject: z.enum(SUBJECTS), status: z.enum(STATUSES),
  parentId: z.uuid().nullable(), body: z.string(), submittedAt: z.string(),
  answerDue: z.string().describe('the answer deadline (question, objection) or the decision deadline (complaint), server time'),
  overdue: z.boolean().describe('still open after its deadline'),
  answer: z.string().nullable().describe('the answer, or the reason of the decision'), answeredAt: z.string().nullable(), answeredLate: z.boolean(),
  suspendTender: z.boolean(), mine: z.boolean(),
}).meta({ id: 'TenderDispute' });

export const disputePage = z.object({ rows: z.array(dispute), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

export const myQuery = z.object({ tenderId: z.uuid().optional(), ...pageQuery });
export const staffQuery = z.object({
  kind: z.enum(KINDS).optional(), status: z.enum(STATUSES).optional(),
  overdue: z.enum(['0', '1']).default('0').transform((v) => v === '1'), ...pageQuery,
});

export const tradingBoardQuery = z.object({ centerId: z.uuid().optional() });
export const tradingBoard = z.object({
  openQuestions: z.number().int().describe('questions and objections not yet answered'),
  overdueAnswers: z.number().int().describe('of them, past their answer deadline'),
  openComplaints: z.number().int(), overdueDecisions: z.number().int(),
  overdueContracts: z.number().int().describe('awarded tenders without a contract more than 30 days after the award notice (招标投标法 第四十六条)'),
}).meta({ id: 'TradingBoard' });
