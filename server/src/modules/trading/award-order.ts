import type { PassOverReason, TenderAward, TenderCandidate, TenderPassedOver, TradingProjectKind } from '../../db/types.ts';
import { errors } from '../../lib/errors.ts';

/**
 * Who may be awarded (docs/trading.md, "The award"). A government procurement (政府采购法实施条例 第四十三条) and a
 * project where state funds hold the controlling or leading share (招标投标法实施条例 第五十五条) award in the
 * candidates' order: the first-ranked one, or a lower one only when every candidate ranked above it is passed over on
 * a lawful ground (gave it up, force majeure, no performance bond, a violation found that affects the result). Other
 * projects may award any candidate; a pass-over they state is checked the same way. Pure: judged before any write.
 */
export function awardsInOrder(project: { kind: TradingProjectKind; state_funded: boolean }) {
  return project.kind === 'procurement' || project.state_funded;
}

type PassOver = { orgCode: string; reason: PassOverReason };

/**
 * The award: the winner (the first candidate by default) and the candidates passed over for it. A pass-over names a
 * candidate ranked above the winner, once each; `passedBefore` (a re-award) may also name ones ranked below, who were
 * awarded or passed over earlier.
 */
export function decideAward(
  candidates: readonly TenderCandidate[], input: { winnerOrgCode?: string; passedOver?: PassOver[] }, inOrder: boolean, passedBefore: ReadonlySet<string> = new Set(),
): TenderAward {
  const winner = input.winnerOrgCode ? candidates.find((x) => x.orgCode === input.winnerOrgCode) : candidates[0];
  if (!winner) throw errors.TENDER_AWARD_NOT_CANDIDATE({ field: 'winnerOrgCode' });
  const above = candidates.filter((x) => x.rank < winner.rank);
  const stated = input.passedOver ?? [];
  const passable = new Map(candidates.filter((x) => x.rank < winner.rank || (passedBefore.has(x.orgCode) && x.orgCode !== winner.orgCode)).map((x) => [x.orgCode, x]));
  const strays = stated.filter((p) => !passable.has(p.orgCode)).map((p) => p.orgCode);
  if (strays.length || new Set(stated.map((p) => p.orgCode)).size !== stated.length) {
    throw errors.TENDER_AWARD_PASSED_OVER_INVALID({ field: 'passedOver', details: { strays } });
  }
  const passed = new Set(stated.map((p) => p.orgCode));
  const skipped = above.filter((x) => !passed.has(x.orgCode));
  if (inOrder && skipped.length) {
    const names = skipped.map((x) => `${x.rank}. ${x.name}`);
    throw errors.TENDER_AWARD_OUT_OF_ORDER({ rank: winner.rank, names, ranks: skipped.map((x) => x.rank), field: 'passedOver', details: { rank: winner.rank, skipped: skipped.map((x) => x.orgCode) } });
  }
  const passedOver: TenderPassedOver[] = stated
    .map((p) => { const c = passable.get(p.orgCode)!; return { rank: c.rank, name: c.name, orgCode: c.orgCode, reason: p.reason }; })
    .sort((a, b) => a.rank - b.rank);
  // The award carries the winner's evaluated bid price, never one typed in (第四十六条: no terms that depart from the bid).
  return { name: winner.name, orgCode: winner.orgCode, priceFen: winner.priceFen ?? null, rank: winner.rank, ...(passedOver.length ? { passedOver } : {}) };
}

/**
 * A new award on an awarded tender, before its contract: the winner gave it up or cannot be awarded (条例 第五十五条;
 * 政府采购法实施条例 第四十九条). The winner it replaces must be passed over on one of the grounds (法 第四十五条: a result
 * once notified is not changed otherwise); the grounds given before are kept; the order rule applies as at the award.
 */
export function reAward(candidates: readonly TenderCandidate[], current: TenderAward, input: { winnerOrgCode?: string; passedOver?: PassOver[] }, inOrder: boolean): TenderAward {
  const stated = input.passedOver ?? [];
  if (!stated.some((p) => p.orgCode === current.orgCode)) {
    throw errors.TENDER_REAWARD_GROUND_REQUIRED({ name: current.name, field: 'passedOver', details: { winner: current.orgCode } });
  }
  const before = current.passedOver ?? [];
  const passed = [...before.map((p) => ({ orgCode: p.orgCode, reason: p.reason })), ...stated];
  return decideAward(candidates, { winnerOrgCode: input.winnerOrgCode ?? '', passedOver: passed }, inOrder, new Set([current.orgCode, ...before.map((p) => p.orgCode)]));
}
