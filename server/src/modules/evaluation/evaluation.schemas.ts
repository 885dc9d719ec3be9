import { z } from 'zod';
import { pageQuery } from '../../lib/schemas.ts';
import type { RejectionGround } from '../../db/types.ts';

/** Request and response shapes of the evaluation routes (docs/trading.md "Evaluation"). */
const iso = z.string();
const bilingual = z.object({ zh: z.string(), en: z.string() });
const tenderStatus = z.string();

/** The other bids its bidder is related to by the bidders' declarations or the registry's records (条例 第三十四条): all void, each to be rejected. */
const related = z.array(z.object({
  name: z.string(),
  relation: z.enum(['same_representative', 'controls', 'controlled_by', 'manages', 'managed_by']).describe('seen from this bid: the same principal (ID number), or this bidder controls / is controlled by / manages / is managed by the other'),
})).describe("facts declared or registered, not a hint: a sheet is not submitted until each such bid is rejected (EVALUATION_RELATED_NOT_REJECTED)");
const claimedRelated = z.array(z.object({
  name: z.string(),
  relation: z.enum(['same_representative', 'controls', 'controlled_by', 'manages', 'managed_by']).describe('seen from this bid, as in `related`; here only controls or manages: the other bidder declared this one as its controlling or managing unit'),
})).describe("relations only another bidder's declaration claims (the registry does not record them): for the committee to verify; they do not void the bid without more");
/** What the enterprise registry answered about a bid's bidder for this tender (docs/trading.md "The enterprise registry"). */
const registry = z.enum(['found', 'not_found', 'missing'])
  .describe("the registry's record of the bidder, looked up at the opening: found (it relates bids too), not_found (no record: the declaration alone), missing (the registry has not answered yet: the declarations alone relate)");
const registryMissing = z.array(z.string())
  .describe('the bidders the registry has not answered about: the registry check is missing for their bids, and the relations from the declarations still hold');

export const tenderParam = z.object({ tenderId: z.uuid() });
export const myEvaluationsQuery = z.object({ ...pageQuery });

export const criterion = z.object({ key: z.string(), name: bilingual, max: z.number().describe('the maximum score: the criterion\'s weight') });

export const myEvaluations = z.object({
  page: z.number(), pageSize: z.number(),
  rows: z.array(z.object({ tenderId: z.uuid(), title: z.string(), status: tenderStatus, drawnAt: iso.nullable(), submittedAt: iso.nullable() })),
});

/** The grounds on which the committee rejects a bid (否决投标): 招标投标法实施条例 第五十一条 (一)–(七), and 第三十四条. */
export const REJECTION_GROUNDS = ['unsigned', 'no_consortium_agreement', 'unqualified', 'multiple_offers', 'price_out_of_bounds', 'not_responsive', 'collusion_or_fraud', 'related_bidders'] as const satisfies readonly RejectionGround[];
// The column's type (db/types.ts, held to migration 0077's CHECK by db/types.test.ts) has no ground missing here: a
// ground added to one and not the other fails the typecheck, both ways. The report's texts and the web form are records
// over the same union.
type GroundMissing = Exclude<RejectionGround, (typeof REJECTION_GROUNDS)[number]>;
const noGroundMissing: [GroundMissing] extends [never] ? true : GroundMissing = true;
void noGroundMissing;
const ground = z.enum(REJECTION_GROUNDS);

export const sheet = z.object({
  tender: z.object({ id: z.uuid(), title: z.string(), status: tenderStatus, budgetFen: z.number().nullable().describe("the tender's budget (its maximum price when the documents set one)") }),
  criteria: z.array(criterion),
  bids: z.array(z.object({
    id: z.uuid(), bidderName: z.string(), priceFen: z.number().nullable(), fileName: z.string().nullable(),
    myRejection: z.object({ ground, note: z.string() }).nullable().describe("the caller's vote to reject this bid (否决投标), if any"),
    aboveBudget: z.boolean().describe('the price is above the tender\'s budget: a fact for the committee (条例 第五十一条 (五) when the budget is the maximum price), not a decision'),
    sameRepresentativeAs: z.array(z.string()).describe('other bidders whose legal representative bears the same name: a hint to verify (条例 第三十四条), not a decision'),
    related, claimedRelated, registry,
  })),
  registryMissing,
  scores: z.array(z.object({ bidId: z.uuid(), criterion: z.string(), score: z.number() })),
  submittedAt: iso.nullable(),
  returnedForReview: z.object({ at: iso, reason: z.string() }).nullable().describe('the latest return of this sheet for review by the trading staff (a relation between bidders found after it was in), with their reason'),
  editable: z.boolean().describe('the tender is in evaluation and the sheet not yet submitted'),
  canDecline: z.boolean().describe('the seat can still be given up (POST …/sheet/decline): the evaluation not over and the sheet never submitted (nor returned for review)'),
});

export const sheetBody = z.object({
  scores: z.array(z.object({
    bidId: z.uuid(), criterion: z.string().min(1).max(40),
    // Any finite number passes the schema; the range of the criterion is the service's guard (EVALUATION_SCORE_RANGE).
    score: z.number().finite(),
  })).min(1).max(2000),
}).strict();

export const bidParam = z.object({ tenderId: z.uuid(), bidId: z.uuid() });
export const rejectionBody = z.object({
  ground,
  note: z.string().trim().min(1).max(2000).describe('the facts the ground rests on (kept in the report)'),
}).strict();

export const publishBody = z.object({
  candidatesUntil: z.iso.datetime({ offset: true }).optional().describe('end of the publicity period; at least 3 days from now (default exactly 3 days)'),
}).strict();

const expertTotal = z.object({
  seat: z.number().describe('the seated expert\'s number (1…n, in the drawn order); the name only once the result is public'),
  total: z.number(), othersMean: z.number().nullable(), deviation: z.number().nullable(), outlier: z.boolean(),
});

export const summary = z.object({
  tender: z.object({ id: z.uuid(), title: z.string(), status: tenderStatus, candidatesPublishedAt: iso.nullable(), candidatesUntil: iso.nullable() }),
  criteria: z.array(criterion),
  outlierShare: z.number(),
  resultPublic: z.boolean(),
  experts: z.array(z.object({
    seat: z.number(), name: z.string().nullable().describe('null until the result is public (招标投标法 第三十七条)'),
    hasAccount: z.boolean(), scored: z.number(), needed: z.number(), submittedAt: iso.nullable(),
    returnedAt: iso.nullable().describe('when the sheet was last returned for review (a relation found after it was in); it is open again while `submittedAt` is null'),
  })),
  bids: z.array(z.object({
    bidId: z.uuid(), name: z.string(), orgCode: z.string(), priceFen: z.number().nullable(), total: z.number().nullable(), rank: z.number().nullable(),
    experts: z.array(expertTotal),
    rejected: z.boolean().describe('more than half of the committee voted to reject it (条例 第五十一条): not ranked, not a candidate'),
    rejections: z.array(z.object({ seat: z.number(), ground, note: z.string() })).describe('the votes to reject it on submitted sheets, by seat'),
    related, claimedRelated, registry,
  })),
  registryMissing,
  relatedUnrejected: z.array(z.string()).describe('related bids (条例 第三十四条) that a submitted sheet does not reject (a relation known only after it was in): publishing is refused until those sheets are reviewed; empty in the ordinary course'),
  sheetsToReview: z.array(z.number()).describe('seats whose submitted sheet does not reject every related bid: returned for review by `POST …/evaluation/review`'),
  canReturnForReview: z.boolean(),
  candidates: z.array(z.object({ rank: z.number(), name: z.string(), orgCode: z.string(), score: z.number(), priceFen: z.number().nullable().optional() })),
  finished: z.boolean().describe('every seated expert has submitted'),
  allRejected: z.boolean().describe('every sheet is in and the committee rejected every bid: no candidates; the tender is to be declared unsuccessful (招标投标法 第四十二条)'),
  validBids: z.number().int().describe('the bids not rejected by the committee (so far: counting submitted sheets)'),
  minValidBids: z.number().int().nullable().describe("the fewest valid bids from which candidates may be published, for the project's kind (procurement 3, 政府采购法 第三十六条); null: no floor"),
  tooFewValidBids: z.boolean().describe('every sheet is in and fewer bids than `minValidBids` remain: the tender is annulled (废标) and declared unsuccessful; publishing is refused (TENDER_TOO_FEW_VALID_BIDS)'),
  lacksCompetition: z.boolean().describe('every sheet is in and one or two valid bids remain where the kind has no floor: the committee may have rejected all (评标委员会和评标方法暂行规定 第二十七条); a warning, publishing is allowed'),
  canPublish: z.boolean(),
  reportAvailable: z.boolean(),
});

export const reviewBody = z.object({
  reason: z.string().trim().min(1).max(500).describe('why the sheets go back to the committee (the relation found and its source); kept in the audit'),
}).strict();

export type SheetBody = z.infer<typeof sheetBody>;
export type ReviewBody = z.infer<typeof reviewBody>;
export type PublishBody = z.infer<typeof publishBody>;
export type RejectionBody = z.infer<typeof rejectionBody>;

export const declineBody = z.object({ reason: z.string().trim().min(1).max(500).describe('why the expert gives up the seat (回避 and its ground, or why they cannot take part); kept in the audit') }).strict();
export type DeclineBody = z.infer<typeof declineBody>;
export const declined = z.object({ tenderId: z.uuid(), seat: z.literal('declined') });
