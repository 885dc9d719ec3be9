import type { TenderCandidate, TenderCriterion } from '../../db/types.ts';

/**
 * The arithmetic of an evaluation (docs/trading.md "Evaluation"), pure so it is tested without a database.
 * Scores are kept in hundredths of a point (numeric(7,2) in the database), so sums and comparisons are exact
 * integers; only the mean shown to people is a decimal.
 */

/**
 * The criteria a tender is scored on: its own, or these when it has none. A criterion's weight is its maximum
 * score, and the weights sum to 100, so an expert's total for a bid is out of 100.
 */
export const DEFAULT_CRITERIA: readonly TenderCriterion[] = [
  { key: 'technical', name: { zh: '技术方案', en: 'Technical proposal' }, weight: 50 },
  { key: 'commercial', name: { zh: '商务', en: 'Commercial terms' }, weight: 20 },
  { key: 'price', name: { zh: '投标报价', en: 'Price' }, weight: 30 },
];
export const criteriaOf = (t: { criteria: TenderCriterion[] }): readonly TenderCriterion[] => (t.criteria.length ? t.criteria : DEFAULT_CRITERIA);

/** A score as hundredths of a point; refuses nothing (the service checks the range before). */
export const toHundredths = (score: number | string) => Math.round(Number(score) * 100);
export const fromHundredths = (h: number) => Math.round(h) / 100;

export interface BidIn { id: string; name: string; orgCode: string; priceFen: number | null; submittedAt: Date }
export interface ScoreIn { bidId: string; expertId: string; criterion: string; score: string | number }

export interface ExpertTotal { expertId: string; total: number; othersMean: number | null; deviation: number | null; outlier: boolean }
export interface BidResult {
  bidId: string; name: string; orgCode: string; priceFen: number | null;
  /** The mean of the experts' totals (2 decimals); null while no expert has submitted. */
  total: number | null; experts: ExpertTotal[]; rank: number | null;
}

/**
 * Totals, outlier flags and the ranking over the experts whose sheets count (the submitted ones).
 * - An expert's total for a bid is the sum of their criterion scores.
 * - A bid's total is the mean of those experts' totals.
 * - An expert's total is an outlier when it deviates from the mean of the OTHER experts' totals for that bid by
 *   more than `share` of that mean (|x − m| > share × m; with m = 0 any positive total deviates). It is flagged
 *   and shown, never dropped: the law leaves the judgement to the committee and the supervisors.
 * - Ranking: the higher total first; ties broken, in this order, by the lower price (a bid without a price
 *   after those with one), the earlier bid (server time of submission), then the bid id, so the order is
 *   the same on every run.
 */
export function evaluate(bids: readonly BidIn[], expertIds: readonly string[], scores: readonly ScoreIn[], share: number): BidResult[] {
  const sums = new Map<string, number>();
  const key = (b: string, e: string) => `${b}|${e}`;
  const counted = new Set(expertIds);
  for (const s of scores) {
    if (!counted.has(s.expertId)) continue;
    sums.set(key(s.bidId, s.expertId), (sums.get(key(s.bidId, s.expertId)) ?? 0) + toHundredths(s.score));
  }
  const results = bids.map((b) => {
    const totals = expertIds.map((e) => sums.get(key(b.id, e)) ?? 0);
    const sum = totals.reduce((a, x) => a + x, 0);
    const experts: ExpertTotal[] = expertIds.map((e, i) => {
      const x = totals[i]!;
      if (expertIds.length < 2) return { expertId: e, total: fromHundredths(x), othersMean: null, deviation: null, outlier: false };
      const m = (sum - x) / (expertIds.length - 1);
      const deviation = m === 0 ? (x === 0 ? 0 : Infinity) : Math.abs(x - m) / m;
      return {
        expertId: e, total: fromHundredths(x), othersMean: fromHundredths(m),
        deviation: Number.isFinite(deviation) ? Math.round(deviation * 10_000) / 10_000 : null, outlier: deviation > share + 1e-12,
      };
    });
    return { bid: b, sum, result: { bidId: b.id, name: b.name, orgCode: b.orgCode, priceFen: b.priceFen, total: expertIds.length ? fromHundredths(sum / expertIds.length) : null, experts, rank: null as number | null } };
  });
  if (!expertIds.length) return results.map((r) => r.result);
  results.sort((a, b) => b.sum - a.sum
    || (a.bid.priceFen ?? Number.MAX_SAFE_INTEGER) - (b.bid.priceFen ?? Number.MAX_SAFE_INTEGER)
    || a.bid.submittedAt.getTime() - b.bid.submittedAt.getTime()
    || (a.bid.id < b.bid.id ? -1 : a.bid.id > b.bid.id ? 1 : 0));
  return results.map((r, i) => ({ ...r.result, rank: i + 1 }));
}

/** The ranked candidates (中标候选人): the first three of the ranking, or fewer when fewer bids were evaluated. */
export const CANDIDATES = 3;
export const candidatesOf = (ranked: readonly BidResult[]): TenderCandidate[] =>
  ranked.filter((r) => r.rank !== null).slice(0, CANDIDATES).map((r) => ({ rank: r.rank!, name: r.name, orgCode: r.orgCode, score: r.total ?? 0, priceFen: r.priceFen }));

export interface VoteIn { bidId: string; expertId: string }

/**
 * The bids the committee rejected (否决投标, 招标投标法实施条例 第五十一条): a committee decides by more than half of its
 * seated members, so a bid is rejected when the votes of the experts whose sheets count (the submitted ones) are more
 * than half of the seats. A vote on a sheet not yet submitted may still be withdrawn, so it does not count yet.
 */
export function rejectedBids(votes: readonly VoteIn[], countedExpertIds: readonly string[], seats: number): Set<string> {
  const counted = new Set(countedExpertIds);
  const tally = new Map<string, number>();
  for (const v of votes) if (counted.has(v.expertId)) tally.set(v.bidId, (tally.get(v.bidId) ?? 0) + 1);
  return new Set([...tally].filter(([, n]) => n * 2 > seats).map(([bidId]) => bidId));
}

/**
 * For each bid, the other bidders whose legal representative bears the same name (条例 第三十四条: bidders with the
 * same principal may not bid on the same tender, and such bids are void). Accounts keep the representative's name
 * only, so this is a hint for the committee to verify, never a decision: two people may share a name.
 */
export function sameRepresentative(bids: ReadonlyArray<{ id: string; name: string; legalRepresentative: string | null }>): Map<string, string[]> {
  const norm = (s: string | null) => (s ?? '').replace(/\s+/g, '');
  return new Map(bids.map((b) => [b.id, norm(b.legalRepresentative)
    ? bids.filter((o) => o.id !== b.id && norm(o.legalRepresentative) === norm(b.legalRepresentative)).map((o) => o.name)
    : []]));
}

/** How two bidders are related (条例 第三十四条), seen from the first. */
export type Relation = 'same_representative' | 'controls' | 'controlled_by' | 'manages' | 'managed_by';
/** One bidder's facts: as it declared them (null when it did not), and as the enterprise registry records them (`registry`, when it answered). */
export interface Facts { representativeId: string | null; controllerCode: string | null; managerCode: string | null }
export interface DeclaredBidder extends Facts { id: string; name: string; orgCode: string | null; registry?: Facts | null }

/**
 * For each bid, the other bids its bidder is related to by what the bidders declared and what the enterprise registry
 * records (条例 第三十四条: the same principal, or one controls or manages the other; such bids are all void). Both are
 * facts, taken together: a relation either source shows holds, so a bidder that did not declare is related by the
 * registry, and one the registry does not know by the declarations. Unlike a namesake, an ID number is one person, a
 * credit code one unit. Two units controlled by the same third one are not related by the article, so they are not named.
 *
 * `binding`: whether the relation voids this bid without more. It does unless it rests only on another bidder's
 * declaration naming this bidder as its controlling or managing unit, which the registry does not record: a bidder's
 * word binds itself, but a credit code is public, and one bidder could otherwise void a competitor's bid by naming it
 * (at the cost of its own). Such a relation is shown to the committee to verify (`binding: false`), not forced.
 */
export function relatedBids(bids: readonly DeclaredBidder[]): Map<string, Array<{ bidId: string; name: string; relation: Relation; binding: boolean }>> {
  const all = (b: DeclaredBidder, key: keyof Facts) => [b[key], b.registry?.[key] ?? null].filter((v): v is string => !!v);
  const registered = (b: DeclaredBidder, key: keyof Facts, code: string) => b.registry?.[key] === code;
  const relation = (a: DeclaredBidder, b: DeclaredBidder): { relation: Relation; binding: boolean } | null => {
    const found: Array<{ relation: Relation; binding: boolean }> = [];
    if (all(a, 'representativeId').some((p) => all(b, 'representativeId').includes(p))) found.push({ relation: 'same_representative', binding: true });
    if (a.orgCode && all(b, 'controllerCode').includes(a.orgCode)) found.push({ relation: 'controls', binding: registered(b, 'controllerCode', a.orgCode) });
    if (b.orgCode && all(a, 'controllerCode').includes(b.orgCode)) found.push({ relation: 'controlled_by', binding: true });
    if (a.orgCode && all(b, 'managerCode').includes(a.orgCode)) found.push({ relation: 'manages', binding: registered(b, 'managerCode', a.orgCode) });
    if (b.orgCode && all(a, 'managerCode').includes(b.orgCode)) found.push({ relation: 'managed_by', binding: true });
    return found.find((f) => f.binding) ?? found[0] ?? null;
  };
  return new Map(bids.map((a) => [a.id, bids.flatMap((b) => {
    const r = b.id === a.id ? null : relation(a, b);
    return r ? [{ bidId: b.id, name: b.name, ...r }] : [];
  })]));
}
