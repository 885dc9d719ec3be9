import { z } from 'zod';
import { pageQuery } from '../../lib/schemas.ts';

/** Request and response shapes of public resource trading (validation and OpenAPI from one schema). */

export const KINDS = ['construction', 'procurement', 'land', 'state_property'] as const;
/** 招标投标法实施条例 第五十五条: the grounds on which a candidate ranked above the winner is passed over. */
export const PASS_OVER_REASONS = ['declined', 'force_majeure', 'no_performance_bond', 'violation'] as const;
export const STATES = ['draft', 'published', 'clarification', 'bidding', 'opening', 'evaluation', 'candidates_published', 'awarded',
  'contract', 'complete', 'cancelled', 'unsuccessful'] as const;
export const VERBS = ['publish', 'start_clarification', 'start_bidding', 'open', 'start_evaluation', 'publish_candidates', 'award', 'reaward',
  'sign_contract', 'complete', 'cancel', 'declare_unsuccessful'] as const;

const text = (max: number) => z.string().trim().min(1).max(max);
/** 统一社会信用代码 (GB 32100): 18 characters, no I, O, S, V, Z. */
const orgCode = z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/).describe('unified social credit code');
const instant = z.iso.datetime({ offset: true }).describe('an instant, ISO 8601 (server time decides)');
const bilingual = z.object({ zh: text(100), en: text(200) });
const criterion = z.object({ key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/), name: bilingual, weight: z.number().int().min(1).max(100) }).strict();
const candidate = z.object({ rank: z.number().int().min(1).max(50), name: text(200), orgCode, score: z.number().min(0).max(1000), priceFen: z.number().int().min(0).nullable().optional() }).strict();

export const newProjectBody = z.object({
  kind: z.enum(KINDS), code: z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/), name: text(200),
  buyerName: text(200), buyerOrgCode: orgCode, agentName: text(200).optional(), agentOrgCode: orgCode.optional(),
  departmentId: z.uuid().describe('the supervising department (行政监督部门), a department of the center'),
  regionCode: z.string().regex(/^\d{6,12}$/).optional(),
  stateFunded: z.boolean().default(true).describe('state funds hold the controlling or leading share (国有资金占控股或者主导地位): the award then follows the candidates\' order (招标投标法实施条例 第五十五条); true unless said otherwise'),
  lots: z.array(z.object({ name: text(200), budgetFen: z.number().int().min(0).optional() }).strict()).max(50).optional(),
}).strict();
export type NewProjectBody = z.infer<typeof newProjectBody>;

export const newTenderBody = z.object({
  title: text(200), description: z.string().max(20000).optional(), lotId: z.uuid().optional(),
  clarificationUntil: instant.optional(), bidDeadline: instant.optional(), openingAt: instant.optional(),
  criteria: z.array(criterion).max(30).default([]), committeeSize: z.number().int().min(1).max(99).optional(),
  sector: z.string().regex(/^[a-z_]{1,40}$/).optional(), budgetFen: z.number().int().min(0).optional(),
}).strict();
export type NewTenderBody = z.infer<typeof newTenderBody>;

export const amendBody = z.object({
  reason: text(2000).describe('why the conditions change (kept in the revision)'),
  title: text(200).optional(), description: z.string().max(20000).optional(),
  clarificationUntil: instant.nullable().optional(), bidDeadline: instant.optional(), openingAt: instant.optional(),
  criteria: z.array(criterion).max(30).optional(), committeeSize: z.number().int().min(1).max(99).optional(),
}).strict();
export type AmendBody = z.infer<typeof amendBody>;

export const actionBody = z.object({
  action: z.enum(VERBS),
  reason: text(2000).optional(), documentId: z.uuid().optional().describe('a file uploaded by the caller: the notice of cancellation or failure'),
  candidates: z.array(candidate).max(50).optional(), candidatesUntil: instant.optional(),
  // No price with the award: it is the winner's bid price, as evaluated (招标投标法 第四十六条).
  winnerOrgCode: orgCode.optional(),
  passedOver: z.array(z.object({ orgCode, reason: z.enum(PASS_OVER_REASONS) }).strict()).max(49).optional()
    .describe('with the award of a candidate other than the first: each candidate ranked above the winner and the lawful ground it was passed over on (条例 第五十五条); the account and its evidence go in `reason`'),
  contract: z.object({ title: text(200), priceFen: z.number().int().min(0).nullable(), signedOn: z.iso.date() }).strict().optional()
    .describe('with sign_contract; signed more than 30 days after the award notice, the reason for the delay goes in `reason`'),
}).strict().refine((b) => !['cancel', 'declare_unsuccessful'].includes(b.action) || !!b.reason, { message: 'a reason is required', path: ['reason'] })
  .refine((b) => !b.passedOver?.length || !!b.reason, { message: 'passing a candidate over needs the account of it in reason', path: ['reason'] })
  .refine((b) => b.action !== 'sign_contract' || !!b.contract, { message: 'the contract is required', path: ['contract'] });
export type ActionBody = z.infer<typeof actionBody>;

export const documentBody = z.object({ title: text(200), fileId: z.uuid() }).strict();
export const documentParams = z.object({ id: z.uuid(), documentId: z.uuid() });
export const listQuery = z.object({ status: z.enum(STATES).optional(), staff: z.enum(['0', '1']).default('0').transform((v) => v === '1'), ...pageQuery });
export const pageOnly = z.object(pageQuery);
export const created = z.object({ id: z.uuid() });
export const docCreated = z.object({ id: z.uuid(), version: z.number() });

const iso = z.string().nullable();
const project = z.object({
  id: z.string(), centerId: z.string(), kind: z.enum(KINDS), code: z.string(), name: z.string(), buyerName: z.string(), buyerOrgCode: z.string(),
  agentName: z.string().nullable(), agentOrgCode: z.string().nullable(), departmentId: z.string(), regionCode: z.string(), createdAt: z.string(),
  stateFunded: z.boolean(),
});
export const tenderDetail = z.object({
  id: z.string(), projectId: z.string(), lotId: z.string().nullable(), status: z.enum(STATES), title: z.string(), description: z.string(), version: z.number(),
  publishedAt: iso, clarificationUntil: iso, bidDeadline: iso, openingAt: iso, openedAt: iso, candidatesPublishedAt: iso, candidatesUntil: iso,
  awardedAt: iso, contractAt: iso, completedAt: iso, closedReason: z.string().nullable(), closedDocumentId: z.string().nullable(),
  criteria: z.array(criterion), committeeSize: z.number().nullable(), sector: z.string().nullable(), budgetFen: z.number().nullable(),
  candidates: z.array(candidate).nullable(),
  award: z.object({
    name: z.string(), orgCode: z.string(), priceFen: z.number().nullable(), rank: z.number().optional(),
    passedOver: z.array(z.object({ rank: z.number(), name: z.string(), orgCode: z.string(), reason: z.enum(PASS_OVER_REASONS) })).optional(),
  }).nullable(),
  awardInOrder: z.boolean().describe('the award must follow the candidates\' order: a government procurement (政府采购法实施条例 第四十三条) or a state-funded project (招标投标法实施条例 第五十五条)'),
  contract: z.object({
    title: z.string(), priceFen: z.number().nullable(), signedOn: z.string(),
    lateReason: z.string().optional().describe('signed after the 30 days from the award notice: the reason given for the delay (招标投标法 第四十六条, 条例 第七十三条)'),
  }).nullable(),
  contractDueBy: z.string().nullable().describe('the last China date the contract may be signed on time: the (last) award notice\'s day plus 30 days (招标投标法 第四十六条); a later one needs the reason for the delay'),
  publicKey: z.string().nullable(), keyThreshold: z.number().nullable(), keyShares: z.number().nullable(),
  updatedAt: z.string(), serverTime: z.string().describe('the server clock: every period is judged by it'),
  project, lots: z.array(z.object({ id: z.string(), lotNo: z.number(), name: z.string(), budgetFen: z.number().nullable() })),
  documents: z.array(z.object({ id: z.string(), version: z.number(), title: z.string(), sha256: z.string(), createdAt: z.string() })),
  actions: z.array(z.enum(VERBS)), mustReconfirm: z.array(z.number()).describe('revisions the caller (a registered bidder) has still to confirm'),
  suspended: z.boolean().describe('the supervising department ordered the tender suspended (条例 第六十二条) and has not lifted it: every action is refused'),
  suspension: z.object({
    since: z.string(), complaintIds: z.array(z.string()), reason: z.string().describe('the reasons of the upheld complaints that ordered it'),
  }).nullable(),
  suspensions: z.array(z.object({
    complaintId: z.string(), reason: z.string(), suspendedAt: z.string(), resumedAt: iso, resumeReason: z.string().nullable(),
  })).describe('every suspension of the tender, oldest first, with its lifting'),
  canResume: z.boolean().describe('the tender is suspended and the caller may lift it (an approver or chief of the supervising department)'),
  canReadRegister: z.boolean().describe('the caller may read the download register (GET /api/trading/tenders/{id}/downloads)'),
  biddersSealed: z.boolean().describe('招标投标法 第二十二条: the bidders (who took the documents, who handed in a bid) are sealed until the opening has read the bids out; until then the register and the bid lists answer TENDER_BIDDERS_SEALED'),
});
export const resumeBody = z.object({ reason: text(2000).describe('why the suspension is lifted (kept in the audit)') }).strict();
export const revisions = z.object({
  revisions: z.array(z.object({
    version: z.number(), action: z.string(), from: z.string().nullable(), to: z.string(), reason: z.string().nullable(),
    changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })), at: z.string(),
  })),
});
export const tenderPage = z.object({
  rows: z.array(z.object({
    id: z.string(), title: z.string(), status: z.enum(STATES), kind: z.enum(KINDS), projectCode: z.string(), projectName: z.string(), buyerName: z.string(),
    publishedAt: iso, bidDeadline: iso, awardedAt: iso,
  })),
  total: z.number(), page: z.number(), pageSize: z.number(),
});
export const registerPage = z.object({
  rows: z.array(z.object({ userId: z.string(), name: z.string(), kind: z.string(), creditCode: z.string().nullable(), version: z.number(), title: z.string(), at: z.string() })),
  page: z.number(), pageSize: z.number(),
});
export const reconfirmed = z.object({ confirmed: z.number() });
