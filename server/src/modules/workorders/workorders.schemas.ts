import { z } from 'zod';
import { pageQuery } from '../../lib/schemas.ts';

/** Request and response shapes of the work orders' routes (validation and OpenAPI from one schema). */

export const KINDS = ['consultation', 'request', 'complaint', 'suggestion', 'praise'] as const;
export const STATES = ['accepted', 'dispatched', 'returned', 'handling', 'replied', 'closed', 'evaluated', 'merged'] as const;
export const kind = z.enum(KINDS);
export const urgency = z.enum(['normal', 'urgent']);
export const status = z.enum(STATES);
export const satisfaction = z.enum(['satisfied', 'basically_satisfied', 'dissatisfied']);

// Free text is stored as typed and returned as text; the web app renders it as text, never as markup.
const text = (max: number) => z.string().trim().min(1).max(max);
const phone = z.string().trim().regex(/^[0-9+\- ]{3,20}$/).describe('a telephone number as told on the call');

export const takeCallBody = z.object({
  kind, urgency: urgency.default('normal'), categoryId: z.uuid().nullable().optional(),
  callerName: text(60), callerPhone: phone, place: z.string().trim().max(200).default(''), topic: text(200), content: text(5000),
  againstStaffId: z.uuid().nullable().optional().describe('for a complaint against a staff member of the center'),
  source: z.enum(['hotline', 'hall']).default('hotline'),
}).strict();
export type TakeCallBody = z.infer<typeof takeCallBody>;

export const webBody = z.object({
  kind, categoryId: z.uuid().nullable().optional(), centerId: z.uuid(),
  place: z.string().trim().max(200).default(''), topic: text(200), content: text(5000), phone: phone.optional(),
  idempotencyKey: z.string().min(8).max(100).describe('made once per appeal (one per form fill) by the client and sent again on every retry'),
}).strict();
export type WebBody = z.infer<typeof webBody>;

export const duplicatesBody = z.object({
  place: z.string().trim().max(200).default(''), topic: text(200), excludeId: z.uuid().optional(),
}).strict();

export const actionBody = z.discriminatedUnion('action', [
  z.object({ action: z.literal('dispatch'), departmentId: z.uuid() }).strict(),
  z.object({ action: z.literal('answer'), reply: text(5000), articleId: z.uuid().optional() }).strict(),
  z.object({ action: z.literal('return'), reason: text(1000) }).strict(),
  z.object({ action: z.literal('redispatch'), departmentId: z.uuid(), note: z.string().trim().max(1000).optional() }).strict(),
  z.object({ action: z.literal('keep'), note: text(1000) }).strict(),
  z.object({ action: z.literal('start') }).strict(),
  z.object({ action: z.literal('reply'), reply: text(5000), articleId: z.uuid().optional() }).strict(),
  z.object({ action: z.literal('callback'), note: text(1000), satisfaction: satisfaction.optional() }).strict(),
  z.object({ action: z.literal('evaluate'), satisfaction, comment: z.string().trim().max(1000).optional() }).strict(),
  z.object({ action: z.literal('reopen'), reason: text(1000).describe('why the order goes back for re-handling (重办)') }).strict(),
  z.object({ action: z.literal('merge'), mainId: z.uuid() }).strict(),
]);
export type ActionBody = z.infer<typeof actionBody>;

export const listQuery = z.object({
  status: status.optional(), kind: kind.optional(), q: z.string().trim().max(100).optional(),
  disputes: z.enum(['true', 'false']).optional().transform((v) => v === 'true').describe('returned orders awaiting the lead'),
  overdue: z.enum(['true', 'false']).optional().transform((v) => v === 'true'),
  dissatisfied: z.enum(['true', 'false']).optional().transform((v) => v === 'true').describe('called-back orders a caller of the round (their own or a merged one) rated dissatisfied (candidates for 重办)'),
  ...pageQuery,
});
export const pageOnly = z.object({ ...pageQuery });
export const knowledgeQuery = z.object({ q: z.string().trim().max(100).optional(), ...pageQuery });
export const knowledgeBody = z.object({
  question: text(500), answer: text(5000), categoryId: z.uuid().nullable().optional(), sourceOrderId: z.uuid().optional(),
}).strict();
export const publishBody = z.object({ fix: text(2000).describe('what was corrected, as published') }).strict();
export const staffParam = z.object({ staffId: z.uuid() });
export const exposureQuery = z.object({ centerId: z.uuid().optional(), ...pageQuery });

const bilingualName = { name: z.string(), nameEn: z.string().nullable() };
const page = <T extends z.ZodTypeAny>(row: T) => z.object({ rows: z.array(row), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

export const orderSummary = z.object({
  id: z.uuid(), orderNo: z.string(), source: z.enum(['hotline', 'web', 'hall']), kind, urgency, status,
  topic: z.string(), place: z.string(), callerName: z.string(), department: z.object({ id: z.uuid(), ...bilingualName }).nullable(),
  dueDate: z.string().nullable(), escalationLevel: z.number().int(), mergedInto: z.uuid().nullable(),
  satisfaction: satisfaction.nullable().describe("the caller's evaluation (a merged order: its own caller's)"),
  roundDissatisfied: z.boolean().nullable().describe('a caller of this round (the order\'s own or one merged into it) rated it dissatisfied: a candidate for 重办; null for an applicant, who reads their own evaluation only'),
  createdAt: z.string(),
});
export const orderPage = page(orderSummary);

export const orderDetail = orderSummary.extend({
  centerId: z.uuid(), categoryId: z.uuid().nullable(), callerPhone: z.string(), callerUserId: z.uuid().nullable(), content: z.string(),
  againstStaffId: z.uuid().nullable(), dueProvisional: z.boolean(), reply: z.string().nullable(), repliedAt: z.string().nullable(),
  returnReason: z.string().nullable(), satisfaction: satisfaction.nullable(), publishedAt: z.string().nullable(), publishedFix: z.string().nullable(),
  canPublish: z.boolean().describe('the reader may publish the order in the exposure column now (a manager; a closed or evaluated order)'),
  article: z.object({ id: z.uuid(), question: z.string(), sourceOrderId: z.uuid().nullable() }).nullable(),
  main: z.object({ id: z.uuid(), orderNo: z.string(), status, reply: z.string().nullable(), repliedAt: z.string().nullable() }).nullable()
    .describe('the main order a merged order follows'),
  merged: z.array(z.object({ id: z.uuid(), orderNo: z.string(), callerName: z.string(), satisfaction: satisfaction.nullable().describe("that caller's evaluation of this round's reply") }))
    .describe('the duplicates merged into this order'),
  actions: z.array(z.string()).describe('the lifecycle actions the caller may take now'),
  events: z.array(z.object({
    action: z.string(), from: z.string().nullable(), to: z.string().nullable(), actorName: z.string().nullable(), at: z.string(), data: z.record(z.string(), z.unknown()),
  })),
});

export const duplicatesResponse = z.object({
  suggestions: z.array(z.object({
    id: z.uuid(), orderNo: z.string(), status, kind, place: z.string(), topic: z.string(), createdAt: z.string(), callers: z.number().int(), score: z.number(),
  })),
  windowDays: z.number().int(),
});

/** The reference data of which center: staff always get their own; an applicant names the center they write to. */
export const referenceQuery = z.object({ centerId: z.uuid().optional().describe('applicants: the center whose category tree and limits to show (staff: their own center, this is ignored)') });
export const categoriesResponse = z.object({
  categories: z.array(z.object({
    id: z.uuid(), parentId: z.uuid().nullable(), code: z.string(), ...bilingualName,
    retired: z.boolean().describe('retired (itself or a parent): shown on old orders, not offered for new ones'),
  })),
  limits: z.array(z.object({ kind, urgency, workdays: z.number().int() })),
  departments: z.array(z.object({ id: z.uuid(), ...bilingualName })),
});

// ---------------------------------------------------------------- configuration (hotline lead, managers)
const categoryCode = z.string().trim().regex(/^[A-Za-z0-9_.-]{1,40}$/);
export const categoryCreateBody = z.object({
  parentId: z.uuid().nullable().optional(), code: categoryCode, name: text(60), nameEn: text(100), sort: z.number().int().min(0).max(9999).optional(),
}).strict();
export type CategoryCreateBody = z.infer<typeof categoryCreateBody>;
export const categoryUpdateBody = z.object({
  name: text(60).optional(), nameEn: text(100).optional(), sort: z.number().int().min(0).max(9999).optional(),
  retired: z.boolean().optional().describe('true retires the category (and the branch below it) for new orders; false reinstates it'),
}).strict().refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' });
export type CategoryUpdateBody = z.infer<typeof categoryUpdateBody>;
export const limitsBody = z.object({
  limits: z.array(z.object({ kind, urgency, workdays: z.number().int().min(0).max(60).describe('working days; 0 = the same day (urgent only)') }).strict()).min(1).max(10),
}).strict();
export type LimitsBody = z.infer<typeof limitsBody>;
export const configResponse = z.object({
  categories: z.array(z.object({ id: z.uuid(), parentId: z.uuid().nullable(), code: z.string(), ...bilingualName, sort: z.number().int(), retired: z.boolean() })),
  limits: z.array(z.object({ kind, urgency, workdays: z.number().int() })),
});

export const articlePage = page(z.object({
  id: z.uuid(), question: z.string(), answer: z.string(), categoryId: z.uuid().nullable(), usedCount: z.number().int(), createdAt: z.string(),
  sourceOrder: z.object({ id: z.uuid(), orderNo: z.string() }).nullable(),
}));
export const created = z.object({ id: z.uuid() });

export const complaintPage = page(z.object({
  id: z.uuid(), orderNo: z.string(), status, topic: z.string(), content: z.string(), reply: z.string().nullable(),
  satisfaction: satisfaction.nullable(), createdAt: z.string(), repliedAt: z.string().nullable(),
}));

export const exposurePage = page(z.object({
  id: z.uuid(), orderNo: z.string(), kind, caller: z.string().describe('masked'), place: z.string(), topic: z.string(),
  content: z.string().describe('personal data masked'), reply: z.string().nullable(), fix: z.string().nullable(),
  category: z.object(bilingualName).nullable(), department: z.object(bilingualName).nullable(), publishedAt: z.string(), createdAt: z.string(),
}));
