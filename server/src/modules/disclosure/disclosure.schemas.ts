import { z } from 'zod';
import { keysetQuery, nextCursor } from '../../lib/keyset.ts';
import { pageQuery } from '../../lib/schemas.ts';

/** Request and response shapes of the disclosure routes (validation and OpenAPI from one schema). docs/disclosure.md. */

export const CATEGORIES = ['regulations', 'plans', 'budgets', 'fees', 'major_projects', 'emergency_plans', 'licences', 'annual_report'] as const;
/** What staff publish by hand: the annual report is generated (annual-report.service.ts). */
export const PUBLISHABLE = ['regulations', 'plans', 'budgets', 'fees', 'major_projects', 'emergency_plans', 'licences'] as const;
export const category = z.enum(CATEGORIES);
export const REQUEST_STATES = ['received', 'extension_pending', 'correction_requested', 'consulting', 'replied', 'withdrawn'] as const;
export const requestStatus = z.enum(REQUEST_STATES);
export const REPLY_TYPES = ['open', 'partial', 'refused', 'not_exist', 'not_ours', 'correction'] as const;
export const replyType = z.enum(REPLY_TYPES);
/** 第三十条's 合理的补正期限 in working days from the notice: the desk proposes 15; under 5 is not a reasonable period to find and state a document. */
export const CORRECTION_MIN_WORKDAYS = 5;
export const CORRECTION_DEFAULT_WORKDAYS = 15;
export const CORRECTION_MAX_WORKDAYS = 30;
export const ACTIONS = ['reply', 'request_correction', 'correct', 'request_extension', 'approve_extension', 'reject_extension', 'consult_third_party', 'record_opinion', 'withdraw'] as const;
/** 第三十二条: the third party answers within 15 working days of receiving the letter. */
export const THIRD_PARTY_WORKDAYS = 15;

// Free text is stored as typed and returned as text; the web app renders it as text, never as markup.
const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).optional().transform((s) => (s ? s : undefined));
const year = z.coerce.number().int().min(1949).max(2200);

export const publishBody = z.object({
  category: z.enum(PUBLISHABLE), title: text(200), titleEn: optionalText(300), body: text(20000), bodyEn: optionalText(30000),
  docNo: optionalText(100), year,
}).strict();
export type PublishBody = z.infer<typeof publishBody>;
export const withdrawBody = z.object({ reason: text(500) }).strict();

export const publicListQuery = z.object({
  centerId: z.uuid(), category: category.optional(), year: year.optional(), q: z.string().trim().max(50).optional(), ...pageQuery,
});
export type PublicListQuery = z.infer<typeof publicListQuery>;
export const staffListQuery = publicListQuery.omit({ centerId: true });

const count = z.number().int();
/** The annual report's figures (政府信息公开工作年度报告, 条例 第四十九、五十条), kept with its publication. */
export const annualReport = z.object({
  centerId: z.string(), centerName: z.string(), centerNameEn: z.string().nullable(), year: z.number(), generatedAt: z.string(),
  proactive: z.object({
    categories: z.array(z.object({ category: z.enum(PUBLISHABLE), published: count, withdrawn: count, inForce: count.describe('published and not withdrawn at the end of the year') })),
    licencesGranted: count.describe('approved decisions of the center\'s cases during the year'),
  }),
  requests: z.object({
    received: count.describe('new during the year'), carriedOver: count.describe('open when the year began'),
    answered: z.object({ open: count, partial: count, refused: count, not_exist: count, not_ours: count, total: count }),
    withdrawn: count, correctionsRequested: count, corrected: count, extensionsRequested: count, extensionsApproved: count,
    answeredLate: count.describe('replies given after the due date in force'),
    carriedForward: count.describe('open when the year ended'), overdueAtYearEnd: count.describe('of those, past their due date'),
  }),
});
export type AnnualReport = z.infer<typeof annualReport>;
export const reportQuery = z.object({ centerId: z.uuid(), year });
export const reportBody = z.object({ centerId: z.uuid(), year }).strict();

export const publication = z.object({
  id: z.string(), centerId: z.string(), category, title: z.string(), titleEn: z.string().nullable(), body: z.string(), bodyEn: z.string().nullable(),
  docNo: z.string().nullable(), year: z.number(), status: z.enum(['published', 'withdrawn']), publishedAt: z.string(),
  withdrawnAt: z.string().nullable(), withdrawReason: z.string().nullable(),
  report: annualReport.nullable().describe('an annual report\'s figures (category annual_report)'),
  reportPdfUrl: z.string().nullable(),
});
export const publicationPage = z.object({ total: z.number(), page: z.number(), pageSize: z.number(), items: z.array(publication) });

export const licenceQuery = z.object({ centerId: z.uuid(), year: year.optional(), ...keysetQuery });
/** A keyset page, newest decision first (lib/keyset.ts): no count, the list grows with the center's history. */
export const licencePage = z.object({
  nextCursor,
  items: z.array(z.object({
    receiptNo: z.string().nullable(), holder: z.string().describe('masked as on every public screen'), itemName: z.string().nullable(), itemNameEn: z.string().nullable(),
    department: z.string(), departmentEn: z.string().nullable(), decidedDate: z.string(),
  })),
});

export const submitBody = z.object({
  centerId: z.uuid(), description: text(2000).describe('the information sought: its name, document number or other features'),
  purpose: optionalText(500), delivery: z.enum(['electronic', 'paper', 'post']).default('electronic'),
  replyLanguage: z.enum(['zh', 'en']).default('zh').describe('en: the reply letter in Chinese with English beside it (a foreign applicant gets that anyway); the Chinese is authoritative'),
}).strict();
export type SubmitBody = z.infer<typeof submitBody>;

export const actionBody = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('reply'), replyType: z.enum(['open', 'partial', 'refused', 'not_exist', 'not_ours']),
    text: optionalText(5000).describe('the information disclosed, or where and how to obtain it'),
    reason: optionalText(2000).describe('the legal reason for what is not disclosed; for not_ours, the body that holds it if known'),
    publicInterest: optionalText(2000).describe('第三十二条: disclosing in full over a third party\'s objection needs the grave effect on the public interest withholding would have; the third party is told it in writing'),
  }).strict(),
  z.object({
    action: z.literal('request_correction'), note: text(2000).describe('what the requester must correct or make clear (第三十条)'),
    correctionDays: z.number().int().min(CORRECTION_MIN_WORKDAYS).max(CORRECTION_MAX_WORKDAYS).default(CORRECTION_DEFAULT_WORKDAYS)
      .describe('the period to correct in (合理的补正期限), working days from the notice; not corrected by its last day, the request is deemed abandoned'),
  }).strict(),
  z.object({ action: z.literal('correct'), description: text(2000) }).strict(),
  z.object({ action: z.literal('request_extension'), days: z.number().int().min(1).max(365), reason: text(500) }).strict(),
  z.object({ action: z.literal('approve_extension'), note: optionalText(500) }).strict(),
  z.object({ action: z.literal('reject_extension'), note: optionalText(500) }).strict(),
  z.object({
    action: z.literal('consult_third_party'), thirdParty: text(200).describe('the third party whose lawful rights disclosure may harm (第三十二条)'),
    matter: text(2000).describe('the information concerned and how its disclosure may harm the third party: what the letter asks its opinion on'),
  }).strict(),
  z.object({
    action: z.literal('record_opinion'), opinion: z.enum(['agree', 'object', 'no_reply']),
    reason: optionalText(2000).describe('the third party\'s reasons; required for an objection'),
  }).strict().refine((b) => b.opinion !== 'object' || !!b.reason, { message: 'an objection is recorded with its reasons', path: ['reason'] }),
  z.object({ action: z.literal('withdraw') }).strict(),
]);
export type ActionBody = z.infer<typeof actionBody>;

export const requestListQuery = z.object({ status: requestStatus.optional(), overdue: z.enum(['true', 'false']).optional(), ...pageQuery });

export const requestView = z.object({
  id: z.string(), requestNo: z.string(), centerId: z.string(), centerName: z.string(), requesterName: z.string(),
  description: z.string(), purpose: z.string().nullable(), delivery: z.enum(['electronic', 'paper', 'post']), status: requestStatus,
  receivedDate: z.string(), dueDate: z.string().nullable(), dueProvisional: z.boolean(), overdue: z.boolean(),
  extended: z.boolean(), extensionDays: z.number().nullable(), extensionReason: z.string().nullable(),
  correctionNote: z.string().nullable(),
  correctionDueDate: z.string().nullable().describe('the last day to correct in, stated by the correction notice; null when none was stated'),
  correctionExpired: z.boolean().describe('sent back for correction and not corrected by its last day: deemed abandoned (第三十条)'), replyType: replyType.nullable(), replyText: z.string().nullable(), replyReason: z.string().nullable(),
  repliedDate: z.string().nullable(), replyDocumentUrl: z.string().nullable(), createdAt: z.string(),
  replyLanguage: z.enum(['zh', 'en']).describe('the language the requester chose for the reply letter'),
  thirdParty: z.object({
    name: z.string(), matter: z.string(), consultedDate: z.string(), answerBy: z.string().describe('the 15th working day after the letter (第三十二条)'),
    opinion: z.enum(['agree', 'object', 'no_reply']).nullable(), reason: z.string().nullable(), opinionDate: z.string().nullable(),
    publicInterest: z.string().nullable().describe('disclosed in full over its objection: why (the third party was told in writing)'),
  }).nullable().describe('the third party consulted (第三十二条); the time it took is not counted in the reply period (第三十三条)'),
});
export const requestDetail = requestView.extend({
  actions: z.array(z.enum(ACTIONS)),
  events: z.array(z.object({ action: z.string(), from: z.string().nullable(), to: z.string().nullable(), at: z.string(), data: z.record(z.string(), z.unknown()) })),
});
export const requestPage = z.object({ total: z.number(), page: z.number(), pageSize: z.number(), items: z.array(requestView) });
export const created = z.object({ id: z.string() });
