import type { TenderStatus, TradingProjectKind } from '../../db/types.ts';
import { errors, FORBIDDEN } from '../../lib/errors.ts';
import type { TenderSide } from '../../policies/trading.policy.ts';
import type { TenderRow } from './trading.repository.ts';

/**
 * The lifecycle of a tender (招标投标法, 电子招标投标办法): draft → published (the notice) → clarification →
 * bidding → opening → evaluation → candidates_published (公示) → awarded → contract → complete, or cancelled /
 * unsuccessful with a reason (and a document). This table is the only writer of `tenders.status`
 * (`repo.moveTender` is called from tender.service.ts `runTransition` only, with a row of this table).
 * Each row's guard compares the tender's periods with the server's clock and refuses, with nothing written,
 * an action taken too early; `publish` also needs the bid key made and shared (TENDER_BID_KEY_REQUIRED), `open` three
 * bidders (TENDER_TOO_FEW_BIDS). `who` names the sides that may take it: the trading center's staff, or
 * `system`, the bids and experts modules (opening after the deadline, candidates from the evaluation).
 */
export type TenderVerb =
  | 'publish' | 'start_clarification' | 'start_bidding' | 'open' | 'start_evaluation' | 'publish_candidates'
  | 'award' | 'reaward' | 'sign_contract' | 'complete' | 'cancel' | 'declare_unsuccessful';

/** Facts beside the tender row that a guard reads; `runTransition` loads them only for the rows that name them. */
export interface TenderFacts {
  /** Bidders whose bid was handed in by the deadline and not withdrawn (read for rows with `countsBidders`). */
  bidders?: number;
  /** Bids the evaluation committee did not reject: the ranked ones (given by the evaluation with `publish_candidates`). */
  validBids?: number;
}

export interface TenderTransition {
  from: TenderStatus; action: TenderVerb; to: TenderStatus; who: readonly TenderSide[];
  /** The guard reads `facts.bidders`: the bids handed in, counted under the tender's lock. */
  countsBidders?: true;
  /**
   * The console offers the action only when the guard lets it through now (a way on that exists only in one situation,
   * such as 流标 before the opening); otherwise it is offered from its state, the guard judging when it is taken.
   */
  offeredOnlyWhenAllowed?: true;
  /** Refuses the action at `now` (server time) when its period has not come; throws a catalogue error. */
  guard?: (t: TenderRow, now: Date, kind: TradingProjectKind, facts: TenderFacts) => void;
}

const DAY_MS = 86_400_000;

/**
 * The shortest bidding period, from publication to the bid deadline, per kind of project (calendar days):
 * construction 招标投标法 第二十四条 (20 days, tenders that must be tendered); government procurement by open
 * tender 政府采购货物和服务招标投标管理办法 第十六条 (20 days); land use rights 招标拍卖挂牌出让国有建设用地使用权规定
 * 第十条 (announced 20 days before); state property 企业国有资产交易监督管理办法 (20 working days: 20 calendar days
 * is the floor checked here). A kind that needs none would be null.
 */
export const MIN_BIDDING_DAYS: Record<TradingProjectKind, number | null> = {
  construction: 20, procurement: 20, land: 20, state_property: 20,
};
/** 招标投标法 第二十三条: a clarification or change reaches every bidder at least 15 days before the deadline. */
export const MIN_DAYS_AFTER_CHANGE = 15;
/** 招标投标法 第二十八条: 投标人少于三个的，招标人应当依照本法重新招标 — no opening with fewer bidders, whatever the kind. */
export const MIN_BIDDERS = 3;
/**
 * The fewest valid bids (not rejected by the committee) from which candidates may be published, per kind of project.
 * Government procurement: 政府采购法 第三十六条 (一) — fewer than three suppliers responsive to the documents, the tender
 * shall be annulled (应予废标) and tendered again (第三十七条). Construction has no such floor: 评标委员会和评标方法暂行规定
 * 第二十七条 lets the committee reject all (可以否决全部投标) when fewer than three valid bids leave no real competition, but
 * does not require it; the evaluation summary warns. Land and state property are awarded from the bids as they stand.
 * A kind that gets a floor of its own law needs that law in TENDER_TOO_FEW_VALID_BIDS's message.
 */
export const MIN_VALID_BIDS: Record<TradingProjectKind, number | null> = {
  construction: null, procurement: 3, land: null, state_property: null,
};
/** 招标投标法实施条例 第五十四条: the candidates are published for at least 3 days. */
export const MIN_CANDIDATE_DAYS = 3;

/** The bidding period of a tender published at `publishedAt` is long enough for its kind. */
export function assertBiddingPeriod(kind: TradingProjectKind, publishedAt: Date, deadline: Date) {
  const days = MIN_BIDDING_DAYS[kind];
  if (days !== null && deadline.getTime() - publishedAt.getTime() < days * DAY_MS) throw errors.TENDER_BIDDING_PERIOD_SHORT({ days, field: 'bidDeadline' });
}

const notBefore = (period: string, until: Date | null, now: Date) => {
  if (until && now.getTime() < until.getTime()) throw errors.TENDER_PERIOD_NOT_OVER({ period, until: until.toISOString() });
};

/** The bidders counted for the row (a row with `countsBidders`; loaded by runTransition). */
const biddersOf = (f: TenderFacts) => {
  if (f.bidders === undefined) throw new Error('the bidders were not counted for this row');
  return f.bidders;
};
const tooFewBidders = (f: TenderFacts) => biddersOf(f) < MIN_BIDDERS;

/** Before the award the tender can still be cancelled (a notice of termination, 招标投标法实施条例 第三十一条). */
const CANCELLABLE: TenderStatus[] = ['draft', 'published', 'clarification', 'bidding', 'opening', 'evaluation', 'candidates_published'];

export const TENDER_TRANSITIONS: readonly TenderTransition[] = [
  { from: 'draft', action: 'publish', to: 'published', who: ['trading'],
    guard: (t, now, kind) => {
      if (!t.bid_deadline) throw errors.TENDER_PERIODS_ORDER({ field: 'bidDeadline' });
      assertBiddingPeriod(kind, now, t.bid_deadline);
      // Bids are sealed to the tender's key from the first day (issue 16): no notice without a key held by the officials.
      if (!t.public_key) throw errors.TENDER_BID_KEY_REQUIRED();
    } },
  { from: 'published', action: 'start_clarification', to: 'clarification', who: ['trading'] },
  // Bidding starts once the clarification period is over (or at once when the tender has none).
  { from: 'clarification', action: 'start_bidding', to: 'bidding', who: ['trading', 'system'], guard: (t, now) => notBefore('clarification', t.clarification_until, now) },
  { from: 'published', action: 'start_bidding', to: 'bidding', who: ['trading', 'system'], guard: (t, now) => notBefore('clarification', t.clarification_until, now) },
  // 电子招标投标办法: bids are opened only after the deadline, by server time; 招标投标法 第二十八条: not with fewer than three
  // bidders (counted at the opening's start: the bids handed in by the deadline, not withdrawn). The tender then fails
  // (`declare_unsuccessful` from bidding, below) and is tendered again.
  { from: 'bidding', action: 'open', to: 'opening', who: ['trading', 'system'], countsBidders: true,
    guard: (t, now, _kind, facts) => {
      notBefore('bidding', t.bid_deadline, now);
      if (tooFewBidders(facts)) throw errors.TENDER_TOO_FEW_BIDS({ bidders: biddersOf(facts), min: MIN_BIDDERS });
    } },
  { from: 'opening', action: 'start_evaluation', to: 'evaluation', who: ['trading', 'system'] },
  // The candidates are the evaluation committee's ranking (招标投标法 第四十条): only the evaluation module
  // publishes them (modules/evaluation, once every sheet is in); a staff member cannot name candidates by hand.
  // With fewer valid bids than the kind's floor (MIN_VALID_BIDS) the tender is annulled instead (declare_unsuccessful).
  { from: 'evaluation', action: 'publish_candidates', to: 'candidates_published', who: ['system'],
    guard: (_t, _now, kind, facts) => {
      if (facts.validBids === undefined) throw new Error('publish_candidates needs the count of valid bids');
      const min = MIN_VALID_BIDS[kind];
      if (min !== null && facts.validBids < min) throw errors.TENDER_TOO_FEW_VALID_BIDS({ valid: facts.validBids, min });
    } },
  // 公示 at least 3 days before the award.
  { from: 'candidates_published', action: 'award', to: 'awarded', who: ['trading'],
    guard: (t, now) => {
      notBefore('candidates', t.candidates_until, now);
      if (!t.candidates_published_at || now.getTime() - t.candidates_published_at.getTime() < MIN_CANDIDATE_DAYS * DAY_MS) {
        throw errors.TENDER_PERIOD_NOT_OVER({ period: 'candidates', until: new Date((t.candidates_published_at ?? now).getTime() + MIN_CANDIDATE_DAYS * DAY_MS).toISOString() });
      }
    } },
  // The winner gave the award up, or cannot be awarded, before the contract (条例 第五十五条; 政府采购法实施条例 第四十九条):
  // the next candidate in order, with the ground (award-order.ts). No other change of a result once notified (法 第四十五条).
  { from: 'awarded', action: 'reaward', to: 'awarded', who: ['trading'] },
  { from: 'awarded', action: 'sign_contract', to: 'contract', who: ['trading'] },
  { from: 'contract', action: 'complete', to: 'complete', who: ['trading'] },
  ...CANCELLABLE.map((from) => ({ from, action: 'cancel' as const, to: 'cancelled' as const, who: ['trading'] as const })),
  // Fewer than three bidders at the deadline (招标投标法 第二十八条): the opening is refused and the tender fails from
  // bidding, with its reason; with three or more the bids are opened instead (TENDER_STATE).
  { from: 'bidding', action: 'declare_unsuccessful', to: 'unsuccessful', who: ['trading'], countsBidders: true, offeredOnlyWhenAllowed: true,
    guard: (t, now, _kind, facts) => {
      notBefore('bidding', t.bid_deadline, now);
      if (!tooFewBidders(facts)) throw errors.TENDER_STATE({ action: 'declare_unsuccessful', status: 'bidding' });
    } },
  // Fewer than three bids, or none acceptable (招标投标法 第二十八条、第四十二条): the tender fails.
  ...(['opening', 'evaluation'] as const).map((from) => ({ from, action: 'declare_unsuccessful' as const, to: 'unsuccessful' as const, who: ['trading', 'system'] as const })),
];

/**
 * 招标投标法 第二十二条: the names and the number of those who took the documents or handed in a bid are told to nobody
 * but the bidder itself until the opening (开标) has read the bids out. The opening ends where its decryption moves the
 * tender opening → evaluation (`start_evaluation`); from `evaluation` on the read-out (开标记录) names them. A tender
 * cancelled or declared unsuccessful is opened only if it got that far (an unopened one, 流标 included, stays sealed:
 * it is tendered again). `reachedEvaluation` is read only for those two states.
 */
export const BIDDERS_OPEN_STATES: readonly TenderStatus[] = ['evaluation', 'candidates_published', 'awarded', 'contract', 'complete'];
export const CLOSED_STATES: readonly TenderStatus[] = ['cancelled', 'unsuccessful'];
export const biddersOpened = (status: TenderStatus, reachedEvaluation: boolean) =>
  BIDDERS_OPEN_STATES.includes(status) || (CLOSED_STATES.includes(status) && reachedEvaluation);

/** The states in which the conditions may still be changed (an amendment, 招标投标法 第二十三条). */
export const AMENDABLE_STATES: readonly TenderStatus[] = ['draft', 'published', 'clarification', 'bidding'];

/**
 * The row for `action` from `from` taken by one of `sides`. A side that never takes the action is refused
 * (403); a side that may take it, but not from this state, gets TENDER_STATE (409).
 */
export function tenderRow(from: TenderStatus, action: TenderVerb, sides: readonly TenderSide[]): TenderTransition {
  const mine = TENDER_TRANSITIONS.filter((r) => r.action === action && r.who.some((w) => sides.includes(w)));
  if (!mine.length) throw FORBIDDEN();
  const row = mine.find((r) => r.from === from);
  if (!row) throw errors.TENDER_STATE({ action, status: from });
  return row;
}

/** The actions `sides` may take from `from` now (the guards aside). */
export const tenderActionsFrom = (from: TenderStatus, sides: readonly TenderSide[]) =>
  [...new Set(TENDER_TRANSITIONS.filter((r) => r.from === from && r.who.some((w) => sides.includes(w))).map((r) => r.action))];
