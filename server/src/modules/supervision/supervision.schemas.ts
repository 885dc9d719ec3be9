import { z } from 'zod';
import { isoDate, pageQuery } from '../../lib/schemas.ts';
import { FINDING_RULES } from './findings.service.ts';

const bilingual = z.object({ zh: z.string(), en: z.string() });
const text = (max: number) => z.string().trim().min(2).max(max);

export const notificationList = z.object({
  notifications: z.array(z.object({
    id: z.number(), kind: z.string(), caseId: z.string().nullable(), toDepartment: z.boolean(), title: bilingual,
    data: z.record(z.string(), z.unknown()), createdAt: z.string(), readAt: z.string().nullable(),
  })),
  total: z.number(), unread: z.number(), page: z.number(), pageSize: z.number(),
});
export const notificationQuery = z.object({ unread: z.enum(['true', 'false']).optional(), ...pageQuery });
export const markReadBody = z.object({ ids: z.union([z.array(z.number().int().positive()).min(1).max(500), z.literal('all')]) });
export const markReadResponse = z.object({ marked: z.number() });

export const notice = z.object({
  id: z.string(), departmentId: z.string(), departmentName: z.string(), caseId: z.string().nullable(), receiptNo: z.string().nullable(),
  subject: z.string(), body: z.string(), replyDueDate: z.string(), status: z.enum(['open', 'answered']), light: z.enum(['green', 'red']),
  issuedAt: z.string(), reply: z.string().nullable(), repliedAt: z.string().nullable(), escalatedAt: z.string().nullable(),
});
export const issueNoticeBody = z.object({
  caseId: z.uuid().optional(),
  departmentId: z.uuid().optional(),
  subject: text(200),
  body: text(4000),
  replyDueDate: isoDate.describe('China date by which the department must reply'),
}).refine((b) => Boolean(b.caseId) !== Boolean(b.departmentId), { message: 'exactly one of caseId and departmentId', path: ['caseId'] });
export const replyBody = z.object({ reply: text(4000) });
export const noticeQuery = z.object({ status: z.enum(['open', 'answered']).optional(), ...pageQuery });
export const noticeList = z.object({ notices: z.array(notice), total: z.number(), page: z.number(), pageSize: z.number() });

export const finding = z.object({
  id: z.string(), caseId: z.string(), receiptNo: z.string().nullable(), departmentId: z.string(), departmentName: z.string(),
  rule: z.string(), title: bilingual, evidence: z.record(z.string(), z.unknown()), status: z.enum(['open', 'confirmed', 'dismissed']),
  raisedAt: z.string(), resolvedAt: z.string().nullable(), resolution: z.string().nullable(),
  responsible: z.object({ id: z.string(), name: z.string() }).nullable().describe('the staff member whose act broke the rule; null when no one person is'),
});
export const findingQuery = z.object({ status: z.enum(['open', 'confirmed', 'dismissed']).optional(), rule: z.enum(FINDING_RULES).optional(), caseId: z.uuid().optional(), ...pageQuery });
export const findingList = z.object({ findings: z.array(finding), total: z.number(), page: z.number(), pageSize: z.number() });
export const resolveBody = z.object({ verdict: z.enum(['confirmed', 'dismissed']), reason: text(2000) });

export const litQuery = z.object({ light: z.enum(['yellow', 'red']), departmentId: z.uuid().optional(), ...pageQuery });
export const litList = z.object({
  cases: z.array(z.object({
    id: z.string(), receiptNo: z.string().nullable(), status: z.string(), departmentId: z.string(), departmentName: z.string(),
    light: z.enum(['yellow', 'red']), rule: z.string().nullable(), dueDate: z.string().nullable(), since: z.string().nullable(),
  })),
  total: z.number(), page: z.number(), pageSize: z.number(),
});
